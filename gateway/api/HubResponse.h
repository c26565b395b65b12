// The answer to a HubRequest: a whole answer (sendBuffer) goes as its head, written as text, and its body in one
// writev(2); a streamed one as Poco's HTTPServerResponseImpl sends it.
#pragma once

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <memory>
#include <ostream>
#include <string>

namespace sohub {

class ConnectionSession;

class HubResponse : public Poco::Net::HTTPServerResponse {
public:
    explicit HubResponse(ConnectionSession& session);
    ~HubResponse() override;
    HubResponse(const HubResponse&) = delete;
    HubResponse& operator=(const HubResponse&) = delete;

    // The request this answers: a HEAD's answer has no body.
    void answers(const Poco::Net::HTTPRequest& request) { request_ = &request; }

    void sendContinue() override;
    std::ostream& send() override;
    void sendFile(const std::string& path, const std::string& mediaType) override;
    // The head with Content-Length and the body (none for HEAD) in one system call: Poco's sendBuffer set up an output
    // stream for the head and formatted it through it, then wrote the body in a second call.
    void sendBuffer(const void* buffer, std::size_t length) override;
    void redirect(const std::string& uri, HTTPStatus status = HTTP_FOUND) override;
    void requireAuthentication(const std::string& realm) override;
    // Once begun, even if its write failed: no second answer follows.
    bool sent() const override { return sent_; }

private:
    // The status line and the header fields, as Poco's HTTPResponse::write writes them.
    std::string head() const;
    bool answersHead() const;

    ConnectionSession& session_;
    const Poco::Net::HTTPRequest* request_ = nullptr;
    std::unique_ptr<std::ostream> stream_;
    bool sent_ = false;
};

}  // namespace sohub
