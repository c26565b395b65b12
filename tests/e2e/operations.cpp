// End-to-end: the operators' endpoints. /metrics read by Prometheus' own Python parser (Debian's
// python3-prometheus-client) after an import, an export and requests; who may read it; /ready and what makes it
// 503; the access log.
#define BOOST_TEST_MODULE e2e_operations
#include <boost/test/unit_test.hpp>

#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/TestStore.h"

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <sstream>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

struct Sample {
    std::map<std::string, std::string> labels;
    double value = 0;
};

// The exposition parsed by prometheus_client: sample name -> its samples, and family name -> type. The parser
// fails (and so the test) on any line the format does not allow.
struct Scrape {
    std::multimap<std::string, Sample> samples;
    std::map<std::string, std::string> types;

    const Sample* find(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
        const auto [from, to] = samples.equal_range(name);
        for (auto it = from; it != to; ++it) {
            bool match = true;
            for (const auto& [key, wanted] : labels) {
                const auto found = it->second.labels.find(key);
                match = match && found != it->second.labels.end() && found->second == wanted;
            }
            if (match) return &it->second;
        }
        return nullptr;
    }

    double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
        const Sample* const sample = find(name, labels);
        if (!sample) BOOST_FAIL("no sample " + name);
        return sample->value;
    }
};

Scrape parse(const std::string& exposition) {
    Poco::TemporaryFile file;
    {
        Poco::FileOutputStream out(file.path());
        out << exposition;
    }
    const std::string script =
        "import json, sys\n"
        "from prometheus_client.parser import text_string_to_metric_families\n"
        "out = {'samples': [], 'types': {}}\n"
        "for family in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
        "    out['types'][family.name] = family.type\n"
        "    for s in family.samples:\n"
        "        out['samples'].append({'name': s.name, 'labels': s.labels, 'value': s.value})\n"
        "print(json.dumps(out))\n";
    Poco::Pipe out, err;
    // Debian's interpreter: the package installs the parser for it, whatever python3 comes first on PATH.
    Poco::ProcessHandle python = Poco::Process::launch("/usr/bin/python3", {"-c", script, file.path()}, nullptr, &out, &err);
    Poco::PipeInputStream in(out), errors(err);
    std::string text, problems;
    Poco::StreamCopier::copyToString(in, text);
    Poco::StreamCopier::copyToString(errors, problems);
    BOOST_TEST_REQUIRE(python.wait() == 0, "prometheus_client refused the exposition: " + problems);
    const auto parsed = json(text).extract<Poco::JSON::Object::Ptr>();
    Scrape scrape;
    const auto samples = parsed->getArray("samples");
    for (unsigned i = 0; i < samples->size(); ++i) {
        const auto sample = samples->getObject(i);
        Sample s;
        const auto labels = sample->getObject("labels");
        for (const std::string& name : labels->getNames()) s.labels[name] = labels->getValue<std::string>(name);
        s.value = sample->getValue<double>("value");
        scrape.samples.emplace(sample->getValue<std::string>("name"), s);
    }
    const auto types = parsed->getObject("types");
    for (const std::string& name : types->getNames()) scrape.types[name] = types->getValue<std::string>(name);
    return scrape;
}

std::string dropFolder(const Daemon& daemon) { return Poco::Path(daemon.dataDir(), "drops/acme").toString(); }

const std::vector<std::string> fastDrop = {"drops.acme.schedule=every 1s", "drops.acme.stableSeconds=1",
                                           "exports.infocare.schedule=0 0 1 1 *"};

}  // namespace

