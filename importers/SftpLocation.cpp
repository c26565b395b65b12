// libssh's session and SFTP calls, each checked; the host key check happens before any authentication.
#include "importers/SftpLocation.h"

#include "importers/BlockFileStream.h"
#include "importers/PinnedFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <fcntl.h>

#include <algorithm>
#include <optional>

namespace sohub {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("sohub.sftp"); }

std::string sshError(ssh_session session) { return ssh_get_error(session); }

// The server key's SHA-256 fingerprint, as ssh-keygen -l prints it.
std::string fingerprint(ssh_session session) {
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK) return "(no key)";
    unsigned char* hash = nullptr;
    size_t length = 0;
    std::string text = "(unknown)";
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0) {
        char* printable = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
        if (printable) {
            text = printable;
            ssh_string_free_char(printable);
        }
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    return text;
}

}  // namespace

SftpSettings SftpSettings::from(const std::string& url, const std::string& privateKey, const std::string& knownHosts,
                                const std::string& passphrase) {
    std::optional<Poco::URI> parsed;
    try {
        parsed.emplace(url);
    } catch (const Poco::SyntaxException&) {
        // Not echoed: what is not a URL may still hold a password.
        throw Poco::InvalidArgumentException("is not a URL of the form sftp://user@host:port/path");
    }
    const Poco::URI& uri = *parsed;
    // A password in the URL was taken as part of the user's name, and logged with the URL wherever the drop or export
    // was named. Key authentication only: it is refused, and not repeated in the refusal.
    if (uri.getUserInfo().find(':') != std::string::npos)
        throw Poco::InvalidArgumentException("an SFTP URL carries no password (sohub signs in with sftp.privateKey, and "
                                             "sftp.passphrase for the key): sftp://user@host:port/path");
    SftpSettings settings;
    settings.user = uri.getUserInfo();
    settings.host = uri.getHost();
    settings.port = uri.getPort() == 0 ? 22 : uri.getPort();
    settings.path = uri.getPath().empty() ? "." : uri.getPath();
    settings.privateKey = privateKey;
    settings.knownHosts = knownHosts;
    settings.passphrase = passphrase;
    if (settings.user.empty() || settings.host.empty())
        throw Poco::InvalidArgumentException("an SFTP source needs a user and a host: sftp://user@host:port/path");
    if (settings.privateKey.empty()) throw Poco::InvalidArgumentException("an SFTP source needs sftp.privateKey");
    if (settings.knownHosts.empty()) throw Poco::InvalidArgumentException("an SFTP source needs sftp.knownHosts");
    return settings;
}

std::string SftpSettings::url() const { return "sftp://" + user + "@" + host + ":" + std::to_string(port) + path; }

struct SftpLocation::Connection {
    ssh_session ssh = nullptr;
    sftp_session sftp = nullptr;

    ~Connection() {
        if (sftp) sftp_free(sftp);
        if (ssh) {
            ssh_disconnect(ssh);
            ssh_free(ssh);
        }
    }

    [[noreturn]] void fail(const std::string& what) const {
        const std::string reason = sftp ? std::string(ssh_get_error(ssh)) + " (sftp " + std::to_string(sftp_get_error(sftp)) + ")"
                                        : sshError(ssh);
        throw Poco::IOException(what + ": " + reason);
    }
};

SftpLocation::SftpLocation(SftpSettings settings, std::string label)
    : settings_(std::move(settings)), label_(std::move(label)) {}

SftpLocation::~SftpLocation() = default;

