// One read lease: the case (with the access rule), then its messages.
#include "services/ListMessages.h"

#include "domain/Joi.h"
#include "services/CaseAccess.h"
#include "store/MessageRepository.h"

namespace sohub {

std::vector<Message> ListMessages::run(const Caller& caller, const std::optional<std::string>& caseGuid) const {
    Poco::JSON::Object::Ptr query = new Poco::JSON::Object;
    if (caseGuid) query->set("guid", *caseGuid);
    const std::string guid = *JoiObject(query).guid("guid", true);
    ReadLease lease = database_.read();
    const CaseParties parties = CaseAccess::byGuid(lease.session(), caller, guid);
    return MessageRepository::byCase(lease.session(), parties.id, parties.guid);
}

}  // namespace sohub
