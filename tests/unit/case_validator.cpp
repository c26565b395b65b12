// Unit tests of the one booking validator on the sample reference data (samples/seed.json).
#define BOOST_TEST_MODULE unit_case_validator
#include <boost/test/unit_test.hpp>

#include "domain/Catalogue.h"
#include "domain/CaseValidator.h"
#include "support/BookingExample.h"
#include "support/SampleReference.h"

#include <Poco/JSON/Array.h>

using namespace sohub;
using namespace sohub::test;

namespace {

const BookingParty acmeParty{1, 1001};
const BookingParty globexParty{2, 1002};

Validation check(const std::vector<Edit>& edits, const BookingParty& party = acmeParty) {
    return CaseValidator().validate((*sampleReference()), party, example(edits));
}

std::string details(const Validation& v) { return text(v.errors.toJson()); }

bool reports(const Validation& v, const std::string& field, const std::string& problem) {
    const auto it = v.errors.all().find(field);
    return it != v.errors.all().end() && std::find(it->second.begin(), it->second.end(), problem) != it->second.end();
}

std::vector<Edit> concat(std::vector<Edit> a, const std::vector<Edit>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Globex requires shipping: at location 3 the first method by name is "DHL Freight" (id 2), which itself needs
// a pickup date, a weight or volume and a goods type.
const std::vector<Edit> dhlFields = {set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"),
                                     set("productData.weight", "3.2"), set("orderData.goodsType", R"("parcel")")};

}  // namespace

BOOST_AUTO_TEST_CASE(documented_example_is_valid_and_routes_to_infocare) {
    const Validation v = check({});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->serviceProviderId == 1);
    BOOST_TEST(v.booking->servicePartnerId == 1);
    BOOST_TEST(v.booking->competenceId == 1);
    BOOST_TEST(v.booking->manufacturerId == 1012);
    BOOST_TEST(v.booking->productTypeId == 1001);
    BOOST_TEST(!v.booking->shippingMethodId.has_value());
    BOOST_TEST(!v.trackingId.has_value());
}

BOOST_AUTO_TEST_CASE(every_rule_case_is_reported_on_its_field_and_passes_when_repaired) {
    for (const RuleCase& rule : ruleCases()) {
        BOOST_TEST_CONTEXT(rule.name) {
            const Validation broken = check(rule.broken);
            BOOST_TEST(!broken.valid());
            BOOST_TEST(reports(broken, rule.field, rule.problem), details(broken));
            const Validation repaired = check(concat(rule.broken, rule.repair));
            BOOST_TEST(repaired.valid(), details(repaired));
        }
    }
}

BOOST_AUTO_TEST_CASE(all_problems_are_collected_in_one_pass) {
    const Validation v = check({drop("productData.password"), drop("consumer.firstName"), set("location", "77"),
                                drop("orderData.consents"), set("customer.countryCode", R"("Sweden")")});
    BOOST_TEST(reports(v, "productData.password", "Field is required"));
    BOOST_TEST(reports(v, "consumer.firstName", "Field is required"));
    BOOST_TEST(reports(v, "location", "Value is not present in possible options"));
    BOOST_TEST(reports(v, "acceptConditions", "Field is required"));
    BOOST_TEST(reports(v, "customer.countryCode", "Must be at most 2 characters"));
    BOOST_TEST(reports(v, "customer.countryCode", "Wrong format"));
}

BOOST_AUTO_TEST_CASE(unexpected_fields_are_ignored) {
    const Validation v = check({set("colour", R"("blue")"), set("id", "5"), set("guid", R"("x")")});
    BOOST_TEST(v.valid(), details(v));
}

BOOST_AUTO_TEST_CASE(null_counts_as_absent) {
    BOOST_TEST(check({set("shipping", "null"), set("pickupDestination", "null")}).valid());
    BOOST_TEST(reports(check({set("productData.password", "null")}), "productData.password", "Field is required"));
    BOOST_TEST(reports(check({set("productData.password", R"("")")}), "productData.password", "Field is required"));
}

BOOST_AUTO_TEST_CASE(aliases_resolve_to_ids) {
    const Validation v = check({set("manufacturer", R"("apple")"), set("productType", R"("tablet")")});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->manufacturerId == 1012);
    BOOST_TEST(v.booking->productTypeId == 1001);
}

