// Reference lists narrowed by the competences that fit a filter.
#include "domain/Catalogue.h"

#include <Poco/NumberParser.h>

#include <algorithm>
#include <set>

namespace sohub {
namespace {

// Items whose id some matching competence admits (an empty competence list admits every item).
template <typename T, typename Field>
std::vector<const T*> offered(const std::vector<T>& items, const std::vector<const Competence*>& competences, Field field) {
    std::set<int> ids;
    bool all = false;
    for (const Competence* c : competences) {
        const std::vector<int>& list = field(*c);
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

}  // namespace

bool isOriginatorType(const std::string& value) {
    return value == "private" || value == "registered" || value == "helpdesk";
}

bool isBookingType(const std::string& value) {
    return value == "companyToCompany" || value == "companyToPrivate" || value == "privateToPrivate";
}

std::optional<int> resolveManufacturer(const ReferenceData& reference, const std::string& idOrAlias) {
    int id = 0;
    if (Poco::NumberParser::tryParse(idOrAlias, id)) return reference.manufacturer(id) ? std::optional<int>(id) : std::nullopt;
    if (const Manufacturer* m = reference.manufacturerByAlias(idOrAlias)) return m->id;
    return std::nullopt;
}

std::optional<int> resolveProductType(const ReferenceData& reference, const std::string& idOrAlias) {
    int id = 0;
    if (Poco::NumberParser::tryParse(idOrAlias, id)) return reference.productType(id) ? std::optional<int>(id) : std::nullopt;
    if (const ProductType* p = reference.productTypeByAlias(idOrAlias)) return p->id;
    return std::nullopt;
}

std::vector<const Manufacturer*> offeredManufacturers(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().manufacturers, matchingCompetences(reference, filter),
                   [](const Competence& c) -> const std::vector<int>& { return c.manufacturers; });
}

std::vector<const ServiceType*> offeredServiceTypes(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().serviceTypes, matchingCompetences(reference, filter),
                   [](const Competence& c) -> const std::vector<int>& { return c.serviceTypes; });
}

std::vector<const ProductType*> offeredProductTypes(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().productTypes, matchingCompetences(reference, filter),
                   [](const Competence& c) -> const std::vector<int>& { return c.productTypes; });
}

std::vector<const ServiceLocation*> offeredServiceLocations(const ReferenceData& reference, const RoutingQuery& filter) {
    return offered(reference.content().serviceLocations, matchingCompetences(reference, filter),
                   [](const Competence& c) -> const std::vector<int>& { return c.serviceLocations; });
}

bool isOffered(const ReferenceData& reference, const RoutingQuery& filter, Offered kind, int id) {
    const std::vector<int>& (*field)(const Competence&) = nullptr;
    bool known = false;
    switch (kind) {
        case Offered::ServiceType:
            known = reference.serviceType(id) != nullptr;
            field = [](const Competence& c) -> const std::vector<int>& { return c.serviceTypes; };
            break;
        case Offered::Manufacturer:
            known = reference.manufacturer(id) != nullptr;
            field = [](const Competence& c) -> const std::vector<int>& { return c.manufacturers; };
            break;
        case Offered::ProductType:
            known = reference.productType(id) != nullptr;
            field = [](const Competence& c) -> const std::vector<int>& { return c.productTypes; };
            break;
        case Offered::ServiceLocation:
            known = reference.serviceLocation(id) != nullptr;
            field = [](const Competence& c) -> const std::vector<int>& { return c.serviceLocations; };
            break;
    }
    if (!known) return false;
    // As offered(): an item is offered when a fitting competence lists it or lists nothing of its kind.
    for (const Competence& competence : reference.content().competences) {
        if (!fits(competence, filter)) continue;
        const std::vector<int>& ids = field(competence);
        if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end()) return true;
    }
    return false;
}

std::vector<const ShippingMethod*> offeredShippingMethods(const ReferenceData& reference, const RoutingQuery& filter) {
    std::vector<const ShippingMethod*> result;
    if (!filter.serviceLocation) return result;
    if (!isOffered(reference, filter, Offered::ServiceLocation, *filter.serviceLocation)) return result;
    for (const ShippingMethod& method : reference.content().shippingMethods) {
        const auto& ids = method.serviceLocationIds;
        if (ids.empty() || std::find(ids.begin(), ids.end(), *filter.serviceLocation) != ids.end()) result.push_back(&method);
    }
    return result;
}

std::vector<const Accessory*> accessoriesFor(const ReferenceData& reference, int productTypeId) {
    std::vector<const Accessory*> result;
    for (const Accessory& accessory : reference.content().accessories) {
        const auto& ids = accessory.productTypeIds;
        if (ids.empty() || std::find(ids.begin(), ids.end(), productTypeId) != ids.end()) result.push_back(&accessory);
    }
    return result;
}

}  // namespace sohub
