// The API shape of a case (GET /api/v3/case and the "case created" webhook body).
#pragma once

#include "domain/Booking.h"
#include "domain/Reference.h"

#include <Poco/JSON/Object.h>

namespace sohub {

// id, guid, the party and reference ids, currentStatus, the data objects, the contacts, the resolved
// reference objects and createdAt.
Poco::JSON::Object::Ptr caseView(const CaseRecord& record, const ReferenceData& reference);

}  // namespace sohub
