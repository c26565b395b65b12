// Hub service for the deliveries API: the deliveries a caller may see, and replays of failed ones.
#pragma once

#include "scheduler/DeliveryStore.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace sohub {

struct Account;
class Clock;
class Database;
class Dispatcher;

struct Replay {
    std::vector<std::string> replayed;
    std::vector<std::pair<std::string, std::string>> notReplayed;  // guid, its state (only failed ones are replayed)
};

class DeliveryDesk {
public:
    DeliveryDesk(Database& database, const Clock& clock, Dispatcher& dispatcher)
        : database_(database), clock_(clock), dispatcher_(dispatcher) {}

    // Admin: all; an account: those of its subscriptions.
    DeliveryPage list(const Account& caller, DeliveryQuery query) const;
    // {"guids": [...]} or {"state": "failed", "since": date}: failed deliveries due again from the schedule's start.
    Replay replay(const Account& caller, const Poco::JSON::Object::Ptr& body) const;

private:
    Database& database_;
    const Clock& clock_;
    Dispatcher& dispatcher_;
};

}  // namespace sohub
