// Unit tests of the routing engine and postal code ranges on the sample competences.
#define BOOST_TEST_MODULE unit_routing
#include <boost/test/unit_test.hpp>

#include "domain/Catalogue.h"
#include "domain/Routing.h"
#include "support/SampleReference.h"

#include <algorithm>
#include <random>

using namespace sohub;

namespace {
RoutingQuery exampleQuery() {
    RoutingQuery q;
    q.originatorType = "private";
    q.bookingType = "companyToPrivate";
    q.serviceType = 4;
    q.manufacturer = 1012;
    q.productType = 1001;
    q.serviceLocation = 3;
    q.clientPostalCode = "1145";
    q.partnerId = 1;
    return q;
}

Competence ruleFor(int id, int provider, std::vector<int> manufacturers) {
    Competence c;
    c.id = id;
    c.serviceProviderId = provider;
    c.manufacturers = std::move(manufacturers);
    return c;
}
}  // namespace

BOOST_AUTO_TEST_CASE(documented_example_routes_to_provider_1) {
    const auto reference = test::sampleReference();
    const RoutingDecision d = route(*reference, exampleQuery());
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::Routed));
    BOOST_TEST(d.competence->serviceProviderId == 1);
    BOOST_TEST(d.competence->id == 1);
}

BOOST_AUTO_TEST_CASE(missing_parameters_that_matter_are_named_alphabetically) {
    const auto reference = test::sampleReference();
    RoutingQuery q = exampleQuery();
    q.manufacturer.reset();
    q.serviceType.reset();
    const RoutingDecision d = route(*reference, q);
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::NotEnoughData));
    BOOST_TEST(d.paramsNeeded == (std::vector<std::string>{"manufacturer", "serviceType"}));
}

BOOST_AUTO_TEST_CASE(missing_parameters_that_do_not_matter_are_not_needed) {
    const auto reference = test::sampleReference();
    RoutingQuery q = exampleQuery();
    q.originatorType.reset();
    q.bookingType.reset();
    q.serviceLocation.reset();
    const RoutingDecision d = route(*reference, q);
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::Routed));
    BOOST_TEST(d.competence->serviceProviderId == 1);
}

BOOST_AUTO_TEST_CASE(nothing_known_asks_for_every_distinguishing_parameter) {
    const auto reference = test::sampleReference();
    RoutingQuery q;
    q.partnerId = 2;
    const RoutingDecision d = route(*reference, q);
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::NotEnoughData));
    BOOST_TEST(d.paramsNeeded == (std::vector<std::string>{"clientPostalCode", "manufacturer", "originatorType",
                                                           "productType", "serviceLocation", "serviceType"}));
}

BOOST_AUTO_TEST_CASE(postal_code_outside_every_range_has_no_competence) {
    const auto reference = test::sampleReference();
    RoutingQuery q = exampleQuery();
    q.clientPostalCode = "9999";
    BOOST_TEST(static_cast<int>(route(*reference, q).outcome) ==
               static_cast<int>(RoutingDecision::Outcome::NoCompetence));
}

BOOST_AUTO_TEST_CASE(partner_restricted_competence_serves_only_that_partner) {
    const auto reference = test::sampleReference();
    RoutingQuery q = exampleQuery();
    q.serviceType = 5;  // competence 3 is for globex (partner 2) only
    q.partnerId = 1;
    BOOST_TEST(static_cast<int>(route(*reference, q).outcome) ==
               static_cast<int>(RoutingDecision::Outcome::NoCompetence));
    q.partnerId = 2;
    const RoutingDecision d = route(*reference, q);
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::Routed));
    BOOST_TEST(d.competence->serviceProviderId == 2);
}

BOOST_AUTO_TEST_CASE(overlapping_competences_pick_the_higher_priority) {
    ReferenceContent content;
    Competence low = ruleFor(1, 1, {7});
    Competence high = ruleFor(2, 2, {7});
    high.priority = 5;
    content.competences = {low, high};
    const ReferenceData reference(content);
    RoutingQuery q;
    q.manufacturer = 7;
    const RoutingDecision d = route(reference, q);
    BOOST_TEST(static_cast<int>(d.outcome) == static_cast<int>(RoutingDecision::Outcome::Routed));
    BOOST_TEST(d.competence->serviceProviderId == 2);
}

BOOST_AUTO_TEST_CASE(empty_criteria_match_anything) {
    ReferenceContent content;
    content.competences = {ruleFor(1, 3, {})};
    const ReferenceData reference(content);
    RoutingQuery q;
    q.manufacturer = 123456;
    q.clientPostalCode = "00000";
    BOOST_TEST(route(reference, q).competence->serviceProviderId == 3);
}

BOOST_AUTO_TEST_CASE(postal_code_ranges_compare_numbers_not_text) {
    const PostalCodeRange range{"1000", "1999"};
    BOOST_TEST(range.contains("1145"));
    BOOST_TEST(range.contains("1000"));
    BOOST_TEST(range.contains("1999"));
    BOOST_TEST(range.contains("11 45"));
    BOOST_TEST(!range.contains("999"));
    BOOST_TEST(!range.contains("10000"));
    BOOST_TEST(!range.contains("2000"));
}

