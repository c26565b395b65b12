// A request's head read from the connection's buffer, a run of bytes at a time (see RequestHead.h).
#include "api/RequestHead.h"

#include "api/ConnectionSession.h"

#include <Poco/Ascii.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

#include <algorithm>
#include <string>

namespace sohub::requestHead {
namespace {

constexpr int eof = -1;

// Poco 1.11's limits (HTTPRequest's and MessageHeader's own, not configurable there either).
constexpr std::size_t maxMethod = 32;
constexpr std::size_t maxUri = 16384;
constexpr std::size_t maxVersion = 8;
constexpr std::size_t maxName = 256;
constexpr std::size_t maxValue = 8192;

// A blank inside the request line: the line's end is not one.
bool isBlank(int ch) { return Poco::Ascii::isSpace(ch) && ch != '\r' && ch != '\n'; }

// The connection's bytes: one at a time, and those already received, to take a run of them in one go.
struct SessionBytes {
    ConnectionSession& session;
    int next() { return session.nextByte(); }
    std::string_view held() const { return session.heldBytes(); }
    void skip(std::size_t n) { session.skipHeld(n); }
};

struct TextBytes {
    std::string_view text;
    std::size_t at = 0;
    int next() { return at < text.size() ? static_cast<unsigned char>(text[at++]) : eof; }
    std::string_view held() const { return text.substr(at); }
    void skip(std::size_t n) { at += n; }
};

bool isSpaceByte(int ch) { return Poco::Ascii::isSpace(ch); }
bool endsName(int ch) { return ch == ':' || ch == '\n'; }
bool endsValue(int ch) { return ch == '\r' || ch == '\n'; }

// Appends `ch` and the bytes after it to `out` up to a byte that `ends`, the end, or `max` bytes in `out`, as Poco's
// loops do a byte at a time; the run already received is taken in one append. Returns the byte that stopped it (read,
// as Poco's `ch`).
template <class Bytes, class Ends>
int appendRun(Bytes& bytes, int ch, std::string& out, std::size_t max, Ends ends) {
    while (ch != eof && !ends(ch) && out.size() < max) {
        out += static_cast<char>(ch);
        const std::string_view held = bytes.held();
        const std::size_t room = std::min(held.size(), max - out.size());
        std::size_t n = 0;
        while (n < room && !ends(static_cast<unsigned char>(held[n]))) ++n;
        out.append(held.data(), n);
        bytes.skip(n);
        ch = bytes.next();
    }
    return ch;
}

// The header fields up to the empty line, as MessageHeader::read reads them; `ch` is the first byte after the
// request line. Returns the byte that ended them (CR, LF or the end).
template <class Bytes>
int readFields(Bytes& bytes, int ch, Poco::Net::HTTPRequest& request) {
    std::string name, value;
    name.reserve(32);
    value.reserve(64);
    const int limit = request.getFieldLimit();
    int fields = 0;
    while (ch != eof && ch != '\r' && ch != '\n') {
        if (limit > 0 && fields == limit) throw Poco::Net::MessageException("Too many header fields");
        name.clear();
        value.clear();
        ch = appendRun(bytes, ch, name, maxName, endsName);
        if (ch == '\n') {  // a line without a colon is passed over, as Poco does
            ch = bytes.next();
            continue;
        }
        if (ch != ':') throw Poco::Net::MessageException("Field name too long/no colon found");
        ch = bytes.next();
        while (isBlank(ch)) ch = bytes.next();
        // The value, and the lines folded into it (obsolete, still read as Poco reads them).
        bool folded = false;
        do {
            ch = appendRun(bytes, ch, value, maxValue, endsValue);
            if (ch == '\r') ch = bytes.next();
            if (ch == '\n')
                ch = bytes.next();
            else if (ch != eof)
                throw Poco::Net::MessageException(folded ? "Folded field value too long/no CRLF found"
                                                         : "Field value too long/no CRLF found");
            folded = true;
        } while (ch == ' ' || ch == '\t');
        Poco::trimRightInPlace(value);
        // Poco decodes RFC 2047 words ("=?UTF-8?Q?...?=") in every value; only a value holding one needs it.
        request.add(name, value.find("=?") == std::string::npos ? value : Poco::Net::MessageHeader::decodeWord(value));
        ++fields;
    }
    return ch;
}

template <class Bytes>
void readHead(Bytes& bytes, Poco::Net::HTTPRequest& request) {
    int ch = bytes.next();
    if (ch == eof) throw Poco::Net::NoMessageException();
    while (Poco::Ascii::isSpace(ch)) ch = bytes.next();  // empty lines before a request line (RFC 9112 2.2)
    if (ch == eof) throw Poco::Net::MessageException("No HTTP request header");
    std::string method, uri, version;
    ch = appendRun(bytes, ch, method, maxMethod, isSpaceByte);
    if (!Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("HTTP request method invalid or too long");
    while (isBlank(ch)) ch = bytes.next();
    // A line that ends after its method (Poco read on into the next line for the URI and its version).
    if (ch == '\r' || ch == '\n' || ch == eof) throw Poco::Net::MessageException("HTTP request line has no URI");
    uri.reserve(64);
    ch = appendRun(bytes, ch, uri, maxUri, isSpaceByte);
    if (!Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("HTTP request URI invalid or too long");
    while (isBlank(ch)) ch = bytes.next();
    ch = appendRun(bytes, ch, version, maxVersion, isSpaceByte);
    if (version.empty() || !Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("Invalid HTTP version string");
    while (ch != '\n' && ch != eof) ch = bytes.next();
    ch = readFields(bytes, ch == eof ? eof : bytes.next(), request);
    while (ch != '\n' && ch != eof) ch = bytes.next();  // the empty line that ends the head
    request.setMethod(method);
    request.setURI(uri);
    request.setVersion(version);
}

}  // namespace

void read(ConnectionSession& session, Poco::Net::HTTPRequest& request) {
    SessionBytes bytes{session};
    readHead(bytes, request);
}

std::size_t read(std::string_view text, Poco::Net::HTTPRequest& request) {
    TextBytes bytes{text};
    readHead(bytes, request);
    return bytes.at;
}

}  // namespace sohub::requestHead
