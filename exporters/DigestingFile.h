// An output file written in large blocks, each block also fed to a digest: one pass gives the file and its checksum.
#pragma once

#include "importers/FileLocation.h"

#include <Poco/DigestEngine.h>

#include <cstdio>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace sohub {

// Poco's DigestOutputStream hands on every 256 bytes and its FileOutputStream writes every 4 KiB; an export of
// 100,000 messages paid for thousands of small writes and digest calls. This buffer does both per 64 KiB.
class DigestingFileBuffer : public std::streambuf {
public:
    DigestingFileBuffer(const std::string& path, Poco::DigestEngine& digest);
    DigestingFileBuffer(const DigestingFileBuffer&) = delete;
    DigestingFileBuffer& operator=(const DigestingFileBuffer&) = delete;
    ~DigestingFileBuffer() override = default;  // a file not closed (the export failed, and removes it) is closed

    // Writes what is buffered and closes the file; throws Poco::WriteFileException when a write failed.
    void close();

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* data, std::streamsize size) override;
    int sync() override;

private:
    bool flushBuffer();

    std::string path_;
    Poco::DigestEngine& digest_;
    OpenFile file_;
    std::vector<char> buffer_;
    bool failed_ = false;
};

class DigestingFile : public std::ostream {
public:
    DigestingFile(const std::string& path, Poco::DigestEngine& digest);
    void close() { buffer_.close(); }

private:
    DigestingFileBuffer buffer_;
};

}  // namespace sohub
