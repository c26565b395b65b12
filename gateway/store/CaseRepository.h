// Cases in the store: the parties of a case by guid or id (the full record arrives with booking).
#pragma once

#include "domain/Booking.h"
#include "domain/Caller.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

namespace sohub {

class CaseRepository {
public:
    static std::optional<CaseParties> partiesByGuid(Poco::Data::Session& session, const std::string& guid);
    static std::optional<CaseParties> partiesById(Poco::Data::Session& session, Poco::Int64 id);

    // Stores a new case (inside a write change); sets record.id.
    static void insert(Poco::Data::Session& session, CaseRecord& record);
    static std::optional<CaseRecord> byGuid(Poco::Data::Session& session, const std::string& guid);
};

}  // namespace sohub
