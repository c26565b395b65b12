// Local folders through Poco::File; the atomic write through POSIX, since only it can fsync.
#include "importers/FileLocation.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sohub {
namespace {

void syncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) throw Poco::FileException("cannot open to sync", path);
    const int synced = ::fsync(fd);
    ::close(fd);
    if (synced != 0) throw Poco::FileException("cannot sync", path);
}

std::string temporaryBeside(const std::string& path) {
    const Poco::Path target(path);
    return Poco::Path(target.parent(), "." + target.getFileName() + ".part").toString();
}

void finishAtomicWrite(const std::string& temporary, const std::string& path) {
    syncPath(temporary, O_RDONLY);
    Poco::File(temporary).renameTo(path);
    syncPath(Poco::Path(path).parent().toString(), O_RDONLY | O_DIRECTORY);
}

}  // namespace

bool neverTouched(const std::string& name) {
    const auto endsWith = [&](const char* tail) {
        const std::string suffix(tail);
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return name.empty() || name[0] == '.' || endsWith(".tmp") || endsWith(".part");
}

void writeFileAtomically(const std::string& path, const std::string& content) {
    const std::string temporary = temporaryBeside(path);
    {
        Poco::FileOutputStream out(temporary, std::ios::out | std::ios::trunc | std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.close();
        if (!out) throw Poco::WriteFileException(temporary);
    }
    finishAtomicWrite(temporary, path);
}

void copyFileAtomically(const std::string& from, const std::string& to) {
    const std::string temporary = temporaryBeside(to);
    Poco::File(from).copyTo(temporary);
    finishAtomicWrite(temporary, to);
}

std::string LocalFolder::pathOf(const std::string& subFolder, const std::string& name) const {
    Poco::Path path(path_ + "/");
    if (!subFolder.empty()) path = Poco::Path(path, Poco::Path(subFolder + "/"));
    if (!name.empty()) path.setFileName(name);
    return path.toString();
}

void LocalFolder::prepare(const std::vector<std::string>& subFolders) {
    Poco::File(path_).createDirectories();
    for (const std::string& sub : subFolders) Poco::File(pathOf(sub)).createDirectories();
}

std::vector<RemoteEntry> LocalFolder::list(const std::string& subFolder) {
    std::vector<RemoteEntry> entries;
    const std::string folder = pathOf(subFolder);
    if (!Poco::File(folder).exists()) return entries;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it) {
        const std::string name = it.name();
        if (neverTouched(name)) continue;
        try {
            if (!it->isFile()) continue;
            entries.push_back(RemoteEntry{name, static_cast<Poco::UInt64>(it->getSize()), it->getLastModified()});
        } catch (const Poco::FileNotFoundException&) {
            // Moved away between the listing and the look.
        }
    }
    return entries;
}

std::string LocalFolder::fetch(const std::string& name, const std::string&) { return pathOf("", name); }

bool FileLocation::unchanged(const RemoteEntry& listed, const std::string&) {
    for (const RemoteEntry& now : list(""))
        if (now.name == listed.name) return now.size == listed.size && now.modified == listed.modified;
    return false;
}

std::string LocalFolder::pin(const std::string& name, const std::string& staging) {
    // A hard link: no copy, and the content stays the one hashed and applied when the sender renames another file
    // over the name. Another file system (or no links there): the file itself, checked by size and time.
    const std::string file = pathOf("", name);
    Poco::File(staging).createDirectories();
    const std::string pinned = Poco::Path(Poco::Path(staging + "/"), name).toString();
    ::unlink(pinned.c_str());  // one a stopped import left
    return ::link(file.c_str(), pinned.c_str()) == 0 ? pinned : file;
}

bool LocalFolder::unchanged(const RemoteEntry& listed, const std::string& pinned) {
    const std::string file = pathOf("", listed.name);
    if (pinned == file) return FileLocation::unchanged(listed, pinned);
    struct stat now {}, taken {};
    if (::stat(file.c_str(), &now) != 0 || ::stat(pinned.c_str(), &taken) != 0) return false;
    return now.st_dev == taken.st_dev && now.st_ino == taken.st_ino;
}

void LocalFolder::put(const std::string& localPath, const std::string& subFolder, const std::string& name) {
    Poco::File(pathOf(subFolder)).createDirectories();
    copyFileAtomically(localPath, pathOf(subFolder, name));
}

bool LocalFolder::exists(const std::string& subFolder, const std::string& name) {
    return Poco::File(pathOf(subFolder, name)).exists();
}

void LocalFolder::move(const std::string& name, const std::string& subFolder, const std::string& newName) {
    Poco::File(pathOf(subFolder)).createDirectories();
    Poco::File(pathOf("", name)).renameTo(pathOf(subFolder, newName));
}

void LocalFolder::remove(const std::string& name) { Poco::File(pathOf("", name)).remove(); }

std::string LocalFolder::scratchPath(const std::string& name, const std::string&) const {
    return temporaryBeside(pathOf("", name));
}

void LocalFolder::publish(const std::string& scratch, const std::string& name) { finishAtomicWrite(scratch, pathOf("", name)); }

}  // namespace sohub
