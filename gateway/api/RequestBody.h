// A request body as a handler reads it: inflated under Content-Encoding gzip or deflate, and known to have arrived
// whole. A request's body stream (Poco's or HubRequest's) ends quietly when the client goes away (a Content-Length
// body cut short reads as a shorter body, a socket error as its end), so a half-sent file must be told from a whole
// one here.
#pragma once

#include <Poco/Types.h>

#include <istream>
#include <memory>
#include <streambuf>
#include <string>

struct z_stream_s;

namespace Poco::Net {
class HTTPServerRequest;
}

namespace sohub {

class ChunkedBody;

class RequestBody {
public:
    // ApiError 415 for a Content-Encoding other than gzip, x-gzip, deflate or identity.
    explicit RequestBody(Poco::Net::HTTPServerRequest& request);
    // The same, with the request's Content-Length (-1 for none) read already: Poco parses the header each time.
    RequestBody(Poco::Net::HTTPServerRequest& request, Poco::Int64 contentLength);
    ~RequestBody();
    RequestBody(const RequestBody&) = delete;
    RequestBody& operator=(const RequestBody&) = delete;

    // The body as sent, decoded.
    std::istream& stream();
    // Once the stream was read to its end: HubError invalid (400) when the body did not arrive whole (cut short of its
    // Content-Length or its last chunk, a broken connection) or could not be decoded. Reads what the decoder left.
    void requireWhole();

private:
    // The body's bytes as they came (after the chunked coding), counted.
    class Counted : public std::streambuf {
    public:
        explicit Counted(std::streambuf* source) : source_(source) {}
        Poco::Int64 count() const { return count_; }

    protected:
        int_type underflow() override;

    private:
        // The request's body stream, or the chunks (an error there makes the reading stream bad); null for a request
        // without a body.
        std::streambuf* source_;
        char buffer_[16384];
        Poco::Int64 count_ = 0;
    };

    // A gzip or zlib (HTTP's deflate) body inflated with zlib itself: Poco's InflatingInputStream reads one gzip
    // member and drops what follows it, so a file of several members (joined with cat, written by pigz) lost all
    // but its first part without a word. Every member is read here, and anything else after the data is an error.
    class Inflated : public std::streambuf {
    public:
        Inflated(std::istream& source, bool gzip);
        ~Inflated() override;
        Inflated(const Inflated&) = delete;
        Inflated& operator=(const Inflated&) = delete;
        // The data was not of its encoding, or ended inside it.
        bool failed() const { return failed_; }

    protected:
        int_type underflow() override;

    private:
        std::istream& source_;
        const bool gzip_;
        std::unique_ptr<z_stream_s> zlib_;
        char in_[16384];
        char out_[65536];
        bool memberEnded_ = false, ended_ = false, failed_ = false;
    };

    Poco::Net::HTTPServerRequest& request_;
    const std::string encoding_;
    const Poco::Int64 length_;  // Content-Length, -1 without one
    const ChunkedBody* chunks_;  // the request's chunked decoder, when sohub's connection loop read the request
    Counted counted_;
    std::istream raw_;
    std::unique_ptr<Inflated> inflated_;
    std::unique_ptr<std::istream> decoded_;
};

}  // namespace sohub
