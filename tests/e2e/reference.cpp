// End-to-end: the six reference endpoints with their filters and required parameters.
#define BOOST_TEST_MODULE e2e_reference
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

using namespace sohub::test;

namespace {
struct Server {
    Daemon daemon;

    std::vector<int> ids(const std::string& path) const {
        const HttpResult r = daemon.http().get(path, acme);
        BOOST_REQUIRE_MESSAGE(r.status == 200, path + " -> " + std::to_string(r.status) + " " + r.body);
        std::vector<int> found;
        const auto list = r.object()->getArray("data");
        for (std::size_t i = 0; i < list->size(); ++i) found.push_back(list->getObject(static_cast<unsigned>(i))->getValue<int>("id"));
        return found;
    }

    void expectRequired(const std::string& path, const std::string& field) const {
        const HttpResult r = daemon.http().get(path, acme);
        BOOST_TEST(r.status == 400, path);
        const auto details = r.object()->getObject("error")->getObject("details");
        BOOST_REQUIRE(details->has(field));
        BOOST_TEST(details->getArray(field)->getElement<std::string>(0) == "Field is required");
    }
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(reference, Server)

BOOST_AUTO_TEST_CASE(manufacturers_with_external_data) {
    BOOST_TEST(ids("/api/v3/manufacturers") == (std::vector<int>{1012, 1013, 1014, 1015}));
    const auto first = daemon.http().get("/api/v3/manufacturers", acme).object()->getArray("data")->getObject(0);
    BOOST_TEST(first->getValue<std::string>("name") == "Apple");
    BOOST_TEST(first->getObject("externalData")->getValue<std::string>("sesamCode") == "APL");
}

BOOST_AUTO_TEST_CASE(manufacturers_filtered_by_service_type_and_postal_code) {
    BOOST_TEST(ids("/api/v3/manufacturers?originatorType=private&bookingType=companyToPrivate&serviceType=1") ==
               (std::vector<int>{1012, 1013}));
    BOOST_TEST(ids("/api/v3/manufacturers?serviceType=4&clientPostalCode=2500") == (std::vector<int>{1014, 1015}));
}

BOOST_AUTO_TEST_CASE(service_types_carry_properties) {
    const HttpResult r = daemon.http().get("/api/v3/service-types?manufacturer=apple", acme);
    BOOST_TEST(r.status == 200);
    const auto list = r.object()->getArray("data");
    BOOST_TEST(list->size() == 3u);
    const auto warranty = list->getObject(0);
    BOOST_TEST(warranty->getValue<int>("id") == 1);
    BOOST_TEST(warranty->getObject("properties")->getValue<bool>("requirePurchaseDate"));
    BOOST_TEST(warranty->has("externalData"));
}

BOOST_AUTO_TEST_CASE(product_types_need_a_manufacturer) {
    expectRequired("/api/v3/product-types", "manufacturer");
    BOOST_TEST(ids("/api/v3/product-types?manufacturer=1012") == (std::vector<int>{1001, 1002, 1003}));
    BOOST_TEST(ids("/api/v3/product-types?manufacturer=samsung") == (std::vector<int>{1001, 1002, 1004, 1005}));
    const auto phone = daemon.http().get("/api/v3/product-types?manufacturer=1012", acme).object()->getArray("data")->getObject(1);
    BOOST_TEST(phone->getObject("properties")->getValue<bool>("requireImei"));
    BOOST_TEST(phone->getObject("properties")->getValue<bool>("allowPassword"));
}

BOOST_AUTO_TEST_CASE(unknown_manufacturer_is_not_a_possible_option) {
    const HttpResult r = daemon.http().get("/api/v3/product-types?manufacturer=acme-toasters", acme);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.object()->getObject("error")->getObject("details")->getArray("manufacturer")->getElement<std::string>(0) ==
               "Value is not present in possible options");
}

BOOST_AUTO_TEST_CASE(service_locations_need_service_type_manufacturer_and_product_type) {
    expectRequired("/api/v3/service-locations?manufacturer=1012&productType=1001", "serviceType");
    expectRequired("/api/v3/service-locations?serviceType=4&productType=1001", "manufacturer");
    expectRequired("/api/v3/service-locations?serviceType=4&manufacturer=1012", "productType");
    BOOST_TEST(ids("/api/v3/service-locations?serviceType=4&manufacturer=1012&productType=1001") ==
               (std::vector<int>{1, 2, 3}));
    BOOST_TEST(ids("/api/v3/service-locations?serviceType=4&manufacturer=1014&productType=1001") ==
               (std::vector<int>{1, 3}));
}

BOOST_AUTO_TEST_CASE(accessories_of_a_product_type) {
    expectRequired("/api/v3/accessory", "productType");
    BOOST_TEST(ids("/api/v3/accessory?productType=1001") == (std::vector<int>{1093, 1094, 1095, 1096, 2501}));
    BOOST_TEST(ids("/api/v3/accessory?productType=dishwasher") == (std::vector<int>{2501}));
    const auto charger = daemon.http().get("/api/v3/accessory?productType=1001", acme).object()->getArray("data")->getObject(0);
    BOOST_TEST(charger->getValue<std::string>("name") == "Charger");
}

BOOST_AUTO_TEST_CASE(accessories_take_the_filter_of_every_reference_list) {
    BOOST_TEST(ids("/api/v3/accessory?originatorType=private&bookingType=companyToPrivate&serviceType=4"
                   "&manufacturer=apple&productType=mobile-phone&serviceLocation=3&clientPostalCode=1145") ==
               (std::vector<int>{1093, 1094, 1095, 2501}));
    BOOST_TEST(ids("/api/v3/accessory?product_type=1002&booking-type=companyToPrivate") ==
               (std::vector<int>{1093, 1094, 1095, 2501}));
    const HttpResult bad = daemon.http().get("/api/v3/accessory?productType=1002&originatorType=martian", acme);
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.object()->getObject("error")->getObject("details")->has("originatorType"));
    BOOST_TEST(daemon.http().get("/api/v3/accessory?productType=1002&colour=red", acme).status == 400);
}

