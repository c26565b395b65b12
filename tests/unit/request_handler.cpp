// The request handler in-process: a crashing endpoint becomes a 500 JSON error, malformed JSON a 400.
#define BOOST_TEST_MODULE unit_request_handler
#include <boost/test/unit_test.hpp>

#include "api/HubRequestHandler.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"
#include "support/HttpClient.h"
#include "support/ScratchFolder.h"

#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

using namespace sohub;

namespace {

struct InProcessServer {
    test::ScratchFolder folder;
    std::unique_ptr<Database> database;
    std::unique_ptr<ReferenceRepository> repository;
    std::unique_ptr<ReferenceCatalog> catalog;
    RouteTable routes;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::unique_ptr<test::HttpClient> http;

    InProcessServer() {
        StoreSettings settings;
        settings.path = Poco::Path(folder.path(), "hub.db").toString();
        settings.readers = 2;
        database = std::make_unique<Database>(settings);
        repository = std::make_unique<ReferenceRepository>(*database);
        Poco::FileInputStream in(std::string(SOHUB_SOURCE_DIR) + "/samples/seed.json");
        Poco::JSON::Parser parser;
        repository->seedIfEmpty(parser.parse(in).extract<Poco::JSON::Object::Ptr>());
        catalog = std::make_unique<ReferenceCatalog>(*repository);

        routes.add({"GET", "/crash", {Role::Partner}, [](const Call&) -> Reply { throw std::runtime_error("boom"); }});
        routes.add({"GET", "/crash-odd", {Role::Partner}, [](const Call&) -> Reply { throw 42; }});
        routes.add({"POST", "/echo", {Role::Partner}, [](const Call& call) {
                        call.query.allowNone();
                        return Reply::data(call.json());
                    }});
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        BodyLimits limits;
        limits.maxBytes = 1024;
        limits.json.maxDepth = 3;
        server = std::make_unique<Poco::Net::HTTPServer>(new HubRequestHandlerFactory(routes, *catalog, limits), socket,
                                                         new Poco::Net::HTTPServerParams);
        server->start();
        http = std::make_unique<test::HttpClient>(socket.address().port());
    }
    ~InProcessServer() { server->stopAll(true); }
};

std::string errorMessage(const test::HttpResult& r) {
    return r.object()->getObject("error")->getValue<std::string>("message");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(request_handler, InProcessServer)

BOOST_AUTO_TEST_CASE(endpoint_exception_becomes_500_json) {
    const test::HttpResult r = http->get("/crash", "demo-partner-acme");
    BOOST_TEST(r.status == 500);
    BOOST_TEST(errorMessage(r) == "Internal server error");
    BOOST_TEST(r.body.find("boom") == std::string::npos);  // no internals leak
    BOOST_TEST(http->get("/crash-odd", "demo-partner-acme").status == 500);
    BOOST_TEST(http->get("/crash", "demo-partner-acme").status == 500);  // and the server lives on
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400) {
    const test::HttpResult r = http->post("/echo", "demo-partner-acme", std::string("{\"a\": "));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(errorMessage(r) == "Malformed JSON");
    BOOST_TEST(http->post("/echo", "demo-partner-acme", std::string("{\"a\": 1}")).status == 200);
}

BOOST_AUTO_TEST_CASE(json_past_a_limit_is_400_naming_the_limit) {
    BOOST_TEST(http->post("/echo", "demo-partner-acme", std::string("{\"a\":[[1]]}")).status == 200);
    const test::HttpResult r = http->post("/echo", "demo-partner-acme", std::string("{\"a\":[[[1]]]}"));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body == R"x({"error":{"message":"JSON nesting is deeper than json.maxDepth (3)"}})x");
}

BOOST_AUTO_TEST_CASE(post_with_query_parameters_other_than_the_token_is_400) {
    const test::HttpResult r = http->post("/echo?guid=abc", "demo-partner-acme", std::string("{}"));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.object()->getObject("error")->getObject("details")->has("guid"));
    BOOST_TEST(http->post("/echo?accessToken=demo-partner-acme", "", std::string("{}")).status == 200);
}

BOOST_AUTO_TEST_CASE(declared_body_over_the_limit_is_413_before_reading) {
    BOOST_TEST(http->post("/echo", "demo-partner-acme", "[" + std::string(2000, ' ') + "]").status == 413);
}

BOOST_AUTO_TEST_CASE(body_without_content_type_is_read_as_json) {
    Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
    Poco::Net::HTTPRequest request("POST", "/echo", Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("X-Hub-Api-Token", "demo-partner-acme");
    const std::string body = "{\"a\": 1}";
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
    BOOST_TEST(static_cast<int>(response.getStatus()) == 200);
    BOOST_TEST(answer == "{\"data\":{\"a\":1}}");
}

BOOST_AUTO_TEST_CASE(body_of_another_media_type_is_read_as_json_but_another_charset_is_415) {
    const auto post = [&](const std::string& contentType) {
        return http->request("POST", "/echo", "{\"a\":1}",
                             {{"X-Hub-Api-Token", "demo-partner-acme"}, {"Content-Type", contentType}});
    };
    BOOST_TEST(post("text/csv").status == 200);
    BOOST_TEST(post("application/problem+json").status == 200);
    const test::HttpResult latin1 = post("text/plain; charset=latin1");
    BOOST_TEST(latin1.status == 415);
    BOOST_TEST(errorMessage(latin1) == "Only UTF-8 is accepted");
}

BOOST_AUTO_TEST_SUITE_END()
