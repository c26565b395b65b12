// One worker's HTTP side of webhook attempts: several attempts under way at once on keep-alive connections (one per
// attempt slot and host, reused), their answers taken as they arrive.
#pragma once

#include "scheduler/WebhookTarget.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sohub {

struct WebhookRequest {
    Poco::URI uri;
    std::string method = "POST";
    std::vector<std::pair<std::string, std::string>> headers;
    const std::string* body = nullptr;
    bool guarded = false;  // registered through the API: the target is resolved and checked for this attempt
};

struct WebhookAnswer {
    std::optional<int> status;        // none: no answer (timeout, connection refused, refused target)
    std::optional<std::string> error;
    std::string response;             // the first 2 KiB of the answer's body
};

class WebhookClient {
public:
    // caLocation as webhookTls takes it; the context is made at the first https target (loading the system's CAs
    // costs more than a thousand plain deliveries).
    WebhookClient(std::string caLocation, TargetPolicy policy, int timeoutSeconds)
        : caLocation_(std::move(caLocation)), policy_(std::move(policy)), timeout_(timeoutSeconds, 0) {}

    // Sends every request, then takes the answers in the order they come, each within the timeout from its send: a
    // thread waits once for many answers instead of once per answer. Never throws: a failure is an answer without a
    // status. Answers are in the order of the requests.
    std::vector<WebhookAnswer> sendAll(const std::vector<WebhookRequest>& requests);

private:
    struct InFlight;
    Poco::Net::HTTPClientSession& session(const std::string& key, const Poco::URI& uri,
                                          const std::optional<Poco::Net::IPAddress>& pinned);
    bool send(InFlight& flight, const WebhookRequest& request, WebhookAnswer& answer);
    // True when the connection closed without an answer (a kept connection the receiver had closed).
    bool receive(InFlight& flight, WebhookAnswer& answer);
    void forget(const std::string& key) { sessions_.erase(key); }

    const Poco::Net::Context::Ptr& tls();

    std::string caLocation_;
    Poco::Net::Context::Ptr tls_;  // null until the first https target
    TargetPolicy policy_;
    Poco::Timespan timeout_;
    struct Kept {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        std::optional<Poco::Net::IPAddress> pinned;
    };
    std::map<std::string, Kept> sessions_;  // by scheme://host:port#slot
};

// The TLS context of webhook attempts: the system's CAs and caLocation, certificates verified.
Poco::Net::Context::Ptr webhookTls(const std::string& caLocation);

}  // namespace sohub
