// End-to-end: the HTTP edge of sohubd: auth, envelope, parameters, compression, HTML, 404/405/413.
#define BOOST_TEST_MODULE e2e_http_edge
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

using namespace sohub::test;

namespace {
struct Server {
    Daemon daemon{{"http.maxBodySize=1024"}};
};

std::string errorMessage(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }
}  // namespace

BOOST_FIXTURE_TEST_SUITE(http_edge, Server)

BOOST_AUTO_TEST_CASE(missing_token_is_401_json) {
    const HttpResult r = daemon.http().get("/api/v3/manufacturers", "");
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.header("Content-Type").find("application/json") == 0u);
    BOOST_TEST(!errorMessage(r).empty());
}

BOOST_AUTO_TEST_CASE(unknown_token_is_401) {
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers", "not-a-token").status == 401);
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers?accessToken=nope", "").status == 401);
}

BOOST_AUTO_TEST_CASE(token_in_query_string_authenticates) {
    const HttpResult r = daemon.http().get("/api/v3/manufacturers?accessToken=" + acme, "");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.object()->getArray("data")->size() > 0u);
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers?access_token=" + acme, "").status == 200);
}

BOOST_AUTO_TEST_CASE(provider_on_partner_endpoint_is_403) {
    const HttpResult r = daemon.http().get("/api/v3/manufacturers", infocare);
    BOOST_TEST(r.status == 403);
    BOOST_TEST(errorMessage(r) == "No access");
    BOOST_TEST(!r.object()->has("data"));
}

BOOST_AUTO_TEST_CASE(admin_may_read_reference_data) {
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers", admin).status == 200);
}

BOOST_AUTO_TEST_CASE(unknown_path_is_404_json) {
    const HttpResult r = daemon.http().get("/api/v3/no-such-thing", acme);
    BOOST_TEST(r.status == 404);
    BOOST_TEST(errorMessage(r) == "Not found");
    BOOST_TEST(daemon.http().get("/nothing/here", "").status == 404);
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_json_with_allow) {
    const HttpResult r = daemon.http().post("/api/v3/routing", acme, std::string("{}"));
    BOOST_TEST(r.status == 405);
    BOOST_TEST(r.header("Allow") == "GET");
    BOOST_TEST(errorMessage(r) == "Method not allowed");
    BOOST_TEST(daemon.http().request("DELETE", "/api/v3/manufacturers").status == 405);
}

BOOST_AUTO_TEST_CASE(unknown_query_parameter_is_400_naming_it) {
    const HttpResult r = daemon.http().get("/api/v3/manufacturers?colour=red", acme);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(errorMessage(r) == "Fields validation failed");
    BOOST_TEST(r.object()->getObject("error")->getObject("details")->has("colour"));
}

BOOST_AUTO_TEST_CASE(malformed_uri_is_400) {
    const HttpResult r = daemon.http().get("/api/v3/manufacturers?colour=%zz", acme);
    BOOST_TEST(r.status == 400);
    BOOST_TEST(errorMessage(r) == "Malformed request URI");
}

BOOST_AUTO_TEST_CASE(gzip_when_asked) {
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers",
                                               "", {{"X-Hub-Api-Token", acme}, {"Accept-Encoding", "gzip"}});
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("Content-Encoding") == "gzip");
    BOOST_TEST(r.object()->getArray("data")->size() == 4u);  // the client inflated it
}

BOOST_AUTO_TEST_CASE(deflate_when_asked) {
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers", "",
                                               {{"X-Hub-Api-Token", acme}, {"Accept-Encoding", "deflate"}});
    BOOST_TEST(r.header("Content-Encoding") == "deflate");
    BOOST_TEST(r.object()->getArray("data")->size() == 4u);
}

BOOST_AUTO_TEST_CASE(no_compression_unless_asked_or_refused) {
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers", acme).header("Content-Encoding").empty());
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers", "",
                                               {{"X-Hub-Api-Token", acme}, {"Accept-Encoding", "gzip;q=0"}});
    BOOST_TEST(r.header("Content-Encoding").empty());
}

BOOST_AUTO_TEST_CASE(html_page_when_the_client_accepts_html) {
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers", "",
                                               {{"X-Hub-Api-Token", acme}, {"Accept", "text/html,*/*"}});
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("Content-Type").find("text/html") == 0u);
    BOOST_TEST(r.body.find("<pre>") != std::string::npos);
    BOOST_TEST(r.body.find("&quot;data&quot;") != std::string::npos);
    BOOST_TEST(r.body.find("\n  ") != std::string::npos);  // pretty-printed
}

BOOST_AUTO_TEST_CASE(errors_are_html_too_when_asked) {
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers", "", {{"Accept", "text/html"}});
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.body.find("&quot;error&quot;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(body_over_the_limit_is_413) {
    const HttpResult r = daemon.http().request("GET", "/api/v3/manufacturers", std::string(4096, 'x'),
                                               {{"X-Hub-Api-Token", acme}});
    BOOST_TEST(r.status == 413);
    BOOST_TEST(errorMessage(r) == "Request body too large");
}

BOOST_AUTO_TEST_CASE(health_needs_no_token) {
    const HttpResult r = daemon.http().get("/health", "");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.object()->getObject("data")->getValue<std::string>("status") == "ok");
}

BOOST_AUTO_TEST_CASE(keep_alive_connection_serves_many_requests) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(daemon.port()));
    session.setKeepAlive(true);
    for (int i = 0; i < 20; ++i) {
        Poco::Net::HTTPRequest request("GET", "/health", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        BOOST_TEST(static_cast<int>(response.getStatus()) == 200);
    }
}

BOOST_AUTO_TEST_CASE(stops_cleanly_on_termination_request) {
    BOOST_TEST(daemon.stop() == 0);
    BOOST_TEST(daemon.log().find("sohubd stopping") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
