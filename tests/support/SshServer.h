// A real OpenSSH sshd on loopback for the SFTP suites: its own host key, a user key for the current user, a
// known_hosts file naming the host key; stopped and removed after the test.
#pragma once

#include <Poco/Process.h>

#include <memory>
#include <string>

namespace sohub::test {

class SshServer {
public:
    // Starts sshd; throws (the test fails) when it cannot.
    SshServer();
    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;
    ~SshServer();

    int port() const { return port_; }
    const std::string& user() const { return user_; }
    const std::string& folder() const { return folder_; }            // the server's files live under here too
    std::string privateKey() const { return folder_ + "/user_key"; }
    // Another key of the user, locked with lockedKeyPassphrase.
    std::string lockedPrivateKey() const { return folder_ + "/locked_user_key"; }
    static constexpr const char* lockedKeyPassphrase = "MARK-SFTP-PASSPHRASE-7f3a";
    std::string knownHosts() const { return folder_ + "/known_hosts"; }
    // A known_hosts file that names another key for this host: the server must be refused.
    std::string wrongKnownHosts() const { return folder_ + "/wrong_known_hosts"; }
    std::string url(const std::string& path) const;
    // Cuts every open session (their sshd children), as a broken network would; the listener stays.
    void cutSessions() const;

private:
    std::string folder_;
    std::string user_;
    int port_ = 0;
    std::unique_ptr<Poco::ProcessHandle> process_;
};

}  // namespace sohub::test