SftpLocation::Connection& SftpLocation::connection() {
    if (connection_) return *connection_;
    if (failures_ > 0 && Poco::Timestamp() < retryAfter_)
        throw Poco::IOException(label_ + ": " + settings_.url() + " not tried again before " +
                                std::to_string(retryAfter_.epochTime()) + " after " + std::to_string(failures_) +
                                " failed connections");
    auto connection = std::make_unique<Connection>();
    connection->ssh = ssh_new();
    if (!connection->ssh) throw Poco::IOException("ssh_new failed");
    const long timeout = settings_.timeoutSeconds;
    const int port = settings_.port;
    ssh_options_set(connection->ssh, SSH_OPTIONS_HOST, settings_.host.c_str());
    ssh_options_set(connection->ssh, SSH_OPTIONS_PORT, &port);
    ssh_options_set(connection->ssh, SSH_OPTIONS_USER, settings_.user.c_str());
    ssh_options_set(connection->ssh, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(connection->ssh, SSH_OPTIONS_KNOWNHOSTS, settings_.knownHosts.c_str());
    ssh_options_set(connection->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    try {
        if (ssh_connect(connection->ssh) != SSH_OK) connection->fail("cannot connect to " + settings_.url());
        const ssh_known_hosts_e known = ssh_session_is_known_server(connection->ssh);
        if (known != SSH_KNOWN_HOSTS_OK) {
            const char* why = known == SSH_KNOWN_HOSTS_CHANGED ? "has CHANGED"
                              : known == SSH_KNOWN_HOSTS_OTHER ? "is of another type than the one known"
                                                               : "is unknown";
            logger().error("%s: refused %s: the server's host key %s %s (not in %s as it is)", label_, settings_.url(),
                           fingerprint(connection->ssh), std::string(why), settings_.knownHosts);
            throw Poco::IOException(label_ + ": host key of " + settings_.host + " " + why + ": " +
                                    fingerprint(connection->ssh));
        }
        ssh_key key = nullptr;
        if (ssh_pki_import_privkey_file(settings_.privateKey.c_str(),
                                        settings_.passphrase.empty() ? nullptr : settings_.passphrase.c_str(), nullptr,
                                        nullptr, &key) != SSH_OK)
            throw Poco::IOException(label_ + ": cannot read the private key " + settings_.privateKey);
        const int auth = ssh_userauth_publickey(connection->ssh, nullptr, key);
        ssh_key_free(key);
        if (auth != SSH_AUTH_SUCCESS) connection->fail("the server refused the key of " + settings_.user);
        connection->sftp = sftp_new(connection->ssh);
        if (!connection->sftp || sftp_init(connection->sftp) != SSH_OK) connection->fail("cannot start SFTP");
    } catch (...) {
        ++failures_;
        // 5 s, 10 s, 20 s, ... up to 5 minutes: a server that is down is not hammered by every poll.
        const int pause = std::min(300, 5 << std::min(failures_ - 1, 6));
        retryAfter_ = Poco::Timestamp() + Poco::Timespan(pause, 0);
        throw;
    }
    if (failures_ > 0) logger().information("%s: connected to %s again", label_, settings_.url());
    failures_ = 0;
    connection_ = std::move(connection);
    return *connection_;
}

template <typename Operation>
auto SftpLocation::guarded(Operation operation) -> decltype(operation(std::declval<Connection&>())) {
    Connection& open = connection();
    try {
        return operation(open);
    } catch (...) {
        // The session may be broken: the next use connects afresh (a partial download is fetched again whole).
        connection_.reset();
        throw;
    }
}

std::string SftpLocation::remotePath(const std::string& subFolder, const std::string& name) const {
    std::string path = settings_.path;
    if (!subFolder.empty()) path += (path.back() == '/' ? "" : "/") + subFolder;
    if (!name.empty()) path += (path.back() == '/' ? "" : "/") + name;
    return path;
}

void SftpLocation::prepare(const std::vector<std::string>& subFolders) {
    guarded([&](Connection& c) {
        // The folder itself first (an acknowledgement folder may not exist yet), then each sub-folder.
        sftp_attributes root = sftp_stat(c.sftp, settings_.path.c_str());
        if (root) sftp_attributes_free(root);
        else if (sftp_mkdir(c.sftp, settings_.path.c_str(), 0755) != SSH_OK) c.fail("cannot create " + settings_.path);
        for (const std::string& sub : subFolders) {
            std::string path = settings_.path;
            std::size_t start = 0;
            for (;;) {  // each level of "archive/2026-12-01"
                const std::size_t slash = sub.find('/', start);
                path = remotePath(sub.substr(0, slash));
                sftp_attributes there = sftp_stat(c.sftp, path.c_str());
                if (there) sftp_attributes_free(there);
                else if (sftp_mkdir(c.sftp, path.c_str(), 0755) != SSH_OK) c.fail("cannot create " + path);
                if (slash == std::string::npos) break;
                start = slash + 1;
            }
        }
        return 0;
    });
}

namespace {

// The listing's view of a remote file: its size and its time, in whole seconds as SFTP gives them.
RemoteEntry entryOf(const std::string& name, const sftp_attributes attributes) {
    return RemoteEntry{name, attributes->size, Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(attributes->mtime))};
}

}  // namespace

std::vector<RemoteEntry> SftpLocation::regularFiles(Connection& c, const std::string& subFolder) const {
    std::vector<RemoteEntry> entries;
    const std::string path = remotePath(subFolder);
    sftp_dir dir = sftp_opendir(c.sftp, path.c_str());
    if (!dir) c.fail("cannot list " + path);
    while (sftp_attributes attributes = sftp_readdir(c.sftp, dir)) {
        if (attributes->type == SSH_FILEXFER_TYPE_REGULAR && attributes->name)
            entries.push_back(entryOf(attributes->name, attributes));
        sftp_attributes_free(attributes);
    }
    const bool complete = sftp_dir_eof(dir);
    sftp_closedir(dir);
    if (!complete) c.fail("listing " + path + " broke off");
    return entries;
}

std::vector<RemoteEntry> SftpLocation::list(const std::string& subFolder) {
    return guarded([&](Connection& c) {
        std::vector<RemoteEntry> entries = regularFiles(c, subFolder);
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [](const RemoteEntry& entry) { return neverTouched(entry.name); }),
                      entries.end());
        return entries;
    });
}

