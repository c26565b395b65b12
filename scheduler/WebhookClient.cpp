// HTTP and HTTPS through Poco; API-registered targets connect only to the address checked for this attempt.
#include "scheduler/WebhookClient.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/String.h>

#include <mutex>

namespace sohub {
namespace {

using Poco::Net::IPAddress;
using Poco::Net::SocketAddress;

constexpr std::size_t keptBytes = 2048;
constexpr std::streamsize drainLimit = 1 << 20;  // a longer answer closes the connection instead of being read

// Sessions whose connection goes to the address the target check passed, whatever the name resolves to by then
// (no DNS rebinding between the check and the connect). The Host header and TLS name stay the URL's.
class PinnedSession : public Poco::Net::HTTPClientSession {
public:
    PinnedSession(const std::string& host, Poco::UInt16 port, IPAddress pinned)
        : HTTPClientSession(host, port), pinned_(pinned) {}

protected:
    void connect(const SocketAddress& address) override {
        HTTPClientSession::connect(SocketAddress(pinned_, address.port()));
    }

private:
    IPAddress pinned_;
};

class PinnedSecureSession : public Poco::Net::HTTPSClientSession {
public:
    PinnedSecureSession(const std::string& host, Poco::UInt16 port, Poco::Net::Context::Ptr tls, IPAddress pinned)
        : HTTPSClientSession(host, port, std::move(tls)), pinned_(pinned) {}

protected:
    void connect(const SocketAddress& address) override {
        HTTPSClientSession::connect(SocketAddress(pinned_, address.port()));
    }

private:
    IPAddress pinned_;
};

}  // namespace

Poco::Net::Context::Ptr webhookTls(const std::string& caLocation) {
    static std::once_flag ssl;
    std::call_once(ssl, [] { Poco::Net::initializeSSL(); });
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", caLocation,
                                  Poco::Net::Context::VERIFY_RELAXED, 9, true);
}

Poco::Net::HTTPClientSession& WebhookClient::session(const Poco::URI& uri, const std::optional<IPAddress>& pinned) {
    const bool secure = Poco::icompare(uri.getScheme(), "https") == 0;
    const std::string key = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
    Kept& kept = sessions_[key];
    if (kept.session && kept.pinned != pinned) kept.session.reset();  // the name moved: a new connection
    if (!kept.session) {
        if (pinned && secure) kept.session = std::make_unique<PinnedSecureSession>(uri.getHost(), uri.getPort(), tls_, *pinned);
        else if (pinned) kept.session = std::make_unique<PinnedSession>(uri.getHost(), uri.getPort(), *pinned);
        else if (secure) kept.session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls_);
        else kept.session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        kept.session->setKeepAlive(true);
        kept.session->setTimeout(timeout_, timeout_, timeout_);
        kept.pinned = pinned;
    }
    return *kept.session;
}

WebhookAnswer WebhookClient::send(const WebhookRequest& request) {
    WebhookAnswer answer;
    const std::string key = request.uri.getScheme() + "://" + request.uri.getHost() + ":" + std::to_string(request.uri.getPort());
    std::optional<IPAddress> pinned;
    if (request.guarded) {
        try {
            pinned = policy_.resolve(request.uri).front();
        } catch (const Poco::InvalidArgumentException& refused) {
            answer.error = "target refused: " + refused.message();
            return answer;
        }
    }
    // A kept connection the receiver closed while idle fails before any answer: that is tried once more on a new
    // connection rather than counted as a failed attempt.
    const bool reused = sessions_.count(key) != 0 && sessions_[key].session && sessions_[key].pinned == pinned;
    for (int round = 0; round < (reused ? 2 : 1); ++round) {
        answer = WebhookAnswer();
        bool sent = false;
        try {
            Poco::Net::HTTPClientSession& http = session(request.uri, pinned);
            Poco::Net::HTTPRequest out(request.method, request.uri.getPathEtc().empty() ? "/" : request.uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
            out.setKeepAlive(true);
            out.setContentType("application/json");
            out.setContentLength(static_cast<std::streamsize>(request.body->size()));
            for (const auto& [name, value] : request.headers) out.set(name, value);
            http.sendRequest(out).write(request.body->data(), static_cast<std::streamsize>(request.body->size()));
            Poco::Net::HTTPResponse in;
            std::istream& body = http.receiveResponse(in);
            sent = true;
            answer.status = static_cast<int>(in.getStatus());
            char buffer[4096];
            std::streamsize read = 0;
            while (body && read <= drainLimit) {
                body.read(buffer, sizeof buffer);
                const std::streamsize got = body.gcount();
                if (got <= 0) break;
                if (answer.response.size() < keptBytes)
                    answer.response.append(buffer, static_cast<std::size_t>(std::min<std::streamsize>(
                                                       got, static_cast<std::streamsize>(keptBytes - answer.response.size()))));
                read += got;
            }
            if (read > drainLimit || !in.getKeepAlive()) sessions_.erase(key);
            return answer;
        } catch (const Poco::TimeoutException&) {
            answer.error = "timed out after " + std::to_string(timeout_.totalSeconds()) + "s";
            sessions_.erase(key);
            return answer;  // the receiver may have it: the next attempt follows the schedule
        } catch (const Poco::Net::NoMessageException& error) {
            answer.error = error.displayText();
        } catch (const Poco::Net::ConnectionResetException& error) {
            answer.error = error.displayText();
        } catch (const Poco::Exception& error) {
            answer.error = error.displayText();
            sessions_.erase(key);
            return answer;
        } catch (const std::exception& error) {
            answer.error = error.what();
            sessions_.erase(key);
            return answer;
        }
        sessions_.erase(key);
        if (sent) break;
    }
    return answer;
}

}  // namespace sohub
