// Replays are checked whole before anything changes: an unknown or foreign guid answers 404 and replays nothing.
#include "scheduler/DeliveryDesk.h"

#include "domain/Caller.h"
#include "domain/Clock.h"
#include "domain/FieldErrors.h"
#include "domain/HubError.h"
#include "domain/Reference.h"
#include "scheduler/Dispatcher.h"
#include "store/Database.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/String.h>

namespace sohub {

DeliveryPage DeliveryDesk::list(const Account& caller, DeliveryQuery query) const {
    if (const std::optional<int> own = ownAccountScope(caller)) query.accountId = *own;
    ReadLease lease = database_.read();
    return DeliveryStore::list(lease.session(), query);
}

Replay DeliveryDesk::replay(const Account& caller, const Poco::JSON::Object::Ptr& body) const {
    for (const std::string& name : body->getNames())
        if (name != "guids" && name != "state" && name != "since") throw FieldErrors::one(name, problem::notAllowed);
    const std::optional<int> scope = ownAccountScope(caller);
    const std::optional<Poco::Int64> own = scope ? std::optional<Poco::Int64>(*scope) : std::nullopt;
    Replay replay;
    const Poco::Timestamp now = clock_.now();
    if (body->has("guids")) {
        if (body->has("state") || body->has("since")) throw FieldErrors::one("guids", "Give either guids or state and since");
        const Poco::Dynamic::Var value = body->get("guids");
        if (value.type() != typeid(Poco::JSON::Array::Ptr)) throw FieldErrors::one("guids", "Must be an array");
        std::vector<std::string> guids;
        for (const Poco::Dynamic::Var& guid : *value.extract<Poco::JSON::Array::Ptr>()) {
            if (!guid.isString()) throw FieldErrors::one("guids", problem::string);
            guids.push_back(Poco::toLower(guid.toString()));
        }
        if (guids.empty()) throw FieldErrors::one("guids", "Must hold at least one guid");
        database_.write([&](Poco::Data::Session& session) {
            replay = Replay();
            for (const std::string& guid : guids) {
                const auto found = DeliveryStore::stateOf(session, guid);
                if (!found || (own && found->second != *own)) throw HubError::notFound("Delivery not found: " + guid);
            }
            for (const std::string& guid : guids) {
                if (DeliveryStore::replay(session, guid, now)) replay.replayed.push_back(guid);
                else replay.notReplayed.emplace_back(guid, DeliveryStore::stateOf(session, guid)->first);
            }
        });
    } else {
        const std::string state = body->optValue<std::string>("state", "");
        if (state.empty()) throw FieldErrors::one("state", problem::required);
        if (state != "failed") throw FieldErrors::one("state", problem::notInOptions);
        const std::string sinceText = body->optValue<std::string>("since", "");
        if (sinceText.empty()) throw FieldErrors::one("since", problem::required);
        const std::optional<Poco::Timestamp> since = parseIsoDate(sinceText);
        if (!since) throw FieldErrors::one("since", problem::date);
        database_.write([&](Poco::Data::Session& session) {
            replay.replayed = DeliveryStore::replayFailedSince(session, own, isoDate(*since), now);
        });
    }
    if (!replay.replayed.empty()) {
        Poco::Logger::get("sohub.webhooks").information("Replay by %s: %z failed deliveries due again", caller.name,
                                                        replay.replayed.size());
        dispatcher_.wake();
    }
    return replay;
}

}  // namespace sohub
