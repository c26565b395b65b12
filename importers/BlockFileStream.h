// A file read in 64 KiB blocks, where Poco's FileInputStream reads 4 KiB a system call.
#pragma once

#include <fstream>
#include <memory>
#include <string>

namespace sohub {
namespace detail {
// The stream's buffer, made before the stream (a base before it) and freed after it.
struct BlockBuffer {
    static constexpr std::size_t size = 64 * 1024;
    std::unique_ptr<char[]> block = std::make_unique<char[]>(size);
};
}  // namespace detail

// A 319 MB file of 1,000,000 cases took 80,000 reads through FileInputStream, 0.25 s of CPU on the 2-core VM, and
// 0.05 s in 64 KiB blocks; a read of 64 KiB or more goes straight into its destination.
class BlockFileStream : private detail::BlockBuffer, public std::ifstream {
public:
    // Throws as FileInputStream does: Poco's FileNotFoundException for a missing file, else OpenFileException.
    explicit BlockFileStream(const std::string& path);
};

}  // namespace sohub