void SftpLocation::download(const std::string& name, const std::function<void(const char*, std::size_t)>& write) {
    guarded([&](Connection& c) {
        const std::string path = remotePath("", name);
        sftp_file file = sftp_open(c.sftp, path.c_str(), O_RDONLY, 0);
        if (!file) c.fail("cannot open " + path);
        Poco::UInt64 copied = 0;
        char buffer[65536];
        for (;;) {
            const ssize_t read = sftp_read(file, buffer, sizeof buffer);
            if (read < 0) {
                sftp_close(file);
                c.fail("download of " + path + " broke off after " + std::to_string(copied) + " bytes");
            }
            if (read == 0) break;
            try {
                write(buffer, static_cast<std::size_t>(read));
            } catch (...) {
                sftp_close(file);
                throw;
            }
            copied += static_cast<Poco::UInt64>(read);
        }
        sftp_close(file);
        return 0;
    });
}

std::string SftpLocation::fetch(const std::string& name, const std::string& staging) {
    Poco::File(staging).createDirectories();
    const std::string target = Poco::Path(staging, name).toString();
    // A partial name of this download's own: two daemons fetching the same file never write into one file.
    const std::string partial = Poco::TemporaryFile::tempName(staging) + ".part";
    try {
        Poco::FileOutputStream out(partial, std::ios::out | std::ios::trunc | std::ios::binary);
        download(name, [&](const char* data, std::size_t size) { out.write(data, static_cast<std::streamsize>(size)); });
        out.close();
        if (!out) throw Poco::WriteFileException(partial);
    } catch (...) {
        if (Poco::File(partial).exists()) Poco::File(partial).remove();
        throw;
    }
    Poco::File(partial).renameTo(target);
    return target;
}

void SftpLocation::pin(const std::string& name, PinnedFile& into) {
    download(name, [&](const char* data, std::size_t size) { into.write(data, size); });
}

