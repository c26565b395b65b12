// Translates the case endpoints; every rule lives in the services behind them.
#include "api/CaseHandler.h"

#include "domain/CaseValidator.h"
#include "domain/Guid.h"
#include "services/CaseBooking.h"
#include "services/CaseReading.h"

#include <Poco/JSON/Object.h>
#include <Poco/String.h>

namespace sohub {
namespace {

BookingParty partyOf(const Call& call) { return BookingParty{call.account.partnerId, call.account.id}; }

ApiError rejection(const Validation& validation) {
    if (validation.unroutable) return ApiError(400, validation.message());
    return ApiError(400, validation.message(), validation.errors.toJson());
}

// A booking without a body is a booking without fields: the answer lists what is required, as for {}.
Poco::JSON::Object::Ptr bookingRequest(const Call& call) { return call.jsonObjectOrEmpty(); }

bool flag(const Call& call, const char* name) {
    const std::string value = call.query.get(name).value_or("0");
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false" || value.empty()) return false;
    throw ApiError::invalidField(name, "Value is not present in possible options");
}

}  // namespace

CaseHandler::CaseHandler(const CaseValidator& validator, const CaseBooking& booking, const CaseReading& reading)
    : validator_(validator), booking_(booking), reading_(reading) {}

void CaseHandler::registerIn(RouteTable& table) const {
    table.add({"POST", "/api/v3/case/validate", {Role::Partner}, [this](const Call& call) { return validate(call); }});
    table.add({"POST", "/api/v3/case/create", {Role::Partner}, [this](const Call& call) { return create(call); }});
    table.add({"GET", "/api/v3/case", {Role::Partner, Role::Provider}, [this](const Call& call) { return read(call); }});
}

Reply CaseHandler::validate(const Call& call) const {
    call.query.allowNone();
    const Validation validation = validator_.validate(*call.reference, partyOf(call), bookingRequest(call));
    if (!validation.valid()) throw rejection(validation);
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("result", true);
    return Reply::data(result);
}

Reply CaseHandler::create(const Call& call) const {
    call.query.allowNone();
    try {
        const CaseRecord record = booking_.create(call.reference, partyOf(call), bookingRequest(call), call.body);
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("guid", record.guid);
        return Reply{200, body};  // bare, as the Booking document shows it
    } catch (const BookingRejected& rejected) {
        throw rejection(rejected.validation());
    }
}

Reply CaseHandler::read(const Call& call) const {
    call.query.allowOnly({"guid", "includeRequests"});
    // GUIDs are case-insensitive; the hub writes them in lower case.
    const std::string guid = Poco::toLower(call.query.get("guid").value_or(""));
    if (guid.empty()) throw ApiError::invalidField("guid", "Field is required");
    // As every other endpoint that takes a case's guid: a malformed one is a bad request, not an unknown case.
    if (!isGuidShape(guid)) throw ApiError::invalidField("guid", "Must be a valid GUID");
    const bool includeRequests = flag(call, "includeRequests");
    try {
        // Written as text: the case's data objects are stored as JSON text already.
        std::string body = "{\"data\":";
        body += reading_.read(call.caller(), *call.reference, guid, includeRequests);
        body += '}';
        return Reply::raw(200, std::move(body));
    } catch (const CaseNotFound&) {
        throw ApiError::notFound("Case not found");
    } catch (const CaseAccessDenied&) {
        throw ApiError::noAccess();
    }
}

}  // namespace sohub
