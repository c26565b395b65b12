// A request body decoded and checked to have arrived whole (see RequestBody.h).
#include "api/RequestBody.h"

#include "api/Call.h"
#include "domain/HubError.h"

#include <Poco/InflatingStream.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

namespace sohub {
namespace {

const std::string noHeader;

// The Content-Encoding a body is decoded from ("" for none); ApiError 415 for one that is not taken.
std::string encodingOf(const Poco::Net::HTTPServerRequest& request) {
    const std::string encoding = Poco::toLower(Poco::trim(request.get("Content-Encoding", noHeader)));
    if (encoding.empty() || encoding == "identity") return "";
    if (encoding == "gzip" || encoding == "x-gzip") return "gzip";
    if (encoding == "deflate") return "deflate";
    throw ApiError(415, "Content-Encoding " + encoding + " is not taken: gzip, deflate or none");
}

}  // namespace

RequestBody::RequestBody(Poco::Net::HTTPServerRequest& request)
    : request_(request), encoding_(encodingOf(request)), counted_(request.stream()), raw_(&counted_) {
    // HTTP's deflate is the zlib format (RFC 9110), as Node's and Python's clients send it.
    if (!encoding_.empty())
        decoded_ = std::make_unique<Poco::InflatingInputStream>(
            raw_, encoding_ == "gzip" ? Poco::InflatingStreamBuf::STREAM_GZIP : Poco::InflatingStreamBuf::STREAM_ZLIB);
}

RequestBody::~RequestBody() = default;

std::istream& RequestBody::stream() { return decoded_ ? *decoded_ : raw_; }

void RequestBody::requireWhole() {
    const bool undecodable = decoded_ && decoded_->bad();
    if (decoded_) {
        // What the decoder did not need (after the compressed stream's end) is read, so the count is the body's.
        Poco::NullOutputStream rest;
        Poco::StreamCopier::copyStream(raw_, rest);
    }
    auto* connection = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request_);
    const Poco::Exception* broken = connection ? connection->session().networkException() : nullptr;
    if (broken) throw HubError::invalid("The request body did not arrive whole: " + broken->displayText());
    if (counted_.broken()) throw HubError::invalid("The request body did not arrive whole: the connection broke");
    if (request_.hasContentLength() && counted_.count() < request_.getContentLength64())
        throw HubError::invalid("The request body was cut off: " + std::to_string(counted_.count()) + " of its " +
                                std::to_string(request_.getContentLength64()) + " bytes (Content-Length) arrived");
    // A chunked body that lost its connection before its last chunk ends as quietly in Poco 1.11; the connection
    // tells it: at its end (readable, nothing to read) where a client that waits for its answer keeps it open.
    if (connection && request_.getChunkedTransferEncoding()) {
        Poco::Net::StreamSocket& socket = connection->socket();
        if (socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ) && socket.available() == 0)
            throw HubError::invalid("The request body was cut off: the connection ended before its last chunk");
    }
    if (undecodable) throw HubError::invalid("The request body is not valid " + encoding_ + " data");
}

RequestBody::Counted::int_type RequestBody::Counted::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    source_.read(buffer_, sizeof buffer_);
    const std::streamsize n = source_.gcount();
    if (n <= 0) return traits_type::eof();
    count_ += n;
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
}

}  // namespace sohub
