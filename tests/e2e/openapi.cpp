// End-to-end: GET /api/v3/openapi.json is the document kept in the source, valid for an independent validator
// (@apidevtools/swagger-parser, run with Node), and every operation it describes exists on the server with its
// roles and both ways of sending the token. (Its schemas are checked against every answer the suites receive by
// the openapi_drift test that runs after them.)
#define BOOST_TEST_MODULE e2e_openapi
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"
#include "support/DropFolder.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

using namespace sohub::test;

BOOST_AUTO_TEST_CASE(the_served_document_is_the_source_one_and_valid) {
    Daemon daemon;
    const HttpResult served = daemon.http().get("/api/v3/openapi.json", "");  // public: no token
    BOOST_TEST_REQUIRE(served.status == 200);
    BOOST_TEST(served.header("Content-Type").find("application/json") == 0);
    BOOST_TEST(served.body == readFile(std::string(SOHUB_SOURCE_DIR) + "/gateway/api/openapi.json"));

    Poco::TemporaryFile file;
    {
        Poco::FileOutputStream out(file.path());
        out << served.body;
    }
    Poco::Pipe out;
    Poco::ProcessHandle node = Poco::Process::launch(
        "node", {std::string(SOHUB_SOURCE_DIR) + "/tests/node/validate-openapi.js", file.path()}, nullptr, &out, &out);
    Poco::PipeInputStream verdict(out);
    std::string text;
    Poco::StreamCopier::copyToString(verdict, text);
    BOOST_TEST(node.wait() == 0, text);
    BOOST_TEST(text.find("valid OpenAPI 3.1.0") == 0, text);
}

BOOST_AUTO_TEST_CASE(every_documented_operation_exists_with_its_roles_and_both_token_forms) {
    Daemon daemon;
    const auto document = daemon.http().get("/api/v3/openapi.json", "").object();
    const auto schemes = document->getObject("components")->getObject("securitySchemes");
    BOOST_TEST(schemes->getObject("tokenHeader")->getValue<std::string>("name") == "X-Hub-Api-Token");
    BOOST_TEST(schemes->getObject("tokenHeader")->getValue<std::string>("in") == "header");
    BOOST_TEST(schemes->getObject("tokenQuery")->getValue<std::string>("name") == "accessToken");
    BOOST_TEST(schemes->getObject("tokenQuery")->getValue<std::string>("in") == "query");
    BOOST_TEST(document->getObject("components")->getObject("schemas")->has("Error"));

    const auto paths = document->getObject("paths");
    int operations = 0;
    for (const std::string& path : paths->getNames()) {
        const auto item = paths->getObject(path);
        for (const std::string& method : item->getNames()) {
            ++operations;
            const auto operation = item->getObject(method);
            BOOST_TEST(operation->has("x-roles"), method << " " << path);
            BOOST_TEST(operation->getObject("responses")->size() >= 2u, method << " " << path);
            // Asked without a token: never "Not found" or "Method not allowed", so the route is the server's.
            const HttpResult answer = method == "get" ? daemon.http().get(path, "")
                                                      : daemon.http().post(path, "", std::string("{}"));
            BOOST_TEST(answer.status != 405, method << " " << path);
            BOOST_TEST(answer.body.find("\"Not found\"") == std::string::npos, method << " " << path << ": " << answer.body);
            // Token routes take the document's global security; public ones and the status page's (its session
            // cookie) say their own.
            const bool isPublic = operation->has("security");
            // (/metrics is open to metrics.allowFrom, loopback by default, without a token.)
            if (!isPublic && path != "/metrics") BOOST_TEST(answer.status == 401, method << " " << path << " answered " << answer.status);
            // The answer's status is one the document lists for the operation.
            BOOST_TEST(operation->getObject("responses")->has(std::to_string(answer.status)),
                       method << " " << path << " answered " << answer.status);
        }
    }
    BOOST_TEST(operations >= 39);
}
