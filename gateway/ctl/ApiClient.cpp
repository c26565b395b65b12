// Poco's HTTP client (HTTPS through NetSSL for an https:// --url); connection failures become Unreachable.
#include "ctl/ApiClient.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include <memory>
#include <sstream>

namespace sohub::ctl {

ApiClient::ApiClient(const Poco::URI& base, std::string token) : base_(base), token_(std::move(token)) {}

Answer ApiClient::get(const std::string& pathAndQuery) const { return exchange("GET", pathAndQuery, nullptr, 0, ""); }

Answer ApiClient::post(const std::string& pathAndQuery, const std::string& json) const {
    std::istringstream body(json);
    return exchange("POST", pathAndQuery, &body, static_cast<std::streamsize>(json.size()), "application/json");
}

Answer ApiClient::upload(const std::string& pathAndQuery, std::istream& content, std::streamsize bytes,
                         const std::string& contentType) const {
    return exchange("POST", pathAndQuery, &content, bytes, contentType);
}

Answer ApiClient::exchange(const std::string& method, const std::string& pathAndQuery, std::istream* content,
                           std::streamsize bytes, const std::string& contentType) const {
    const std::string path = (base_.getPath() == "/" ? std::string() : base_.getPath()) + pathAndQuery;
    try {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (base_.getScheme() == "https") session = std::make_unique<Poco::Net::HTTPSClientSession>(base_.getHost(), base_.getPort());
        else session = std::make_unique<Poco::Net::HTTPClientSession>(base_.getHost(), base_.getPort());
        session->setTimeout(Poco::Timespan(60, 0));
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token_.empty()) request.set("X-Hub-Api-Token", token_);
        request.set("Accept", "application/json");
        if (content) {
            request.setContentType(contentType);
            request.setContentLength64(bytes);
        }
        std::ostream& out = session->sendRequest(request);
        if (content) Poco::StreamCopier::copyStream64(*content, out);
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        Answer answer;
        answer.status = static_cast<int>(response.getStatus());
        Poco::StreamCopier::copyToString(in, answer.body);
        return answer;
    } catch (const Poco::Net::NetException& error) {
        throw Unreachable(base_.toString() + ": " + error.displayText());
    } catch (const Poco::TimeoutException& error) {
        throw Unreachable(base_.toString() + ": " + error.displayText());
    } catch (const Poco::IOException& error) {
        throw Unreachable(base_.toString() + ": " + error.displayText());
    }
}

}  // namespace sohub::ctl
