// The case/create service: validate, route, store the case with its "case created" event, log a tracked request.
#pragma once

#include "domain/CaseValidator.h"
#include "domain/CaseView.h"
#include "store/Database.h"

#include <stdexcept>
#include <string>

namespace sohub {

// A booking refused by the validator; carries every problem found.
class BookingRejected : public std::runtime_error {
public:
    explicit BookingRejected(Validation validation);
    const Validation& validation() const { return validation_; }

private:
    Validation validation_;
};

class CaseBooking {
public:
    CaseBooking(Database& database, const CaseValidator& validator);

    // Stores the case and returns it; throws BookingRejected when the validator refuses it.
    // requestText is the request as received, kept verbatim when it carries a trackingId.
    CaseRecord create(const ReferenceSnapshot& reference, const BookingParty& party,
                      const Poco::JSON::Object::Ptr& request, const std::string& requestText) const;

private:
    Database& database_;
    const CaseValidator& validator_;
};

}  // namespace sohub
