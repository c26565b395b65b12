// The one validator of case bookings (case/validate, case/create, batch import): base rules, the twelve
// conditional rules of the Booking document, enabled-when fields, shipping assignment and routing.
#pragma once

#include "domain/Booking.h"
#include "domain/Reference.h"

#include <Poco/JSON/Object.h>

namespace sohub {

class CaseValidator {
public:
    // Collects every problem in one pass; reads only the in-memory reference snapshot, never the store.
    Validation validate(const ReferenceData& reference, const BookingParty& party,
                        const Poco::JSON::Object::Ptr& request) const;
};

}  // namespace sohub
