// A request body as a handler reads it: inflated under Content-Encoding gzip or deflate, and known to have arrived
// whole. Poco's body streams end quietly when the client goes away (a Content-Length body cut short reads as a
// shorter body, a socket error as its end), so a half-sent file must be told from a whole one here.
#pragma once

#include <Poco/Types.h>

#include <istream>
#include <memory>
#include <streambuf>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace sohub {

class RequestBody {
public:
    // ApiError 415 for a Content-Encoding other than gzip, x-gzip, deflate or identity.
    explicit RequestBody(Poco::Net::HTTPServerRequest& request);
    ~RequestBody();
    RequestBody(const RequestBody&) = delete;
    RequestBody& operator=(const RequestBody&) = delete;

    // The body as sent, decoded.
    std::istream& stream();
    // Once the stream was read to its end: HubError invalid (400) when the body did not arrive whole (cut short of its
    // Content-Length or its last chunk, a broken connection) or could not be decoded. Reads what the decoder left.
    void requireWhole();

private:
    // The bytes as they came over the connection, counted.
    class Counted : public std::streambuf {
    public:
        explicit Counted(std::istream& source) : source_(source) {}
        Poco::Int64 count() const { return count_; }
        bool broken() const { return source_.bad(); }

    protected:
        int_type underflow() override;

    private:
        std::istream& source_;
        char buffer_[16384];
        Poco::Int64 count_ = 0;
    };

    Poco::Net::HTTPServerRequest& request_;
    const std::string encoding_;
    Counted counted_;
    std::istream raw_;
    std::unique_ptr<std::istream> decoded_;
};

}  // namespace sohub
