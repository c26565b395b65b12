// Access is decided by the one rule in Caller before any data of the case leaves the store layer.
#include "services/CaseReading.h"

#include "domain/CaseView.h"
#include "domain/Json.h"
#include "store/CaseRepository.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/JSON/Array.h>

namespace sohub {

std::string CaseReading::read(const Caller& caller, const ReferenceData& reference, const std::string& guid,
                              bool includeRequests) const {
    ReadLease lease = database_.read();
    std::optional<StoredCase> stored = CaseRepository::byGuid(lease.session(), guid);
    if (!stored) throw CaseNotFound();
    const CaseRecord& record = stored->record;
    const CaseParties parties{record.id, record.guid, record.booking.partnerId, record.accountId,
                              record.booking.serviceProviderId};
    if (!caller.mayAccess(parties)) throw CaseAccessDenied();
    std::string view = caseDocument(record, reference, stored->data);
    if (includeRequests) {
        Poco::JSON::Array::Ptr requests = new Poco::JSON::Array;
        for (const ExternalRequest& request : ExternalRequestRepository::byCase(lease.session(), record.id))
            requests->add(request.toJson());
        view.pop_back();  // the document's closing brace: its requests are one more member
        view += ",\"externalRequests\":";
        appendJson(view, requests);
        view += '}';
    }
    return view;
}

std::optional<std::string> CaseReading::document(Poco::Data::Session& session, const ReferenceData& reference,
                                                 Poco::Int64 id) {
    const std::optional<StoredCase> stored = CaseRepository::byId(session, id);
    if (!stored) return std::nullopt;
    return caseDocument(stored->record, reference, stored->data);
}

}  // namespace sohub
