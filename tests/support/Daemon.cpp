// Process control for the end-to-end tests.
#include "support/Daemon.h"

#include "support/ProcessEnd.h"
#include "support/ScratchFolder.h"
#include "support/TestStore.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace sohub::test {

Daemon::Daemon(const std::vector<std::string>& defines) {
    workDir_ = makeNewFolder();
    dataDir_ = Poco::Path(workDir_, "var").toString();
    const std::string portFile = Poco::Path(workDir_, "port").toString();
    const std::string logFile = Poco::Path(workDir_, "sohubd.log").toString();
    const std::string source = SOHUB_SOURCE_DIR;

    std::vector<std::string> args = {
        "--config=" + source + "/samples/sohub.properties",
        "--define=http.port=0",
        "--define=http.portFile=" + portFile,
        "--define=data.dir=" + dataDir_,
        "--define=samples.seed=" + source + "/samples/seed.json",
        "--define=logging.loggers.root.channel=file",
        "--define=logging.channels.file.class=FileChannel",
        "--define=logging.channels.file.path=" + logFile,
        "--define=logging.channels.file.pattern=%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t",
    };
    // The store goes with the data folder the daemon ends up with (a test's own, for a restart on the same store).
    std::string storeFolder = dataDir_;
    for (const std::string& define : defines)
        if (define.rfind("data.dir=", 0) == 0) storeFolder = define.substr(9);
    ownStore_ = storeFolder == dataDir_;
    bool storeChosen = false;
    for (const std::string& define : defines) storeChosen = storeChosen || define.rfind("store.connector=", 0) == 0;
    if (!storeChosen)
        for (const std::string& define : storeDefines(storeFolder)) args.push_back("--define=" + define);
    for (const std::string& define : defines) args.push_back("--define=" + define);
    process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(SOHUBD_PATH, args, source));

    for (int i = 0; i < 200 && port_ == 0; ++i) {
        if (Poco::File(portFile).exists()) {
            Poco::FileInputStream in(portFile);
            in >> port_;
        } else if (hasEnded(*process_)) {
            break;
        } else {
            Poco::Thread::sleep(50);
        }
    }
    if (port_ == 0) {
        const std::string output = log();
        stop();
        Poco::File(workDir_).remove(true);
        throw std::runtime_error("sohubd did not start: " + output);
    }
    client_ = std::make_unique<HttpClient>(port_);
}

Daemon::~Daemon() {
    try {
        stop();
        if (ownStore_) dropStore(dataDir_);
        // SOHUB_TEST_KEEP=1 keeps the folder (its sohubd.log) for a look after a failure.
        if (Poco::Environment::get("SOHUB_TEST_KEEP", "") != "1") Poco::File(workDir_).remove(true);
    } catch (...) {
    }
}

int Daemon::stop() {
    if (!process_) return 0;
    const bool endedAlready = hasEnded(*process_);
    if (!endedAlready) Poco::Process::requestTermination(process_->id());
    const int code = process_->wait();
    process_.reset();
    // A daemon that died by a signal nobody sent it (a crash) is what a failing test's answers came from; its log
    // goes with the test's folder, so its end is said here.
    if (endedAlready && code > 255) {
        const std::string text = log();
        const std::size_t cut = text.size() > 4000 ? text.find('\n', text.size() - 4000) : std::string::npos;
        std::cerr << "sohubd in " << workDir_ << " had ended by signal " << code - 256
                  << " before the test stopped it; the end of its log:\n"
                  << (cut == std::string::npos ? text : text.substr(cut + 1)) << std::endl;
    }
    return code;
}

void Daemon::kill() {
    if (!process_) return;
    if (!hasEnded(*process_)) Poco::Process::kill(*process_);
    process_->wait();
    process_.reset();
}

bool Daemon::loggedLine(const std::vector<std::string>& parts) const {
    std::istringstream lines(log());
    for (std::string line; std::getline(lines, line);)
        if (std::all_of(parts.begin(), parts.end(),
                        [&](const std::string& part) { return line.find(part) != std::string::npos; }))
            return true;
    return false;
}

std::string Daemon::log() const {
    const std::string path = Poco::Path(workDir_, "sohubd.log").toString();
    if (!Poco::File(path).exists()) return "";
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

}  // namespace sohub::test
