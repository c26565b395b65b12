// Local folders through Poco::File; through POSIX the atomic write (only it can fsync), the copy and a file's inode.
#include "importers/FileLocation.h"

#include "importers/PinnedFile.h"

#include "domain/Json.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

namespace sohub {
namespace {

// A descriptor opened here and closed when it goes out of scope, however the scope is left.
class OpenDescriptor {
public:
    OpenDescriptor(const std::string& path, int flags) : fd_(::open(path.c_str(), flags | O_CLOEXEC)) {}
    ~OpenDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    OpenDescriptor(const OpenDescriptor&) = delete;
    OpenDescriptor& operator=(const OpenDescriptor&) = delete;

    bool isOpen() const { return fd_ >= 0; }
    int get() const { return fd_; }

private:
    const int fd_;
};

void syncPath(const std::string& path, int flags) {
    const OpenDescriptor file(path, flags);
    if (!file.isOpen()) throw Poco::FileException("cannot open to sync", path);
    if (::fsync(file.get()) != 0) throw Poco::FileException("cannot sync", path);
}

std::string temporaryBeside(const std::string& path) {
    const Poco::Path target(path);
    return Poco::Path(target.parent(), partNameOf(target.getFileName())).toString();
}

// The listing's view of one file, by lstat(2): its size, its time to the microsecond and its inode. A symbolic link
// is no file of the folder: a sender who may write to a drop could link any file the daemon can read into it and
// get its lines back in the rejected rows.
std::optional<RemoteEntry> entryFrom(const struct stat& info, const std::string& name) {
    if (!S_ISREG(info.st_mode)) return std::nullopt;
    const Poco::Timestamp modified(static_cast<Poco::Timestamp::TimeVal>(info.st_mtim.tv_sec) * 1000000 +
                                   info.st_mtim.tv_nsec / 1000);
    return RemoteEntry{name, static_cast<Poco::UInt64>(info.st_size), modified, static_cast<Poco::UInt64>(info.st_ino)};
}

std::optional<RemoteEntry> entryOf(const std::string& path, const std::string& name) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return std::nullopt;
    return entryFrom(info, name);
}

// Copies the rest of `in` to `out` (the file `to`), in the kernel where it can (copy_file_range), else through a
// buffer; a failed write throws with `what`.
void copyContent(int in, int out, const std::string& from, const std::string& to, const std::string& what) {
    bool inKernel = true;
    char buffer[65536];
    for (;;) {
        ssize_t moved = inKernel ? ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0) : -1;
        if (moved < 0 && inKernel && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
            inKernel = false;
            continue;
        }
        if (!inKernel) {
            moved = ::read(in, buffer, sizeof buffer);
            if (moved > 0) writeWhole(out, buffer, static_cast<std::size_t>(moved), what, to);
        }
        if (moved < 0 && errno == EINTR) continue;
        if (moved < 0) throw Poco::ReadFileException("cannot copy", from);
        if (moved == 0) return;
    }
}

}  // namespace

std::string partNameOf(const std::string& name) { return "." + name + ".part"; }

bool neverTouched(const std::string& name) {
    // In any letter case: a Windows tool's CASES.CSV.TMP is being written as much as cases.csv.tmp is.
    const std::string lower = Poco::toLower(name);
    return name.empty() || name[0] == '.' || startsAndEnds(lower, "", ".tmp") || startsAndEnds(lower, "", ".part");
}

void finishFileAtomically(const std::string& temporary, const std::string& path) {
    syncPath(temporary, O_RDONLY);
    Poco::File(temporary).renameTo(path);
    syncPath(Poco::Path(path).parent().toString(), O_RDONLY | O_DIRECTORY);
}

OpenFile createFreshFile(const std::string& path) { return createFreshFileIn(AT_FDCWD, path, path); }

OpenFile createFreshFileIn(int folder, const std::string& name, const std::string& path) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (::unlinkat(folder, name.c_str(), 0) != 0 && errno != ENOENT) break;
        const int fd = ::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST) continue;  // made again between the two calls: removed again
        if (fd < 0) break;
        if (std::FILE* const file = ::fdopen(fd, "wb")) return OpenFile(file);
        ::close(fd);
        break;
    }
    throw Poco::CreateFileException(path);
}

