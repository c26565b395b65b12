// Finds a case for a caller: 404 when there is none, 403 "No access" when it belongs to other parties.
#pragma once

#include "domain/Caller.h"

#include <Poco/Data/Session.h>

namespace sohub {

class CaseAccess {
public:
    static CaseParties byGuid(Poco::Data::Session& session, const Caller& caller, const std::string& guid);
    static CaseParties byId(Poco::Data::Session& session, const Caller& caller, Poco::Int64 id);
};

}  // namespace sohub
