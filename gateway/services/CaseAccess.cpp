// The access rule of Caller applied to stored cases.
#include "services/CaseAccess.h"

#include "domain/HubError.h"
#include "store/CaseRepository.h"

namespace sohub {
namespace {
CaseParties accessible(const std::optional<CaseParties>& parties, const Caller& caller) {
    if (!parties) throw HubError::notFound("Case not found");
    if (!caller.mayAccess(*parties)) throw HubError::noAccess();
    return *parties;
}
}  // namespace

CaseParties CaseAccess::byGuid(Poco::Data::Session& session, const Caller& caller, const std::string& guid) {
    return accessible(CaseRepository::partiesByGuid(session, guid), caller);
}

CaseParties CaseAccess::byId(Poco::Data::Session& session, const Caller& caller, Poco::Int64 id) {
    return accessible(CaseRepository::partiesById(session, id), caller);
}

}  // namespace sohub
