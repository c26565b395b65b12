// Configuration of webhook delivery, checked at start so that a typo stops the daemon rather than a delivery.
#include "scheduler/WebhookSettings.h"

#include "domain/Reference.h"
#include "domain/Secret.h"
#include "scheduler/JobSpec.h"
#include "scheduler/WebhookSignature.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <cctype>

namespace sohub {
namespace {

std::vector<std::string> list(const std::string& text) {
    std::vector<std::string> items;
    for (const std::string& item : Poco::StringTokenizer(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY))
        items.push_back(item);
    return items;
}

Subscription configuredSubscription(const Poco::Util::AbstractConfiguration& config, const std::string& name,
                                    const ReferenceData& reference) {
    const std::string prefix = "webhooks.subscriptions." + name + ".";
    Subscription s;
    s.name = name;
    s.origin = subscriptionOrigin::configuration;
    const std::string account = Poco::trim(config.getString(prefix + "account", ""));
    if (account.empty()) failKey(prefix + "account", "is required (an account name, as infocare)");
    const Account* found = reference.accountByName(account);
    if (!found) failKey(prefix + "account", "no account is named '" + account + "'");
    s.accountId = found->id;
    s.url = Poco::trim(config.getString(prefix + "url", ""));
    try {
        const Poco::URI uri(s.url);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) throw Poco::SyntaxException("");
    } catch (const Poco::Exception&) {
        failKey(prefix + "url", "'" + s.url + "' is not an http:// or https:// URL");
    }
    for (const std::string& event : list(config.getString(prefix + "events", ""))) {
        const auto& known = webhookEvents();
        if (std::find(known.begin(), known.end(), event) == known.end())
            failKey(prefix + "events", "unknown event '" + event + "' (caseCreated, newMessage, messageConfirmed)");
        s.events.push_back(event);
    }
    s.method = Poco::toUpper(Poco::trim(config.getString(prefix + "method", "POST")));
    if (!isWebhookMethod(s.method)) failKey(prefix + "method", "'" + s.method + "' is not POST, PUT or PATCH");
    Poco::Util::AbstractConfiguration::Keys headers;
    config.keys(prefix + "headers", headers);
    for (const std::string& header : headers) {
        const std::string value = config.getString(prefix + "headers." + header);
        if (!isHeaderName(header) || isReservedHeader(header))
            failKey(prefix + "headers." + header, "cannot be sent as a constant header");
        if (!isHeaderValue(value)) failKey(prefix + "headers." + header, "the value has a line break");
        s.headers.emplace_back(header, value);
    }
    const std::string variable = secretVariable("SOHUB_WEBHOOK_SECRET_", name);
    s.secret = secretSetting(config, prefix + "secret", variable);
    if (Poco::trim(s.secret).empty()) failKey(prefix + "secret", "is required (whsec_ and base64), or set " + variable);
    try {
        WebhookSecret::parse(s.secret);
    } catch (const Poco::Exception& error) {
        failKey(prefix + "secret", error.message());  // never the secret itself
    }
    s.secret = Poco::trim(s.secret);
    return s;
}

}  // namespace

const std::vector<std::string>& webhookEvents() {
    static const std::vector<std::string> events{"caseCreated", "newMessage", "messageConfirmed"};
    return events;
}

bool isWebhookMethod(const std::string& method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

bool isReservedHeader(const std::string& name) {
    const std::string lower = Poco::toLower(name);
    for (const char* reserved : {"webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length",
                                 "host", "x-hub-event", "transfer-encoding", "connection"})
        if (lower == reserved) return true;
    return false;
}

bool isHeaderName(const std::string& name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string("!#$%&'*+-.^_`|~").find(c) != std::string::npos;
    });
}

bool isHeaderValue(const std::string& value) {
    return value.find_first_of("\r\n") == std::string::npos && value.find('\0') == std::string::npos;
}

WebhookSettings readWebhookSettings(const Poco::Util::AbstractConfiguration& config, const ReferenceData& reference) {
    WebhookSettings settings;
    settings.concurrency = integerKey(config, "webhooks.concurrency", settings.concurrency, 1, 256);
    settings.timeoutSeconds = integerKey(config, "webhooks.timeoutSeconds", settings.timeoutSeconds, 1, 600);
    settings.caLocation = Poco::trim(config.getString("webhooks.caLocation", ""));
    settings.allowHttp = booleanKey(config, "webhooks.allowHttp", false);
    try {
        settings.allowedTargets = AddressRanges(config.getString("webhooks.allowedTargets", ""));
    } catch (const Poco::Exception& error) {
        failKey("webhooks.allowedTargets", error.message());
    }
    settings.disableAfter = durationKey(config, "webhooks.disableAfter", settings.disableAfter);
    settings.probeEvery = durationKey(config, "webhooks.probeEvery", settings.probeEvery);  // whole seconds, not 0
    const int graceHours = integerKey(config, "webhooks.rotationGraceHours", 24, 0, 24 * 365);
    settings.rotationGrace = Poco::Timespan(static_cast<Poco::Int64>(graceHours) * 3600, 0);
    settings.pollMillis = integerKey(config, "webhooks.pollMillis", settings.pollMillis, 10, 60000);
    settings.send = booleanKey(config, "webhooks.send", true);
    Poco::Util::AbstractConfiguration::Keys names;
    config.keys("webhooks.subscriptions", names);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) settings.configured.push_back(configuredSubscription(config, name, reference));
    return settings;
}

}  // namespace sohub