BOOST_AUTO_TEST_CASE(the_unknown_parameter_is_the_one_named) {
    const auto unknownField = [&](const std::string& path) {
        const HttpResult r = daemon.http().get(path, acme);
        BOOST_TEST(r.status == 400, path);
        const auto details = r.object()->getObject("error")->getObject("details");
        std::vector<std::string> names;
        details->getNames(names);
        BOOST_REQUIRE(names.size() == 1u);
        BOOST_TEST(details->getArray(names[0])->getElement<std::string>(0) == "Value is not present in possible options");
        return names[0];
    };
    BOOST_TEST(unknownField("/api/v3/service-types?manufacturer=&serviceType=999") == "serviceType");
    BOOST_TEST(unknownField("/api/v3/manufacturers?productType=&serviceLocation=9") == "serviceLocation");
    BOOST_TEST(unknownField("/api/v3/service-types?productType=toaster") == "productType");
    BOOST_TEST(unknownField("/api/v3/service-locations?serviceType=4&manufacturer=apple&productType=9999") == "productType");
}

BOOST_AUTO_TEST_CASE(every_offered_location_is_routable) {
    // What the lists offer step by step, routing takes (the README's reference-list choice).
    const std::string kind = "originatorType=private&bookingType=companyToPrivate&clientPostalCode=1145";
    for (const int serviceType : ids("/api/v3/service-types?" + kind))
        for (const int manufacturer : ids("/api/v3/manufacturers?" + kind + "&serviceType=" + std::to_string(serviceType)))
            for (const int productType : ids("/api/v3/product-types?" + kind + "&serviceType=" + std::to_string(serviceType) +
                                             "&manufacturer=" + std::to_string(manufacturer))) {
                const std::string chosen = kind + "&serviceType=" + std::to_string(serviceType) + "&manufacturer=" +
                                           std::to_string(manufacturer) + "&productType=" + std::to_string(productType);
                for (const int location : ids("/api/v3/service-locations?" + chosen)) {
                    const std::string path = "/api/v3/routing?" + chosen + "&serviceLocation=" + std::to_string(location);
                    BOOST_TEST(daemon.http().get(path, acme).status == 200, path);
                }
            }
}

BOOST_AUTO_TEST_CASE(shipping_methods_for_a_location) {
    expectRequired("/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001", "serviceLocation");
    BOOST_TEST(ids("/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=3") ==
               (std::vector<int>{1, 2}));
    BOOST_TEST(ids("/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=1") ==
               (std::vector<int>{1, 2, 3}));
    BOOST_TEST(ids("/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=2").empty());
    const auto dhl = daemon.http()
                         .get("/api/v3/shipping-methods?serviceType=4&manufacturer=1012&productType=1001&serviceLocation=3", acme)
                         .object()->getArray("data")->getObject(1);
    BOOST_TEST(dhl->getObject("properties")->getValue<bool>("requirePickupDate"));
    BOOST_TEST(dhl->getObject("properties")->getArray("goodsTypeList")->size() == 3u);
}

BOOST_AUTO_TEST_CASE(enumerations_and_numbers_are_checked) {
    const HttpResult bad = daemon.http().get("/api/v3/manufacturers?originatorType=martian", acme);
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.object()->getObject("error")->getObject("details")->has("originatorType"));
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers?bookingType=toMars", acme).status == 400);
    const HttpResult notNumber = daemon.http().get("/api/v3/routing?serviceType=four", acme);
    BOOST_TEST(notNumber.status == 400);
    BOOST_TEST(notNumber.object()->getObject("error")->getObject("details")->getArray("serviceType")->getElement<std::string>(0) ==
               "Must be a number");
    // A NUL ends no number: Poco's parser read "4%00x" as 4, and "1012%00" named manufacturer 1012.
    BOOST_TEST(daemon.http().get("/api/v3/routing?serviceType=4%00x", acme).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/service-types?serviceLocation=1%00", acme).status == 400);
    BOOST_TEST(daemon.http().get("/api/v3/product-types?manufacturer=1012%00", acme).status == 400);
    const HttpResult blanks = daemon.http().get("/api/v3/product-types?manufacturer=%201012%20", acme);
    BOOST_TEST(blanks.object()->getArray("data")->size() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
