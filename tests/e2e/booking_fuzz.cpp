// End-to-end: the Booking example mutated at random (fixed seed): validate and create answer 200 or 400, never 5xx.
#define BOOST_TEST_MODULE e2e_booking_fuzz
#include <boost/test/unit_test.hpp>

#include "support/BookingExample.h"
#include "support/Daemon.h"

#include <random>

using namespace sohub::test;

namespace {

// Every dotted path to a member of an object in the document.
void collectPaths(const Poco::JSON::Object::Ptr& object, const std::string& prefix, std::vector<std::string>& paths) {
    for (const std::string& name : object->getNames()) {
        const std::string path = prefix.empty() ? name : prefix + "." + name;
        paths.push_back(path);
        if (const Poco::JSON::Object::Ptr inner = object->getObject(name)) collectPaths(inner, path, paths);
    }
}

// Values of every JSON type, edge numbers and strings among them.
const std::vector<std::string> values = {
    "null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "9223372036854775808", "12345678901234567890",
    "-9223372036854775809", "\"\"", "\" \"", "\"1012\"", "\"apple\"", "\"2017-13-45\"", "\"2017-07-25T10:12:54.003Z\"",
    "[]", "{}", "[null]", "[{}]", "{\"a\":null}", "[[[]]]", "\"\\u0000\"", "\"é\"", "-0.0", "[1093, \"1094\", 1.5]"};

const std::vector<std::string> extraFields = {"forcedProvider", "trackingId", "noPassword", "attachedFiles",
                                              "pickupDestination", "returnDestination", "consumer", "pickupDst",
                                              "shipping", "acceptConditions"};

}  // namespace

BOOST_AUTO_TEST_CASE(mutated_bookings_get_an_answer_not_a_crash) {
    const Daemon daemon;
    std::vector<std::string> paths;
    collectPaths(example(), "", paths);
    std::mt19937 random(20261123);
    const auto pick = [&](const std::vector<std::string>& from) {
        return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
    };
    for (int round = 0; round < 300; ++round) {
        std::vector<Edit> edits;
        const int count = std::uniform_int_distribution<int>(1, 3)(random);
        for (int i = 0; i < count; ++i) edits.push_back(set(pick(paths), pick(values)));
        if (round % 4 == 0) edits.push_back(set(pick(extraFields), pick(values)));
        const std::string body = text(example(edits));
        for (const char* endpoint : {"/api/v3/case/validate", "/api/v3/case/create"}) {
            const HttpResult r = daemon.http().post(endpoint, acme, body);
            BOOST_TEST_REQUIRE((r.status == 200 || r.status == 400), endpoint << " " << r.status << " " << body);
            const Poco::JSON::Object::Ptr answer = r.object();
            BOOST_TEST((r.status == 200 ? answer->has("data") || answer->has("guid") : answer->has("error")), r.body);
        }
    }
    BOOST_TEST(daemon.log().find("failed:") == std::string::npos);
}
