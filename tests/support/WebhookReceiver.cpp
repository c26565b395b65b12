// Poco's HTTP server on 127.0.0.1:0; each request is recorded before it is answered.
#include "support/WebhookReceiver.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>

namespace sohub::test {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(WebhookReceiver& receiver) : receiver_(receiver) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        ReceivedWebhook received;
        received.method = request.getMethod();
        received.path = request.getURI();
        for (const auto& [name, value] : request) received.headers[Poco::toLower(name)] = value;
        Poco::StreamCopier::copyToString(request.stream(), received.body);
        const std::string id = received.header("webhook-id");
        const int status = receiver_.take(std::move(received));
        receiver_.done(id);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        if (status == 204 || status == 304) {  // no body, as HTTP wants (one sent anyway would break the connection)
            response.setContentLength(0);
            response.send();
            return;
        }
        response.setContentType("text/plain");
        const std::string body = receiver_.answerBody();
        response.sendBuffer(body.data(), body.size());
    }

private:
    WebhookReceiver& receiver_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(receiver_);
    }

private:
    WebhookReceiver& receiver_;
};

}  // namespace

WebhookReceiver::WebhookReceiver(Answer answer) : answer_(std::move(answer)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(64);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    server_->start();
}

WebhookReceiver::~WebhookReceiver() { server_->stopAll(true); }

std::string WebhookReceiver::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::answer(Answer answer) {
    const std::lock_guard<std::mutex> lock(mutex_);
    answer_ = std::move(answer);
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return received_;
}

int WebhookReceiver::mostAtOnceForOneId() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return mostAtOnce_;
}

void WebhookReceiver::answerBody(std::string body) {
    const std::lock_guard<std::mutex> lock(mutex_);
    body_ = std::move(body);
}

std::string WebhookReceiver::answerBody() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return body_;
}

int WebhookReceiver::take(ReceivedWebhook request) {
    Answer answer;
    int n = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        const int atOnce = ++underWay_[request.header("webhook-id")];
        mostAtOnce_ = std::max(mostAtOnce_, atOnce);
        received_.push_back(request);
        n = static_cast<int>(received_.size());
        answer = answer_;
    }
    return answer(request, n);  // outside the lock: it may sleep
}

void WebhookReceiver::done(const std::string& id) {
    const std::lock_guard<std::mutex> lock(mutex_);
    --underWay_[id];
}

}  // namespace sohub::test
