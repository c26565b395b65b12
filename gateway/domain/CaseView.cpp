// Case -> JSON, with the reference objects resolved from the snapshot.
#include "domain/CaseView.h"
#include "domain/Json.h"

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

// The resolved reference objects, each of which follows the data objects.
Poco::Dynamic::Var manufacturerOf(const ReferenceData& reference, int id) {
    return withExternalData(reference.manufacturer(id));
}
Poco::Dynamic::Var productTypeOf(const ReferenceData& reference, int id) { return typeOf(reference.productType(id)); }
Poco::Dynamic::Var serviceTypeOf(const ReferenceData& reference, int id) { return typeOf(reference.serviceType(id)); }
Poco::Dynamic::Var serviceLocationOf(const ReferenceData& reference, int id) {
    return withExternalData(reference.serviceLocation(id));
}
Poco::Dynamic::Var serviceProviderOf(const ReferenceData& reference, int id) {
    const ServiceProvider* provider = reference.serviceProvider(id);
    return orNull(named(provider), "contactData", provider ? provider->contactData : nullptr);
}
Poco::Dynamic::Var servicePartnerOf(const ReferenceData& reference, int id) {
    return orNull(named(id ? reference.servicePartner(id) : nullptr));
}

std::optional<std::string> optionalText(const Object::Ptr& object) {
    if (!object) return std::nullopt;
    return toJsonText(*object);
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
    out->set("manufacturer", manufacturerOf(reference, b.manufacturerId));
    out->set("productType", productTypeOf(reference, b.productTypeId));
    out->set("serviceType", serviceTypeOf(reference, b.serviceTypeId));
    out->set("serviceLocation", serviceLocationOf(reference, b.serviceLocationId));
    out->set("serviceProvider", serviceProviderOf(reference, b.serviceProviderId));
    out->set("servicePartner", servicePartnerOf(reference, b.servicePartnerId));
    out->set("createdAt", record.createdAt);
    out->set("updatedAt", record.updatedAt);
    return out;
}

namespace {

template <typename T>
std::map<int, std::string> textsOf(const ReferenceData& reference, const std::vector<T>& entries,
                                   Poco::Dynamic::Var (*json)(const ReferenceData&, int)) {
    std::map<int, std::string> texts;
    for (const T& entry : entries) {
        texts.emplace(entry.id, toJsonText(json(reference, entry.id)));
    }
    return texts;
}

// A JSON string member for text that needs no escaping (ISO dates).
std::string dateMember(const char* name, const std::string& date) {
    return std::string(",\"") + name + "\":\"" + date + "\"";
}

}  // namespace

ReferenceTexts::ReferenceTexts(const ReferenceData& reference)
    : manufacturers_(textsOf(reference, reference.content().manufacturers, &manufacturerOf)),
      productTypes_(textsOf(reference, reference.content().productTypes, &productTypeOf)),
      serviceTypes_(textsOf(reference, reference.content().serviceTypes, &serviceTypeOf)),
      serviceLocations_(textsOf(reference, reference.content().serviceLocations, &serviceLocationOf)),
      serviceProviders_(textsOf(reference, reference.content().serviceProviders, &serviceProviderOf)),
      servicePartners_(textsOf(reference, reference.content().servicePartners, &servicePartnerOf)) {}

const std::string& ReferenceTexts::find(const std::map<int, std::string>& texts, int id) {
    static const std::string null = "null";
    const auto it = texts.find(id);
    return it == texts.end() ? null : it->second;
}

CaseDataTexts::CaseDataTexts(const Booking& booking)
    : orderData(booking.orderData ? toJsonText(*booking.orderData) : "{}"),
      productData(booking.productData ? toJsonText(*booking.productData) : "{}"),
      customer(booking.customer ? toJsonText(*booking.customer) : "null"),
      consumer(optionalText(booking.consumer)),
      pickupDst(optionalText(booking.pickupDst)),
      returnDst(optionalText(booking.returnDst)) {}

std::string caseViewTextWithoutId(const CaseRecord& record, const ReferenceTexts& references,
                                  const CaseDataTexts& data) {
    const Booking& b = record.booking;
    Object head(Poco::JSON_PRESERVE_KEY_ORDER);
    setHead(head, record);
    std::string out = toJsonText(head);
    out.pop_back();  // the closing brace: the data objects and the reference objects follow
    out.reserve(out.size() + data.orderData.size() + data.productData.size() + 4096);
    out += ",\"orderData\":" + data.orderData;
    out += ",\"productData\":" + data.productData;
    out += ",\"customer\":" + data.customer;
    out += ",\"consumer\":" + data.consumer.value_or("null");
    out += ",\"pickupDst\":" + data.pickupDst.value_or("null");
    out += ",\"returnDst\":" + data.returnDst.value_or("null");
    out += ",\"manufacturer\":" + references.manufacturer(b.manufacturerId);
    out += ",\"productType\":" + references.productType(b.productTypeId);
    out += ",\"serviceType\":" + references.serviceType(b.serviceTypeId);
    out += ",\"serviceLocation\":" + references.serviceLocation(b.serviceLocationId);
    out += ",\"serviceProvider\":" + references.serviceProvider(b.serviceProviderId);
    out += ",\"servicePartner\":" + references.servicePartner(b.servicePartnerId);
    out += dateMember("createdAt", record.createdAt);
    out += dateMember("updatedAt", record.updatedAt);
    out += "}";
    return out;
}

}  // namespace sohub
