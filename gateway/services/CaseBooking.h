// The case/create service: validate, route, store the case with its "case created" event, log a tracked request.
#pragma once

#include "domain/CaseValidator.h"
#include "domain/CaseView.h"
#include "domain/ExternalRequest.h"
#include "store/CaseRepository.h"
#include "store/Database.h"
#include "store/OutboxRepository.h"

#include <optional>

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

// A booking validated, routed and serialised before the write, so that one change stores it (the API) or a chunk
// of them (a batch import).
struct PreparedBooking {
    Validation validation;
    CaseRecord record;                      // when valid
    CaseRow row;
    OutboxEvent created;
    std::optional<ExternalRequest> tracked; // with a trackingId: the request as received and its outcome

    bool valid() const { return validation.valid(); }
    // Frees the booking's data objects once their texts are made: store() writes only texts. A batch import frees
    // them on the thread that prepares, not on the writer's, which sets the import's pace.
    void dropDocuments();
};

class CaseBooking {
public:
    CaseBooking(Database& database, const CaseValidator& validator);

    // Validates and serialises; never throws for the booking's own faults (see validation). requestText is the
    // request as received, kept by a tracked request (one with a trackingId); null when it came as something else
    // (a row of an imported file): the request is then written out as JSON text, and only when it is kept, or taken
    // from written when its reader wrote it already.
    PreparedBooking prepare(const ReferenceSnapshot& reference, const BookingParty& party,
                            const Poco::JSON::Object::Ptr& request, const std::string* requestText,
                            const WrittenJson* written = nullptr) const;
    // As prepare(), into a booking where it is to stay (a batch's own, which then never moves): a fresh one.
    void prepareIn(PreparedBooking& booking, const ReferenceSnapshot& reference, const BookingParty& party,
                   const Poco::JSON::Object::Ptr& request, const std::string* requestText,
                   const WrittenJson* written = nullptr) const;
    // Inside a write change: a valid booking's case, caseCreated event and tracked request; a refused one's tracked
    // request only. record.id is set. With `later` (a change of many bookings), the rows nothing in the change reads
    // back are added to it, written when the change flushes it, the case's own under an id reserved for it; the
    // booking must stay as it is until then (its row's and its logged request's texts are bound where they lie).
    static void store(Poco::Data::Session& session, PreparedBooking& booking, GatheredRows* later = nullptr);

    // Stores the case and returns it; throws BookingRejected when the validator refuses it.
    // requestText is the request as received, kept verbatim when it carries a trackingId.
    CaseRecord create(const ReferenceSnapshot& reference, const BookingParty& party,
                      const Poco::JSON::Object::Ptr& request, const std::string& requestText) const;

private:
    Database& database_;
    const CaseValidator& validator_;
};

}  // namespace sohub
