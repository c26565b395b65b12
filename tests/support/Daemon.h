// Starts the real sohubd on an ephemeral loopback port with its own data folder; stops and cleans up after.
#pragma once

#include "support/HttpClient.h"

#include <Poco/Process.h>

#include <memory>
#include <string>
#include <vector>

namespace sohub::test {

class Daemon {
public:
    // defines: extra key=value configuration, as with sohubd --define.
    explicit Daemon(const std::vector<std::string>& defines = {});
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;
    ~Daemon();

    int port() const { return port_; }
    int pid() const { return process_ ? static_cast<int>(process_->id()) : 0; }
    const HttpClient& http() const { return *client_; }
    const std::string& dataDir() const { return dataDir_; }
    std::string log() const;  // what the daemon logged so far
    // Whether one line of what it logged so far holds every one of `parts` (a job's own line among other jobs').
    bool loggedLine(const std::vector<std::string>& parts) const;

    // Stops the daemon (SIGTERM-like request) and returns its exit code.
    int stop();
    // Kills the daemon outright (SIGKILL), as a crash or a power cut would end it.
    void kill();

private:
    std::string workDir_;
    std::string dataDir_;
    std::unique_ptr<Poco::ProcessHandle> process_;
    int port_ = 0;
    std::unique_ptr<HttpClient> client_;
    bool ownStore_ = true;  // the store is this daemon's alone (its own data folder): removed with it
};

// Demo tokens from samples/seed.json.
inline const std::string acme = "demo-partner-acme";
inline const std::string globex = "demo-partner-globex";
inline const std::string infocare = "demo-provider-infocare";
inline const std::string nordic = "demo-provider-nordic";
inline const std::string servicedesk = "demo-provider-servicedesk";
inline const std::string admin = "demo-admin";

}  // namespace sohub::test
