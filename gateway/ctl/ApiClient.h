// sohubctl's side of the API: one request at a time to --url with the token in X-Hub-Api-Token.
#pragma once

#include <Poco/URI.h>

#include <istream>
#include <stdexcept>
#include <string>

namespace sohub::ctl {

// The server could not be reached (refused, timed out, no such host): exit code 3.
class Unreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Answer {
    int status = 0;
    std::string body;
    bool ok() const { return status >= 200 && status < 300; }
};

class ApiClient {
public:
    ApiClient(const Poco::URI& base, std::string token);

    Answer get(const std::string& pathAndQuery) const;
    Answer post(const std::string& pathAndQuery, const std::string& json) const;
    // The body streamed from `content` (`bytes` long), as sohubd streams an upload to disk.
    Answer upload(const std::string& pathAndQuery, std::istream& content, std::streamsize bytes,
                  const std::string& contentType) const;

private:
    Answer exchange(const std::string& method, const std::string& pathAndQuery, std::istream* content,
                    std::streamsize bytes, const std::string& contentType) const;

    const Poco::URI base_;
    const std::string token_;
};

}  // namespace sohub::ctl
