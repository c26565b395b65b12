// Routing: which competence (and so which provider) takes a case of the given kind.
#pragma once

#include "domain/Reference.h"

#include <optional>
#include <string>
#include <vector>

namespace sohub {

// What is known about a case; an absent field is still unknown. Ids are resolved (aliases already mapped).
struct RoutingQuery {
    std::optional<std::string> originatorType;
    std::optional<std::string> bookingType;
    std::optional<int> serviceType;
    std::optional<int> manufacturer;
    std::optional<int> productType;
    std::optional<std::string> clientPostalCode;
    std::optional<int> serviceLocation;
    int partnerId = 0;  // the booking partner; 0 when the caller is not a partner
};

struct RoutingDecision {
    enum class Outcome { Routed, NoCompetence, NotEnoughData };
    Outcome outcome = Outcome::NoCompetence;
    const Competence* competence = nullptr;
    std::vector<std::string> paramsNeeded;  // alphabetical, with NotEnoughData
};

// Whether the competence is consistent with everything the query knows.
bool fits(const Competence& competence, const RoutingQuery& query);
// Competences consistent with everything the query knows.
std::vector<const Competence*> matchingCompetences(const ReferenceData& reference, const RoutingQuery& query);

// Routed when the known fields leave one answer; NotEnoughData names the unknown fields on which the
// remaining competences still differ; NoCompetence when nothing fits.
RoutingDecision route(const ReferenceData& reference, const RoutingQuery& query);

}  // namespace sohub
