// ssh-keygen and sshd from Debian's openssh packages (installed by scripts/setup).
#include "support/SshServer.h"

#include "support/ProcessEnd.h"
#include "support/ScratchFolder.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

#include <pwd.h>
#include <unistd.h>

#include <stdexcept>

namespace sohub::test {
namespace {

std::string run(const std::string& command, const std::vector<std::string>& args) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(command, args, nullptr, &out, &out);
    Poco::PipeInputStream in(out);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    if (handle.wait() != 0) throw std::runtime_error(command + " failed: " + text);
    return text;
}

std::string readAll(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

void write(const std::string& path, const std::string& text) {
    Poco::FileOutputStream out(path);
    out << text;
}

// Whether the server on `port` is an SSH server: sshd greets first ("SSH-2.0-...\r\n"), a port another program took
// would not.
bool greetsWithSsh(int port) {
    try {
        Poco::Net::StreamSocket probe(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
        probe.setReceiveTimeout(Poco::Timespan(2, 0));
        std::string greeting;
        char byte = 0;
        while (greeting.size() < 256 && probe.receiveBytes(&byte, 1) == 1 && byte != '\n') greeting += byte;
        if (greeting.rfind("SSH-", 0) != 0) return false;
        probe.sendBytes("SSH-2.0-probe\r\n", 15);  // a client's greeting, so that sshd logs no broken exchange
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

int freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

}  // namespace

SshServer::SshServer() {
    folder_ = makeNewFolder();
    const passwd* entry = ::getpwuid(::getuid());
    if (!entry) throw std::runtime_error("no user name for this uid");
    user_ = entry->pw_name;
    run("/usr/bin/ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-f", folder_ + "/host_key"});
    run("/usr/bin/ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-f", folder_ + "/other_host_key"});
    run("/usr/bin/ssh-keygen", {"-q", "-t", "ed25519", "-N", "", "-f", folder_ + "/user_key"});
    run("/usr/bin/ssh-keygen", {"-q", "-t", "ed25519", "-N", lockedKeyPassphrase, "-f", folder_ + "/locked_user_key"});
    write(folder_ + "/authorized_keys", readAll(folder_ + "/user_key.pub") + readAll(folder_ + "/locked_user_key.pub"));
    const auto keyOf = [&](const std::string& file) {
        const std::string line = readAll(folder_ + "/" + file);
        return line.substr(0, line.find(' ', line.find(' ') + 1));  // "ssh-ed25519 AAAA..." without the comment
    };
    const std::string hostKey = keyOf("host_key.pub");
    const std::string otherHostKey = keyOf("other_host_key.pub");
    // The port is free when asked but not held: another test's daemon or client may take it before sshd binds it,
    // and sshd then ends. So a start that ends early is tried again on another port.
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = freePort();
        const std::string hostName = "[127.0.0.1]:" + std::to_string(port_) + " ";
        write(knownHosts(), hostName + hostKey + "\n");
        write(wrongKnownHosts(), hostName + otherHostKey + "\n");
        write(folder_ + "/sshd_config",
              "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\nHostKey " + folder_ +
                  "/host_key\nPidFile " + folder_ + "/sshd.pid\nAuthorizedKeysFile " + folder_ +
                  "/authorized_keys\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                  "UsePAM no\nPermitRootLogin prohibit-password\nSubsystem sftp internal-sftp\nLogLevel ERROR\n");
        Poco::File("/run/sshd").createDirectories();  // sshd's privilege separation folder
        process_ = std::make_unique<Poco::ProcessHandle>(
            Poco::Process::launch("/usr/sbin/sshd", {"-D", "-e", "-f", folder_ + "/sshd_config"}));
        for (int i = 0; i < 100 && !hasEnded(*process_); ++i) {
            if (greetsWithSsh(port_)) return;
            Poco::Thread::sleep(50);
        }
        const bool silent = !hasEnded(*process_);  // running, but no greeting in 5 s: not a port taken
        if (silent) Poco::Process::kill(*process_);
        process_->wait();
        process_.reset();
        if (silent) break;
    }
    Poco::File(folder_).remove(true);
    throw std::runtime_error("sshd did not start on port " + std::to_string(port_));
}

SshServer::~SshServer() {
    try {
        cutSessions();
        if (process_ && !hasEnded(*process_)) Poco::Process::kill(*process_);
        if (process_) process_->wait();
        Poco::File(folder_).remove(true);
    } catch (...) {
    }
}

std::string SshServer::url(const std::string& path) const {
    return "sftp://" + user_ + "@127.0.0.1:" + std::to_string(port_) + path;
}

void SshServer::cutSessions() const {
    if (!process_) return;
    Poco::Pipe out;
    Poco::ProcessHandle kill = Poco::Process::launch("/usr/bin/pkill", {"-KILL", "-P", std::to_string(process_->id())},
                                                     nullptr, &out, &out);
    kill.wait();
}

}  // namespace sohub::test
