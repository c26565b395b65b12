// Query strings -> RoutingQuery, with the API's field errors.
#include "api/RoutingParams.h"

#include "domain/Catalogue.h"

#include "domain/NumberText.h"

namespace sohub {
namespace {

std::optional<std::string> present(const Call& call, const char* name) {
    auto value = call.query.get(name);
    if (value && value->empty()) return std::nullopt;
    return value;
}

std::optional<int> integer(const Call& call, const char* name) {
    const auto value = present(call, name);
    if (!value) return std::nullopt;
    const std::optional<int> parsed = intNumber(*value);
    if (!parsed) throw ApiError::invalidField(name, "Must be a number");
    return parsed;
}

}  // namespace

RoutingParams routingParamsFrom(const Call& call) {
    RoutingParams params;
    RoutingQuery& q = params.query;
    const ReferenceData& reference = *call.reference;
    q.partnerId = call.account.partnerId;
    q.originatorType = present(call, "originatorType");
    if (q.originatorType && !isOriginatorType(*q.originatorType))
        throw ApiError::invalidField("originatorType", "Value is not present in possible options");
    q.bookingType = present(call, "bookingType");
    if (q.bookingType && !isBookingType(*q.bookingType))
        throw ApiError::invalidField("bookingType", "Value is not present in possible options");
    q.serviceType = integer(call, "serviceType");
    q.serviceLocation = integer(call, "serviceLocation");
    q.clientPostalCode = present(call, "clientPostalCode");
    const char*& unknown = params.unknownReference;
    if (const auto manufacturer = present(call, "manufacturer")) {
        q.manufacturer = resolveManufacturer(reference, *manufacturer);
        if (!q.manufacturer) unknown = "manufacturer";
    }
    if (const auto productType = present(call, "productType")) {
        q.productType = resolveProductType(reference, *productType);
        if (!q.productType && !unknown) unknown = "productType";
    }
    if (q.serviceType && !reference.serviceType(*q.serviceType) && !unknown) unknown = "serviceType";
    if (q.serviceLocation && !reference.serviceLocation(*q.serviceLocation) && !unknown) unknown = "serviceLocation";
    return params;
}

}  // namespace sohub
