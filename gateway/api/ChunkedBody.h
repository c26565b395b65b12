// A chunked request body decoded from the connection (RFC 9112 7.1), which knows whether its last chunk came: Poco
// 1.11's chunked stream ends the same way whether it came or the connection broke before it.
#pragma once

#include <Poco/Types.h>

#include <streambuf>
#include <string>

namespace sohub {

class ConnectionSession;

class ChunkedBody : public std::streambuf {
public:
    explicit ChunkedBody(ConnectionSession& session) : session_(session) {}
    // The last chunk and the trailer's end came.
    bool complete() const { return complete_; }
    // A chunk size that is no hexadecimal number, or a line longer than any a client writes.
    bool malformed() const { return malformed_; }

protected:
    int_type underflow() override;

private:
    // A line up to its LF, without CR LF; false at the connection's end or past the length a line may have.
    bool line(std::string& text);

    ConnectionSession& session_;
    char buffer_[16384];
    Poco::Int64 left_ = 0;  // of the current chunk
    bool started_ = false, complete_ = false, malformed_ = false;
};

}  // namespace sohub
