// End-to-end: a drop on a real OpenSSH sshd on loopback: files imported and archived on the server, an unknown host
// key refused, and a connection cut in the middle of a download.
#define BOOST_TEST_MODULE e2e_sftp
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/SshServer.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace sohub::test;

namespace {

std::vector<std::string> sftpDrop(const SshServer& server, const std::string& remote, const std::string& knownHosts) {
    return {"drops.remote.account=acme",
            "drops.remote.source=" + server.url(remote),
            "drops.remote.sftp.privateKey=" + server.privateKey(),
            "drops.remote.sftp.knownHosts=" + knownHosts,
            "drops.remote.schedule=every 1s",
            "drops.remote.stableSeconds=1"};
}

}  // namespace

BOOST_AUTO_TEST_CASE(files_on_an_sftp_drop_are_imported_and_archived_on_the_server) {
    SshServer server;
    const std::string remote = server.folder() + "/inbox";
    dropFile(remote, "cases-sftp.ndjson", caseLine("sftp-1") + "\n" + caseLine("sftp-2") + "\n");
    dropFile(remote, "notes.txt", "not a drop file: never touched\n");
    Daemon daemon(sftpDrop(server, remote, server.knownHosts()));
    const auto report = waitForReport(remote, "cases-sftp.ndjson", 20);
    BOOST_TEST(report->getValue<std::string>("status") == "done");
    BOOST_TEST(report->getValue<std::string>("drop") == "remote");
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 2);
    // The report is put on the server before the file is moved beside it: waited for, not raced (a loaded run saw
    // the file still in the inbox).
    const std::string archived = waitForMoved(remote, "cases-sftp.ndjson");
    BOOST_TEST(archived.find("/inbox/archive/") != std::string::npos, archived);
    BOOST_TEST(Poco::File(remote + "/notes.txt").exists());
    const std::string guid = report->getArray("records")->getObject(1)->getValue<std::string>("guid");
    BOOST_TEST(daemon.http().get("/api/v3/case?guid=" + guid, acme).status == 200);
}

BOOST_AUTO_TEST_CASE(an_unknown_host_key_is_refused_with_its_fingerprint) {
    SshServer server;
    const std::string remote = server.folder() + "/inbox";
    dropFile(remote, "cases-refused.ndjson", caseLine("refused-1") + "\n");
    Daemon daemon(sftpDrop(server, remote, server.wrongKnownHosts()));
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.log().find("drop remote: refused") != std::string::npos; }, 15),
                       daemon.log());
    const std::string log = daemon.log();
    BOOST_TEST(log.find("SHA256:") != std::string::npos, log);
    BOOST_TEST(log.find("host key") != std::string::npos);
    Poco::Thread::sleep(1500);
    BOOST_TEST(Poco::File(remote + "/cases-refused.ndjson").exists());  // not taken
    BOOST_TEST(findBelow(remote, "cases-refused.ndjson.report.json").empty());
    BOOST_TEST(daemon.http().get("/api/v3/imports", admin).object()->getArray("data")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_connection_cut_mid_download_is_downloaded_again_and_imported_once) {
    SshServer server;
    const std::string remote = server.folder() + "/inbox";
    // Two cases around 120 MB of blank lines, so that the download takes long enough to be cut.
    std::string content = caseLine("cut-1") + "\n";
    const std::string blank = std::string(1000000, ' ') + "\n";
    for (int i = 0; i < 120; ++i) content += blank;
    content += caseLine("cut-2") + "\n";
    dropFile(remote, "cases-cut.ndjson", content);
    content.clear();
    Daemon daemon(sftpDrop(server, remote, server.knownHosts()));
    // The download goes to a file with no name (the take's own copy): found among the daemon's open files.
    const std::string staging = Poco::Path(daemon.dataDir(), "staging/drop-remote/").toString();
    const auto downloading = [&] {
        const std::string fds = "/proc/" + std::to_string(daemon.pid()) + "/fd";
        for (Poco::DirectoryIterator it(fds), end; it != end; ++it) {
            char target[4096];
            const ssize_t length = ::readlink(it->path().c_str(), target, sizeof target - 1);
            if (length <= 0) continue;
            const std::string link(target, static_cast<std::size_t>(length));
            struct stat info {};
            if (link.rfind(staging, 0) == 0 && ::stat(it->path().c_str(), &info) == 0 && info.st_size > 0) return true;
        }
        return false;
    };
    BOOST_TEST_REQUIRE(eventually(downloading, 20));
    server.cutSessions();
    BOOST_TEST_REQUIRE(eventually([&] { return daemon.log().find("broke off") != std::string::npos; }, 40), daemon.log());
    const auto report = waitForReport(remote, "cases-cut.ndjson", 60);
    BOOST_TEST(report->getValue<std::string>("status") == "done");
    BOOST_TEST(report->getObject("totals")->getValue<int>("records") == 2);
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 2);
    const HttpResult imports = daemon.http().get("/api/v3/imports", admin);
    BOOST_TEST(imports.object()->getObject("pagination")->getValue<int>("total") == 1);  // one import, not a half one
}
