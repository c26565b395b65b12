// End-to-end: case/validate, case/create and GET /api/v3/case against a real sohubd with the sample data.
#define BOOST_TEST_MODULE e2e_booking
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookingExample.h"
#include "support/Daemon.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Path.h>
#include <Poco/String.h>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

// One daemon for the whole suite: the cases it books do not disturb each other.
Daemon& daemon() {
    static Daemon instance;
    return instance;
}

HttpResult validate(const Poco::JSON::Object::Ptr& request, const std::string& token = acme) {
    return daemon().http().post("/api/v3/case/validate", token, text(request));
}

HttpResult create(const Poco::JSON::Object::Ptr& request, const std::string& token = acme) {
    return daemon().http().post("/api/v3/case/create", token, text(request));
}

std::string createdGuid(const Poco::JSON::Object::Ptr& request, const std::string& token = acme) {
    const HttpResult r = create(request, token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return r.object()->getValue<std::string>("guid");
}

HttpResult readCase(const std::string& guid, const std::string& token, const std::string& extra = "") {
    return daemon().http().get("/api/v3/case?guid=" + guid + extra, token);
}

Poco::JSON::Object::Ptr caseData(const std::string& guid, const std::string& token = acme) {
    const HttpResult r = readCase(guid, token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return r.object()->getObject("data");
}

bool names(const HttpResult& r, const std::string& field, const std::string& problem) {
    const auto error = r.object()->getObject("error");
    if (!error || error->getValue<std::string>("message") != "Fields validation failed") return false;
    const auto details = error->getObject("details");
    if (!details || !details->has(field)) return false;
    const auto problems = details->getArray(field);
    for (std::size_t i = 0; i < problems->size(); ++i)
        if (problems->get(i).toString() == problem) return true;
    return false;
}

std::vector<Edit> concat(std::vector<Edit> a, const std::vector<Edit>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// A reader on the daemon's own store, for what the API does not show (outbox, failed tracked requests).
Poco::Data::Session store() {
    return openStore(daemon().dataDir());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(booking_example)

BOOST_AUTO_TEST_CASE(documented_example_validates_verbatim) {
    const HttpResult r = daemon().http().post("/api/v3/case/validate", acme, std::string(bookingExample));
    BOOST_TEST(r.status == 200, r.body);
    BOOST_TEST(r.body == R"({"data":{"result":true}})");
}

BOOST_AUTO_TEST_CASE(documented_example_creates_and_routes_to_provider_1) {
    const HttpResult r = daemon().http().post("/api/v3/case/create", acme, std::string(bookingExample));
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto body = r.object();
    BOOST_TEST(body->size() == 1u);  // bare {"guid": ...}, no envelope, no id
    const std::string guid = body->getValue<std::string>("guid");
    BOOST_TEST(guid.size() == 36u);

    const auto data = caseData(guid);
    BOOST_TEST(data->getValue<std::string>("guid") == guid);
    BOOST_TEST(data->getValue<int>("serviceProviderId") == 1);
    BOOST_TEST(data->getValue<int>("partnerId") == 1);
    BOOST_TEST(data->getValue<int>("manufacturerId") == 1012);
    BOOST_TEST(data->getValue<int>("productTypeId") == 1001);
    BOOST_TEST(data->getValue<int>("serviceTypeId") == 4);
    BOOST_TEST(data->getValue<int>("serviceLocationId") == 3);
    BOOST_TEST(data->getValue<Poco::Int64>("id") > 0);
    BOOST_TEST(data->has("currentStatus"));
    BOOST_TEST(data->getObject("orderData")->getObject("consents")->getValue<bool>("ConsentTerms"));
    BOOST_TEST(data->getObject("orderData")->getValue<std::string>("infocareSesamOriginator") == "OtherSE");
    BOOST_TEST(data->getObject("productData")->getValue<std::string>("model") == "iTest 10+");
    BOOST_TEST(data->getObject("customer")->getValue<std::string>("organizationName") == "Test LTD");
    BOOST_TEST(data->getObject("consumer")->getValue<std::string>("lastName") == "Doe");
    BOOST_TEST(data->isNull("pickupDst"));
    BOOST_TEST(data->isNull("returnDst"));
    BOOST_TEST(data->getObject("manufacturer")->getValue<std::string>("name") == "Apple");
    BOOST_TEST(data->getObject("productType")->getValue<std::string>("name") == "Tablet");
    BOOST_TEST(data->getObject("serviceType")->getValue<int>("id") == 4);
    BOOST_TEST(data->getObject("serviceLocation")->getValue<int>("id") == 3);
    BOOST_TEST(data->getObject("serviceProvider")->getValue<std::string>("name") == "InfoCare Workshop");
    BOOST_TEST(data->getObject("servicePartner")->getValue<std::string>("name") == "InfoCare Workshop SE");
    const std::string createdAt = data->getValue<std::string>("createdAt");
    BOOST_TEST(createdAt.size() == 24u);
    BOOST_TEST(createdAt.back() == 'Z');
}

BOOST_AUTO_TEST_CASE(case_created_event_is_in_the_outbox_with_a_delivery_for_the_providers_subscription) {
    const std::string guid = createdGuid(example());
    Poco::Data::Session session = store();
    std::string event, role, payload, subscription;
    int recipient = 0, deliveries = 0;
    std::string key = guid;
    session << "SELECT o.event, o.recipient_role, o.recipient_id, o.payload FROM outbox o "
               "JOIN cases c ON c.id = o.case_id WHERE c.guid = ?",
        use(key), into(event), into(role), into(recipient), into(payload), now;
    BOOST_TEST(event == "caseCreated");
    BOOST_TEST(role == "provider");
    BOOST_TEST(recipient == 1);
    // The samples subscribe infocare (provider 1): one delivery, written in the booking's transaction.
    session << "SELECT COUNT(*), MAX(s.name) FROM webhook_deliveries d JOIN webhook_subscriptions s "
               "ON s.id = d.subscription_id JOIN cases c ON c.id = d.case_id WHERE c.guid = ?",
        use(key), into(deliveries), into(subscription), now;
    BOOST_TEST(deliveries == 1);
    BOOST_TEST(subscription == "infocare");
    // No second copy of the case: the body is made from the stored case when it is sent (e2e_webhooks compares it
    // with GET /api/v3/case).
    BOOST_TEST(payload.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(case_access)

BOOST_AUTO_TEST_CASE(owner_and_assigned_provider_read_others_are_refused) {
    const std::string guid = createdGuid(example());
    BOOST_TEST(readCase(guid, acme).status == 200);
    BOOST_TEST(readCase(guid, infocare).status == 200);
    BOOST_TEST(readCase(guid, servicedesk).status == 200);
    BOOST_TEST(readCase(guid, admin).status == 200);
    for (const std::string& stranger : {globex, nordic}) {
        const HttpResult r = readCase(guid, stranger);
        BOOST_TEST(r.status == 403);
        BOOST_TEST(r.body == R"({"error":{"message":"No access"}})");
    }
}

BOOST_AUTO_TEST_CASE(guid_is_read_in_any_case) {
    const std::string guid = createdGuid(example());
    const auto data = caseData(Poco::toUpper(guid));
    BOOST_TEST(data->getValue<std::string>("guid") == guid);
}

// "Every date is stored and returned in UTC with millisecond precision."
BOOST_AUTO_TEST_CASE(dates_are_returned_in_utc_with_milliseconds) {
    const std::string guid = createdGuid(example({set("productData.purchaseDate", R"("2024-01-15T10:00:00+01:00")"),
                                                  set("orderData.pickupDate", R"("2030-01-10")")}));
    const auto data = caseData(guid);
    BOOST_TEST(data->getObject("productData")->getValue<std::string>("purchaseDate") == "2024-01-15T09:00:00.000Z");
    BOOST_TEST(data->getObject("orderData")->getValue<std::string>("pickupDate") == "2030-01-10T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(unknown_guid_is_404_and_missing_or_malformed_guid_400) {
    BOOST_TEST(readCase("00000000-0000-4000-8000-000000000000", acme).status == 404);
    const HttpResult malformed = readCase("not-a-guid", acme);
    BOOST_TEST(malformed.status == 400);
    BOOST_TEST(names(malformed, "guid", "Must be a valid GUID"), malformed.body);
    const HttpResult missing = daemon().http().get("/api/v3/case", acme);
    BOOST_TEST(missing.status == 400);
    BOOST_TEST(names(missing, "guid", "Field is required"));
    BOOST_TEST(readCase("x", acme, "&colour=blue").status == 400);
    BOOST_TEST(daemon().http().get("/api/v3/case?guid=x", "").status == 401);
}

BOOST_AUTO_TEST_CASE(only_partners_book) {
    BOOST_TEST(create(example(), infocare).status == 403);
    BOOST_TEST(validate(example(), nordic).status == 403);
    BOOST_TEST(create(example(), "").status == 401);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rules)

// The shared table: validate and create give the same answer, broken and repaired.
BOOST_AUTO_TEST_CASE(validate_and_create_agree_on_every_rule_case) {
    for (const RuleCase& rule : ruleCases()) {
        BOOST_TEST_CONTEXT(rule.name) {
            const auto broken = example(rule.broken);
            const HttpResult checked = validate(broken), created = create(broken);
            BOOST_TEST(checked.status == 400);
            BOOST_TEST(names(checked, rule.field, rule.problem), checked.body);
            BOOST_TEST(created.status == 400);
            BOOST_TEST(created.body == checked.body);

            const auto repaired = example(concat(rule.broken, rule.repair));
            const HttpResult fine = validate(repaired);
            BOOST_TEST(fine.status == 200, fine.body);
            const HttpResult booked = create(repaired);
            BOOST_TEST(booked.status == 200, booked.body);
            BOOST_TEST(booked.object()->has("guid"));
        }
    }
}

BOOST_AUTO_TEST_CASE(no_competence_is_refused_by_both) {
    const auto request = example({set("clientPostalCode", R"("9999")")});
    for (const HttpResult& r : {validate(request), create(request)}) {
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.body == R"({"error":{"message":"Can't process this case"}})");
    }
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_400) {
    BOOST_TEST(daemon().http().post("/api/v3/case/create", acme, std::string("{nope")).status == 400);
    BOOST_TEST(daemon().http().post("/api/v3/case/validate", acme, std::string("[1,2]")).status == 400);
    BOOST_TEST(daemon().http().post("/api/v3/case/create?serviceType=4", acme, std::string(bookingExample)).status == 400);
}

// No body is a request without fields: the answer names every required field, as for {}.
BOOST_AUTO_TEST_CASE(an_empty_body_lists_the_required_fields) {
    const HttpResult object = daemon().http().post("/api/v3/case/validate", acme, std::string("{}"));
    BOOST_TEST(object.status == 400);
    for (const char* path : {"/api/v3/case/validate", "/api/v3/case/create"}) {
        const HttpResult empty = daemon().http().post(path, acme, std::string());
        BOOST_TEST(empty.status == 400);
        BOOST_TEST(empty.body == object.body);
        BOOST_TEST(names(empty, "serviceType", "Field is required"), empty.body);
        BOOST_TEST(names(empty, "acceptConditions", "Field is required"));
    }
}

// JSON.stringify writes 1e20 as 100000000000000000000: a number, not "Malformed JSON", and 2^64 is not read as 0.
BOOST_AUTO_TEST_CASE(an_integer_past_64_bits_in_a_free_field_is_kept_as_a_number) {
    std::string body(bookingExample);
    const std::string sent = "\"acmeUniqueFloatProperty\": 5.1";
    BOOST_TEST_REQUIRE(body.find(sent) != std::string::npos);
    for (const auto& [text, value] : {std::pair<std::string, double>{"100000000000000000000", 1e20},
                                      std::pair<std::string, double>{"18446744073709551616", 18446744073709551616.0}}) {
        const std::string edited = Poco::replace(body, sent, "\"acmeUniqueFloatProperty\": " + text);
        const HttpResult r = daemon().http().post("/api/v3/case/create", acme, edited);
        BOOST_TEST_REQUIRE(r.status == 200, r.body);
        const auto data = caseData(r.object()->getValue<std::string>("guid"));
        const auto acmeFields = data->getObject("orderData")->getObject("partnerSpecific")->getObject("acme");
        BOOST_TEST(acmeFields->getValue<double>("acmeUniqueFloatProperty") == value, text);
    }
}

BOOST_AUTO_TEST_CASE(unexpected_fields_are_discarded) {
    const std::string guid = createdGuid(example({set("colour", R"("blue")"), set("id", "999999")}));
    const auto data = caseData(guid);
    BOOST_TEST(!data->has("colour"));
    BOOST_TEST(data->getValue<Poco::Int64>("id") != 999999);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(assignment)

BOOST_AUTO_TEST_CASE(shipping_is_assigned_for_an_integration_that_requires_it) {
    const std::string guid = createdGuid(example({set("orderData.pickupDate", R"("2030-01-10T08:00:00Z")"),
                                                  set("productData.weight", "3.2"), set("orderData.goodsType", R"("parcel")")}),
                                         globex);
    const auto data = caseData(guid, globex);
    BOOST_TEST(data->getValue<int>("shippingMethodId") == 2);  // "DHL Freight", first by name at location 3
    BOOST_TEST(data->getValue<int>("partnerId") == 2);
    BOOST_TEST(readCase(guid, acme).status == 403);
}

BOOST_AUTO_TEST_CASE(forced_provider_takes_the_case) {
    const std::string guid = createdGuid(example({set("forcedProvider", "2")}));
    BOOST_TEST(caseData(guid)->getValue<int>("serviceProviderId") == 2);
    BOOST_TEST(readCase(guid, nordic).status == 200);
    BOOST_TEST(readCase(guid, infocare).status == 403);
}

BOOST_AUTO_TEST_CASE(helpdesk_destinations_are_stored) {
    const std::string guid = createdGuid(example({set("originatorType", R"("helpdesk")"),
                                                  set("pickupDestination", R"("customCompany")"), set("pickupDst", contactCompany)}));
    const auto data = caseData(guid);
    BOOST_TEST(data->getObject("pickupDst")->getValue<std::string>("organizationName") == "Pickup AB");
    BOOST_TEST(data->getValue<std::string>("pickupDestination") == "customCompany");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tracking)

BOOST_AUTO_TEST_CASE(tracked_request_is_logged_with_the_case) {
    const std::string guid = createdGuid(example({set("trackingId", R"("track-ok-1")"), set("colour", R"("blue")")}));
    const HttpResult r = readCase(guid, acme, "&includeRequests=1");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto all = r.object()->getObject("data")->getArray("externalRequests");
    // Besides the tracked request, the case holds its webhook deliveries (type webhook.<event>).
    Poco::JSON::Array::Ptr requests = new Poco::JSON::Array;
    for (std::size_t i = 0; i < all->size(); ++i)
        if (all->getObject(static_cast<unsigned>(i))->getValue<std::string>("type").rfind("webhook.", 0) != 0)
            requests->add(all->get(static_cast<unsigned>(i)));
    BOOST_TEST_REQUIRE(requests->size() == 1u);
    const auto logged = requests->getObject(0);
    BOOST_TEST(logged->getValue<std::string>("type") == "caseCreated");
    BOOST_TEST(logged->getValue<std::string>("status") == "success");
    BOOST_TEST(logged->getObject("meta")->getValue<std::string>("trackingId") == "track-ok-1");
    // The whole request, with the field the case itself discarded.
    BOOST_TEST(logged->getValue<std::string>("request").find("colour") != std::string::npos);
    BOOST_TEST(!caseData(guid)->has("externalRequests"));
}

BOOST_AUTO_TEST_CASE(tracked_request_is_logged_even_when_validation_fails) {
    const HttpResult r = create(example({set("trackingId", R"("track-bad-1")"), drop("productData.password")}));
    BOOST_TEST(r.status == 400);
    Poco::Data::Session session = store();
    std::string type, status, meta, request, key = "track-bad-1";
    int count = 0;
    session << "SELECT COUNT(*) FROM external_requests WHERE tracking_id = ?", use(key), into(count), now;
    BOOST_TEST_REQUIRE(count == 1);
    session << "SELECT type, status, meta, request FROM external_requests WHERE tracking_id = ?", use(key), into(type),
        into(status), into(meta), into(request), now;
    BOOST_TEST(type == "caseCreated");
    BOOST_TEST(status == "error");
    const auto metaObject = json(meta).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(metaObject->getValue<std::string>("trackingId") == "track-bad-1");
    BOOST_TEST(metaObject->getObject("errors")->has("productData.password"));
    BOOST_TEST(request.find("track-bad-1") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