BOOST_AUTO_TEST_CASE(integers_beyond_64_bits_name_nothing_and_do_not_fail_the_validator) {
    const char* const notInOptions = "Value is not present in possible options";
    BOOST_TEST(reports(check({set("serviceType", "12345678901234567890")}), "serviceType", notInOptions));
    BOOST_TEST(reports(check({set("serviceType", "9223372036854775808")}), "serviceType", notInOptions));
    BOOST_TEST(reports(check({set("location", "1e308")}), "location", notInOptions));
    BOOST_TEST(reports(check({set("location", "-1e308")}), "location", notInOptions));
    BOOST_TEST(reports(check({set("manufacturer", "12345678901234567890")}), "manufacturer", notInOptions));
    BOOST_TEST(reports(check({set("customer.type", "9223372036854775808")}), "customer.type", notInOptions));
    BOOST_TEST(reports(check({set("serviceType", "4294967300")}), "serviceType", notInOptions));  // not 4 mod 2^32
}

BOOST_AUTO_TEST_CASE(aliases_and_names_match_in_any_letter_case) {
    const Validation v = check({set("manufacturer", R"("Apple")"), set("productType", R"("TABLET")")});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->manufacturerId == 1012);
    BOOST_TEST(v.booking->productTypeId == 1001);
    BOOST_TEST(resolveProductType(*sampleReference(), "mobile PHONE").value_or(0) == 1002);
    BOOST_TEST(resolveManufacturer(*sampleReference(), "samsung").value_or(0) == 1014);
    BOOST_TEST(reports(check({set("manufacturer", R"("appl")")}), "manufacturer", "Value is not present in possible options"));
}

BOOST_AUTO_TEST_CASE(rule_12_applies_only_when_the_integration_orders_package_materials) {
    // Globex has no package materials: emballage orders nothing, so no mail address is needed.
    const Validation v = check(concat(dhlFields, {set("orderData.emballage", "true")}), globexParty);
    BOOST_TEST(v.valid(), details(v));
}

BOOST_AUTO_TEST_CASE(rule_8_mandatory_consents_come_from_the_integration) {
    // Globex only needs ConsentTerms; acme also needs ConsentRepair.
    const std::vector<Edit> onlyTerms = {set("orderData.consents", R"({"ConsentTerms": true})")};
    BOOST_TEST(check(concat(dhlFields, onlyTerms), globexParty).valid());
    BOOST_TEST(reports(check(onlyTerms), "orderData.consents.ConsentRepair", "Field is required"));
    // With consents, acceptConditions is not required and may even be false.
    BOOST_TEST(check({set("acceptConditions", "false")}).valid());
}

BOOST_AUTO_TEST_CASE(rules_6_and_7_follow_the_integration_service_type_lists) {
    // Service type 5 has requireInsuranceNumber; type 1 is also in both partners' warranty list.
    const Validation insurance = check({set("manufacturer", "1014"), set("serviceType", "5")});
    BOOST_TEST(reports(insurance, "productData.insuranceNumber", "Field is required"));
    BOOST_TEST(reports(insurance, "productData.insuranceCompany", "Field is required"));
    const Validation plain = check({});
    BOOST_TEST(plain.valid());
}

BOOST_AUTO_TEST_CASE(footnote_1_shipping_is_assigned_first_by_name) {
    const Validation missing = check({}, globexParty);
    BOOST_TEST(reports(missing, "orderData.pickupDate", "Field is required"));
    BOOST_TEST(reports(missing, "productData.weight", "Field is required"));
    BOOST_TEST(reports(missing, "orderData.goodsType", "Field is required"));

    const Validation location3 = check(dhlFields, globexParty);
    BOOST_TEST_REQUIRE(location3.valid(), details(location3));
    BOOST_TEST(location3.booking->shippingMethodId.value_or(0) == 2);  // "DHL Freight" < "PostNord Parcel"

    const Validation location1 = check({set("location", "1"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")")},
                                       globexParty);
    BOOST_TEST_REQUIRE(location1.valid(), details(location1));
    BOOST_TEST(location1.booking->shippingMethodId.value_or(0) == 3);  // "Bring Home Pickup"

    // Location 2 offers no shipping method at all.
    BOOST_TEST(reports(check({set("location", "2")}, globexParty), "shipping", "Field is required"));

    // A method sent by the partner is kept.
    const Validation sent = check({set("shipping", "1")}, globexParty);
    BOOST_TEST_REQUIRE(sent.valid(), details(sent));
    BOOST_TEST(sent.booking->shippingMethodId.value_or(0) == 1);
}

