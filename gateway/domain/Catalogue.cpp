// Reference lists narrowed by the competences that fit a filter.
#include "domain/Catalogue.h"

#include "domain/NumberText.h"

#include <algorithm>
#include <set>

namespace sohub {
namespace {

// What a competence lists of a kind of item.
const std::vector<int>& listedBy(const Competence& competence, Offered kind) {
    switch (kind) {
        case Offered::ServiceType: return competence.serviceTypes;
        case Offered::Manufacturer: return competence.manufacturers;
        case Offered::ProductType: return competence.productTypes;
        case Offered::ServiceLocation: break;
    }
    return competence.serviceLocations;
}

// Whether an item's id is admitted by a list of ids: the list names it, or names nothing (which admits every item).
bool admits(const std::vector<int>& ids, int id) {
    return ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Items whose id some matching competence admits.
template <typename T>
std::vector<const T*> offered(const std::vector<T>& items, const std::vector<const Competence*>& competences,
                              Offered kind) {
    std::set<int> ids;
    bool all = false;
    for (const Competence* c : competences) {
        const std::vector<int>& list = listedBy(*c, kind);
        if (list.empty()) {
            all = true;
            break;
        }
        ids.insert(list.begin(), list.end());
    }
    std::vector<const T*> result;
    for (const T& item : items)
        if (all || ids.count(item.id)) result.push_back(&item);
    return result;
}

bool isKnown(const ReferenceData& reference, Offered kind, int id) {
    switch (kind) {
        case Offered::ServiceType: return reference.serviceType(id) != nullptr;
        case Offered::Manufacturer: return reference.manufacturer(id) != nullptr;
        case Offered::ProductType: return reference.productType(id) != nullptr;
        case Offered::ServiceLocation: break;
    }
    return reference.serviceLocation(id) != nullptr;
}

}  // namespace

bool isOriginatorType(const std::string& value) {
    return value == "private" || value == "registered" || value == "helpdesk";
}

bool isBookingType(const std::string& value) {
    return value == "companyToCompany" || value == "companyToPrivate" || value == "privateToPrivate";
}

std::optional<int> resolveManufacturer(const ReferenceData& reference, const std::string& idOrAlias) {
    if (const std::optional<int> id = intNumber(idOrAlias))  // no thousands separator: "1,012" names nothing
        return reference.manufacturer(*id) ? id : std::nullopt;
    if (const Manufacturer* m = reference.manufacturerByAlias(idOrAlias)) return m->id;
    return std::nullopt;
}

std::optional<int> resolveProductType(const ReferenceData& reference, const std::string& idOrAlias) {
    if (const std::optional<int> id = intNumber(idOrAlias))
        return reference.productType(*id) ? id : std::nullopt;
    if (const ProductType* p = reference.productTypeByAlias(idOrAlias)) return p->id;
    return std::nullopt;
}

std::vector<const Manufacturer*> offeredManufacturers(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().manufacturers, matchingCompetences(reference, filter), Offered::Manufacturer);
}

std::vector<const ServiceType*> offeredServiceTypes(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().serviceTypes, matchingCompetences(reference, filter), Offered::ServiceType);
}

std::vector<const ProductType*> offeredProductTypes(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().productTypes, matchingCompetences(reference, filter), Offered::ProductType);
}

std::vector<const ServiceLocation*> offeredServiceLocations(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().serviceLocations, matchingCompetences(reference, filter),
                   Offered::ServiceLocation);
}

bool isOffered(const ReferenceData& reference, const RoutingQuery& filter, Offered kind, int id) {
    // As offered(): a known item that a fitting competence admits.
    if (!isKnown(reference, kind, id)) return false;
    const std::vector<Competence>& competences = reference.content().competences;
    return std::any_of(competences.begin(), competences.end(),
                       [&](const Competence& c) { return fits(c, filter) && admits(listedBy(c, kind), id); });
}

std::vector<const ShippingMethod*> shippingMethodsAt(const ReferenceData& reference, int locationId) {
    std::vector<const ShippingMethod*> result;
    for (const ShippingMethod& method : reference.content().shippingMethods)
        if (admits(method.serviceLocationIds, locationId)) result.push_back(&method);
    return result;
}

std::vector<const ShippingMethod*> offeredShippingMethods(const ReferenceData& reference, const RoutingQuery& filter) {
    if (!filter.serviceLocation || !isOffered(reference, filter, Offered::ServiceLocation, *filter.serviceLocation))
        return {};
    return shippingMethodsAt(reference, *filter.serviceLocation);
}

std::vector<const Accessory*> accessoriesFor(const ReferenceData& reference, int productTypeId) {
    std::vector<const Accessory*> result;
    for (const Accessory& accessory : reference.content().accessories)
        if (admits(accessory.productTypeIds, productTypeId)) result.push_back(&accessory);
    return result;
}

}  // namespace sohub
