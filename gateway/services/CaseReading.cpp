// Access is decided by the one rule in Caller before any data of the case leaves the store layer.
#include "services/CaseReading.h"

#include "domain/CaseView.h"
#include "store/CaseRepository.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/JSON/Array.h>

namespace sohub {

Poco::JSON::Object::Ptr CaseReading::read(const Caller& caller, const ReferenceData& reference, const std::string& guid,
                                          bool includeRequests) const {
    ReadLease lease = database_.read();
    std::optional<CaseRecord> record = CaseRepository::byGuid(lease.session(), guid);
    if (!record) throw CaseNotFound();
    const CaseParties parties{record->id, record->guid, record->booking.partnerId, record->accountId,
                              record->booking.serviceProviderId};
    if (!caller.mayAccess(parties)) throw CaseAccessDenied();
    Poco::JSON::Object::Ptr view = caseView(*record, reference);
    if (includeRequests) {
        Poco::JSON::Array::Ptr requests = new Poco::JSON::Array;
        for (const ExternalRequest& request : ExternalRequestRepository::byCase(lease.session(), record->id))
            requests->add(request.toJson());
        view->set("externalRequests", requests);
    }
    return view;
}

}  // namespace sohub