BOOST_AUTO_TEST_CASE(catalogue_offers_what_matching_competences_offer) {
    const auto reference = test::sampleReference();
    RoutingQuery q;
    q.partnerId = 1;
    q.manufacturer = 1014;
    std::vector<int> ids;
    for (const ProductType* p : offeredProductTypes(*reference, q)) ids.push_back(p->id);
    BOOST_TEST(ids == (std::vector<int>{1001, 1002, 1004, 1005}));
    BOOST_TEST(*resolveManufacturer(*reference, "apple") == 1012);
    BOOST_TEST(*resolveManufacturer(*reference, "1012") == 1012);
    BOOST_TEST(!resolveManufacturer(*reference, "9999"));
    // A thousands separator makes no id of it: Poco's parser alone read "1,012" as 1012 and "10,01" as 1001.
    BOOST_TEST(!resolveManufacturer(*reference, "1,012"));
    BOOST_TEST(!resolveProductType(*reference, "10,01"));
    // Nor does a NUL: Poco's parser stopped at it, so "1012\0x" (a query's "1012%00x") named 1012.
    BOOST_TEST(!resolveManufacturer(*reference, std::string("1012\0x", 6)));
    BOOST_TEST(!resolveProductType(*reference, std::string("1001\0", 5)));
    BOOST_TEST(resolveManufacturer(*reference, " 1012 ").value_or(0) == 1012);
    BOOST_TEST(resolveProductType(*reference, "1001.0").value_or(0) == 1001);
    BOOST_TEST(!resolveProductType(*reference, "toaster"));
}

// isOffered answers as the offered lists do, for every item of every kind (and ids that name nothing) under queries
// that know any part of a case, from the sample's own values and values no competence names.
namespace {
void checkIsOfferedAgainstLists(const ReferenceData* reference) {
    const ReferenceContent& content = reference->content();
    std::mt19937 random(11);
    const auto pick = [&](const auto& items) -> std::optional<int> {
        const std::size_t choice = random() % (items.size() + 2);
        if (choice == items.size()) return std::nullopt;
        if (choice == items.size() + 1) return 987654;
        return items[choice].id;
    };
    const std::vector<std::optional<std::string>> originators{std::nullopt, "private", "registered", "helpdesk"};
    const std::vector<std::optional<std::string>> bookings{std::nullopt, "companyToCompany", "companyToPrivate", "privateToPrivate"};
    const std::vector<std::optional<std::string>> postalCodes{std::nullopt, "1145", "0123", "99999"};
    const auto has = [](const auto& list, int id) {
        return std::any_of(list.begin(), list.end(), [&](const auto* item) { return item->id == id; });
    };
    int offeredSeen = 0;
    for (int round = 0; round < 3000; ++round) {
        RoutingQuery q;
        q.partnerId = static_cast<int>(random() % 4);
        q.originatorType = originators[random() % originators.size()];
        q.bookingType = bookings[random() % bookings.size()];
        q.clientPostalCode = postalCodes[random() % postalCodes.size()];
        q.serviceType = pick(content.serviceTypes);
        q.manufacturer = pick(content.manufacturers);
        q.productType = pick(content.productTypes);
        q.serviceLocation = pick(content.serviceLocations);
        const auto check = [&](Offered kind, const auto& items, const auto& offered) {
            std::vector<int> ids{0, -1, 987654};
            for (const auto& item : items) ids.push_back(item.id);
            for (const int id : ids) {
                BOOST_TEST_CONTEXT("round " << round << ", kind " << static_cast<int>(kind) << ", id " << id) {
                    BOOST_TEST(isOffered(*reference, q, kind, id) == has(offered, id));
                }
                offeredSeen += has(offered, id);
            }
        };
        check(Offered::ServiceType, content.serviceTypes, offeredServiceTypes(*reference, q));
        check(Offered::Manufacturer, content.manufacturers, offeredManufacturers(*reference, q));
        check(Offered::ProductType, content.productTypes, offeredProductTypes(*reference, q));
        check(Offered::ServiceLocation, content.serviceLocations, offeredServiceLocations(*reference, q));
    }
    BOOST_TEST(offeredSeen > 1000);  // the queries do find offers, not only empty lists
}
}  // namespace

BOOST_AUTO_TEST_CASE(is_offered_agrees_with_the_offered_lists) {
    checkIsOfferedAgainstLists(test::sampleReference().get());
    // With competences that list nothing of a kind (which admits every item of it, and still no unknown id).
    ReferenceContent content = test::sampleReference()->content();
    Competence anything = ruleFor(90, 2, {});
    anything.partnerIds = {2};
    Competence anyManufacturer = ruleFor(91, 1, {});
    anyManufacturer.serviceTypes = {content.serviceTypes.front().id};
    anyManufacturer.productTypes = {content.productTypes.back().id};
    anyManufacturer.serviceLocations = {content.serviceLocations.front().id};
    content.competences.push_back(anything);
    content.competences.push_back(anyManufacturer);
    const ReferenceData widened(content);
    checkIsOfferedAgainstLists(&widened);
}
