// Unit tests of the API edge: parameter names, token hashing and account lookup.
#define BOOST_TEST_MODULE unit_api_edge
#include <boost/test/unit_test.hpp>

#include "api/Call.h"
#include "importers/ImportBoard.h"
#include "store/ReferenceRepository.h"
#include "support/SampleReference.h"

#include <Poco/URI.h>

using namespace sohub;

BOOST_AUTO_TEST_CASE(parameter_names_are_notation_indifferent) {
    BOOST_TEST(QueryParams::canonicalName("serviceType") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("service_type") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("service-type") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("client_postal_code") == "clientPostalCode");
    BOOST_TEST(QueryParams::canonicalName("access-token") == "accessToken");
    BOOST_TEST(QueryParams::canonicalName("guid") == "guid");
    BOOST_TEST(QueryParams::canonicalName("ServiceType") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("Guid") == "guid");
    // Any notation lodash's camelCase reads: screaming snake case, capitals, spaces and dots as separators.
    BOOST_TEST(QueryParams::canonicalName("SERVICE_TYPE") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("Service-Type") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("serviceTYPE") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("service type") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("service.type") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("__service__type__") == "serviceType");
    BOOST_TEST(QueryParams::canonicalName("GUID") == "guid");
    BOOST_TEST(QueryParams::canonicalName("INCLUDE_REQUESTS") == "includeRequests");
    BOOST_TEST(QueryParams::canonicalName("XMLHttpRequest") == "xmlHttpRequest");
    BOOST_TEST(QueryParams::canonicalName("page2size") == "page2Size");
    // Still distinct: names whose words differ.
    BOOST_TEST(QueryParams::canonicalName("servicetype") == "servicetype");
    BOOST_TEST(QueryParams::canonicalName("SERVICETYPE") == "servicetype");
    BOOST_TEST(QueryParams::canonicalName("_") == "");
    BOOST_TEST(QueryParams::canonicalName("serviceTypE") == "serviceTypE");  // camelCase already: as it came
    BOOST_TEST(QueryParams::canonicalName("stra\xc3\x9f" "e_nr") == "stra\xc3\x9f" "eNr");  // UTF-8 as it came
}

BOOST_AUTO_TEST_CASE(parameters_without_a_name_are_dropped) {
    QueryParams query;
    query.add("", "");
    query.add("", "x");
    query.add("_", "y");
    BOOST_CHECK_NO_THROW(query.allowOnly({"serviceType"}));
    BOOST_CHECK_NO_THROW(query.allowNone());
}

BOOST_AUTO_TEST_CASE(unknown_parameters_are_rejected_by_their_spelling) {
    QueryParams query;
    query.add("service_type", "4");
    query.add("access_token", "x");
    BOOST_CHECK_NO_THROW(query.allowOnly({"serviceType"}));
    query.add("colour", "red");
    try {
        query.allowOnly({"serviceType"});
        BOOST_FAIL("expected a 400");
    } catch (const ApiError& e) {
        BOOST_TEST(e.status() == 400);
        BOOST_TEST(e.details().extract<Poco::JSON::Object::Ptr>()->has("colour"));
    }
}

BOOST_AUTO_TEST_CASE(post_takes_only_the_access_token_in_the_query) {
    QueryParams query;
    query.add("accessToken", "x");
    BOOST_CHECK_NO_THROW(query.allowNone());
    query.add("guid", "g");
    BOOST_CHECK_THROW(query.allowNone(), ApiError);
}

// What the refusal says: a POST takes nothing but the token in its query; a GET that takes none names it unknown.
BOOST_AUTO_TEST_CASE(a_refused_parameter_is_named_for_the_method) {
    QueryParams query;
    query.add("guid", "g");
    const auto problem = [&](const std::function<void()>& check) {
        try {
            check();
        } catch (const ApiError& e) {
            return e.details().extract<Poco::JSON::Object::Ptr>()->getArray("guid")->getElement<std::string>(0);
        }
        return std::string("no refusal");
    };
    BOOST_TEST(problem([&] { query.allowNone(); }) == "Parameter is not allowed in the query string of a POST request");
    BOOST_TEST(problem([&] { query.allowOnly({}); }) == "Unknown parameter");
}

// An upload's file name as the uploads folder takes it.
BOOST_AUTO_TEST_CASE(upload_file_names_are_made_plain) {
    BOOST_TEST(leafName("cases.csv") == "cases.csv");
    BOOST_TEST(leafName("C:\\Users\\me\\cases.csv") == "cases.csv");
    BOOST_TEST(leafName("../../etc/passwd") == "passwd");
    BOOST_TEST(leafName("..hidden.csv") == "hidden.csv");
    // A NUL cut the name at the file system ("x\0y.csv" was archived as "x"); control characters become '_'.
    BOOST_TEST(leafName(std::string("x\0y\n.csv", 8)) == "x_y_.csv");
    BOOST_TEST(leafName("\x01.csv") == "_.csv");
    // At most 180 bytes, keeping the extension and whole UTF-8 characters: a 300-byte name was a 500.
    BOOST_TEST(leafName(std::string(300, 'a') + ".csv") == std::string(176, 'a') + ".csv");
    std::string euros;
    for (int i = 0; i < 100; ++i) euros += "\xE2\x82\xAC";
    BOOST_TEST(leafName(euros + ".ndjson") == euros.substr(0, 171) + ".ndjson");
    BOOST_TEST(leafName(std::string(300, 'b')) == std::string(180, 'b'));
    BOOST_TEST(leafName("").empty());
}

