// End-to-end: the Debian package CPack builds from this build tree, read back with dpkg-deb: its files, its
// dependencies on Debian's packages, its conffiles and maintainer scripts, the systemd unit's hardening, and the
// packaged sohubd started on the packaged configuration.
#define BOOST_TEST_MODULE e2e_package
#include <boost/test/unit_test.hpp>

#include "support/DropFolder.h"
#include "support/HttpClient.h"
#include "support/ScratchFolder.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/Thread.h>

using namespace sohub::test;

namespace {

// Runs a program; its standard output, and the test fails unless it exits 0.
std::string run(const std::string& program, const std::vector<std::string>& args, const std::string& directory = "") {
    Poco::Pipe out, err;
    Poco::ProcessHandle process = Poco::Process::launch(program, args, directory, nullptr, &out, &err);
    Poco::PipeInputStream outStream(out), errStream(err);
    std::string text, problems;
    Poco::StreamCopier::copyToString(outStream, text);
    Poco::StreamCopier::copyToString(errStream, problems);
    const int code = process.wait();
    BOOST_TEST_REQUIRE(code == 0, program << " failed (" << code << "): " << problems << text);
    return text;
}

// The package, built once for the suite into a folder of its own.
struct Package {
    Package() {
        run("cpack", {"-G", "DEB", "-B", folder.path()}, SOHUB_BUILD_DIR);
        for (Poco::DirectoryIterator it(folder.path()), end; it != end; ++it)
            if (it.name().size() > 4 && it.name().substr(it.name().size() - 4) == ".deb") deb = it.path().toString();
        BOOST_TEST_REQUIRE(!deb.empty(), "cpack made no .deb");
        root = Poco::Path(folder.path(), "root").toString();
        run("dpkg-deb", {"-x", deb, root});
        control = Poco::Path(folder.path(), "control").toString();
        run("dpkg-deb", {"-e", deb, control});
    }
    ScratchFolder folder;  // removed with what cpack and dpkg-deb left in it
    std::string deb, root, control;
};

Package& package() {
    static Package built;
    return built;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_package_lays_out_the_service) {
    const std::string files = run("dpkg-deb", {"-c", package().deb});
    for (const char* path : {" ./usr/bin/sohubd", " ./usr/bin/sohubctl", " ./etc/sohub/sohub.properties",
                             " ./etc/sohub/seed.json", " ./etc/sohub/completed-email.txt",
                             " ./lib/systemd/system/sohub.service", " ./usr/share/doc/sohub/README.md"})
        BOOST_TEST(files.find(std::string(path) + "\n") != std::string::npos, path << " missing from\n" << files);
    BOOST_TEST(files.find("./usr/local") == std::string::npos);

    const std::string fields = run("dpkg-deb", {"-f", package().deb, "Package", "Version", "Architecture", "Depends"});
    BOOST_TEST(fields.find("Package: sohub\n") != std::string::npos, fields);
    // Dependencies are Debian's own packages, as dpkg-shlibdeps finds them from what the binaries link.
    for (const char* dependency : {"adduser", "libpocofoundation80", "libpoconet80", "libpocodatasqlite80",
                                   "libsqlite3-0", "libssh-4", "libjemalloc2", "libstdc++6"})
        BOOST_TEST(fields.find(dependency) != std::string::npos, dependency << " not in " << fields);

    const std::string conffiles = readFile(Poco::Path(package().control, "conffiles").toString());
    BOOST_TEST(conffiles.find("/etc/sohub/sohub.properties\n") != std::string::npos, conffiles);
    const std::string postinst = readFile(Poco::Path(package().control, "postinst").toString());
    BOOST_TEST(postinst.find("adduser --system --group --home /var/lib/sohub") != std::string::npos);
    // Enabled on the first install only (an upgrade keeps a disabled service disabled); an upgrade restarts the
    // service only if it runs.
    BOOST_TEST(postinst.find("if [ -z \"$2\" ]; then\n            systemctl enable sohub.service") != std::string::npos);
    BOOST_TEST(postinst.find("else\n            systemctl try-restart sohub.service") != std::string::npos);
    BOOST_TEST(Poco::File(Poco::Path(package().control, "postrm").toString()).canExecute());
}

BOOST_AUTO_TEST_CASE(the_unit_runs_it_as_sohub_with_the_usual_hardening) {
    const std::string unit = readFile(Poco::Path(package().root, "lib/systemd/system/sohub.service").toString());
    for (const char* line : {"User=sohub", "ExecStart=/usr/bin/sohubd --config=/etc/sohub/sohub.properties",
                             "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict",
                             "ReadWritePaths=/var/lib/sohub", "ProtectHome=yes", "PrivateTmp=yes",
                             "CapabilityBoundingSet=", "WantedBy=multi-user.target"})
        BOOST_TEST(unit.find(std::string("\n") + line + "\n") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(the_packaged_sohubd_starts_on_the_packaged_configuration) {
    const std::string config = readFile(Poco::Path(package().root, "etc/sohub/sohub.properties").toString());
    BOOST_TEST(config.find("\ndata.dir = /var/lib/sohub\n") != std::string::npos);
    BOOST_TEST(config.find("\nsamples.seed = /etc/sohub/seed.json\n") != std::string::npos);
    BOOST_TEST(config.find("\nemail.template = /etc/sohub/completed-email.txt\n") != std::string::npos);

    // The packaged binary on the packaged file; only the paths outside the extracted tree are pointed into it.
    const std::string etc = Poco::Path(package().root, "etc/sohub/").toString();
    const std::string data = Poco::Path(package().folder.path(), "var/").toString();
    const std::string portFile = Poco::Path(package().folder.path(), "port").toString();
    Poco::Pipe out;
    Poco::ProcessHandle daemon = Poco::Process::launch(
        Poco::Path(package().root, "usr/bin/sohubd").toString(),
        {"--config=" + etc + "sohub.properties", "--define=data.dir=" + data, "--define=samples.seed=" + etc + "seed.json",
         "--define=email.template=" + etc + "completed-email.txt", "--define=http.port=0",
         "--define=http.portFile=" + portFile},
        nullptr, &out, &out);
    bool started = false;
    for (int i = 0; i < 100 && !started; ++i) {
        Poco::Thread::sleep(100);
        started = Poco::File(portFile).exists();
    }
    int port = 0;
    if (started) port = std::stoi(readFile(portFile));
    HttpResult ready;
    if (started) {
        const HttpClient http(port);
        ready = http.get("/ready", "");
    }
    Poco::Process::requestTermination(daemon.id());
    daemon.wait();
    BOOST_TEST_REQUIRE(started, "the packaged sohubd did not start");
    BOOST_TEST(ready.status == 200, ready.body);
}
