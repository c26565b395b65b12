// End-to-end: the sohubd process itself: options, configuration overrides, restart on an existing store.
#define BOOST_TEST_MODULE e2e_daemon
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Thread.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {
struct Run {
    int code;
    std::string output;
};

Run runSohubd(const std::vector<std::string>& args) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(SOHUBD_PATH, args, SOHUB_SOURCE_DIR, nullptr, &out, &out);
    Poco::PipeInputStream in(out);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return {handle.wait(), text};
}
}  // namespace

BOOST_AUTO_TEST_CASE(help_lists_the_options_and_exits) {
    const Run run = runSohubd({"--help"});
    BOOST_TEST(run.code == 0);
    BOOST_TEST(run.output.find("--config") != std::string::npos);
    BOOST_TEST(run.output.find("--define") != std::string::npos);
    BOOST_TEST(run.output.find("--daemon") != std::string::npos);
    BOOST_TEST(run.output.find("--pidfile") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_configuration_file_fails_to_start) {
    const Run run = runSohubd({"--config=/nonexistent/sohub.properties"});
    BOOST_TEST(run.code != 0);
}

BOOST_AUTO_TEST_CASE(daemon_mode_keeps_relative_paths_and_writes_the_pid_file) {
    Poco::TemporaryFile folder;
    folder.createDirectories();
    const std::string pidFile = Poco::Path(folder.path(), "sohubd.pid").toString();
    const std::string portFile = Poco::Path(folder.path(), "port").toString();
    // Relative config and seed paths: they mean the folder sohubd was started in, even after --daemon.
    const Run run = runSohubd({"--daemon", "--pidfile=" + pidFile, "--config=samples/sohub.properties",
                               "--define=http.port=0", "--define=http.portFile=" + portFile,
                               "--define=data.dir=" + Poco::Path(folder.path(), "var").toString(),
                               "--define=logging.loggers.root.channel=null",
                               "--define=logging.channels.null.class=NullChannel"});
    BOOST_TEST(run.code == 0);
    for (int i = 0; i < 100 && !Poco::File(portFile).exists(); ++i) Poco::Thread::sleep(50);
    BOOST_REQUIRE(Poco::File(pidFile).exists());
    BOOST_REQUIRE(Poco::File(portFile).exists());
    int pid = 0, port = 0;
    Poco::FileInputStream(pidFile) >> pid;
    Poco::FileInputStream(portFile) >> port;
    BOOST_TEST(HttpClient(port).get("/api/v3/manufacturers", acme).status == 200);
    Poco::Process::requestTermination(pid);
    for (int i = 0; i < 100 && Poco::File(pidFile).exists(); ++i) Poco::Thread::sleep(50);
    BOOST_TEST(!Poco::File(pidFile).exists());  // removed on a clean stop
}

BOOST_AUTO_TEST_CASE(define_overrides_the_file) {
    Daemon daemon({"http.maxBodySize=16"});
    BOOST_TEST(daemon.http().request("GET", "/health", std::string(64, 'x')).status == 413);
}

BOOST_AUTO_TEST_CASE(restart_on_the_same_store_migrates_and_seeds_once) {
    Poco::TemporaryFile folder;
    folder.createDirectories();
    const std::string dataDir = "data.dir=" + folder.path();
    {
        Daemon first({dataDir});
        BOOST_TEST(first.http().get("/api/v3/manufacturers", acme).status == 200);
    }
    {
        Daemon second({dataDir});
        BOOST_TEST(second.http().get("/api/v3/manufacturers", acme).status == 200);
        BOOST_TEST(second.log().find("Seeded") == std::string::npos);
    }
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", Poco::Path(folder.path(), "sohub.db").toString());
    int migrations = 0, accounts = 0;
    session << "SELECT COUNT(*) FROM schema_migrations", into(migrations), now;
    session << "SELECT COUNT(*) FROM accounts", into(accounts), now;
    int distinct = 0;
    session << "SELECT COUNT(DISTINCT version) FROM schema_migrations", into(distinct), now;
    BOOST_TEST(migrations == distinct);  // each migration applied once (versions may have gaps between branches)
    BOOST_TEST(accounts == 6);
    std::string hash;
    session << "SELECT token_hash FROM accounts WHERE name = 'acme'", into(hash), now;
    BOOST_TEST(hash.size() == 64u);
    BOOST_TEST(hash.find("demo") == std::string::npos);
}
