// Lists from the in-memory catalogue, narrowed by the kind-of-case filter.
#include "api/ReferenceHandler.h"

#include "api/RoutingParams.h"
#include "domain/Catalogue.h"
#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace sohub {
namespace {

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// ,"name":{...} with the snapshot's text of the object, {} when there is none.
void appendMember(std::string& out, const char* name, const ReferenceData& reference, const JsonObject& object) {
    out += ",\"";
    out += name;
    out += "\":";
    const std::string& text = reference.jsonText(object).text;
    out += text.empty() ? "{}" : text;
}

// The filter every reference list takes (the accessory list too), with the parameters this list requires.
RoutingParams filterFrom(const Call& call, std::initializer_list<const char*> required) {
    call.query.allowOnly({"originatorType", "bookingType", "serviceType", "manufacturer", "productType",
                          "clientPostalCode", "serviceLocation"});
    Object::Ptr missing = ordered();
    for (const char* name : required) {
        const auto value = call.query.get(name);
        if (!value || value->empty()) {
            Array::Ptr problems = new Array;
            problems->add("Field is required");
            missing->set(name, problems);
        }
    }
    if (missing->size() > 0) throw ApiError(400, "Fields validation failed", missing);
    RoutingParams params = routingParamsFrom(call);
    if (params.unknownReference)
        throw ApiError::invalidField(params.unknownReference, "Value is not present in possible options");
    return params;
}

// {"data": [{id, name, ...what `more` appends}, ...]} in the catalogue's order, written as text: the reference
// objects in it are the snapshot's own texts.
template <typename Item, typename More>
Reply listOf(const std::vector<const Item*>& items, More more) {
    std::string out = "{\"data\":[";
    for (const Item* entry : items) {
        if (out.back() != '[') out += ',';
        out += "{\"id\":";
        out += std::to_string(entry->id);
        out += ",\"name\":";
        appendJsonString(out, entry->name);
        more(*entry, out);
        out += '}';
    }
    out += "]}";
    return Reply::raw(200, std::move(out));
}

}  // namespace

void ReferenceHandler::registerIn(RouteTable& table) const {
    table.add({"GET", "/api/v3/manufacturers", {Role::Partner}, &ReferenceHandler::manufacturers});
    table.add({"GET", "/api/v3/service-types", {Role::Partner}, &ReferenceHandler::serviceTypes});
    table.add({"GET", "/api/v3/product-types", {Role::Partner}, &ReferenceHandler::productTypes});
    table.add({"GET", "/api/v3/service-locations", {Role::Partner}, &ReferenceHandler::serviceLocations});
    table.add({"GET", "/api/v3/accessory", {Role::Partner}, &ReferenceHandler::accessories});
    table.add({"GET", "/api/v3/shipping-methods", {Role::Partner}, &ReferenceHandler::shippingMethods});
}

Reply ReferenceHandler::manufacturers(const Call& call) {
    const RoutingParams params = filterFrom(call, {});
    const ReferenceData& reference = *call.reference;
    return listOf(offeredManufacturers(reference, params.query), [&](const Manufacturer& m, std::string& out) {
        appendMember(out, "externalData", reference, m.externalData);
    });
}

Reply ReferenceHandler::serviceTypes(const Call& call) {
    const RoutingParams params = filterFrom(call, {});
    const ReferenceData& reference = *call.reference;
    return listOf(offeredServiceTypes(reference, params.query), [&](const ServiceType& t, std::string& out) {
        appendMember(out, "properties", reference, t.properties);
        appendMember(out, "externalData", reference, t.externalData);
    });
}

Reply ReferenceHandler::productTypes(const Call& call) {
    const RoutingParams params = filterFrom(call, {"manufacturer"});
    const ReferenceData& reference = *call.reference;
    return listOf(offeredProductTypes(reference, params.query), [&](const ProductType& t, std::string& out) {
        appendMember(out, "properties", reference, t.properties);
        appendMember(out, "externalData", reference, t.externalData);
    });
}

Reply ReferenceHandler::serviceLocations(const Call& call) {
    const RoutingParams params = filterFrom(call, {"serviceType", "manufacturer", "productType"});
    const ReferenceData& reference = *call.reference;
    return listOf(offeredServiceLocations(reference, params.query), [&](const ServiceLocation& l, std::string& out) {
        appendMember(out, "externalData", reference, l.externalData);
    });
}

// Accessories belong to the product type alone; the rest of the filter is checked like on every reference list
// (a client may send the same filter to all of them) but narrows nothing.
Reply ReferenceHandler::accessories(const Call& call) {
    const RoutingParams params = filterFrom(call, {"productType"});
    return listOf(accessoriesFor(*call.reference, *params.query.productType), [](const Accessory&, std::string&) {});
}

Reply ReferenceHandler::shippingMethods(const Call& call) {
    const RoutingParams params =
        filterFrom(call, {"serviceType", "manufacturer", "productType", "serviceLocation"});
    const ReferenceData& reference = *call.reference;
    return listOf(offeredShippingMethods(reference, params.query), [&](const ShippingMethod& s, std::string& out) {
        appendMember(out, "properties", reference, s.properties);
    });
}

}  // namespace sohub
