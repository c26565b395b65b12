// The copy a take imports from: a file of its own, with no name, so nothing else can change it or see it.
#pragma once

#include <cstddef>
#include <string>

namespace sohub {

// Made in `folder` and unlinked at once: another daemon taking the same file (several daemons share a data.dir) has
// its own, and a daemon that dies leaves nothing behind. Readers open it again by path() while it lives.
class PinnedFile {
public:
    explicit PinnedFile(const std::string& folder);
    ~PinnedFile();
    PinnedFile(const PinnedFile&) = delete;
    PinnedFile& operator=(const PinnedFile&) = delete;

    int descriptor() const { return fd_; }
    // /proc/self/fd/N: opens this file again, whatever has become of the name it was made under.
    std::string path() const;
    // Appends all of `size` bytes (a short write is continued, an error throws).
    void write(const char* data, std::size_t size);

private:
    int fd_ = -1;
};

// Writes all of `size` bytes to the descriptor (a short write is continued); an error throws
// Poco::WriteFileException with `what` and `path`.
void writeWhole(int fd, const char* data, std::size_t size, const std::string& what, const std::string& path);

}  // namespace sohub
