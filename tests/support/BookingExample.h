// The case/create example of the Booking document and a shared table of rule cases, for unit and e2e suites.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace sohub::test {

// Verbatim from 004_b5027feaf8382158.txt.
inline const char* const bookingExample = R"({
  "serviceType": 4,
  "manufacturer": 1012,
  "productType": 1001,
  "location": 3,
  "orderData": {
    "consents": {
      "ConsentTerms": true,
      "ConsentRepair": true,
      "ConsentOffers": false
    },
    "infocareSesamOriginator": "OtherSE",
    "partnerSpecific": {
      "acme": {
        "acmeUniqueStringProperty": "text",
        "acmeUniqueFloatProperty": 5.1,
        "acmeUniqueBoolProperty": true
      }
    }
  },
  "productData": {
    "model": "iTest 10+",
    "accessory": {
      "1093": true,
      "1094": true,
      "1095": false,
      "1096": false,
      "2501": false
    },
    "otherAccessory": "Accessory(ies) without ID in free text",
    "password": "1345",
    "problemText": "Picture/sound problems / Bad picture. Is periodic or constant?: Periodic"
  },
  "customer": {
    "type": 1,
    "organizationName": "Test LTD",
    "organizationNumber": "64236482764",
    "mobile": "234234324",
    "email": "test@test.com",
    "address": "test",
    "postalCode": "1234",
    "city": "test"
  },
  "consumer": {
    "type": 0,
    "firstName": "John",
    "lastName": "Doe",
    "mobile": "234234324",
    "email": "test@test.com",
    "address": "test",
    "postalCode": "1145",
    "city": "test"
  },
  "originatorType": "private",
  "bookingType": "companyToPrivate",
  "clientPostalCode": "1145"
})";

inline Poco::Dynamic::Var json(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text);
}