SubFolder::SubFolder(const std::string& root, const std::string& subFolder, bool make) : path_(root) {
    // The location's own folder is the operator's: a link there is followed.
    fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0 && errno == ENOENT && !make) return;
    if (fd_ < 0) throw Poco::OpenFileException("cannot open the folder", root);
    while (path_.size() > 1 && path_.back() == '/') path_.pop_back();  // "drops/acme/" names its archive without "//"
    Poco::StringTokenizer names(subFolder, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& name : names) {
        path_ += "/" + name;
        int next = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && make && (::mkdirat(fd_, name.c_str(), 0755) == 0 || errno == EEXIST))
            next = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        const int failure = errno;
        struct stat info {};
        const bool link = next < 0 && ::fstatat(fd_, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                          S_ISLNK(info.st_mode);
        ::close(fd_);
        fd_ = next;
        if (fd_ >= 0) continue;
        if (failure == ENOENT && !make) return;
        if (link)
            throw Poco::FileException(path_ + " is a symbolic link: sohub moves and writes files into a drop's or an "
                                      "export's own folders only, never through a link");
        if (failure == ENOTDIR) throw Poco::FileException(path_ + " is not a folder");
        throw Poco::OpenFileException("cannot open the folder", path_);
    }
}

SubFolder::~SubFolder() {
    if (fd_ >= 0) ::close(fd_);
}

void SubFolder::copyIn(const std::string& from, const std::string& name) const {
    const std::string temporary = partNameOf(name);
    const std::string shown = path_ + "/" + temporary;
    const OpenDescriptor in(from, O_RDONLY);
    if (!in.isOpen() && errno == ENOENT) throw Poco::FileNotFoundException(from);
    if (!in.isOpen()) throw Poco::OpenFileException("cannot read", from);
    OpenFile out = createFreshFileIn(fd_, temporary, shown);
    try {
        copyContent(in.get(), ::fileno(out.get()), from, shown, "cannot write");
        if (::fsync(::fileno(out.get())) != 0) throw Poco::WriteFileException("cannot sync", shown);
        if (std::fclose(out.release()) != 0) throw Poco::WriteFileException(shown);
        if (::renameat(fd_, temporary.c_str(), fd_, name.c_str()) != 0)
            throw Poco::FileException("cannot rename to " + name, shown);
    } catch (...) {
        out.reset();
        ::unlinkat(fd_, temporary.c_str(), 0);
        throw;
    }
    if (::fsync(fd_) != 0) throw Poco::FileException("cannot sync", path_);
}

std::string LocalFolder::pathOf(const std::string& subFolder, const std::string& name) const {
    Poco::Path path(path_ + "/");
    if (!subFolder.empty()) path = Poco::Path(path, Poco::Path(subFolder + "/"));
    if (!name.empty()) path.setFileName(name);
    return path.toString();
}

void LocalFolder::prepare(const std::vector<std::string>& subFolders) {
    Poco::File(path_).createDirectories();
    for (const std::string& sub : subFolders) SubFolder(path_, sub, true);
}

std::vector<RemoteEntry> LocalFolder::list(const std::string& subFolder) {
    std::vector<RemoteEntry> entries;
    const std::string folder = pathOf(subFolder);
    if (!Poco::File(folder).exists()) return entries;
    std::map<std::string, bool> others;  // neither a plain file nor a folder: whether it is a symbolic link
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        const std::string name = it.name();
        if (neverTouched(name)) continue;
        struct stat info {};
        if (::lstat(it->path().c_str(), &info) != 0) continue;  // moved away between the listing and the look
        if (auto entry = entryFrom(info, name)) entries.push_back(std::move(*entry));
        else if (!S_ISDIR(info.st_mode)) others.emplace(name, S_ISLNK(info.st_mode));
    }
    noteOthers(subFolder, others);
    return entries;
}

void LocalFolder::noteOthers(const std::string& subFolder, const std::map<std::string, bool>& others) {
    const std::lock_guard<std::mutex> lock(othersMutex_);
    std::set<std::string>& noted = notedOthers_[subFolder];
    for (const auto& [name, link] : others) {
        if (!noted.insert(name).second) continue;
        Poco::Logger::get("sohub.files")
            .warning("%s: %s is left alone: only plain files are taken, and it is %s",
                     subFolder.empty() ? path_ : pathOf(subFolder), validUtf8(name),
                     std::string(link ? "a symbolic link" : "a FIFO, socket or device"));
    }
    for (auto it = noted.begin(); it != noted.end();) it = others.count(*it) ? std::next(it) : noted.erase(it);
}

