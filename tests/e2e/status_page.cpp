// End-to-end: the status page in a real browser (headless Chromium through puppeteer-core): sign in with the
// admin token, see an import and a failed delivery, press Replay and see it pending again; a screenshot is written
// to the build folder (screenshots/status-page.png; status-page-postgresql.png on PostgreSQL). And over plain HTTP:
// the cookie's attributes, the sign-in refusals, and that a state-changing form without the session's form token is
// refused.
#define BOOST_TEST_MODULE e2e_status_page
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/TestStore.h"
#include "support/WebhookReceiver.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <atomic>

using namespace sohub::test;

namespace {

// The subscriptions' receiver answers 410 Gone (the delivery fails at once, whatever attempts are left) until the
// test turns it to 503 before the replay: the replayed attempt then fails with its next attempt an hour away, so the
// delivery stays pending for the browser to see.
std::vector<std::string> failingWebhooks(const WebhookReceiver& receiver) {
    return {"webhooks.schedule=0s,1h", "webhooks.subscriptions.infocare.url=" + receiver.url("/infocare"),
            "webhooks.subscriptions.acme.url=" + receiver.url("/acme"), "drops.acme.schedule=every 1s",
            "drops.acme.stableSeconds=1"};
}

std::string sessionCookie(const HttpResult& signedIn) {
    const std::string cookie = signedIn.header("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_admin_signs_in_sees_a_failed_delivery_and_replays_it_in_chromium) {
    std::atomic<bool> gone{true};
    WebhookReceiver receiver([&](const ReceivedWebhook&, int) { return gone ? 410 : 503; });
    Daemon daemon(failingWebhooks(receiver));
    dropFile(Poco::Path(daemon.dataDir(), "drops/acme").toString(), "cases-demo.csv",
             readFile(std::string(SOHUB_SOURCE_DIR) + "/samples/drops/cases-demo.csv"));
    BOOST_TEST_REQUIRE(eventually([&] {
        return daemon.http().get("/api/v3/deliveries?state=failed", admin).body.find("\"failed\"") != std::string::npos;
    }, 30));

    gone = false;
    const std::string screenshots = std::string(SOHUB_BUILD_DIR) + "/screenshots";
    Poco::File(screenshots).createDirectories();
    // One name per store: the SQLite and PostgreSQL runs of this test go side by side, and each removes its old one.
    const std::string screenshot = screenshots + (onPostgres() ? "/status-page-postgresql.png" : "/status-page.png");
    if (Poco::File(screenshot).exists()) Poco::File(screenshot).remove();
    Poco::Pipe out, err;
    Poco::ProcessHandle node = Poco::Process::launch(
        "node",
        {std::string(SOHUB_SOURCE_DIR) + "/tests/node/status-page.js", "http://127.0.0.1:" + std::to_string(daemon.port()),
         admin, "cases-demo.csv", screenshot},
        nullptr, &out, &err);
    Poco::PipeInputStream outStream(out), errStream(err);
    std::string guid, problems;
    Poco::StreamCopier::copyToString(outStream, guid);
    Poco::StreamCopier::copyToString(errStream, problems);
    BOOST_TEST_REQUIRE(node.wait() == 0, problems);
    guid = guid.substr(0, guid.find('\n'));
    BOOST_TEST(Poco::File(screenshot).exists());
    BOOST_TEST(Poco::File(screenshot).getSize() > 1000u);
    // The API agrees: the replayed delivery is pending again, from the schedule's first step.
    const auto listed = daemon.http().get("/api/v3/deliveries?state=pending", admin).body;
    BOOST_TEST(listed.find(guid) != std::string::npos, guid << " not pending: " << listed);
}

BOOST_AUTO_TEST_CASE(sign_in_sessions_and_forms) {
    Daemon daemon;
    const std::map<std::string, std::string> form = {{"Content-Type", "application/x-www-form-urlencoded"}};
    // Signed out: the sign-in form, never the figures.
    const HttpResult signedOut = daemon.http().get("/status", "");
    BOOST_TEST(signedOut.status == 200);
    BOOST_TEST(signedOut.body.find("name=\"token\"") != std::string::npos);
    BOOST_TEST(signedOut.body.find("Latest imports") == std::string::npos);
    // Only an admin token signs in.
    BOOST_TEST(daemon.http().request("POST", "/status/sign-in", "token=" + acme, form).status == 401);
    BOOST_TEST(daemon.http().request("POST", "/status/sign-in", "token=nope", form).status == 401);
    const HttpResult signedIn = daemon.http().request("POST", "/status/sign-in", "token=" + admin, form);
    BOOST_TEST_REQUIRE(signedIn.status == 303);
    BOOST_TEST(signedIn.header("Location") == "/status");
    const std::string setCookie = signedIn.header("Set-Cookie");
    for (const char* attribute : {"HttpOnly", "SameSite=Strict", "Max-Age=28800", "Path=/status"})
        BOOST_TEST(setCookie.find(attribute) != std::string::npos, attribute << " not in " << setCookie);
    const std::string cookie = sessionCookie(signedIn);

    const HttpResult page = daemon.http().request("GET", "/status", "", {{"Cookie", cookie}});
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.header("Content-Type").find("text/html") == 0);
    BOOST_TEST(page.header("Cache-Control") == "no-store");
    for (const char* section : {"Latest imports", "Export batches", "Deliveries", "Jobs", "requests/s", "deliveries pending"})
        BOOST_TEST(page.body.find(section) != std::string::npos, section);
    BOOST_TEST(page.body.find(admin) == std::string::npos, "the token on the page");
    // Which release serves it, and the schema it migrated the store to (as sohubd --version says).
    BOOST_TEST(page.body.find("<span id=\"release\">sohubd " SOHUB_VERSION ", store schema version ") != std::string::npos);

    // A state-changing form without the session's form token (a cross-site request) is refused, and runs nothing.
    std::map<std::string, std::string> headers = form;
    headers["Cookie"] = cookie;
    BOOST_TEST(daemon.http().request("POST", "/status/jobs/run", "name=purge", headers).status == 403);
    const std::string formToken = [&] {
        const std::size_t at = page.body.find("name=\"formToken\" value=\"") + 24;
        return page.body.substr(at, page.body.find('"', at) - at);
    }();
    headers["Origin"] = "http://evil.example";
    BOOST_TEST(daemon.http().request("POST", "/status/jobs/run", "name=purge&formToken=" + formToken, headers).status == 403);
    headers.erase("Origin");
    const HttpResult ran = daemon.http().request("POST", "/status/jobs/run", "name=purge&formToken=" + formToken, headers);
    BOOST_TEST(ran.status == 303);
    BOOST_TEST(ran.header("Location").find("/status?notice=Run+") == 0);
    BOOST_TEST(daemon.http().get("/api/v3/jobs/history?name=purge", admin).body.find("\"manual\"") != std::string::npos);

    // Signing out ends the session.
    BOOST_TEST(daemon.http().request("POST", "/status/sign-out", "formToken=" + formToken, headers).status == 303);
    BOOST_TEST(daemon.http().request("GET", "/status", "", {{"Cookie", cookie}}).body.find("Latest imports") == std::string::npos);
}