inline std::string text(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

// One change to a request: set the value at a dotted path (objects created on the way), or remove it.
struct Edit {
    std::string path;
    std::optional<std::string> jsonValue;  // nullopt: remove
};

inline Edit set(const std::string& path, const std::string& jsonValue) { return Edit{path, jsonValue}; }
inline Edit drop(const std::string& path) { return Edit{path, std::nullopt}; }

inline void apply(const Poco::JSON::Object::Ptr& root, const Edit& edit) {
    const Poco::StringTokenizer parts(edit.path, ".");
    Poco::JSON::Object::Ptr object = root;
    for (std::size_t i = 0; i + 1 < parts.count(); ++i) {
        if (!object->has(parts[i]) || object->isNull(parts[i]) || !object->getObject(parts[i]))
            object->set(parts[i], Poco::JSON::Object::Ptr(new Poco::JSON::Object));
        object = object->getObject(parts[i]);
    }
    const std::string& last = parts[parts.count() - 1];
    if (edit.jsonValue)  // wrapped: Poco's parser takes no bare scalar
        object->set(last, json("{\"v\":" + *edit.jsonValue + "}").extract<Poco::JSON::Object::Ptr>()->get("v"));
    else
        object->remove(last);
}

// The example with the edits applied, as a fresh object.
inline Poco::JSON::Object::Ptr example(const std::vector<Edit>& edits = {}) {
    Poco::JSON::Object::Ptr request = json(bookingExample).extract<Poco::JSON::Object::Ptr>();
    for (const Edit& edit : edits) apply(request, edit);
    return request;
}

inline const char* const contactPrivate =
    R"({"type":0,"firstName":"Jane","lastName":"Roe","mobile":"+46 70 123 45 67","email":"jane@example.com",)"
    R"("address":"Storgatan 1","postalCode":"11122","city":"Stockholm","countryCode":"SE"})";
inline const char* const contactCompany =
    R"({"type":1,"organizationName":"Pickup AB","organizationNumber":"556677-8899","mobile":"0701234567",)"
    R"("email":"desk@pickup.example","address":"Lagergatan 2","postalCode":"11133","city":"Stockholm"})";

// A request that breaks one rule (field names the detail it must produce) and the edits that repair it.
struct RuleCase {
    std::string name;
    std::vector<Edit> broken;
    std::string field;
    std::string problem;  // the message expected among the field's problems
    std::vector<Edit> repair;  // applied after broken
};

// Every case here is booked by partner acme (integration: mandatory consents ConsentTerms and ConsentRepair,
// package materials, no required shipping).
inline std::vector<RuleCase> ruleCases() {
    return {
        // The twelve conditional rules of the Booking document.
        {"rule01_password_for_password_protected_types", {drop("productData.password")}, "productData.password",
         "Field is required", {set("noPassword", "true")}},
        {"rule01_password_given", {drop("productData.password"), set("noPassword", "false")}, "productData.password",
         "Field is required", {set("productData.password", R"("0000")")}},
        {"rule02_imei_for_mobile_phones", {set("productType", "1002")},
         "productData.imei", "Field is required", {set("productData.imei", R"("356938035643809")")}},
        {"rule03_serial_for_laptops", {set("productType", R"("laptop")"), drop("productData.accessory")},
         "productData.serial", "Field is required", {set("productData.serial", R"("SN-123")")}},
        {"rule04_private_person_names", {drop("consumer.firstName")}, "consumer.firstName", "Field is required",
         {set("consumer.firstName", R"("John")")}},
        {"rule04_private_person_last_name", {drop("consumer.lastName")}, "consumer.lastName", "Field is required",
         {set("consumer.lastName", R"("Doe")")}},
        {"rule05_company_names", {drop("customer.organizationNumber")}, "customer.organizationNumber",
         "Field is required", {set("customer.organizationNumber", R"("64236482764")")}},
        {"rule05_company_name", {drop("customer.organizationName")}, "customer.organizationName", "Field is required",
         {set("customer.organizationName", R"("Test LTD")")}},
        {"rule06_warranty_purchase_date", {set("serviceType", "1"), set("attachedFiles", R"([{"name":"receipt.pdf","type":"proofOfPurchase"}])")},
         "productData.purchaseDate", "Field is required",
         {set("productData.purchaseDate", R"("2024-01-15T10:00:00.000Z")")}},
        {"rule06_warranty_attached_files", {set("serviceType", "1"), set("productData.purchaseDate", R"("2024-01-15T10:00:00Z")")},
         "attachedFiles", "Field is required", {set("attachedFiles", R"([{"name":"receipt.pdf","type":"proofOfPurchase"}])")}},
        {"rule06_warranty_attached_files_not_empty", {set("serviceType", "1"), set("productData.purchaseDate", R"("2024-01-15")"), set("attachedFiles", "[]")},
         "attachedFiles", "Field is required", {set("attachedFiles", R"(["receipt.pdf"])")}},
        {"rule06_warranty_files_inside_product_data", {set("serviceType", "1"), set("productData.purchaseDate", R"("2024-01-15")")},
         "attachedFiles", "Field is required",
         {set("productData.attachedFiles", R"([{"name":"receipt.pdf","type":"proofOfPurchase"}])")}},
        {"rule07_insurance_number", {set("serviceType", "2"), set("productData.insuranceCompany", R"("If")")},
         "productData.insuranceNumber", "Field is required", {set("productData.insuranceNumber", R"("INS-42")")}},
        {"rule07_insurance_company", {set("serviceType", "2"), set("productData.insuranceNumber", R"("INS-42")")},
         "productData.insuranceCompany", "Field is required", {set("productData.insuranceCompany", R"("If")")}},
        {"rule08_accept_conditions_without_consents", {drop("orderData.consents")}, "acceptConditions",
         "Field is required", {set("acceptConditions", "true")}},
        {"rule08_accept_conditions_must_be_true", {drop("orderData.consents"), set("acceptConditions", "false")},
         "acceptConditions", "Field must be equal to true", {set("acceptConditions", "true")}},
        {"rule08_mandatory_consent_missing", {drop("orderData.consents.ConsentRepair")},
         "orderData.consents.ConsentRepair", "Field is required", {set("orderData.consents.ConsentRepair", "true")}},
        {"rule08_mandatory_consent_false", {set("orderData.consents.ConsentTerms", "false")},
         "orderData.consents.ConsentTerms", "Field must be equal to true",
         {set("orderData.consents.ConsentTerms", "true")}},
        {"rule09_pickup_date_for_carrier", {set("location", "1"), set("shipping", "3")}, "orderData.pickupDate",
         "Field is required", {set("orderData.pickupDate", R"("2030-01-10T08:00:00.000Z")")}},
        {"rule10_weight_or_volume_for_carrier",
         {set("shipping", "2"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"), set("orderData.goodsType", R"("parcel")")},
         "productData.weight", "Field is required", {set("productData.volume", R"({"width":30,"height":20,"depth":10})")}},
        {"rule10_weight_satisfies",
         {set("shipping", "2"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"), set("orderData.goodsType", R"("parcel")")},
         "productData.volume", "Field is required", {set("productData.weight", "1.5")}},
        {"rule11_goods_type_for_carrier",
         {set("shipping", "2"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"), set("productData.weight", "2")},
         "orderData.goodsType", "Field is required", {set("orderData.goodsType", R"("pallet")")}},
        {"rule11_goods_type_from_the_list",
         {set("shipping", "2"), set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"), set("productData.weight", "2"),
          set("orderData.goodsType", R"("crate")")},
         "orderData.goodsType", "Value is not present in possible options", {set("orderData.goodsType", R"("bulky")")}},
        {"rule12_mail_for_package_materials", {set("orderData.emballage", "true")}, "orderData.mail",
         "Field is required", {set("orderData.mail", R"("Storgatan 1, 11122 Stockholm")")}},

        // Footnotes 2-5: fields enabled only in some bookings.
        {"footnote2_pickup_destination_only_for_helpdesk", {set("pickupDestination", R"("consumer")")},
         "pickupDestination", "Field is not allowed", {set("originatorType", R"("helpdesk")")}},
        {"footnote2_return_destination_only_for_helpdesk",
         {set("returnDestination", R"("customCompany")"), set("returnDst", contactCompany)}, "returnDestination",
         "Field is not allowed", {set("originatorType", R"("helpdesk")")}},
        {"footnote2_destination_from_the_list", {set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("moon")")},
         "pickupDestination", "Value is not present in possible options", {set("pickupDestination", R"("consumer")")}},
        {"footnote3_consumer_not_for_private_to_private", {set("bookingType", R"("privateToPrivate")")}, "consumer",
         "Field is not allowed", {drop("consumer")}},
        {"footnote4_pickup_dst_only_away_from_consumer", {set("pickupDst", contactPrivate)}, "pickupDst",
         "Field is not allowed", {set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customPrivate")")}},
        {"footnote4_pickup_dst_not_with_consumer_destination",
         {set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("consumer")"), set("pickupDst", contactPrivate)},
         "pickupDst", "Field is not allowed", {drop("pickupDst")}},
        {"footnote5_return_dst_only_away_from_consumer", {set("returnDst", contactCompany)}, "returnDst",
         "Field is not allowed", {set("originatorType", R"("helpdesk")"), set("returnDestination", R"("customCompany")")}},
        {"footnote4_custom_pickup_needs_pickup_dst",
         {set("originatorType", R"("helpdesk")"), set("pickupDestination", R"("customPrivate")")}, "pickupDst",
         "Field is required", {set("pickupDst", contactPrivate)}},
        {"footnote5_custom_return_needs_return_dst",
         {set("originatorType", R"("helpdesk")"), set("returnDestination", R"("customCompany")"), set("returnDst", "null")},
         "returnDst", "Field is required", {set("returnDst", contactCompany)}},
        {"footnote3_null_consumer_is_no_consumer", {set("bookingType", R"("privateToPrivate")"), set("consumer", R"({})")},
         "consumer", "Field is not allowed", {set("consumer", "null")}},
        // Footnote 7: no competence offers warranty repairs of Electrolux toothbrushes; a forced provider takes it.
        {"footnote7_forced_provider_goes_around_the_competences",
         {set("serviceType", "1"), set("manufacturer", "1015"), set("productType", "1005"), drop("productData.password"),
          set("productData.accessory", "{}"), set("productData.purchaseDate", R"("2024-01-15")"), set("attachedFiles", R"(["receipt.pdf"])")},
         "manufacturer", "Value is not present in possible options", {set("forcedProvider", "2")}},
        {"footnote5_return_dst_is_contact_data",
         {set("originatorType", R"("helpdesk")"), set("returnDestination", R"("customCompany")"), set("returnDst", R"({"type":1})")},
         "returnDst.organizationName", "Field is required", {set("returnDst", contactCompany)}},

        // Base rules, one or more per family.
        {"required_field", {drop("clientPostalCode")}, "clientPostalCode", "Field is required",
         {set("clientPostalCode", R"("1145")")}},
        {"required_object", {drop("productData")}, "productData", "Field is required",
         {set("productData", R"({"model":"X","problemText":"Broken","password":"1"})")}},
        {"type_integer", {set("serviceType", R"("four")")}, "serviceType", "Must be a number", {set("serviceType", "4")}},
        {"type_boolean", {set("noPassword", R"("yes")")}, "noPassword", "Must be a boolean", {set("noPassword", "true")}},
        {"type_object", {set("customer", R"("Test LTD")")}, "customer", "Must be an object",
         {set("customer", contactCompany)}},
        {"type_string", {set("productData.model", "10")}, "productData.model", "Must be a string",
         {set("productData.model", R"("iTest 10")")}},
        {"enumeration_originator", {set("originatorType", R"("alien")")}, "originatorType",
         "Value is not present in possible options", {set("originatorType", R"("registered")")}},
        {"enumeration_booking_type", {set("bookingType", R"("b2b")")}, "bookingType",
         "Value is not present in possible options", {set("bookingType", R"("companyToCompany")")}},
        {"enumeration_file_type", {set("attachedFiles", R"([{"name":"a.pdf","type":"selfie"}])")}, "attachedFiles.0.type",
         "Value is not present in possible options", {set("attachedFiles", R"([{"name":"a.pdf","type":"claim"}])")}},
        {"contact_type", {set("customer.type", "2")}, "customer.type", "Value is not present in possible options",
         {set("customer.type", "1")}},
        {"iso_date", {set("productData.purchaseDate", R"("15/01/2024")")}, "productData.purchaseDate",
         "Must be an ISO 8601 date", {set("productData.purchaseDate", R"("2024-01-15T00:00:00+01:00")")}},
        {"length_model", {set("productData.model", R"("12345678901234567890123456789012345678901")")},
         "productData.model", "Must be at most 40 characters", {set("productData.model", R"("1234567890123456789012345678901234567890")")}},
        {"length_mobile", {set("customer.mobile", R"("12345678901234567890")")}, "customer.mobile",
         "Must be at most 19 characters", {set("customer.mobile", R"("1234567890123456789")")}},
        {"length_postal_code", {set("consumer.postalCode", R"("1234567")")}, "consumer.postalCode",
         "Must be at most 6 characters", {set("consumer.postalCode", R"("123 45")")}},
        {"length_ref_no", {set("orderData.refNo", "\"" + std::string(65, 'r') + "\"")}, "orderData.refNo",
         "Must be at most 64 characters", {set("orderData.refNo", "\"" + std::string(64, 'r') + "\"")}},
        {"contact_required_fields", {drop("customer.email")}, "customer.email", "Field is required",
         {set("customer.email", R"("test@test.com")")}},
        {"contact_email_format", {set("customer.email", R"("not-an-email")")}, "customer.email", "Wrong format",
         {set("customer.email", R"("a@b.se")")}},
        {"contact_phone_format", {set("consumer.mobile", R"("call me")")}, "consumer.mobile", "Wrong format",
         {set("consumer.mobile", R"("+46 (0)70-123.45/67")")}},
        {"contact_country_code_format", {set("consumer.countryCode", R"("se")")}, "consumer.countryCode",
         "Wrong format", {set("consumer.countryCode", R"("SE")")}},
        {"reference_manufacturer", {set("manufacturer", "9999")}, "manufacturer",
         "Value is not present in possible options", {set("manufacturer", R"("apple")")}},
        {"reference_product_type_alias", {set("productType", R"("spaceship")")}, "productType",
         "Value is not present in possible options", {set("productType", R"("tablet")")}},
        {"reference_id_out_of_range", {set("location", "99999999999")}, "location",
         "Value is not present in possible options", {set("location", "3")}},
        {"reference_service_type", {set("serviceType", "3")}, "serviceType", "Value is not present in possible options",
         {set("serviceType", "4")}},
        {"reference_location_for_the_combination", {set("manufacturer", "1014"), set("location", "2")}, "location",
         "Value is not present in possible options", {set("location", "3")}},
        {"reference_shipping_for_the_location", {set("shipping", "3")}, "shipping",
         "Value is not present in possible options", {set("shipping", "1")}},
        {"reference_accessory_for_the_product_type", {set("productData.accessory.9999", "true")}, "productData.accessory",
         "Value is not present in possible options", {drop("productData.accessory.9999")}},
        {"reference_accessory_handed_in_must_fit", {set("productData.accessory.1096", "true"), set("productType", R"("laptop")"),
          set("productData.serial", R"("SN-1")")},
         "productData.accessory", "Value is not present in possible options", {set("productData.accessory.1096", "false")}},
        {"reference_accessory_as_a_list", {set("productData.accessory", "[1093, 1096]"), set("productType", "1002"),
          set("productData.imei", R"("356938035643809")")},
         "productData.accessory", "Value is not present in possible options", {set("productData.accessory", "[1093, 1095]")}},
        // Reported on the field that leaves what the reference lists offer, not on a later one.
        {"reference_product_type_for_the_manufacturer",
         {set("manufacturer", R"("lenovo")"), set("productType", R"("dishwasher")"), set("productData.serial", R"("SN-1")"),
          drop("productData.accessory")},
         "productType", "Value is not present in possible options", {set("productType", R"("laptop")")}},
        {"reference_manufacturer_for_the_service_type",
         {set("serviceType", "5"), set("productData.insuranceNumber", R"("INS-42")"), set("productData.insuranceCompany", R"("If")")},
         "manufacturer", "Value is not present in possible options", {set("manufacturer", "1014")}},
        {"reference_manufacturer_id_as_a_float", {set("manufacturer", "1012.5")}, "manufacturer", "Must be an integer",
         {set("manufacturer", "1012.0")}},
        {"reference_accessory_list_entry_that_is_no_id", {set("productData.accessory", "[null]")}, "productData.accessory",
         "Value is not present in possible options", {set("productData.accessory", "[1093]")}},
        {"reference_forced_provider", {set("forcedProvider", "99")}, "forcedProvider",
         "Value is not present in possible options", {set("forcedProvider", "2")}},
        {"blank_is_missing", {set("customer.organizationName", R"("   ")")}, "customer.organizationName",
         "Field is required", {set("customer.organizationName", R"("Test LTD")")}},
        {"empty_contact_type_is_missing", {set("customer.type", R"("")")}, "customer.type", "Field is required",
         {set("customer.type", "1")}},
        {"weight_is_positive", {set("productData.weight", "-1")}, "productData.weight", "Must be a positive number",
         {set("productData.weight", "0.4")}},
        {"volume_is_positive", {set("productData.volume", R"({"width":30,"height":0,"depth":10})")},
         "productData.volume.height", "Must be a positive number", {set("productData.volume.height", "20")}},
        {"attached_file_entries_are_files", {set("attachedFiles", "[null]")}, "attachedFiles.0", "Wrong format",
         {set("attachedFiles", R"(["receipt.pdf"])")}},
        {"files_not_accepted_here", {set("orderData.files", R"([{"name":"a.pdf"}])")}, "orderData.files",
         "Field is not allowed", {drop("orderData.files")}},
    };
}

}  // namespace sohub::test