bool SftpLocation::unchanged(const RemoteEntry& listed) {
    // One stat, not a listing of the folder: the times are whole seconds, as the listing has them.
    return guarded([&](Connection& c) {
        const std::string path = remotePath("", listed.name);
        sftp_attributes now = sftp_stat(c.sftp, path.c_str());
        if (!now && sftp_get_error(c.sftp) == SSH_FX_NO_SUCH_FILE) return false;
        if (!now) c.fail("cannot look at " + path);  // a broken connection is no answer: the next poll asks again
        const bool same = now->type == SSH_FILEXFER_TYPE_REGULAR && entryOf(listed.name, now).sameFileAs(listed);
        sftp_attributes_free(now);
        return same;
    });
}

void SftpLocation::put(const std::string& localPath, const std::string& subFolder, const std::string& name) {
    upload(localPath, subFolder, partNameOf(name), name);
}

void SftpLocation::upload(const std::string& localPath, const std::string& subFolder, const std::string& temporaryName,
                          const std::string& name) {
    prepare({subFolder});
    guarded([&](Connection& c) {
        const std::string final = remotePath(subFolder, name);
        const std::string temporary = remotePath(subFolder, temporaryName);
        sftp_file file = sftp_open(c.sftp, temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (!file) c.fail("cannot create " + temporary);
        BlockFileStream in(localPath);
        char buffer[65536];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            const ssize_t size = in.gcount();
            if (sftp_write(file, buffer, static_cast<size_t>(size)) != size) {
                sftp_close(file);
                c.fail("upload of " + temporary + " broke off");
            }
        }
        if (sftp_extension_supported(c.sftp, "fsync@openssh.com", "1")) sftp_fsync(file);
        sftp_close(file);
        // SFTP v3 renames only onto a free name: a file being replaced is removed first.
        sftp_attributes there = sftp_stat(c.sftp, final.c_str());
        if (there) {
            sftp_attributes_free(there);
            sftp_unlink(c.sftp, final.c_str());
        }
        if (sftp_rename(c.sftp, temporary.c_str(), final.c_str()) != SSH_OK) c.fail("cannot rename " + temporary);
        return 0;
    });
}

bool SftpLocation::exists(const std::string& subFolder, const std::string& name) {
    return guarded([&](Connection& c) {
        sftp_attributes there = sftp_stat(c.sftp, remotePath(subFolder, name).c_str());
        if (!there) return false;
        sftp_attributes_free(there);
        return true;
    });
}

void SftpLocation::move(const std::string& name, const std::string& subFolder, const std::string& newName) {
    prepare({subFolder});
    guarded([&](Connection& c) {
        const std::string from = remotePath("", name), to = remotePath(subFolder, newName);
        if (sftp_rename(c.sftp, from.c_str(), to.c_str()) != SSH_OK) c.fail("cannot move " + from + " to " + to);
        return 0;
    });
}

void SftpLocation::remove(const std::string& name) {
    guarded([&](Connection& c) {
        const std::string path = remotePath("", name);
        if (sftp_unlink(c.sftp, path.c_str()) != SSH_OK) c.fail("cannot delete " + path);
        return 0;
    });
}

std::string SftpLocation::scratchPath(const std::string& name, const std::string& staging) const {
    Poco::File(staging).createDirectories();
    return Poco::Path(staging, name).toString();
}

void SftpLocation::publish(const std::string& scratch, const std::string& name) {
    // Uploaded under the scratch's own name, hidden: one a broken upload leaves is found by removeScratch.
    upload(scratch, "", "." + Poco::Path(scratch).getFileName() + ".part", name);
    Poco::File(scratch).remove();
}

std::vector<std::string> SftpLocation::removeScratch(const std::string& stem, const std::string& staging) {
    std::vector<std::string> removed = removeLocalFiles(staging, stem, "");
    const std::string prefix = "." + stem, suffix = ".part";
    guarded([&](Connection& c) {
        for (const RemoteEntry& entry : regularFiles(c, "")) {
            if (!startsAndEnds(entry.name, prefix, suffix)) continue;
            const std::string path = remotePath("", entry.name);
            if (sftp_unlink(c.sftp, path.c_str()) != SSH_OK) c.fail("cannot delete " + path);
            removed.push_back(settings_.url() + "/" + entry.name);
        }
        return 0;
    });
    return removed;
}

}  // namespace sohub
