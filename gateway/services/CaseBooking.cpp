// One write per booking: the case, its outbox event and its tracked request commit together (or not at all).
#include "services/CaseBooking.h"
#include "domain/Json.h"

#include "domain/CaseView.h"
#include "domain/Clock.h"
#include "domain/ExternalRequest.h"
#include "store/CaseRepository.h"
#include "store/ExternalRequestRepository.h"
#include "store/OutboxRepository.h"

#include <Poco/Logger.h>
#include "domain/Guid.h"

namespace sohub {
namespace {

// Footnote 6: the whole request, the outcome and the trackingId, so a partner's support can replay what happened.
ExternalRequest trackedRequest(const Validation& validation, const BookingParty& party, const std::string& requestText,
                               const std::string& guid) {
    ExternalRequest tracked;
    tracked.type = "caseCreated";
    tracked.accountId = party.accountId;
    tracked.trackingId = validation.trackingId;
    tracked.request = requestText;
    tracked.meta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    tracked.meta->set("trackingId", *validation.trackingId);
    tracked.meta->set("valid", validation.valid());
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (validation.valid()) {
        tracked.status = "success";
        tracked.message = "Case created";
        tracked.meta->set("caseGuid", guid);
        response->set("guid", guid);
    } else {
        tracked.status = "error";
        tracked.message = validation.message();
        Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        error->set("message", validation.message());
        if (!validation.unroutable) error->set("details", validation.errors.toJson());
        response->set("error", error);
        tracked.meta->set("errors", validation.errors.toJson());
    }
    tracked.response = toJsonText(response);
    return tracked;
}

}  // namespace

BookingRejected::BookingRejected(Validation validation)
    : std::runtime_error(validation.message()), validation_(std::move(validation)) {}

CaseBooking::CaseBooking(Database& database, const CaseValidator& validator) : database_(database), validator_(validator) {}

CaseRecord CaseBooking::create(const ReferenceSnapshot& reference, const BookingParty& party,
                               const Poco::JSON::Object::Ptr& request, const std::string& requestText) const {
    Validation validation = validator_.validate(*reference, party, request);
    if (!validation.valid()) {
        if (validation.trackingId) {
            ExternalRequest tracked = trackedRequest(validation, party, requestText, "");
            try {
                database_.write([&](Poco::Data::Session& session) { ExternalRequestRepository::insert(session, tracked); });
            } catch (const std::exception& failure) {
                // Debugging help only: the partner still gets the validation answer it needs.
                Poco::Logger::get("sohub.booking")
                    .warning("Tracked request %s not logged: %s", *validation.trackingId, std::string(failure.what()));
            }
        }
        Poco::Logger& log = Poco::Logger::get("sohub.booking");
        if (log.debug()) log.debug("Booking refused: %s", std::string(validation.message()));
        throw BookingRejected(std::move(validation));
    }

    CaseRecord record;
    record.guid = newGuid();
    record.accountId = party.accountId;
    record.createdAt = record.updatedAt = nowIso();
    record.booking = std::move(*validation.booking);
    std::optional<ExternalRequest> tracked;
    if (validation.trackingId) tracked = trackedRequest(validation, party, requestText, record.guid);

    // Everything is serialised here, on the request's thread; the one writer thread only inserts.
    const CaseDataTexts data(record.booking);
    CaseRow row(record, data);
    std::string viewAfterId;
    appendCaseViewAfterId(viewAfterId, record, *reference, data);
    OutboxEvent created;
    created.event = "caseCreated";
    created.recipientRole = Role::Provider;
    created.recipientId = record.booking.serviceProviderId;

    database_.write([&](Poco::Data::Session& session) {
        record.id = CaseRepository::insert(session, row);
        created.caseId = record.id;
        created.payloadJson = "{\"id\":" + std::to_string(record.id) + viewAfterId + "}";
        OutboxRepository::add(session, created);
        if (tracked) {
            tracked->caseId = record.id;
            ExternalRequestRepository::insert(session, *tracked);
        }
    });
    Poco::Logger& log = Poco::Logger::get("sohub.booking");
    // Poco formats before it checks the level: the check keeps the formatting off the hot path.
    if (log.debug()) log.debug("Case %s created for provider %d", record.guid, record.booking.serviceProviderId);
    return record;
}

}  // namespace sohub
