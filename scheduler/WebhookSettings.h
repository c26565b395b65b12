// The webhooks.* keys of the dispatcher and the subscriptions declared in the configuration.
#pragma once

#include "scheduler/SubscriptionStore.h"
#include "scheduler/WebhookTarget.h"

#include <Poco/Timespan.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <vector>

namespace sohub {

class ReferenceData;

struct WebhookSettings {
    int concurrency = 16;             // attempts under way at once
    int timeoutSeconds = 15;          // per attempt: connect, send, and wait for the answer
    std::string caLocation;           // CA file or folder besides the system's CAs
    bool allowHttp = false;           // API-registered URLs may be http://
    AddressRanges allowedTargets;  // internal ranges API-registered URLs may still point at
    Poco::Timespan disableAfter = Poco::Timespan(5, 0, 0, 0, 0);  // every attempt failing this long disables
    Poco::Timespan probeEvery = Poco::Timespan(60, 0);  // a failing receiver's longest wait for its next attempt
    Poco::Timespan rotationGrace = Poco::Timespan(0, 24, 0, 0, 0);  // a rotated secret still signs this long
    int pollMillis = 1000;            // how often the store is looked at for deliveries other daemons queued
    bool send = true;                 // false: deliveries are queued here and sent by the other daemons on the store
    std::vector<Subscription> configured;

    int leaseSeconds() const { return 2 * timeoutSeconds + 30; }
    TargetPolicy targetPolicy() const { return TargetPolicy(allowHttp, allowedTargets); }
};

// Reads webhooks.* and webhooks.subscriptions.NAME.*; a bad key stops the daemon with the key and the reason.
WebhookSettings readWebhookSettings(const Poco::Util::AbstractConfiguration& config, const ReferenceData& reference);

// Methods a subscription may use, and the headers the hub sets itself (a subscription may not replace them).
bool isWebhookMethod(const std::string& method);
bool isReservedHeader(const std::string& name);
// A header name as HTTP allows it (a token) and a value without line breaks.
bool isHeaderName(const std::string& name);
bool isHeaderValue(const std::string& value);
// Each of caseCreated, newMessage, messageConfirmed.
const std::vector<std::string>& webhookEvents();

}  // namespace sohub
