// A webhook receiver on a loopback port for the tests: records every request and answers as the test says.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sohub::test {

struct ReceivedWebhook {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::string header(const std::string& name) const {
        const auto found = headers.find(name);
        return found == headers.end() ? "" : found->second;
    }
};

class WebhookReceiver {
public:
    // answer(request, n): the status for the n-th request (1-based); it may sleep to play a slow receiver.
    using Answer = std::function<int(const ReceivedWebhook& request, int n)>;

    explicit WebhookReceiver(Answer answer = [](const ReceivedWebhook&, int) { return 200; });
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;
    ~WebhookReceiver();

    int port() const { return port_; }
    std::string url(const std::string& path = "/hook") const;
    void answer(Answer answer);
    // The body of every answer that has one ("answered" unless set).
    void answerBody(std::string body);
    std::string answerBody() const;
    std::vector<ReceivedWebhook> received() const;
    // The most requests with one webhook-id that were ever being answered at the same time.
    int mostAtOnceForOneId() const;

    // Called by the server's handler.
    int take(ReceivedWebhook request);
    void done(const std::string& id);

private:
    mutable std::mutex mutex_;
    Answer answer_;
    std::string body_ = "answered";
    std::vector<ReceivedWebhook> received_;
    std::map<std::string, int> underWay_;
    int mostAtOnce_ = 0;
    int port_ = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace sohub::test