std::string LocalFolder::fetch(const std::string& name, const std::string&) { return pathOf("", name); }

bool FileLocation::unchanged(const RemoteEntry& listed) {
    for (const RemoteEntry& now : list(""))
        if (now.name == listed.name) return now.sameFileAs(listed);
    return false;
}

void LocalFolder::pin(const std::string& name, PinnedFile& into) {
    // A copy, not a link: a sender that rewrites the file where it is (a script's `> cases.csv`) would change a linked
    // file's content under the import too.
    const std::string file = pathOf("", name);
    // Not through a link, nor into a FIFO (whose opening waits for a writer): a name that became one since the listing
    // is taken away, as a file moved away is.
    const OpenDescriptor in(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (!in.isOpen() && (errno == ENOENT || errno == ELOOP)) throw Poco::FileNotFoundException(file);
    if (!in.isOpen()) throw Poco::OpenFileException("cannot read", file);  // not readable: the poll fails and says so
    struct stat info {};
    if (::fstat(in.get(), &info) != 0 || !S_ISREG(info.st_mode)) throw Poco::FileNotFoundException(file);
    copyContent(in.get(), into.descriptor(), file, into.path(), "cannot write the copy of a file taken");
}

bool LocalFolder::unchanged(const RemoteEntry& listed) {
    const std::optional<RemoteEntry> now = entryOf(pathOf("", listed.name), listed.name);
    return now && now->sameFileAs(listed);
}

void LocalFolder::put(const std::string& localPath, const std::string& subFolder, const std::string& name) {
    SubFolder(path_, subFolder, true).copyIn(localPath, name);
}

bool LocalFolder::exists(const std::string& subFolder, const std::string& name) {
    const SubFolder folder(path_, subFolder, false);
    struct stat info {};
    return folder.isOpen() && ::fstatat(folder.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
}

void LocalFolder::move(const std::string& name, const std::string& subFolder, const std::string& newName) {
    const SubFolder from(path_, "", false), to(path_, subFolder, true);
    if (!from.isOpen()) throw Poco::FileNotFoundException(path_);
    if (::renameat(from.get(), name.c_str(), to.get(), newName.c_str()) == 0) return;
    const std::string path = pathOf("", name);
    if (errno == ENOENT) throw Poco::FileNotFoundException(path);
    throw Poco::FileException("cannot move to " + pathOf(subFolder, newName), path);
}

void LocalFolder::remove(const std::string& name) { Poco::File(pathOf("", name)).remove(); }

std::string LocalFolder::scratchPath(const std::string& name, const std::string&) const {
    return temporaryBeside(pathOf("", name));
}

void LocalFolder::publish(const std::string& scratch, const std::string& name) { finishFileAtomically(scratch, pathOf("", name)); }

std::vector<std::string> LocalFolder::removeScratch(const std::string& stem, const std::string&) {
    return removeLocalFiles(path_, "." + stem, ".part");  // the names partNameOf() gives
}

std::string shortenedName(const std::string& name, std::size_t longest) {
    if (name.size() <= longest) return name;
    const std::size_t dot = name.rfind('.');
    const std::string extension =
        dot != std::string::npos && dot > 0 && name.size() - dot <= 16 ? name.substr(dot) : std::string();
    std::size_t keep = longest - std::min(extension.size(), longest);
    while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;
    return name.substr(0, keep) + extension;
}

bool startsAndEnds(const std::string& name, const std::string& prefix, const std::string& suffix) {
    return name.size() >= prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> removeLocalFiles(const std::string& folder, const std::string& prefix, const std::string& suffix) {
    std::vector<std::string> removed;
    if (!Poco::File(folder).exists()) return removed;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        if (!startsAndEnds(it.name(), prefix, suffix) || !it->isFile()) continue;
        it->remove();
        removed.push_back(it->path());
    }
    return removed;
}

}  // namespace sohub
