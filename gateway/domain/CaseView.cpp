// Case -> JSON, with the reference objects resolved from the snapshot.
#include "domain/CaseView.h"

#include <sstream>

using Poco::JSON::Object;

namespace sohub {
namespace {

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::Dynamic::Var orNull(const Object::Ptr& object) { return object ? Poco::Dynamic::Var(object) : Poco::Dynamic::Var(); }

Poco::Dynamic::Var orEmpty(const JsonObject& object) {
    return object ? Poco::Dynamic::Var(object) : Poco::Dynamic::Var(ordered());
}

template <typename T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

// {id, name} of a reference entry, or null when the id names none.
template <typename T>
Object::Ptr named(const T* entry) {
    if (!entry) return nullptr;
    Object::Ptr out = ordered();
    out->set("id", entry->id);
    out->set("name", entry->name);
    return out;
}

Poco::Dynamic::Var orNull(Object::Ptr object, const char* key, const JsonObject& value) {
    if (!object) return {};
    object->set(key, orEmpty(value));
    return object;
}

// Manufacturers and service locations: {id, name, externalData}.
template <typename T>
Poco::Dynamic::Var withExternalData(const T* entry) {
    return orNull(named(entry), "externalData", entry ? entry->externalData : nullptr);
}

// Product and service types: {id, name, properties, externalData}.
template <typename T>
Poco::Dynamic::Var typeOf(const T* type) {
    Object::Ptr out = named(type);  // mutable: the Ptr hands out a const object otherwise
    if (out) out->set("properties", orEmpty(type->properties));
    return orNull(out, "externalData", type ? type->externalData : nullptr);
}

// What precedes the data objects, from guid on ("id" is set by the caller).
void setHead(Object& out, const CaseRecord& record) {
    const Booking& b = record.booking;
    out.set("guid", record.guid);
    out.set("partnerId", b.partnerId);
    out.set("serviceProviderId", b.serviceProviderId);
    out.set("servicePartnerId", b.servicePartnerId ? Poco::Dynamic::Var(b.servicePartnerId) : Poco::Dynamic::Var());
    out.set("manufacturerId", b.manufacturerId);
    out.set("productTypeId", b.productTypeId);
    out.set("serviceTypeId", b.serviceTypeId);
    out.set("serviceLocationId", b.serviceLocationId);
    out.set("shippingMethodId", orNull(b.shippingMethodId));
    out.set("originatorType", b.originatorType);
    out.set("bookingType", b.bookingType);
    out.set("clientPostalCode", b.clientPostalCode);
    out.set("pickupDestination", b.pickupDestination.value_or("consumer"));
    out.set("returnDestination", b.returnDestination.value_or("consumer"));
    out.set("currentStatus", orNull(record.currentStatus));
}

// What follows the data objects: the resolved reference objects and the dates.
void setReferences(Object& out, const CaseRecord& record, const ReferenceData& reference) {
    const Booking& b = record.booking;
    const ServiceProvider* provider = reference.serviceProvider(b.serviceProviderId);
    out.set("manufacturer", withExternalData(reference.manufacturer(b.manufacturerId)));
    out.set("productType", typeOf(reference.productType(b.productTypeId)));
    out.set("serviceType", typeOf(reference.serviceType(b.serviceTypeId)));
    out.set("serviceLocation", withExternalData(reference.serviceLocation(b.serviceLocationId)));
    out.set("serviceProvider", orNull(named(provider), "contactData", provider ? provider->contactData : nullptr));
    out.set("servicePartner", orNull(named(b.servicePartnerId ? reference.servicePartner(b.servicePartnerId) : nullptr)));
    out.set("createdAt", record.createdAt);
    out.set("updatedAt", record.updatedAt);
}

std::string text(const Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::optional<std::string> optionalText(const Object::Ptr& object) {
    if (!object) return std::nullopt;
    return text(*object);
}

}  // namespace

Object::Ptr caseView(const CaseRecord& record, const ReferenceData& reference) {
    const Booking& b = record.booking;
    Object::Ptr out = ordered();
    out->set("id", record.id);
    setHead(*out, record);
    out->set("orderData", orEmpty(b.orderData));
    out->set("productData", orEmpty(b.productData));
    out->set("customer", orNull(b.customer));
    out->set("consumer", orNull(b.consumer));
    out->set("pickupDst", orNull(b.pickupDst));
    out->set("returnDst", orNull(b.returnDst));
    setReferences(*out, record, reference);
    return out;
}

CaseDataTexts::CaseDataTexts(const Booking& booking)
    : orderData(booking.orderData ? text(*booking.orderData) : "{}"),
      productData(booking.productData ? text(*booking.productData) : "{}"),
      customer(booking.customer ? text(*booking.customer) : "null"),
      consumer(optionalText(booking.consumer)),
      pickupDst(optionalText(booking.pickupDst)),
      returnDst(optionalText(booking.returnDst)) {}

std::string caseViewTextWithoutId(const CaseRecord& record, const ReferenceData& reference, const CaseDataTexts& data) {
    Object head(Poco::JSON_PRESERVE_KEY_ORDER), tail(Poco::JSON_PRESERVE_KEY_ORDER);
    setHead(head, record);
    setReferences(tail, record, reference);
    std::string out = text(head);
    out.pop_back();  // the closing brace: the data objects and the tail follow
    out.reserve(out.size() + data.orderData.size() + data.productData.size() + 2048);
    out += ",\"orderData\":" + data.orderData;
    out += ",\"productData\":" + data.productData;
    out += ",\"customer\":" + data.customer;
    out += ",\"consumer\":" + data.consumer.value_or("null");
    out += ",\"pickupDst\":" + data.pickupDst.value_or("null");
    out += ",\"returnDst\":" + data.returnDst.value_or("null");
    out += ",";
    out += text(tail).substr(1);
    return out;
}

}  // namespace sohub
