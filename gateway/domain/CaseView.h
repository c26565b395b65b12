// The API shape of a case (GET /api/v3/case and the "case created" webhook body).
#pragma once

#include "domain/Booking.h"
#include "domain/Reference.h"

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>

namespace sohub {

// id, guid, the party and reference ids, currentStatus, the data objects, the contacts, the resolved
// reference objects and createdAt.
Poco::JSON::Object::Ptr caseView(const CaseRecord& record, const ReferenceData& reference);

// The case's data objects as JSON text, serialised once for both the store and the webhook body.
struct CaseDataTexts {
    explicit CaseDataTexts(const Booking& booking);
    std::string orderData, productData, customer;
    std::optional<std::string> consumer, pickupDst, returnDst;  // nullopt when not sent
};

// The case document's reference objects as JSON text, serialised once per reference snapshot: they are the same
// for every case that names them, and the provider's contact data is the largest part of the document.
class ReferenceTexts {
public:
    explicit ReferenceTexts(const ReferenceData& reference);
    // Each is "null" for an id that names nothing.
    const std::string& manufacturer(int id) const { return find(manufacturers_, id); }
    const std::string& productType(int id) const { return find(productTypes_, id); }
    const std::string& serviceType(int id) const { return find(serviceTypes_, id); }
    const std::string& serviceLocation(int id) const { return find(serviceLocations_, id); }
    const std::string& serviceProvider(int id) const { return find(serviceProviders_, id); }
    const std::string& servicePartner(int id) const { return find(servicePartners_, id); }

private:
    static const std::string& find(const std::map<int, std::string>& texts, int id);
    std::map<int, std::string> manufacturers_, productTypes_, serviceTypes_, serviceLocations_, serviceProviders_,
        servicePartners_;
};

// The caseView document as text, but without its leading "id" member, which is known only once the case is
// stored: prefix it with {"id":N, to complete it. Built from the already serialised parts.
std::string caseViewTextWithoutId(const CaseRecord& record, const ReferenceTexts& references, const CaseDataTexts& data);

}  // namespace sohub
