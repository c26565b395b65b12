// A file read in 64 KiB blocks (see BlockFileStream.h).
#include "importers/BlockFileStream.h"

#include <Poco/Exception.h>

#include <cerrno>

namespace sohub {

BlockFileStream::BlockFileStream(const std::string& path) {
    rdbuf()->pubsetbuf(block.get(), static_cast<std::streamsize>(size));  // before open: libstdc++ takes it only then
    errno = 0;
    open(path, std::ios::in | std::ios::binary);
    if (!is_open()) {
        if (errno == ENOENT) throw Poco::FileNotFoundException(path);
        throw Poco::OpenFileException(path);
    }
}

}  // namespace sohub
