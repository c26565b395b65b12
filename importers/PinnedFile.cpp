// A take's private copy: mkstemp(3) in the staging folder, unlinked at once, reopened through /proc/self/fd.
#include "importers/PinnedFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace sohub {

PinnedFile::PinnedFile(const std::string& folder) {
    Poco::File(folder).createDirectories();
    const std::string pattern = Poco::Path(Poco::Path(folder + "/"), ".taken.XXXXXX").toString();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) throw Poco::CreateFileException("cannot make a file in", folder);
    ::unlink(name.data());
}

PinnedFile::~PinnedFile() {
    if (fd_ >= 0) ::close(fd_);
}

std::string PinnedFile::path() const { return "/proc/self/fd/" + std::to_string(fd_); }

void PinnedFile::write(const char* data, std::size_t size) {
    writeWhole(fd_, data, size, "cannot write the copy of a file taken", path());
}

void writeWhole(int fd, const char* data, std::size_t size, const std::string& what, const std::string& path) {
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) throw Poco::WriteFileException(what, path);
        data += written;
        size -= static_cast<std::size_t>(written);
    }
}

}  // namespace sohub
