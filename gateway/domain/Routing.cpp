// Routing over the in-memory competences; never touches the store.
#include "domain/Routing.h"

#include <algorithm>

namespace sohub {
namespace {

template <typename T>
bool admits(const std::vector<T>& allowed, const std::optional<T>& value) {
    return !value || allowed.empty() || std::find(allowed.begin(), allowed.end(), *value) != allowed.end();
}

bool admitsPostalCode(const std::vector<PostalCodeRange>& ranges, const std::optional<std::string>& code) {
    return !code || ranges.empty() ||
           std::any_of(ranges.begin(), ranges.end(), [&](const PostalCodeRange& r) { return r.contains(*code); });
}

}  // namespace

bool fits(const Competence& c, const RoutingQuery& q) {
    if (q.partnerId != 0 && !c.partnerIds.empty() &&
        std::find(c.partnerIds.begin(), c.partnerIds.end(), q.partnerId) == c.partnerIds.end())
        return false;
    return admits(c.originatorTypes, q.originatorType) && admits(c.bookingTypes, q.bookingType) &&
           admits(c.serviceTypes, q.serviceType) && admits(c.manufacturers, q.manufacturer) &&
           admits(c.productTypes, q.productType) && admits(c.serviceLocations, q.serviceLocation) &&
           admitsPostalCode(c.postalCodes, q.clientPostalCode);
}

namespace {

bool samePostalCodes(const std::vector<PostalCodeRange>& a, const std::vector<PostalCodeRange>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const PostalCodeRange& x, const PostalCodeRange& y) { return x.from == y.from && x.to == y.to; });
}

// An unknown field matters when the remaining competences do not all say the same about it.
template <typename Field>
bool differ(const std::vector<const Competence*>& candidates, Field field) {
    return std::any_of(candidates.begin(), candidates.end(),
                       [&](const Competence* c) { return field(*c) != field(*candidates.front()); });
}

}  // namespace

std::vector<const Competence*> matchingCompetences(const ReferenceData& reference, const RoutingQuery& query) {
    std::vector<const Competence*> found;
    for (const Competence& c : reference.content().competences)
        if (fits(c, query)) found.push_back(&c);
    return found;
}

RoutingDecision route(const ReferenceData& reference, const RoutingQuery& query) {
    RoutingDecision decision;
    const std::vector<const Competence*> candidates = matchingCompetences(reference, query);
    if (candidates.empty()) return decision;

    std::vector<std::string> needed;
    if (candidates.size() > 1) {
        if (!query.bookingType && differ(candidates, [](const Competence& c) { return c.bookingTypes; }))
            needed.emplace_back("bookingType");
        if (!query.clientPostalCode) {
            const bool postalDiffers = std::any_of(candidates.begin(), candidates.end(), [&](const Competence* c) {
                return !samePostalCodes(c->postalCodes, candidates.front()->postalCodes);
            });
            if (postalDiffers) needed.emplace_back("clientPostalCode");
        }
        if (!query.manufacturer && differ(candidates, [](const Competence& c) { return c.manufacturers; }))
            needed.emplace_back("manufacturer");
        if (!query.originatorType && differ(candidates, [](const Competence& c) { return c.originatorTypes; }))
            needed.emplace_back("originatorType");
        if (!query.productType && differ(candidates, [](const Competence& c) { return c.productTypes; }))
            needed.emplace_back("productType");
        if (!query.serviceLocation && differ(candidates, [](const Competence& c) { return c.serviceLocations; }))
            needed.emplace_back("serviceLocation");
        if (!query.serviceType && differ(candidates, [](const Competence& c) { return c.serviceTypes; }))
            needed.emplace_back("serviceType");
    }
    if (!needed.empty()) {
        decision.outcome = RoutingDecision::Outcome::NotEnoughData;
        decision.paramsNeeded = std::move(needed);
        return decision;
    }
    // Competences that overlap completely: the higher priority wins, then the older rule.
    decision.competence = *std::min_element(candidates.begin(), candidates.end(), [](const Competence* a, const Competence* b) {
        return a->priority != b->priority ? a->priority > b->priority : a->id < b->id;
    });
    decision.outcome = RoutingDecision::Outcome::Routed;
    return decision;
}

}  // namespace sohub
