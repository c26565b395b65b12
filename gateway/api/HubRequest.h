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

private:
    HubResponse& response_;
    ConnectionSession& session_;
    const Poco::Net::HTTPServerParams& params_;
    std::unique_ptr<std::streambuf> bodyBytes_;
    std::unique_ptr<std::istream> body_;
    // Asked for by few requests (the metrics' address rule, the access log): taken from the socket then.
    mutable std::optional<Poco::Net::SocketAddress> client_, server_;
};

}  // namespace sohub
