// A request body decoded and checked to have arrived whole (see RequestBody.h).
#include "api/RequestBody.h"

#include "api/Call.h"
#include "api/ChunkedBody.h"
#include "api/ConnectionSession.h"
#include "api/HubRequest.h"
#include "domain/HubError.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <new>

#include <zlib.h>

namespace sohub {
namespace {

const std::string noHeader;

// The Content-Encoding a body is decoded from ("" for none); ApiError 415 for one that is not taken.
std::string encodingOf(const Poco::Net::HTTPServerRequest& request) {
    const std::string& header = request.get("Content-Encoding", noHeader);
    if (header.empty()) return "";  // nearly every request: no copy made
    const std::string encoding = Poco::toLower(Poco::trim(header));
    if (encoding.empty() || encoding == "identity") return "";
    if (encoding == "gzip" || encoding == "x-gzip") return "gzip";
    if (encoding == "deflate") return "deflate";
    throw ApiError(415, "Content-Encoding " + encoding + " is not taken: gzip, deflate or none");
}

// The decoder of a chunked body, when the request came through sohub's connection loop: the request's own, so that
// the loop knows what of the body was read (HubRequest::skipUnreadBody).
const ChunkedBody* chunkedDecoder(Poco::Net::HTTPServerRequest& request) {
    auto* read = request.getChunkedTransferEncoding() ? dynamic_cast<HubRequest*>(&request) : nullptr;
    return read ? read->chunks() : nullptr;
}

}  // namespace

RequestBody::RequestBody(Poco::Net::HTTPServerRequest& request)
    : RequestBody(request, request.hasContentLength() ? request.getContentLength64() : -1) {}

RequestBody::RequestBody(Poco::Net::HTTPServerRequest& request, Poco::Int64 contentLength)
    : request_(request),
      encoding_(encodingOf(request)),
      length_(contentLength),
      chunks_(chunkedDecoder(request)),
      // A request without a Content-Length that is not chunked has no body (RFC 9112, 6.3): the request's stream
      // would read it up to the connection's end, which a client keeping its connection never sends, so the request
      // waited for the timeout.
      counted_(contentLength < 0 && !request.getChunkedTransferEncoding() ? nullptr : request.stream().rdbuf()),
      raw_(&counted_) {
    // HTTP's deflate is the zlib format (RFC 9110), as Node's and Python's clients send it.
    if (!encoding_.empty()) {
        inflated_ = std::make_unique<Inflated>(raw_, encoding_ == "gzip");
        decoded_ = std::make_unique<std::istream>(inflated_.get());
    }
}

RequestBody::~RequestBody() = default;

std::istream& RequestBody::stream() { return decoded_ ? *decoded_ : raw_; }

void RequestBody::requireWhole() {
    const bool undecodable = inflated_ && inflated_->failed();
    if (undecodable) {
        // What the decoder left when it failed is read, so that a body cut short is named as such.
        Poco::NullOutputStream rest;
        Poco::StreamCopier::copyStream(raw_, rest);
    }
    if (raw_.bad()) {
        // An error reading the body (a timeout, a reset): the session kept it.
        const ConnectionSession* session = ConnectionSession::of(request_);
        const Poco::Exception* broken = session ? session->networkException() : nullptr;
        throw HubError::invalid("The request body did not arrive whole: " +
                                (broken ? broken->displayText() : std::string("the connection broke")));
    }
    if (length_ >= 0 && counted_.count() < length_)
        throw HubError::invalid("The request body was cut off: " + std::to_string(counted_.count()) + " of its " +
                                std::to_string(length_) + " bytes (Content-Length) arrived");
    if (chunks_ && chunks_->malformed()) throw HubError::invalid("The request body's chunked coding is malformed");
    if (chunks_ && !chunks_->complete())
        throw HubError::invalid("The request body was cut off: the connection ended before its last chunk");
    if (undecodable) throw HubError::invalid("The request body is not valid " + encoding_ + " data");
}

RequestBody::Inflated::Inflated(std::istream& source, bool gzip)
    : source_(source), gzip_(gzip), zlib_(std::make_unique<z_stream_s>()) {
    // 15 bits of window; +16: a gzip header and trailer around the data, else zlib's.
    if (inflateInit2(zlib_.get(), gzip ? 15 + 16 : 15) != Z_OK) throw std::bad_alloc();
}

RequestBody::Inflated::~Inflated() { inflateEnd(zlib_.get()); }

RequestBody::Inflated::int_type RequestBody::Inflated::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    z_stream_s& z = *zlib_;
    while (!ended_ && !failed_) {
        if (z.avail_in == 0) {
            source_.read(in_, sizeof in_);
            const std::streamsize n = source_.gcount();
            if (n <= 0) {
                ended_ = true;
                failed_ = !memberEnded_;  // the body ended inside the compressed data (or had none)
                break;
            }
            z.next_in = reinterpret_cast<unsigned char*>(in_);
            z.avail_in = static_cast<unsigned>(n);
        }
        if (memberEnded_) {
            // More after the end: the next gzip member (RFC 1952, 2.2); after zlib data nothing may follow.
            if (!gzip_ || inflateReset(&z) != Z_OK) {
                failed_ = true;
                break;
            }
            memberEnded_ = false;
        }
        z.next_out = reinterpret_cast<unsigned char*>(out_);
        z.avail_out = sizeof out_;
        const int status = inflate(&z, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            memberEnded_ = true;
        } else if (status != Z_OK && !(status == Z_BUF_ERROR && z.avail_in == 0)) {
            failed_ = true;  // not data of this encoding
            break;
        }
        const std::size_t made = sizeof out_ - z.avail_out;
        if (made > 0) {
            setg(out_, out_, out_ + made);
            return traits_type::to_int_type(*gptr());
        }
    }
    return traits_type::eof();
}

RequestBody::Counted::int_type RequestBody::Counted::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (!source_) return traits_type::eof();  // no body
    const std::streamsize n = source_->sgetn(buffer_, sizeof buffer_);
    if (n <= 0) return traits_type::eof();
    count_ += n;
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
}

}  // namespace sohub
