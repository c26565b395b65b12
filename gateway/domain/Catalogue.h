// What the catalogue offers for a kind of case: the reference lists behind the reference endpoints.
#pragma once

#include "domain/Reference.h"
#include "domain/Routing.h"

#include <optional>
#include <string>
#include <vector>

namespace sohub {

bool isOriginatorType(const std::string& value);
bool isBookingType(const std::string& value);

// An id ("1012") or an alias ("apple"); nullopt when neither names a known entry.
std::optional<int> resolveManufacturer(const ReferenceData& reference, const std::string& idOrAlias);
std::optional<int> resolveProductType(const ReferenceData& reference, const std::string& idOrAlias);

// Each list holds what at least one competence matching the filter offers, in id order.
std::vector<const Manufacturer*> offeredManufacturers(const ReferenceData& reference, const RoutingQuery& filter);
std::vector<const ServiceType*> offeredServiceTypes(const ReferenceData& reference, const RoutingQuery& filter);
std::vector<const ProductType*> offeredProductTypes(const ReferenceData& reference, const RoutingQuery& filter);
std::vector<const ServiceLocation*> offeredServiceLocations(const ReferenceData& reference, const RoutingQuery& filter);
std::vector<const ShippingMethod*> offeredShippingMethods(const ReferenceData& reference, const RoutingQuery& filter);
// The methods that serve the location, whatever the competences.
std::vector<const ShippingMethod*> shippingMethodsAt(const ReferenceData& reference, int locationId);
// Whether the list above of that kind would hold the item `id`, answered without making the list (a booking's check).
enum class Offered { ServiceType, Manufacturer, ProductType, ServiceLocation };
bool isOffered(const ReferenceData& reference, const RoutingQuery& filter, Offered kind, int id);
std::vector<const Accessory*> accessoriesFor(const ReferenceData& reference, int productTypeId);

}  // namespace sohub