BOOST_AUTO_TEST_CASE(metrics_parse_as_prometheus_text_and_count_what_happened) {
    Daemon daemon(fastDrop);
    const BookedCase booked = bookCase(daemon.http(), acme);
    BOOST_TEST(daemon.http().get("/api/v3/case?guid=" + booked.guid, acme).status == 200);
    BOOST_TEST(daemon.http().get("/api/v3/case?guid=00000000-0000-0000-0000-000000000000", acme).status == 404);
    BOOST_TEST(daemon.http().get("/no/such/path", acme).status == 404);
    BOOST_TEST(daemon.http().post("/api/v3/case-messages/create", acme,
                                  R"({"guid":")" + booked.guid + R"(","type":"serviceComment","content":"hello"})")
                   .status == 200);
    dropFile(dropFolder(daemon), "cases-demo.csv", readFile(std::string(SOHUB_SOURCE_DIR) + "/samples/drops/cases-demo.csv"));
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.http().get("/api/v3/imports?status=done", acme).body.find("cases-demo.csv") != std::string::npos; }, 20));
    BOOST_TEST(daemon.http().post("/api/v3/exports/run", admin, std::string(R"({"name":"infocare"})")).status == 200);
    // The import is listed as done a moment before its file is counted, and before the job run that took the file
    // has finished and been counted.
    BOOST_TEST_REQUIRE(eventually([&] {
        const Scrape scrape = parse(daemon.http().get("/metrics", "").body);
        const Sample* const imported = scrape.find("sohub_import_files_total", {{"outcome", "done"}});
        return imported && imported->value == 1 &&
               scrape.find("sohub_job_runs_total", {{"job", "drop:acme"}, {"outcome", "succeeded"}}) != nullptr;
    }, 20));

    const HttpResult answer = daemon.http().get("/metrics", "");  // from 127.0.0.1: no token needed
    BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
    BOOST_TEST(answer.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    const Scrape scrape = parse(answer.body);

    BOOST_TEST(scrape.types.at("sohub_http_requests") == "counter");
    BOOST_TEST(scrape.types.at("sohub_http_request_duration_seconds") == "histogram");
    BOOST_TEST(scrape.value("sohub_http_requests_total", {{"route", "/api/v3/case"}, {"status", "200"}}) == 2);  // bookCase reads it back too
    BOOST_TEST(scrape.value("sohub_http_requests_total", {{"route", "/api/v3/case"}, {"status", "404"}}) == 1);
    BOOST_TEST(scrape.value("sohub_http_requests_total", {{"route", "/api/v3/case/create"}, {"status", "200"}}) == 1);
    BOOST_TEST(scrape.value("sohub_http_requests_total", {{"route", "unmatched"}, {"status", "404"}}) == 1);
    BOOST_TEST(scrape.value("sohub_http_request_duration_seconds_count", {{"route", "/api/v3/case"}}) == 3);
    BOOST_TEST(scrape.value("sohub_http_request_duration_seconds_bucket", {{"route", "/api/v3/case"}, {"le", "+Inf"}}) == 3);
    // No label carries a guid, a file name or a query: the route is the table's path.
    for (const auto& [name, sample] : scrape.samples)
        for (const auto& [label, value] : sample.labels) {
            BOOST_TEST(value.find(booked.guid) == std::string::npos, name);
            BOOST_TEST(value.find("cases-demo") == std::string::npos, name);
            BOOST_TEST(value.find('?') == std::string::npos, name);
        }

    BOOST_TEST(scrape.value("sohub_store_commits_total", {{"outcome", "committed"}}) > 0);
    BOOST_TEST(scrape.types.at("sohub_store_commit_duration_seconds") == "histogram");
    BOOST_TEST(scrape.value("sohub_store_commit_changes_count") > 0);
    BOOST_TEST(scrape.value("sohub_import_files_total", {{"outcome", "done"}}) == 1);
    BOOST_TEST(scrape.value("sohub_import_files_total", {{"outcome", "failed"}}) == 0);
    BOOST_TEST(scrape.value("sohub_import_records_total", {{"outcome", "created"}}) == 3);
    BOOST_TEST(scrape.value("sohub_import_records_total", {{"outcome", "rejected"}}) == 3);
    BOOST_TEST(scrape.value("sohub_import_bytes_total") > 0);
    BOOST_TEST(scrape.value("sohub_export_files_total", {{"export", "infocare"}}) == 1);
    BOOST_TEST(scrape.value("sohub_export_messages_total", {{"export", "infocare"}}) == 1);
    BOOST_TEST(scrape.value("sohub_delivery_attempts_total", {{"outcome", "succeeded"}}) >= 0);
    BOOST_TEST(scrape.types.at("sohub_deliveries_pending") == "gauge");
    BOOST_TEST(scrape.value("sohub_delivery_oldest_pending_age_seconds") >= 0);
    BOOST_TEST(scrape.value("sohub_job_runs_total", {{"job", "drop:acme"}, {"outcome", "succeeded"}}) >= 1);
    BOOST_TEST(scrape.value("sohub_job_last_success_timestamp_seconds", {{"job", "drop:acme"}}) > 1.7e9);
    BOOST_TEST(scrape.value("process_resident_memory_bytes") > 1e6);
    BOOST_TEST(scrape.value("process_open_fds") > 3);
    BOOST_TEST(scrape.value("process_threads") > 3);
    // The release and the schema it migrates to: the store's, once this daemon migrated it.
    int schema = 0;
    Poco::Data::Session store = openStore(daemon.dataDir());
    store << "SELECT MAX(version) FROM schema_migrations", into(schema), now;
    BOOST_TEST(scrape.types.at("sohub_build_info") == "gauge");
    BOOST_TEST(scrape.value("sohub_build_info", {{"version", SOHUB_VERSION}, {"schema_version", std::to_string(schema)}}) == 1);
}

