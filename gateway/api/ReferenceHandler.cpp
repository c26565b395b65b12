// Lists from the in-memory catalogue, narrowed by the kind-of-case filter.
#include "api/ReferenceHandler.h"

#include "api/RoutingParams.h"
#include "domain/Catalogue.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace sohub {
namespace {

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::Dynamic::Var orEmpty(const JsonObject& object) {
    return object ? Poco::Dynamic::Var(object) : Poco::Dynamic::Var(Object::Ptr(ordered()));
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

// {"data": [{id, name, ...what `more` adds}, ...]} in the catalogue's order.
template <typename Item, typename More>
Reply listOf(const std::vector<const Item*>& items, More more) {
    Array::Ptr list = new Array;
    for (const Item* entry : items) {
        Object::Ptr item = ordered();
        item->set("id", entry->id);
        item->set("name", entry->name);
        more(*entry, *item);
        list->add(item);
    }
    return Reply::data(list);
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
    return listOf(offeredManufacturers(*call.reference, params.query), [](const Manufacturer& m, Object& item) {
        item.set("externalData", orEmpty(m.externalData));
    });
}

Reply ReferenceHandler::serviceTypes(const Call& call) {
    const RoutingParams params = filterFrom(call, {});
    return listOf(offeredServiceTypes(*call.reference, params.query), [](const ServiceType& t, Object& item) {
        item.set("properties", orEmpty(t.properties));
        item.set("externalData", orEmpty(t.externalData));
    });
}

Reply ReferenceHandler::productTypes(const Call& call) {
    const RoutingParams params = filterFrom(call, {"manufacturer"});
    return listOf(offeredProductTypes(*call.reference, params.query), [](const ProductType& t, Object& item) {
        item.set("properties", orEmpty(t.properties));
        item.set("externalData", orEmpty(t.externalData));
    });
}

Reply ReferenceHandler::serviceLocations(const Call& call) {
    const RoutingParams params = filterFrom(call, {"serviceType", "manufacturer", "productType"});
    return listOf(offeredServiceLocations(*call.reference, params.query),
                  [](const ServiceLocation& l, Object& item) { item.set("externalData", orEmpty(l.externalData)); });
}

// Accessories belong to the product type alone; the rest of the filter is checked like on every reference list
// (a client may send the same filter to all of them) but narrows nothing.
Reply ReferenceHandler::accessories(const Call& call) {
    const RoutingParams params = filterFrom(call, {"productType"});
    return listOf(accessoriesFor(*call.reference, *params.query.productType), [](const Accessory&, Object&) {});
}

Reply ReferenceHandler::shippingMethods(const Call& call) {
    const RoutingParams params =
        filterFrom(call, {"serviceType", "manufacturer", "productType", "serviceLocation"});
    return listOf(offeredShippingMethods(*call.reference, params.query),
                  [](const ShippingMethod& s, Object& item) { item.set("properties", orEmpty(s.properties)); });
}

}  // namespace sohub
