// The API shape of a case (GET /api/v3/case and the "case created" webhook body), written as text by one writer.
#pragma once

#include "domain/Booking.h"
#include "domain/Json.h"
#include "domain/Reference.h"

#include <optional>
#include <string>

namespace sohub {

// The case's data objects as JSON text: serialised once at booking for the store row and the webhook body, and read
// back from the store as toJsonText wrote them.
struct CaseDataTexts {
    CaseDataTexts() = default;
    explicit CaseDataTexts(const Booking& booking);
    // The same, taking each data object that is part of the request as written by toJsonText(request, written) from
    // that text instead of writing it again (a record of a dropped file is written whole for its tracked request).
    CaseDataTexts(const Booking& booking, const std::string& requestText, const MemberTexts& written);
    std::string orderData = "{}", productData = "{}", customer = "null";
    std::optional<std::string> consumer, pickupDst, returnDst;  // nullopt when not sent
};

// Appends the members of the case document that follow its "id", each after a comma: guid, the party and reference
// ids, currentStatus, the data objects, the resolved reference objects, createdAt and updatedAt. {"id":N + these + }
// is the document; the id is known only once the case is stored. The booking's data objects are taken from data, not
// from record.booking.
void appendCaseViewAfterId(std::string& out, const CaseRecord& record, const ReferenceData& reference,
                           const CaseDataTexts& data);

// The whole case document, {"id":N, ...}: GET /api/v3/case's data and the caseCreated webhook body.
std::string caseDocument(const CaseRecord& record, const ReferenceData& reference, const CaseDataTexts& data);

}  // namespace sohub