BOOST_AUTO_TEST_CASE(footnote_4_and_5_destinations_enable_the_contacts) {
    const Validation v = check({set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customCompany")"),
                                set("pickupDst", contactCompany), set("returnDestination", R"("customPrivate")"),
                                set("returnDst", contactPrivate)});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->pickupDestination.value_or("") == "customCompany");
    BOOST_TEST(v.booking->returnDst->getValue<std::string>("firstName") == "Jane");
    // Rules 4 and 5 hold for every contact object.
    const Validation nameless = check({set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customPrivate")"),
                                       set("pickupDst", contactPrivate), drop("pickupDst.lastName")});
    BOOST_TEST(reports(nameless, "pickupDst.lastName", "Field is required"));
}

BOOST_AUTO_TEST_CASE(forced_provider_bypasses_routing) {
    // Postal code 9999 fits no competence; forcing the provider still books.
    const Validation v = check({set("forcedProvider", "2"), set("clientPostalCode", R"("9999")")});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->serviceProviderId == 2);
    BOOST_TEST(v.booking->servicePartnerId == 2);
    BOOST_TEST(v.booking->competenceId == 0);
}

BOOST_AUTO_TEST_CASE(no_competence_is_unroutable_without_field_errors) {
    const Validation v = check({set("clientPostalCode", R"("9999")")});
    BOOST_TEST(!v.valid());
    BOOST_TEST(v.unroutable);
    BOOST_TEST(v.errors.empty());
    BOOST_TEST(std::string(v.message()) == "Can't process this case");
}

BOOST_AUTO_TEST_CASE(tracking_id_is_kept_even_when_invalid) {
    const Validation v = check({set("trackingId", R"("t-1")"), drop("customer")});
    BOOST_TEST(!v.valid());
    BOOST_TEST(v.trackingId.value_or("") == "t-1");
}

BOOST_AUTO_TEST_CASE(attached_files_are_kept_with_the_order_data) {
    const Validation v = check({set("attachedFiles", R"([{"name":"a.pdf","type":"claim"}])")});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->orderData->has("attachedFiles"));
}

BOOST_AUTO_TEST_CASE(lengths_count_characters_not_bytes) {
    std::string city;
    for (int i = 0; i < 64; ++i) city += "\xC3\xB6";  // 64 times "ö": 128 bytes
    BOOST_TEST(check({set("customer.city", "\"" + city + "\"")}).valid());
    BOOST_TEST(reports(check({set("customer.city", "\"" + city + "x\"")}), "customer.city", "Must be at most 64 characters"));
}

// Every date is stored in UTC with milliseconds; the request itself stays as sent (the tracked request shows it).
BOOST_AUTO_TEST_CASE(dates_are_kept_in_utc_with_milliseconds) {
    const auto request = example({set("productData.purchaseDate", R"("2024-01-15T10:00:00+01:00")"),
                                  set("orderData.pickupDate", R"("2030-01-10")")});
    const Validation v = CaseValidator().validate(*sampleReference(), acmeParty, request);
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->productData->getValue<std::string>("purchaseDate") == "2024-01-15T09:00:00.000Z");
    BOOST_TEST(v.booking->orderData->getValue<std::string>("pickupDate") == "2030-01-10T00:00:00.000Z");
    BOOST_TEST(request->getObject("productData")->getValue<std::string>("purchaseDate") == "2024-01-15T10:00:00+01:00");
    const Validation fraction = check({set("productData.purchaseDate", R"("2024-01-15T10:00:00.123456Z")")});
    BOOST_TEST_REQUIRE(fraction.valid(), details(fraction));
    BOOST_TEST(fraction.booking->productData->getValue<std::string>("purchaseDate") == "2024-01-15T10:00:00.123Z");
}

