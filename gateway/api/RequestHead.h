// A request's head (request line and header fields) read straight from the connection's buffer, by the rules, limits
// and words of Poco 1.11's HTTPRequest::read and MessageHeader::read. Poco read it through a line stream and an
// istream over it (stream and locale set-up, a virtual call per byte): half of a small request's instructions.
#pragma once

#include <cstddef>
#include <string_view>

namespace Poco::Net {
class HTTPRequest;
}

namespace sohub {

class ConnectionSession;

namespace requestHead {

// Reads the head into `request` (method, URI, version, header fields in their order). Throws Poco's
// NoMessageException when the connection ended before a request began, and MessageException with Poco's words for a
// head that cannot be read: "HTTP request method invalid or too long" (32 bytes), "HTTP request URI invalid or too
// long" (16 KiB), "Invalid HTTP version string" (8 bytes, or none), "Too many header fields" (the request's field
// limit, 100), "Field name too long/no colon found" (256 bytes), "Field value too long/no CRLF found" (8 KiB).
// Where Poco differs from RFC 9112 this follows the RFC: empty lines before the request line are skipped (Poco's
// line reading ended the head at the first), the head ends at its empty line only (Poco's also ended at any line of
// two bytes, "a\n"), and a byte 0xFF is a byte (Poco's reading took it for the end of the line).
void read(ConnectionSession& session, Poco::Net::HTTPRequest& request);

// The same from text (tests, fuzzing); returns the bytes the head took.
std::size_t read(std::string_view text, Poco::Net::HTTPRequest& request);

}  // namespace requestHead
}  // namespace sohub
