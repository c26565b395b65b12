// One write per booking: the case, its outbox event and its tracked request commit together (or not at all).
#include "services/CaseBooking.h"
#include "domain/Json.h"

#include "domain/CaseView.h"
#include "domain/Clock.h"
#include "domain/CaseRequestText.h"
#include "domain/ExternalRequest.h"
#include "store/CaseRepository.h"
#include "store/ExternalRequestRepository.h"
#include "store/GatheredRows.h"
#include "store/OutboxRepository.h"

#include <Poco/Logger.h>
#include "domain/Guid.h"
#include "domain/HubError.h"

namespace sohub {
namespace {

// Footnote 6: the whole request, the outcome and the trackingId, so a partner's support can replay what happened.
// Its guid and times are made here, on the caller's thread: the one writer thread only inserts.
ExternalRequest trackedRequest(const Validation& validation, const BookingParty& party, std::string requestText,
                               const std::string& guid, const std::string& createdAt) {
    ExternalRequest tracked;
    tracked.guid = newGuid();
    tracked.createdAt = tracked.updatedAt = createdAt;
    tracked.type = "caseCreated";
    tracked.accountId = party.accountId;
    tracked.trackingId = validation.trackingId;
    tracked.request = std::move(requestText);
    if (validation.valid()) {
        // Every imported case takes this path: its two small documents written as text, without building them.
        tracked.status = "success";
        tracked.message = "Case created";
        std::string meta = "{\"trackingId\":";
        appendJsonString(meta, *validation.trackingId);
        meta += ",\"valid\":true,\"caseGuid\":";
        appendJsonString(meta, guid);
        tracked.metaText = meta + '}';
        std::string response = "{\"guid\":";
        appendJsonString(response, guid);
        tracked.response = response + '}';
        return tracked;
    }
    tracked.status = "error";
    tracked.message = validation.message();
    tracked.meta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    tracked.meta->set("trackingId", *validation.trackingId);
    tracked.meta->set("valid", false);
    tracked.meta->set("errors", validation.errors.toJson());
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("message", validation.message());
    if (!validation.unroutable) error->set("details", validation.errors.toJson());
    Poco::JSON::Object::Ptr response = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    response->set("error", error);
    tracked.response = toJsonText(response);
    return tracked;
}

// Where the booking's data objects are in the text they were written in (CaseDataTexts takes them from there).
std::vector<CaseRequestText::Cut> dataCuts(const Booking& booking, const MemberTexts& written) {
    using CaseRequestText::DataColumn;
    std::vector<CaseRequestText::Cut> cuts;
    const auto cut = [&](const Poco::JSON::Object::Ptr& object, DataColumn column) {
        if (!object) return;
        if (const auto place = written.placeOf(object.get())) cuts.push_back({place->first, place->second, column});
    };
    cut(booking.orderData, DataColumn::OrderData);
    cut(booking.productData, DataColumn::ProductData);
    cut(booking.customer, DataColumn::Customer);
    cut(booking.consumer, DataColumn::Consumer);
    cut(booking.pickupDst, DataColumn::PickupDst);
    cut(booking.returnDst, DataColumn::ReturnDst);
    return cuts;
}

}  // namespace

BookingRejected::BookingRejected(Validation validation)
    : std::runtime_error(validation.message()), validation_(std::move(validation)) {}

CaseBooking::CaseBooking(Database& database, const CaseValidator& validator) : database_(database), validator_(validator) {}

PreparedBooking CaseBooking::prepare(const ReferenceSnapshot& reference, const BookingParty& party,
                                     const Poco::JSON::Object::Ptr& request, const std::string* requestText,
                                     const WrittenJson* written) const {
    PreparedBooking booking;
    prepareIn(booking, reference, party, request, requestText, written);
    return booking;
}

void CaseBooking::prepareIn(PreparedBooking& booking, const ReferenceSnapshot& reference, const BookingParty& party,
                            const Poco::JSON::Object::Ptr& request, const std::string* requestText,
                            const WrittenJson* written) const {
    booking.validation = validator_.validate(*reference, party, request);
    const bool tracked = booking.validation.trackingId.has_value();
    // The request as toJsonText writes it: the reader's (written), or written here when a tracked request keeps it and
    // the caller has no text of its own. The data objects are then taken from that text (below).
    std::optional<WrittenJson> own;
    const WrittenJson* writtenText = written;
    if (tracked && !requestText && !writtenText) {
        own.emplace();
        own->text = toJsonText(*request, own->members);
        writtenText = &*own;
    }
    if (!booking.valid()) {
        if (tracked) {
            const std::string& logged = requestText ? *requestText : writtenText->text;
            booking.tracked = trackedRequest(booking.validation, party, logged, "", nowIso());
        }
        return;
    }
    CaseRecord& record = booking.record;
    record.guid = newGuid();
    record.accountId = party.accountId;
    record.createdAt = record.updatedAt = nowIso();
    record.booking = std::move(*booking.validation.booking);  // moved from, still present: valid() holds
    // Everything is serialised here, on the caller's thread; the one writer thread only inserts.
    CaseDataTexts data = writtenText ? CaseDataTexts(record.booking, writtenText->text, writtenText->members)
                                     : CaseDataTexts(record.booking);
    if (tracked) {
        // Without a text of the caller's own, the case's data objects are that request text's own (CaseDataTexts,
        // above): the logged request refers to them instead of holding them a second time.
        std::string logged = requestText ? *requestText
                                         : CaseRequestText::withoutCaseData(
                                               writtenText->text, dataCuts(record.booking, writtenText->members));
        booking.tracked = trackedRequest(booking.validation, party, std::move(logged), record.guid, record.createdAt);
    }
    booking.row = CaseRow(record, std::move(data));
    booking.created.event = "caseCreated";
    booking.created.bodyIsCase = true;
    booking.created.recipientRole = Role::Provider;
    booking.created.recipientId = record.booking.serviceProviderId;
    booking.created.createdAt = record.createdAt;
}

void PreparedBooking::dropDocuments() {
    const auto drop = [](Booking& booking) {
        booking.orderData = nullptr;
        booking.productData = nullptr;
        booking.customer = nullptr;
        booking.consumer = nullptr;
        booking.pickupDst = nullptr;
        booking.returnDst = nullptr;
    };
    if (validation.booking) drop(*validation.booking);
    drop(record.booking);
}

void CaseBooking::store(Poco::Data::Session& session, PreparedBooking& booking, GatheredRows* later) {
    // With a change's batches, the booking outlives their flush: its logged request's texts are bound where they lie.
    const auto log = [&](ExternalRequest& tracked) {
        if (later) ExternalRequestRepository::insertKept(tracked, later->requests);
        else ExternalRequestRepository::insert(session, tracked);
    };
    if (!booking.valid()) {
        if (booking.tracked) log(*booking.tracked);
        return;
    }
    if (later) {
        // Many to a statement at the change's end, under an id reserved now (the rows below refer to it).
        booking.record.id = later->nextCaseId(session);
        CaseRepository::insertLater(booking.row, booking.record.id, later->cases);
    } else {
        booking.record.id = CaseRepository::insert(session, booking.row);
    }
    booking.created.caseId = booking.record.id;
    OutboxRepository::add(session, booking.created, later);
    if (booking.tracked) {
        booking.tracked->caseId = booking.record.id;
        log(*booking.tracked);
    }
}

CaseRecord CaseBooking::create(const ReferenceSnapshot& reference, const BookingParty& party,
                               const Poco::JSON::Object::Ptr& request, const std::string& requestText) const {
    PreparedBooking booking = prepare(reference, party, request, &requestText);
    if (!booking.valid()) {
        if (booking.tracked) {
            try {
                database_.write([&](Poco::Data::Session& session) { store(session, booking); });
            } catch (const std::exception& failure) {
                // Debugging help only: the partner still gets the validation answer it needs.
                Poco::Logger::get("sohub.booking")
                    .warning("Tracked request %s not logged: %s", *booking.validation.trackingId, describe(failure));
            }
        }
        Poco::Logger& log = Poco::Logger::get("sohub.booking");
        if (log.debug()) log.debug("Booking refused: %s", std::string(booking.validation.message()));
        throw BookingRejected(std::move(booking.validation));
    }
    database_.write([&](Poco::Data::Session& session) { store(session, booking); });
    Poco::Logger& log = Poco::Logger::get("sohub.booking");
    // Poco formats before it checks the level: the check keeps the formatting off the hot path.
    if (log.debug()) log.debug("Case %s created for provider %d", booking.record.guid, booking.record.booking.serviceProviderId);
    return std::move(booking.record);
}

}  // namespace sohub
