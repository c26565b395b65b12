// Poco HTTPClientSession to 127.0.0.1, one connection per request.
#include "support/HttpClient.h"

#include <Poco/File.h>
#include <Poco/InflatingStream.h>
#include <Poco/Path.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace sohub::test {

Poco::Dynamic::Var parseJson(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text);
}

std::string toJson(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

Poco::Dynamic::Var HttpResult::json() const { return parseJson(body); }

Poco::JSON::Object::Ptr HttpResult::object() const {
    const Poco::Dynamic::Var value = json();
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw std::runtime_error("not a JSON object: " + body);
    return value.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr HttpResult::array() const {
    const Poco::Dynamic::Var value = json();
    if (value.type() != typeid(Poco::JSON::Array::Ptr)) throw std::runtime_error("not a JSON array: " + body);
    return value.extract<Poco::JSON::Array::Ptr>();
}

namespace {

// With SOHUB_RESPONSE_LOG set (CTest sets it for every end-to-end suite), each answer is appended there as one JSON
// line, for the OpenAPI drift check (tests/openapi_drift.py) that runs after the suites.
void recordAnswer(const std::string& method, const std::string& pathAndQuery, const HttpResult& result) {
    const char* log = std::getenv("SOHUB_RESPONSE_LOG");
    if (!log || !*log) return;
    static std::mutex mutex;
    Poco::JSON::Object line;
    line.set("method", method);
    line.set("path", pathAndQuery.substr(0, pathAndQuery.find('?')));
    line.set("status", result.status);
    line.set("contentType", result.headers.get("Content-Type", ""));
    // A body past 1 MiB (a large export listing) is checked by its status and type only.
    if (result.body.size() <= 1024 * 1024) line.set("body", result.body);
    std::ostringstream text;
    line.stringify(text);
    const std::lock_guard<std::mutex> lock(mutex);
    Poco::File(Poco::Path(log).parent()).createDirectories();
    std::ofstream out(log, std::ios::app | std::ios::binary);
    out << text.str() << "\n";
}

}  // namespace

HttpResult HttpClient::request(const std::string& method, const std::string& pathAndQuery, const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "POST") {
        if (!request.has("Content-Type")) request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    for (const auto& [name, value] : response) result.headers.add(name, value);
    const std::string encoding = response.get("Content-Encoding", "");
    if (encoding == "gzip" || encoding == "deflate") {
        Poco::InflatingInputStream inflater(in, encoding == "gzip" ? Poco::InflatingStreamBuf::STREAM_GZIP
                                                                   : Poco::InflatingStreamBuf::STREAM_ZLIB);
        Poco::StreamCopier::copyToString(inflater, result.body);
    } else {
        Poco::StreamCopier::copyToString(in, result.body);
    }
    recordAnswer(method, pathAndQuery, result);
    return result;
}


HttpResult HttpClient::get(const std::string& pathAndQuery, const std::string& token) const {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["X-Hub-Api-Token"] = token;
    return request("GET", pathAndQuery, "", headers);
}

HttpResult HttpClient::post(const std::string& pathAndQuery, const std::string& token, const std::string& body) const {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["X-Hub-Api-Token"] = token;
    return request("POST", pathAndQuery, body, headers);
}

HttpResult HttpClient::post(const std::string& pathAndQuery, const std::string& token,
                            const Poco::Dynamic::Var& json) const {
    return post(pathAndQuery, token, toJson(json));
}

}  // namespace sohub::test
