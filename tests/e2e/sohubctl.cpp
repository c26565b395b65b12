// End-to-end: sohubctl against a real sohubd: an upload with its progress and totals, the listings, runs and
// replays, --json for scripts, the token from SOHUB_TOKEN or --token-file, and the exit codes.
#define BOOST_TEST_MODULE e2e_sohubctl
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"
#include "support/DropFolder.h"

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

using namespace sohub::test;

namespace {

struct Run {
    int code = -1;
    std::string out, err;
};

// sohubctl ARGS against the daemon, with SOHUB_TOKEN set to `token` (unset when empty). Output is a pipe: the
// progress comes as plain percentage lines.
Run sohubctl(const Daemon& daemon, const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), "--url=http://127.0.0.1:" + std::to_string(daemon.port()));
    Poco::Process::Env env;
    env["SOHUB_TOKEN"] = token;
    Poco::Pipe out, err;
    Poco::ProcessHandle process = Poco::Process::launch(SOHUBCTL_PATH, args, "", nullptr, &out, &err, env);
    Poco::PipeInputStream outStream(out), errStream(err);
    Run run;
    Poco::StreamCopier::copyToString(outStream, run.out);
    Poco::StreamCopier::copyToString(errStream, run.err);
    run.code = process.wait();
    return run;
}

const std::string demoCases = std::string(SOHUB_SOURCE_DIR) + "/samples/drops/cases-demo.csv";

}  // namespace

BOOST_AUTO_TEST_CASE(import_shows_progress_then_totals_and_the_listings_follow) {
    Daemon daemon;
    const Run imported = sohubctl(daemon, acme, {"import", "--kind", "cases", demoCases});
    BOOST_TEST(imported.code == 0, imported.err);
    BOOST_TEST(imported.out.find("100% 6 records\n") != std::string::npos, imported.out);
    BOOST_TEST(imported.out.find("import 1 done: 6 records, 3 created, 3 rejected, 0 duplicates") != std::string::npos, imported.out);
    BOOST_TEST(imported.out.find("GET /api/v3/imports/report?id=1") != std::string::npos);
    BOOST_TEST(imported.out.find("GET /api/v3/imports/rejected?id=1") != std::string::npos);

    const Run listed = sohubctl(daemon, acme, {"imports"});
    BOOST_TEST(listed.code == 0);
    BOOST_TEST(listed.out.find("ID  STATUS  KIND") == 0, listed.out);
    BOOST_TEST(listed.out.find("cases-demo.csv") != std::string::npos);

    const Run asJson = sohubctl(daemon, acme, {"--json", "imports"});
    BOOST_TEST(asJson.code == 0);
    const auto page = json(asJson.out).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(page->getArray("data")->getObject(0)->getObject("totals")->getValue<int>("created") == 3);

    const Run report = sohubctl(daemon, acme, {"report", "1"});
    BOOST_TEST(report.code == 0);
    BOOST_TEST(report.out.find("\"status\": \"done\"") != std::string::npos, report.out);

    // The same file again: a duplicate, not applied again; the progress still ends.
    const Run again = sohubctl(daemon, acme, {"import", "--kind", "cases", demoCases});
    BOOST_TEST(again.code == 0);
    BOOST_TEST(again.out.find("import 2 duplicate") != std::string::npos, again.out);
}

