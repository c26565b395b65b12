// Blocks of 64 KiB: digested, then written with one fwrite on an unbuffered FILE.
#include "exporters/DigestingFile.h"

#include <Poco/Exception.h>

#include <algorithm>
#include <cstring>

namespace sohub {

namespace {
constexpr std::size_t blockBytes = 64 * 1024;
}

DigestingFileBuffer::DigestingFileBuffer(const std::string& path, Poco::DigestEngine& digest)
    : path_(path), digest_(digest), file_(createFreshFile(path)), buffer_(blockBytes) {
    std::setvbuf(file_.get(), nullptr, _IONBF, 0);  // this class is the buffer
    setp(buffer_.data(), buffer_.data() + buffer_.size());
}

bool DigestingFileBuffer::flushBuffer() {
    const std::size_t size = static_cast<std::size_t>(pptr() - pbase());
    if (size > 0) {
        digest_.update(pbase(), size);
        if (std::fwrite(pbase(), 1, size, file_.get()) != size) failed_ = true;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return !failed_;
}

DigestingFileBuffer::int_type DigestingFileBuffer::overflow(int_type c) {
    if (!flushBuffer()) return traits_type::eof();
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
}

std::streamsize DigestingFileBuffer::xsputn(const char* data, std::streamsize size) {
    std::streamsize written = 0;
    while (written < size) {
        if (pptr() == epptr() && !flushBuffer()) return written;
        const std::streamsize room = epptr() - pptr();
        const std::streamsize part = std::min(room, size - written);
        std::memcpy(pptr(), data + written, static_cast<std::size_t>(part));
        pbump(static_cast<int>(part));
        written += part;
    }
    return written;
}

int DigestingFileBuffer::sync() { return flushBuffer() ? 0 : -1; }

void DigestingFileBuffer::close() {
    if (!file_) return;
    const bool flushed = flushBuffer();
    const bool closed = std::fclose(file_.release()) == 0;
    if (!flushed || !closed) throw Poco::WriteFileException(path_);
}

DigestingFile::DigestingFile(const std::string& path, Poco::DigestEngine& digest)
    : std::ostream(nullptr), buffer_(path, digest) {
    rdbuf(&buffer_);
}

}  // namespace sohub
