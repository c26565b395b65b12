// One read lease: the case (with the access rule), then its messages.
#include "services/ListMessages.h"

#include "domain/Joi.h"
#include "services/CaseAccess.h"
#include "store/MessageRepository.h"

namespace sohub {

namespace {
std::string validGuid(const std::optional<std::string>& caseGuid) {
    Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
    if (caseGuid) query->set("guid", *caseGuid);
    return *JoiObject(query).guid("guid", true);
}
}  // namespace

std::vector<Message> ListMessages::run(const Caller& caller, const std::optional<std::string>& caseGuid) const {
    const std::string guid = validGuid(caseGuid);
    ReadLease lease = database_.read();
    const CaseParties parties = CaseAccess::byGuid(lease.session(), caller, guid);
    return MessageRepository::byCase(lease.session(), parties.id, parties.guid);
}

std::string ListMessages::json(const Caller& caller, const std::optional<std::string>& caseGuid) const {
    const std::string guid = validGuid(caseGuid);
    ReadLease lease = database_.read();
    const CaseParties parties = CaseAccess::byGuid(lease.session(), caller, guid);
    return MessageRepository::jsonByCase(lease.session(), parties.id, parties.guid);
}

}  // namespace sohub
