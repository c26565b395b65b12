// A request read by sohub's connection loop (see HubRequest.h).
#include "api/HubRequest.h"

#include "api/ConnectionSession.h"
#include "api/HubResponse.h"
#include "api/RequestHead.h"

#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPStream.h>

namespace sohub {

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
        if (getChunkedTransferEncoding())
            body_ = std::make_unique<Poco::Net::HTTPChunkedInputStream>(session_);
        else if (hasContentLength())
            body_ = std::make_unique<Poco::Net::HTTPFixedLengthInputStream>(session_, getContentLength64());
        else if (method == HTTP_GET || method == HTTP_HEAD || method == HTTP_DELETE)
            body_ = std::make_unique<Poco::Net::HTTPFixedLengthInputStream>(session_, 0);
        else
            body_ = std::make_unique<Poco::Net::HTTPInputStream>(session_);
    }
    return *body_;
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
