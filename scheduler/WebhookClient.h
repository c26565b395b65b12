// One worker's HTTP side of webhook attempts: keep-alive sessions per host, reused from attempt to attempt.
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
    WebhookClient(Poco::Net::Context::Ptr tls, TargetPolicy policy, int timeoutSeconds)
        : tls_(std::move(tls)), policy_(std::move(policy)), timeout_(timeoutSeconds, 0) {}

    // Never throws: every failure is an answer without a status.
    WebhookAnswer send(const WebhookRequest& request);

private:
    Poco::Net::HTTPClientSession& session(const Poco::URI& uri, const std::optional<Poco::Net::IPAddress>& pinned);

    Poco::Net::Context::Ptr tls_;
    TargetPolicy policy_;
    Poco::Timespan timeout_;
    struct Kept {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        std::optional<Poco::Net::IPAddress> pinned;
    };
    std::map<std::string, Kept> sessions_;  // by scheme://host:port
};

// The TLS context of webhook attempts: the system's CAs and caLocation, certificates verified.
Poco::Net::Context::Ptr webhookTls(const std::string& caLocation);

}  // namespace sohub
