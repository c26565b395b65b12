// A request read by sohub's connection loop (see HubRequest.h).
#include "api/HubRequest.h"

#include "api/ConnectionSession.h"
#include "api/HubResponse.h"
#include "api/RequestHead.h"

#include "api/ChunkedBody.h"

#include <algorithm>

namespace sohub {
namespace {

// A body of a known length, or one up to the connection's end (a length of -1), read from the session.
class ConnectionBody : public std::streambuf {
public:
    ConnectionBody(ConnectionSession& session, Poco::Int64 length) : session_(session), left_(length) {}
    // Whether all of it came from the connection (read or not): its length, or the connection's end.
    bool received() const { return left_ == 0 || ended_; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (left_ == 0) return traits_type::eof();
        const std::size_t wanted =
            left_ < 0 ? sizeof buffer_ : static_cast<std::size_t>(std::min<Poco::Int64>(left_, sizeof buffer_));
        const int n = session_.readSome(buffer_, wanted);  // a broken connection throws: the stream turns bad
        if (n <= 0) {
            ended_ = true;
            return traits_type::eof();
        }
        if (left_ > 0) left_ -= n;
        setg(buffer_, buffer_, buffer_ + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    ConnectionSession& session_;
    Poco::Int64 left_;
    bool ended_ = false;
    char buffer_[16384];
};

}  // namespace

HubRequest::HubRequest(HubResponse& response, ConnectionSession& session, const Poco::Net::HTTPServerParams& params)
    : response_(response), session_(session), params_(params) {
    response.answers(*this);
    requestHead::read(session, *this);
    // Poco's request read its Content-Length when it made the body's stream: a length that is no number was refused
    // before any handler saw the request.
    if (!getChunkedTransferEncoding() && hasContentLength()) static_cast<void>(getContentLength64());
}

HubRequest::~HubRequest() = default;

std::istream& HubRequest::stream() {
    if (!body_) {
        const std::string& method = getMethod();
        if (getChunkedTransferEncoding()) {
            auto chunks = std::make_unique<ChunkedBody>(session_);
            chunks_ = chunks.get();
            bodyBytes_ = std::move(chunks);
        } else if (hasContentLength()) {
            bodyBytes_ = std::make_unique<ConnectionBody>(session_, getContentLength64());
        } else if (method == HTTP_GET || method == HTTP_HEAD || method == HTTP_DELETE) {
            bodyBytes_ = std::make_unique<ConnectionBody>(session_, 0);
        } else {
            bodyBytes_ = std::make_unique<ConnectionBody>(session_, -1);
        }
        body_ = std::make_unique<std::istream>(bodyBytes_.get());
    }
    return *body_;
}

const ChunkedBody* HubRequest::chunks() {
    if (getChunkedTransferEncoding()) stream();
    return chunks_;
}

bool HubRequest::skipUnreadBody(std::streamsize limit) {
    if (!getChunkedTransferEncoding() && !hasContentLength()) return true;
    std::istream& body = stream();
    if (!body.eof()) {  // a handler that read the body did so through the same bytes, not always this stream
        body.ignore(limit);
        if (!body.eof() && body.peek() != std::istream::traits_type::eof()) return false;  // more than `limit` left
    }
    return !body.bad() && (!chunks_ || chunks_->complete());
}

bool HubRequest::bodyLeft() const {
    if (chunks_) return !chunks_->complete();
    if (bodyBytes_) return !static_cast<const ConnectionBody&>(*bodyBytes_).received();
    return getChunkedTransferEncoding() || (hasContentLength() && getContentLength64() > 0);
}

const Poco::Net::SocketAddress& HubRequest::clientAddress() const {
    if (!client_) client_ = session_.clientAddress();
    return *client_;
}

const Poco::Net::SocketAddress& HubRequest::serverAddress() const {
    if (!server_) server_ = session_.serverAddress();
    return *server_;
}

Poco::Net::HTTPServerResponse& HubRequest::response() const { return response_; }

}  // namespace sohub