BOOST_AUTO_TEST_CASE(metrics_from_elsewhere_need_an_admin_token) {
    Daemon daemon({"metrics.allowFrom=10.0.0.0/8, fd00::/8"});  // loopback is not in the list
    BOOST_TEST(daemon.http().get("/metrics", "").status == 401);
    BOOST_TEST(daemon.http().get("/metrics", acme).status == 403);
    const HttpResult admitted = daemon.http().get("/metrics", admin);
    BOOST_TEST(admitted.status == 200);
    BOOST_TEST(admitted.body.find("sohub_http_requests_total") != std::string::npos);
}

// The status of GET /metrics asked over a connection from one loopback address to another (all of 127.0.0.0/8 is
// loopback on Linux), so that the server's idea of the client's address shows.
int metricsStatusFrom(const char* source, const char* target, int port) {
    const auto address = [](const char* host, int hostPort) {
        sockaddr_in inet{};
        inet.sin_family = AF_INET;
        inet.sin_port = htons(static_cast<std::uint16_t>(hostPort));
        BOOST_TEST_REQUIRE(inet_pton(AF_INET, host, &inet.sin_addr) == 1);
        return inet;
    };
    struct Descriptor {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        ~Descriptor() {
            if (fd >= 0) ::close(fd);
        }
    } socket;
    BOOST_TEST_REQUIRE(socket.fd >= 0);
    const sockaddr_in from = address(source, 0), to = address(target, port);
    BOOST_TEST_REQUIRE(::bind(socket.fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) == 0);
    BOOST_TEST_REQUIRE(::connect(socket.fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
    const std::string request =
        "GET /metrics HTTP/1.1\r\nHost: " + std::string(target) + "\r\nConnection: close\r\n\r\n";
    BOOST_TEST_REQUIRE(::send(socket.fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
    std::string answer;
    char buffer[4096];
    ssize_t got;
    while ((got = ::recv(socket.fd, buffer, sizeof buffer, 0)) > 0)
        answer.append(buffer, static_cast<std::size_t>(got));
    BOOST_TEST_REQUIRE(answer.rfind("HTTP/1.1 ", 0) == 0, answer);
    return std::stoi(answer.substr(9, 3));
}

BOOST_AUTO_TEST_CASE(metrics_are_open_to_the_address_a_connection_comes_from) {
    // The daemon learns a client's address when it accepts the connection (not by asking for each request): on its
    // own address and on a wildcard one, a request is open or closed by where it came from, not where it went.
    Daemon bound({"metrics.allowFrom=127.0.0.2/32"});
    BOOST_TEST(metricsStatusFrom("127.0.0.2", "127.0.0.1", bound.port()) == 200);
    BOOST_TEST(metricsStatusFrom("127.0.0.1", "127.0.0.1", bound.port()) == 401);
    Daemon wildcard({"http.address=0.0.0.0", "metrics.allowFrom=127.0.0.2/32"});
    for (int repeat = 0; repeat < 2; ++repeat) {
        BOOST_TEST(metricsStatusFrom("127.0.0.2", "127.0.0.3", wildcard.port()) == 200);
        BOOST_TEST(metricsStatusFrom("127.0.0.3", "127.0.0.2", wildcard.port()) == 401);
        BOOST_TEST(metricsStatusFrom("127.0.0.1", "127.0.0.2", wildcard.port()) == 401);
    }
}

BOOST_AUTO_TEST_CASE(ready_names_what_is_not_ready) {
    Daemon daemon(fastDrop);
    const HttpResult ready = daemon.http().get("/ready", "");
    BOOST_TEST(ready.status == 200, ready.body);
    BOOST_TEST(ready.body == R"({"data":{"status":"ready"}})");
    BOOST_TEST(daemon.http().get("/health", "").status == 200);

    // The drop's folder goes away: its polls fail, and /ready says so until it is back.
    Poco::File(dropFolder(daemon)).remove(true);
    Poco::File(Poco::Path(daemon.dataDir(), "drops/acme").toString()).createFile();  // a file where the folder was
    HttpResult notReady;
    BOOST_TEST_REQUIRE(eventually([&] { return (notReady = daemon.http().get("/ready", "")).status == 503; }, 10));
    const auto error = notReady.object()->getObject("error");
    BOOST_TEST(error->getValue<std::string>("message").find("Not ready: drop acme: its last poll failed") == 0,
               error->getValue<std::string>("message"));
    BOOST_TEST(error->getArray("details")->size() == 1u);
    BOOST_TEST(daemon.http().get("/health", "").status == 200);  // alive all the same

    Poco::File(dropFolder(daemon)).remove();
    BOOST_TEST(eventually([&] { return daemon.http().get("/ready", "").status == 200; }, 10));  // the poll makes it again
}

// An upgrade of several daemons: another daemon, of a newer release, migrated the store past this one's schema.
BOOST_AUTO_TEST_CASE(ready_is_503_once_a_newer_release_migrated_the_store) {
    Daemon daemon(fastDrop);
    BOOST_TEST_REQUIRE(daemon.http().get("/ready", "").status == 200);
    Poco::Data::Session store = openStore(daemon.dataDir());
    const int newer = recordNewerMigration(store);
    const int known = newer - 1;
    const HttpResult notReady = daemon.http().get("/ready", "");
    BOOST_TEST_REQUIRE(notReady.status == 503, notReady.body);
    const std::string message = notReady.object()->getObject("error")->getValue<std::string>("message");
    BOOST_TEST(message.find("store: its schema is version " + std::to_string(newer) + ", newer than this sohubd's (" +
                            std::to_string(known) + ")") != std::string::npos,
               message);
    BOOST_TEST(daemon.http().get("/health", "").status == 200);  // alive all the same
    forgetNewerMigration(store, newer);
    BOOST_TEST(daemon.http().get("/ready", "").status == 200);
}

BOOST_AUTO_TEST_CASE(the_access_log_has_a_line_per_request_and_no_token) {
    Daemon daemon({"http.accessLog=true"});
    const int listed = daemon.http().get("/api/v3/case-messages?accessToken=" + acme + "&guid=x", "").status;
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers", acme).status == 200);
    const std::string listedLine = "GET /api/v3/case-messages " + std::to_string(listed);
    std::string log;
    // A request's line is written after its answer is sent: the client may read the second answer before the first
    // request's line is written, so the test waits for both.
    eventually([&] {
        log = daemon.log();
        return log.find("GET /api/v3/manufacturers 200") != std::string::npos &&
               log.find(listedLine) != std::string::npos;
    }, 5);
    BOOST_TEST_REQUIRE(log.find("GET /api/v3/manufacturers 200") != std::string::npos, log);
    BOOST_TEST(log.find(listedLine) != std::string::npos, log);
    BOOST_TEST(log.find(acme) == std::string::npos, "a token in the log");
    BOOST_TEST(log.find("account 1001") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_logs_are_one_object_a_line_naming_their_subject) {
    std::vector<std::string> defines = fastDrop;
    defines.insert(defines.end(), {"logging.format=json", "http.accessLog=true"});
    Daemon daemon(defines);
    dropFile(dropFolder(daemon), "cases-demo.csv", readFile(std::string(SOHUB_SOURCE_DIR) + "/samples/drops/cases-demo.csv"));
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.log().find(" done: 6 records") != std::string::npos; }, 20));
    BOOST_TEST(daemon.http().get("/api/v3/manufacturers?accessToken=" + acme, "").status == 200);
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.log().find("sohub.access") != std::string::npos; }, 5));
    std::istringstream lines(daemon.log());
    std::string line;
    int lineCount = 0, importLines = 0, accessLines = 0;
    while (std::getline(lines, line)) {
        if (line.empty()) continue;
        ++lineCount;
        const auto object = json(line).extract<Poco::JSON::Object::Ptr>();  // fails the test unless JSON
        for (const char* field : {"time", "level", "logger", "message"}) BOOST_TEST(object->has(field), line);
        BOOST_TEST(object->getValue<std::string>("time").back() == 'Z');
        if (object->has("import")) {
            ++importLines;
            BOOST_TEST(object->getValue<std::string>("message").find("Import " + object->getValue<std::string>("import")) == 0);
        }
        if (object->getValue<std::string>("logger") == "sohub.access") {
            ++accessLines;
            BOOST_TEST(object->getValue<std::string>("route") == "/api/v3/manufacturers");
            // Figures are JSON numbers, for a log pipeline to sum and compare (they were strings).
            BOOST_TEST(object->get("status").isInteger(), line);
            BOOST_TEST(object->getValue<int>("status") == 200);
            BOOST_TEST(object->getValue<int>("account") == 1001);
            BOOST_TEST(object->get("durationMs").isNumeric(), line);
            BOOST_TEST(object->get("bytes").isInteger(), line);
        }
        BOOST_TEST(line.find(acme) == std::string::npos, "a token in the log: " + line);
    }
    BOOST_TEST(lineCount > 5);
    BOOST_TEST(importLines >= 2);  // taken, finished
    BOOST_TEST(accessLines == 1);
}
