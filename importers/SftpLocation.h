// An SFTP folder (libssh): key authentication, the server's host key checked against a known_hosts file, whole
// downloads and uploads (temporary name, then rename), and a growing pause after connections that failed.
#pragma once

#include "importers/FileLocation.h"

#include <Poco/Timestamp.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace sohub {

struct SftpSettings {
    std::string user;
    std::string host;
    int port = 22;
    std::string path;        // the folder on the server
    std::string privateKey;  // a private key file (OpenSSH format)
    std::string knownHosts;  // the known_hosts file the server's key must be in
    std::string passphrase;  // the private key's, when it has one; never logged
    int timeoutSeconds = 30;

    // "sftp://user@host:port/path"; throws Poco::InvalidArgumentException naming what is missing.
    static SftpSettings from(const std::string& url, const std::string& privateKey, const std::string& knownHosts,
                             const std::string& passphrase = "");
    std::string url() const;
};

class SftpLocation : public FileLocation {
public:
    // `label` names the user of the location in logs ("drop acme").
    SftpLocation(SftpSettings settings, std::string label);
    ~SftpLocation() override;

    std::string describe() const override { return settings_.url(); }
    void prepare(const std::vector<std::string>& subFolders) override;
    std::vector<RemoteEntry> list(const std::string& subFolder) override;
    std::string fetch(const std::string& name, const std::string& staging) override;
    void pin(const std::string& name, PinnedFile& into) override;
    bool unchanged(const RemoteEntry& listed) override;
    void put(const std::string& localPath, const std::string& subFolder, const std::string& name) override;
    bool exists(const std::string& subFolder, const std::string& name) override;
    void move(const std::string& name, const std::string& subFolder, const std::string& newName) override;
    void remove(const std::string& name) override;
    std::string scratchPath(const std::string& name, const std::string& staging) const override;
    void publish(const std::string& scratch, const std::string& name) override;
    std::vector<std::string> removeScratch(const std::string& stem, const std::string& staging) override;

private:
    struct Connection;
    Connection& connection();  // connects when not connected (or throws while pausing after failures)
    // Runs an operation; a failure closes the connection so the next use reconnects.
    template <typename Operation>
    auto guarded(Operation operation) -> decltype(operation(std::declval<Connection&>()));
    std::string remotePath(const std::string& subFolder, const std::string& name = "") const;
    // Every plain file of the folder, hidden ones too; throws when the listing breaks off.
    std::vector<RemoteEntry> regularFiles(Connection& c, const std::string& subFolder) const;
    // Uploads under `temporaryName` (hidden), flushed, then renamed to `name`: the file appears whole or not at all.
    void upload(const std::string& localPath, const std::string& subFolder, const std::string& temporaryName,
                const std::string& name);
    // The remote file's bytes, block by block, to `write`; throws when the transfer breaks off.
    void download(const std::string& name, const std::function<void(const char*, std::size_t)>& write);

    const SftpSettings settings_;
    const std::string label_;
    std::unique_ptr<Connection> connection_;
    int failures_ = 0;
    Poco::Timestamp retryAfter_;
};

}  // namespace sohub
