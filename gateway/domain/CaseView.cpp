// Case -> JSON text, with the reference objects resolved from the snapshot's JSON text (ReferenceData::jsonText).
#include "domain/CaseView.h"
#include "domain/Json.h"

#include <charconv>
#include <string_view>

namespace sohub {
namespace {

using namespace std::string_view_literals;  // members written as sv literals: appended without strlen

const std::string nullText = "null";

void appendInteger(std::string& out, long long value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// A destination the booking left out is the consumer.
std::string_view destination(const std::optional<std::string>& sent) {
    return sent ? std::string_view(*sent) : std::string_view("consumer");
}

// A snapshot object's text, {} for none (as the reference lists show a missing one).
void appendOrEmpty(std::string& out, const ReferenceData& reference, const JsonObject& object) {
    const std::string& text = reference.jsonText(object).text;
    if (text.empty())
        out += "{}";
    else
        out += text;
}

// {"id":..,"name":.. of a reference entry: the caller closes the object after its own members.
template <typename T>
void openNamed(std::string& out, const T& entry) {
    out += R"({"id":)"sv;
    appendInteger(out, entry.id);
    out += R"(,"name":)"sv;
    appendJsonString(out, entry.name);
}

// Manufacturers and service locations: {id, name, externalData}, or null when the id names none.
template <typename T>
void appendWithExternalData(std::string& out, const ReferenceData& reference, const T* entry) {
    if (!entry) {
        out += "null";
        return;
    }
    openNamed(out, *entry);
    out += R"(,"externalData":)"sv;
    appendOrEmpty(out, reference, entry->externalData);
    out += '}';
}

// Product and service types: {id, name, properties, externalData}, or null.
template <typename T>
void appendType(std::string& out, const ReferenceData& reference, const T* type) {
    if (!type) {
        out += "null";
        return;
    }
    openNamed(out, *type);
    out += R"(,"properties":)"sv;
    appendOrEmpty(out, reference, type->properties);
    out += R"(,"externalData":)"sv;
    appendOrEmpty(out, reference, type->externalData);
    out += '}';
}

// A data object's JSON text, or null when it was not sent.
void appendTextOrNull(std::string& out, const std::optional<std::string>& json) { out += json ? *json : nullText; }

void appendStringOrNull(std::string& out, const std::optional<std::string>& value) {
    if (value)
        appendJsonString(out, *value);
    else
        out += "null";
}

}  // namespace

CaseDataTexts::CaseDataTexts(const Booking& booking) : CaseDataTexts(booking, std::string(), MemberTexts()) {}

CaseDataTexts::CaseDataTexts(const Booking& booking, const std::string& requestText, const MemberTexts& written) {
    const auto text = [&](const Poco::JSON::Object::Ptr& object) {
        std::optional<std::string> known = written.of(object.get(), requestText);
        return known ? std::move(*known) : toJsonText(*object);
    };
    if (booking.orderData) orderData = text(booking.orderData);
    if (booking.productData) productData = text(booking.productData);
    if (booking.customer) customer = text(booking.customer);
    if (booking.consumer) consumer = text(booking.consumer);
    if (booking.pickupDst) pickupDst = text(booking.pickupDst);
    if (booking.returnDst) returnDst = text(booking.returnDst);
}

void appendCaseViewAfterId(std::string& out, const CaseRecord& record, const ReferenceData& reference,
                           const CaseDataTexts& data) {
    const Booking& b = record.booking;
    out.reserve(out.size() + data.orderData.size() + data.productData.size() + data.customer.size() + 2048);
    out += R"(,"guid":)"sv;
    appendJsonString(out, record.guid);
    out += R"(,"partnerId":)"sv;
    appendInteger(out, b.partnerId);
    out += R"(,"serviceProviderId":)"sv;
    appendInteger(out, b.serviceProviderId);
    out += R"(,"servicePartnerId":)"sv;
    if (b.servicePartnerId)
        appendInteger(out, b.servicePartnerId);
    else
        out += "null";
    out += R"(,"manufacturerId":)"sv;
    appendInteger(out, b.manufacturerId);
    out += R"(,"productTypeId":)"sv;
    appendInteger(out, b.productTypeId);
    out += R"(,"serviceTypeId":)"sv;
    appendInteger(out, b.serviceTypeId);
    out += R"(,"serviceLocationId":)"sv;
    appendInteger(out, b.serviceLocationId);
    out += R"(,"shippingMethodId":)"sv;
    if (b.shippingMethodId)
        appendInteger(out, *b.shippingMethodId);
    else
        out += "null";
    out += R"(,"originatorType":)"sv;
    appendJsonString(out, b.originatorType);
    out += R"(,"bookingType":)"sv;
    appendJsonString(out, b.bookingType);
    out += R"(,"clientPostalCode":)"sv;
    appendJsonString(out, b.clientPostalCode);
    out += R"(,"pickupDestination":)"sv;
    appendJsonString(out, destination(b.pickupDestination));
    out += R"(,"returnDestination":)"sv;
    appendJsonString(out, destination(b.returnDestination));
    out += R"(,"currentStatus":)"sv;
    appendStringOrNull(out, record.currentStatus);

    out += R"(,"orderData":)"sv;
    out += data.orderData;
    out += R"(,"productData":)"sv;
    out += data.productData;
    out += R"(,"customer":)"sv;
    out += data.customer;
    out += R"(,"consumer":)"sv;
    appendTextOrNull(out, data.consumer);
    out += R"(,"pickupDst":)"sv;
    appendTextOrNull(out, data.pickupDst);
    out += R"(,"returnDst":)"sv;
    appendTextOrNull(out, data.returnDst);

    out += R"(,"manufacturer":)"sv;
    appendWithExternalData(out, reference, reference.manufacturer(b.manufacturerId));
    out += R"(,"productType":)"sv;
    appendType(out, reference, reference.productType(b.productTypeId));
    out += R"(,"serviceType":)"sv;
    appendType(out, reference, reference.serviceType(b.serviceTypeId));
    out += R"(,"serviceLocation":)"sv;
    appendWithExternalData(out, reference, reference.serviceLocation(b.serviceLocationId));
    out += R"(,"serviceProvider":)"sv;
    if (const ServiceProvider* provider = reference.serviceProvider(b.serviceProviderId)) {
        openNamed(out, *provider);
        out += R"(,"contactData":)"sv;
        appendOrEmpty(out, reference, provider->contactData);
        out += '}';
    } else {
        out += "null";
    }
    out += R"(,"servicePartner":)"sv;
    const ServicePartner* partner = b.servicePartnerId ? reference.servicePartner(b.servicePartnerId) : nullptr;
    if (partner) {
        openNamed(out, *partner);
        out += '}';
    } else {
        out += "null";
    }
    out += R"(,"createdAt":)"sv;
    appendJsonString(out, record.createdAt);
    out += R"(,"updatedAt":)"sv;
    appendJsonString(out, record.updatedAt);
}

std::string caseDocument(const CaseRecord& record, const ReferenceData& reference, const CaseDataTexts& data) {
    std::string document = "{\"id\":" + std::to_string(record.id);
    appendCaseViewAfterId(document, record, reference, data);
    document += '}';
    return document;
}

}  // namespace sohub
