// The API shape of a case (GET /api/v3/case and the "case created" webhook body).
#pragma once

#include "domain/Booking.h"
#include "domain/Reference.h"

#include <Poco/JSON/Object.h>

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

// The caseView document as text, but without its leading "id" member, which is known only once the case is
// stored: prefix it with {"id":N, to complete it. Built from the already serialised data objects.
std::string caseViewTextWithoutId(const CaseRecord& record, const ReferenceData& reference, const CaseDataTexts& data);

}  // namespace sohub