BOOST_AUTO_TEST_CASE(exports_jobs_and_deliveries) {
    Daemon daemon({"exports.infocare.schedule=0 0 1 1 *"});
    const Run exported = sohubctl(daemon, admin, {"export-run", "infocare"});
    BOOST_TEST(exported.code == 0, exported.err);
    BOOST_TEST(exported.out == "export infocare: nothing due\n");
    BOOST_TEST(sohubctl(daemon, admin, {"exports"}).out.find("ID  EXPORT  FILE") == 0);
    const Run jobs = sohubctl(daemon, admin, {"jobs"});
    BOOST_TEST(jobs.out.find("purge") != std::string::npos, jobs.out);
    const Run ran = sohubctl(daemon, admin, {"--json", "job-run", "purge"});
    BOOST_TEST(ran.code == 0, ran.err);
    BOOST_TEST(json(ran.out).extract<Poco::JSON::Object::Ptr>()->getObject("data")->getValue<std::string>("job") == "purge");
    BOOST_TEST(sohubctl(daemon, admin, {"deliveries", "--state", "failed"}).code == 0);
    // An unknown delivery: the server refuses, exit 1, with its message.
    const Run replay = sohubctl(daemon, admin, {"replay", "00000000-0000-0000-0000-000000000000"});
    BOOST_TEST(replay.code == 1);
    BOOST_TEST(replay.err.find("sohubctl: 404") == 0, replay.err);
}

BOOST_AUTO_TEST_CASE(tokens_and_exit_codes) {
    Daemon daemon;
    // No token: the server refuses (401), exit 1.
    const Run anonymous = sohubctl(daemon, "", {"imports"});
    BOOST_TEST(anonymous.code == 1);
    BOOST_TEST(anonymous.err.find("401 Access token is required") != std::string::npos, anonymous.err);
    BOOST_TEST(anonymous.err.find("the token comes from SOHUB_TOKEN or --token-file") != std::string::npos,
               anonymous.err);
    // A refused value: the problems of each field follow the message.
    const Run badId = sohubctl(daemon, acme, {"report", "abc"});
    BOOST_TEST(badId.code == 1);
    BOOST_TEST(badId.err.find("400 Fields validation failed\n  id: Must be a number") != std::string::npos, badId.err);
    // A provider may not upload cases: 403, exit 1.
    BOOST_TEST(sohubctl(daemon, infocare, {"import", "--kind", "cases", demoCases}).code == 1);
    // The token from a file.
    Poco::TemporaryFile tokenFile;
    {
        Poco::FileOutputStream out(tokenFile.path());
        out << acme << "\n";
    }
    BOOST_TEST(sohubctl(daemon, "", {"--token-file=" + tokenFile.path(), "imports"}).code == 0);
    // A token file missing or empty is the caller's to mend: it was exit 1, "the server refused".
    const Run missing = sohubctl(daemon, "", {"--token-file=" + tokenFile.path() + ".nope", "imports"});
    BOOST_TEST(missing.code == 2);
    BOOST_TEST(missing.err.find(".nope cannot be read") != std::string::npos, missing.err);
    {
        Poco::FileOutputStream out(tokenFile.path());
        out << "\n";
    }
    const Run empty = sohubctl(daemon, "", {"--token-file=" + tokenFile.path(), "imports"});
    BOOST_TEST(empty.code == 2);
    BOOST_TEST(empty.err.find("holds no token on its first line") != std::string::npos, empty.err);
    // Usage: no command, an unknown one, a missing argument, an unknown option, a token on the command line.
    BOOST_TEST(sohubctl(daemon, acme, {}).code == 2);
    BOOST_TEST(sohubctl(daemon, acme, {"nope"}).code == 2);
    BOOST_TEST(sohubctl(daemon, acme, {"report"}).code == 2);
    BOOST_TEST(sohubctl(daemon, acme, {"import", demoCases}).code == 2);  // no --kind
    BOOST_TEST(sohubctl(daemon, acme, {"--token=" + acme, "imports"}).code == 2);
    // Nobody listening: exit 3.
    Poco::Process::Env env;
    Poco::Pipe out, err;
    Poco::ProcessHandle unreachable =
        Poco::Process::launch(SOHUBCTL_PATH, {"--url=http://127.0.0.1:1", "imports"}, "", nullptr, &out, &err, env);
    Poco::PipeInputStream drainOut(out), drainErr(err);
    std::string ignored;
    Poco::StreamCopier::copyToString(drainOut, ignored);
    Poco::StreamCopier::copyToString(drainErr, ignored);
    BOOST_TEST(unreachable.wait() == 3);
}
