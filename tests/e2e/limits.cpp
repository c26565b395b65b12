// End-to-end: bounded work per request: the JSON limits, the confirm endpoint's ids, and slow clients.
#define BOOST_TEST_MODULE e2e_limits
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

#include <string>

using namespace sohub::test;

namespace {

// {"k0":0,...}: 200,000 members, 2.7 MB, under the 10 MiB body limit.
std::string wideObject(int members) {
    std::string text = "{";
    for (int i = 0; i < members; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
    return text + "}";
}

std::string idArray(int count) {
    std::string text = "[";
    for (int i = 1; i <= count; ++i) text += (i > 1 ? "," : "") + std::to_string(i);
    return text + "]";
}

std::string message(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_worst_bodies_are_refused_at_the_default_limits) {
    Daemon daemon;
    const HttpResult wide = daemon.http().post("/api/v3/case/validate", acme, wideObject(200000));
    BOOST_TEST(wide.status == 400);
    BOOST_TEST(message(wide) == "A JSON object has more members than json.maxMembers (1000)");
    const HttpResult confirm = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(500000));
    BOOST_TEST(confirm.status == 400);
    BOOST_TEST(message(confirm) == "A JSON array has more elements than json.maxElements (100000)");
    // Within json.maxElements, the confirm endpoint's own bound, in Joi's words.
    const HttpResult many = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(1001));
    BOOST_TEST(many.status == 400);
    BOOST_TEST(message(many) == "\"value\" must contain less than or equal to 1000 items");
    const HttpResult enough = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(1000));
    BOOST_TEST_REQUIRE(enough.status == 200, enough.body);
    BOOST_TEST(enough.object()->getArray("errors")->size() == 1000u);  // none of them exists
    const HttpResult deep = daemon.http().post("/api/v3/case/validate", acme, std::string(40, '[') + std::string(40, ']'));
    BOOST_TEST(deep.status == 400);
    BOOST_TEST(message(deep) == "JSON nesting is deeper than json.maxDepth (32)");
    const HttpResult longText = daemon.http().post("/api/v3/case/validate", acme,
                                                   "{\"productData\":{\"problemText\":\"" + std::string(1048577, 'x') + "\"}}");
    BOOST_TEST(longText.status == 400);
    BOOST_TEST(message(longText) == "A JSON string is longer than json.maxStringBytes (1048576 bytes)");
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(with_the_limits_raised_the_same_bodies_are_parsed_and_answered) {
    // The parse is linear whatever the shape: 200,000 members are read and validated, not only refused.
    Daemon daemon({"json.maxMembers=200000", "json.maxElements=500000"});
    const HttpResult wide = daemon.http().post("/api/v3/case/validate", acme, wideObject(200000));
    BOOST_TEST_REQUIRE(wide.status == 400, wide.body);
    BOOST_TEST(message(wide) == "Fields validation failed");
    BOOST_TEST(wide.object()->getObject("error")->getObject("details")->has("serviceType"));
    const HttpResult confirm = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(500000));
    BOOST_TEST(confirm.status == 400);
    BOOST_TEST(message(confirm) == "\"value\" must contain less than or equal to 1000 items");
}
