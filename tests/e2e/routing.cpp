// End-to-end: GET /api/v3/routing against a real sohubd with the sample data.
#define BOOST_TEST_MODULE e2e_routing
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

#include <Poco/JSON/Parser.h>

using namespace sohub::test;

namespace {
const std::string example =
    "/api/v3/routing?originatorType=private&bookingType=companyToPrivate&serviceType=4&manufacturer=1012"
    "&productType=1001&serviceLocation=3&clientPostalCode=1145";

struct Server {
    Daemon daemon;
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(routing, Server)

BOOST_AUTO_TEST_CASE(documented_example_routes_to_infocare) {
    const HttpResult r = daemon.http().get(example, acme);
    BOOST_TEST(r.status == 200);
    const auto data = r.object()->getObject("data");
    const auto provider = data->getObject("serviceProvider");
    BOOST_TEST(provider->getValue<int>("id") == 1);
    BOOST_TEST(provider->getValue<std::string>("name") == "InfoCare Workshop");
    const auto contact = provider->getObject("contactData");
    BOOST_TEST(contact->getValue<std::string>("address") == "Arabygatan 9");
    BOOST_TEST(contact->isNull("mobile"));
    const auto competence = data->getObject("serviceProviderCompetence");
    BOOST_TEST(competence->getValue<std::string>("sesam") == "Sesam31");
    BOOST_TEST(competence->getValue<bool>("primarySesam") == true);
    BOOST_TEST(competence->getValue<int>("id") == 1);
    BOOST_TEST(data->getObject("servicePartner")->getValue<std::string>("name") == "InfoCare Workshop SE");
    BOOST_TEST(data->getObject("servicePartnerCompetence")->getValue<std::string>("overrideCode") == "infocare-override");
}

BOOST_AUTO_TEST_CASE(documented_example_has_the_keys_in_the_order_of_the_document) {
    const HttpResult r = daemon.http().get(example, acme);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto data = Poco::JSON::Parser(new Poco::JSON::ParseHandler(true))
                          .parse(r.body)
                          .extract<Poco::JSON::Object::Ptr>()
                          ->getObject("data");
    const auto keys = [&](const std::string& name) {
        std::vector<std::string> names;
        data->getObject(name)->getNames(names);
        return names;
    };
    std::vector<std::string> top;
    data->getNames(top);
    BOOST_TEST(top == (std::vector<std::string>{"serviceProvider", "serviceProviderCompetence", "servicePartner",
                                                "servicePartnerCompetence"}));
    BOOST_TEST(keys("serviceProvider") == (std::vector<std::string>{"id", "name", "contactData"}));
    BOOST_TEST(keys("serviceProviderCompetence") ==
               (std::vector<std::string>{"sesam", "persDep", "departmentId", "primarySesam", "id", "overrideCode"}));
    BOOST_TEST(keys("servicePartner") == (std::vector<std::string>{"id", "name"}));
    BOOST_TEST(keys("servicePartnerCompetence") == (std::vector<std::string>{"id", "overrideCode"}));
}

BOOST_AUTO_TEST_CASE(aliases_and_notations_route_the_same) {
    const HttpResult r = daemon.http().get(
        "/api/v3/routing?originator_type=private&booking-type=companyToPrivate&service_type=4&manufacturer=apple"
        "&product-type=tablet&serviceLocation=3&client_postal_code=1145",
        acme);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.object()->getObject("data")->getObject("serviceProvider")->getValue<int>("id") == 1);
}

BOOST_AUTO_TEST_CASE(not_enough_data_names_exactly_the_missing_parameters) {
    const HttpResult r = daemon.http().get(
        "/api/v3/routing?originatorType=private&bookingType=companyToPrivate&productType=1001&serviceLocation=3"
        "&clientPostalCode=1145",
        acme);
    BOOST_TEST(r.status == 400);
    const auto body = r.object();
    BOOST_TEST(body->getValue<std::string>("error") == "Not enough data");
    BOOST_TEST(toJson(body->getObject("data")->get("paramsNeeded")) == R"(["manufacturer","serviceType"])");
}

BOOST_AUTO_TEST_CASE(no_competence_is_404_with_null_data) {
    const HttpResult r = daemon.http().get(
        "/api/v3/routing?originatorType=private&bookingType=companyToPrivate&serviceType=4&manufacturer=1012"
        "&productType=1001&serviceLocation=3&clientPostalCode=9999",
        acme);
    BOOST_TEST(r.status == 404);
    const auto body = r.object();
    BOOST_TEST(body->getObject("error")->getValue<std::string>("message") == "Can't process this case");
    BOOST_TEST(body->has("data"));
    BOOST_TEST(body->isNull("data"));
}

BOOST_AUTO_TEST_SUITE_END()
