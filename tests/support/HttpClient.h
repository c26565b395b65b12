// A small HTTP client for the end-to-end tests: loopback only, JSON in and out.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>

#include <map>
#include <string>

namespace sohub::test {

struct HttpResult {
    int status = 0;
    std::string body;  // decoded when the server compressed it and decode was asked
    Poco::Net::NameValueCollection headers;

    Poco::Dynamic::Var json() const;
    Poco::JSON::Object::Ptr object() const;  // fails the test when the body is not a JSON object
    Poco::JSON::Array::Ptr array() const;
    std::string header(const std::string& name) const { return headers.get(name, ""); }
};

class HttpClient {
public:
    explicit HttpClient(int port) : port_(port) {}

    HttpResult request(const std::string& method, const std::string& pathAndQuery, const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {}) const;

    // With X-Hub-Api-Token when token is not empty.
    HttpResult get(const std::string& pathAndQuery, const std::string& token) const;
    HttpResult post(const std::string& pathAndQuery, const std::string& token, const std::string& body) const;
    HttpResult post(const std::string& pathAndQuery, const std::string& token, const Poco::Dynamic::Var& json) const;

private:
    int port_;
};

// Parses a JSON document written in a test.
Poco::Dynamic::Var parseJson(const std::string& text);
std::string toJson(const Poco::Dynamic::Var& value);

}  // namespace sohub::test