BOOST_AUTO_TEST_CASE(tokens_are_stored_as_sha256_hashes) {
    const std::string hash = hashToken("demo-partner-acme");
    BOOST_TEST(hash.size() == 64u);
    BOOST_TEST(hash != "demo-partner-acme");
    BOOST_TEST(hash == hashToken("demo-partner-acme"));
    BOOST_TEST(hash != hashToken("demo-partner-acmf"));
}

BOOST_AUTO_TEST_CASE(accounts_are_found_by_token_hash_only) {
    const auto reference = test::sampleReference();
    const Account* acme = reference->accountByTokenHash(hashToken("demo-partner-acme"));
    BOOST_REQUIRE(acme);
    BOOST_TEST(acme->name == "acme");
    BOOST_TEST(acme->partnerId == 1);
    BOOST_TEST(static_cast<int>(acme->role) == static_cast<int>(Role::Partner));
    BOOST_TEST(!reference->accountByTokenHash(hashToken("demo-partner-acme ")));
    BOOST_TEST(!reference->accountByTokenHash("demo-partner-acme"));
    const Account* desk = reference->accountByTokenHash(hashToken("demo-provider-servicedesk"));
    BOOST_REQUIRE(desk);
    BOOST_TEST(desk->providerIds == (std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(who_may_act_for_which_provider) {
    const auto reference = test::sampleReference();
    const auto account = [&](const std::string& token) { return *reference->accountByTokenHash(hashToken(token)); };
    BOOST_TEST(mayActFor(account("demo-provider-servicedesk"), 1, *reference));
    BOOST_TEST(mayActFor(account("demo-provider-servicedesk"), 2, *reference));
    BOOST_TEST(!mayActFor(account("demo-provider-servicedesk"), 3, *reference));
    BOOST_TEST(mayActFor(account("demo-provider-infocare"), 1, *reference));
    BOOST_TEST(!mayActFor(account("demo-provider-infocare"), 2, *reference));
    BOOST_TEST(!mayActFor(account("demo-partner-acme"), 1, *reference));
    BOOST_TEST(mayActFor(account("demo-admin"), 2, *reference));
    BOOST_TEST(!mayActFor(account("demo-admin"), 99, *reference));
}

BOOST_AUTO_TEST_CASE(callers_reach_only_their_own_cases) {
    const auto reference = test::sampleReference();
    const CaseParties acmeCase{1, "g", 1, 1001, 1};
    const Account* acme = reference->accountByTokenHash(hashToken("demo-partner-acme"));
    const Account* globex = reference->accountByTokenHash(hashToken("demo-partner-globex"));
    const Account* infocare = reference->accountByTokenHash(hashToken("demo-provider-infocare"));
    const Account* nordic = reference->accountByTokenHash(hashToken("demo-provider-nordic"));
    const auto mayAccess = [&](const Account* account) { return Caller{account, account->providerIds}.mayAccess(acmeCase); };
    BOOST_TEST(mayAccess(acme));
    BOOST_TEST(!mayAccess(globex));
    BOOST_TEST(mayAccess(infocare));
    BOOST_TEST(!mayAccess(nordic));
}

// A target in origin form is split as Poco::URI splits it: the path decoded up to "?" or "#", the query up to "#",
// and a bad escape anywhere (the fragment's too) is a malformed URI.
BOOST_AUTO_TEST_CASE(a_target_splits_as_poco_splits_it) {
    const auto pathOf = [](const std::string& target) {
        QueryParams params;
        return parseTarget(target, params);
    };
    const auto malformed = [](const std::string& target) {
        QueryParams params;
        try {
            parseTarget(target, params);
        } catch (const ApiError& refused) {
            return std::string(refused.what()) == "Malformed request URI";
        }
        return false;
    };
    for (const std::string target : {"/api/v3/case", "/a%2Fb%20c?x=1", "/a?b=c#frag", "/a#f?g", "/%C3%A9t%C3%A9", "/?",
                                     "/a?", "/a#", "//host/path?x", "/http://x/y", "http://host/abs?x=1", "*"})
        BOOST_TEST(pathOf(target) == Poco::URI(target).getPath(), target);
    QueryParams params;
    parseTarget("/a?serviceType=4&guid=x%20y#serviceType=5", params);
    BOOST_TEST(params.get("serviceType").value_or("") == "4");
    BOOST_TEST(params.get("guid").value_or("") == "x y");
    BOOST_TEST(malformed("/a%zz"));
    BOOST_TEST(malformed("/a%4"));
    BOOST_TEST(malformed("/a?b=%zz"));
    BOOST_TEST(malformed("/a#%zz"));
    BOOST_TEST(!malformed("/a?b=%41#%41"));
}