// An empty string is a missing value: one "Field is required", no type problem beside it.
BOOST_AUTO_TEST_CASE(empty_strings_are_missing_values_not_wrong_types) {
    BOOST_TEST(details(check({set("serviceType", R"("")")})) == R"({"serviceType":["Field is required"]})");
    BOOST_TEST(details(check({set("customer", R"("")")})) == R"({"customer":["Field is required"]})");
    BOOST_TEST(details(check({set("customer.type", R"("")")})) == R"({"customer.type":["Field is required"]})");
    BOOST_TEST(details(check({drop("orderData.consents"), set("acceptConditions", R"("")")})) ==
               R"({"acceptConditions":["Field is required"]})");
    BOOST_TEST(details(check({set("customer.mobile", R"("   ")")})) == R"({"customer.mobile":["Field is required"]})");
    BOOST_TEST(details(check({set("orderData.consents.ConsentTerms", R"("")")})) ==
               R"({"orderData.consents.ConsentTerms":["Field is required"]})");
    // Optional: as if not sent.
    BOOST_TEST(check({set("shipping", R"("")"), set("productData.weight", R"("")"), set("noPassword", R"("")")}).valid());
    // A blank weight does not satisfy rule 10.
    BOOST_TEST(reports(check({set("shipping", "2"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"),
                              set("orderData.goodsType", R"("parcel")"), set("productData.weight", R"("")")}),
                       "productData.weight", "Field is required"));
}

BOOST_AUTO_TEST_CASE(attached_files_of_the_wrong_type_are_reported_once) {
    const Validation v = check({set("serviceType", "1"), set("productData.purchaseDate", R"("2024-01-15")"),
                                set("attachedFiles", R"("receipt.pdf")")});
    BOOST_TEST(details(v) == R"({"attachedFiles":["Must be an array"]})");
}

BOOST_AUTO_TEST_CASE(null_disabled_fields_are_not_sent_fields) {
    const Validation v = check({set("bookingType", R"("privateToPrivate")"), set("consumer", "null"), set("pickupDst", "null"),
                                set("returnDst", "null"), set("orderData.files", "null"), set("pickupDestination", "null")});
    BOOST_TEST(v.valid(), details(v));
}

// Footnote 7 goes around the competences, not around the reference data: ids must still exist.
BOOST_AUTO_TEST_CASE(forced_provider_still_needs_known_ids) {
    BOOST_TEST(reports(check({set("forcedProvider", "1"), set("location", "9")}), "location",
                       "Value is not present in possible options"));
    BOOST_TEST(reports(check({set("forcedProvider", "1"), set("location", "2"), set("shipping", "1")}), "shipping",
                       "Value is not present in possible options"));
    const Validation v = check({set("forcedProvider", "1"), set("manufacturer", "1015"), set("location", "1"),
                                set("shipping", "3"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")")});
    BOOST_TEST_REQUIRE(v.valid(), details(v));
    BOOST_TEST(v.booking->serviceProviderId == 1);
    BOOST_TEST(v.booking->shippingMethodId.value_or(0) == 3);
}

// The rules' properties are taken out of their JSON once, when a snapshot is built: a product type's flag may be a
// number (other than 0 is true), and a goods type list entry that is no text (null) is left out, not a snapshot
// that fails to build.
BOOST_AUTO_TEST_CASE(rule_properties_are_read_when_the_reference_data_is_built) {
    ReferenceContent content = sampleReference()->content();
    for (ProductType& type : content.productTypes)
        if (type.id == 1001) {
            type.properties = new Poco::JSON::Object(*type.properties);  // the sample snapshot's own stays as it is
            type.properties->set("requireImei", 1);
        }
    for (ShippingMethod& method : content.shippingMethods)
        if (method.id == 2) {
            method.properties = new Poco::JSON::Object(*method.properties);
            Poco::JSON::Array::Ptr goods = new Poco::JSON::Array(*method.properties->getArray("goodsTypeList"));
            goods->add(Poco::Dynamic::Var());
            method.properties->set("goodsTypeList", goods);
        }
    const ReferenceData changed(std::move(content));
    const auto validate = [&](const std::vector<Edit>& edits, const BookingParty& party) {
        return CaseValidator().validate(changed, party, example(edits));
    };
    BOOST_TEST(reports(validate({}, acmeParty), "productData.imei", "Field is required"));
    BOOST_TEST(validate({set("productData.imei", R"("350000000000000")")}, acmeParty).valid());
    const std::vector<Edit> imei = {set("productData.imei", R"("350000000000000")")};
    const Validation parcel = validate(concat(imei, dhlFields), globexParty);
    BOOST_TEST(parcel.valid(), details(parcel));
    const Validation crate = validate(concat(concat(imei, dhlFields), {set("orderData.goodsType", R"("crate")")}),
                                      globexParty);
    BOOST_TEST(reports(crate, "orderData.goodsType", "Value is not present in possible options"), details(crate));
    BOOST_TEST(!sampleReference()->productType(1001)->requireImei);
}
