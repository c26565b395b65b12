// A request as sohub's connection loop reads it: its head read straight from the connection (RequestHead), its body
// stream made only when a handler reads it. Poco's HTTPServerRequestImpl read the head through two streams and built
// a body stream for every request, a GET's too: about half of a small request's instructions.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/SocketAddress.h>

#include <istream>
#include <memory>
#include <optional>
#include <streambuf>

namespace sohub {

class ChunkedBody;
class ConnectionSession;
class HubResponse;

class HubRequest : public Poco::Net::HTTPServerRequest {
public:
    // Reads the head (requestHead::read's exceptions for one that cannot be read), and makes `response` the answer
    // to it. As Poco's, a Content-Length that is no number throws Poco's SyntaxException here, unless the body is
    // chunked.
    HubRequest(HubResponse& response, ConnectionSession& session, const Poco::Net::HTTPServerParams& params);
    ~HubRequest() override;
    HubRequest(const HubRequest&) = delete;
    HubRequest& operator=(const HubRequest&) = delete;

    // The body as Poco frames it: chunked, Content-Length bytes, nothing for a GET, HEAD or DELETE without a length,
    // else up to the connection's end; read through the session's buffer, where the head left the body's first bytes.
    std::istream& stream() override;
    const Poco::Net::SocketAddress& clientAddress() const override;
    const Poco::Net::SocketAddress& serverAddress() const override;
    const Poco::Net::HTTPServerParams& serverParams() const override { return params_; }
    Poco::Net::HTTPServerResponse& response() const override;
    bool secure() const override { return false; }  // the server speaks plain HTTP

    ConnectionSession& session() const { return session_; }
    // The chunked body's decoder (whether its last chunk came, whether it was malformed), null for other bodies.
    const ChunkedBody* chunks();
    // Reads and drops what no handler read of the body, so that the next request is read from where it starts: a
    // handler that answered without the body (a 404, a 405, OPTIONS, a malformed target) left it in the connection.
    // True when the body ended within `limit` bytes (a request without Content-Length or chunks has none, RFC 9112
    // 6.3); false when more is left or it could not be read, and then the connection cannot serve another request.
    bool skipUnreadBody(std::streamsize limit);
    // Whether some of the body has not come from the connection yet (none was read, or not up to its end), without
    // reading: the client may still be sending it.
    bool bodyLeft() const;

private:
    HubResponse& response_;
    ConnectionSession& session_;
    const Poco::Net::HTTPServerParams& params_;
    std::unique_ptr<std::streambuf> bodyBytes_;
    ChunkedBody* chunks_ = nullptr;  // bodyBytes_, when the body is chunked
    std::unique_ptr<std::istream> body_;
    // Asked for by few requests (the metrics' address rule, the access log): taken from the socket then.
    mutable std::optional<Poco::Net::SocketAddress> client_, server_;
};

}  // namespace sohub
