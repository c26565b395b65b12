// Cases in the store: the parties of a case by guid or id (the full record arrives with booking).
#pragma once

#include "domain/Caller.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

namespace sohub {

class CaseRepository {
public:
    static std::optional<CaseParties> partiesByGuid(Poco::Data::Session& session, const std::string& guid);
    static std::optional<CaseParties> partiesById(Poco::Data::Session& session, Poco::Int64 id);
};

}  // namespace sohub
