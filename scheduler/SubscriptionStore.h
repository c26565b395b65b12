// Webhook subscriptions in the store: those of the configuration (kept in step at start) and those of the API.
#pragma once

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sohub {

struct Subscription {
    Poco::Int64 id = 0;
    std::string guid;
    std::optional<std::string> name;  // webhooks.subscriptions.NAME; none for those made through the API
    Poco::Int64 accountId = 0;
    std::string url;
    std::vector<std::string> events;  // empty: every event
    std::string method = "POST";
    std::vector<std::pair<std::string, std::string>> headers;  // constant headers, as given
    std::string secret;
    std::optional<std::string> previousSecret;       // a rotated secret, still signing until previousSecretUntil
    std::optional<std::string> previousSecretUntil;
    std::string origin = "api";                      // "configuration" or "api"
    bool enabled = true;
    std::optional<std::string> disabledAt;
    std::optional<std::string> disabledReason;
    std::optional<std::string> failingSince;         // the first failed attempt since the last success
    std::string createdAt;
    std::string updatedAt;
};

namespace subscriptionOrigin {
inline const char* const configuration = "configuration";
inline const char* const api = "api";
}  // namespace subscriptionOrigin

class SubscriptionStore {
public:
    // Not deleted; of one account, or of all.
    static std::vector<Subscription> list(Poco::Data::Session& session, std::optional<Poco::Int64> accountId);
    static std::optional<Subscription> byGuid(Poco::Data::Session& session, const std::string& guid);
    // Deleted ones too: a delivery's subscription, whatever became of it.
    static std::optional<Subscription> byId(Poco::Data::Session& session, Poco::Int64 id);

    static void insert(Poco::Data::Session& session, Subscription& subscription);
    static void update(Poco::Data::Session& session, const Subscription& subscription);
    // Deleted subscriptions hear of nothing more; their deliveries not yet made end as failed.
    static void remove(Poco::Data::Session& session, const Subscription& subscription, const std::string& at);

    // The configuration's subscriptions, by name: new ones inserted, changed ones updated (a disabled one stays
    // disabled), those no longer configured deleted.
    static void syncConfigured(Poco::Data::Session& session, const std::vector<Subscription>& configured,
                               const std::string& at);
};

}  // namespace sohub
