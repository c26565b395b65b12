// A request's head read byte by byte from the connection's buffer (see RequestHead.h).
#include "api/RequestHead.h"

#include "api/ConnectionSession.h"

#include <Poco/Ascii.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>

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

struct SessionBytes {
    ConnectionSession& session;
    int operator()() { return session.nextByte(); }
};

struct TextBytes {
    std::string_view text;
    std::size_t at = 0;
    int operator()() { return at < text.size() ? static_cast<unsigned char>(text[at++]) : eof; }
};

// The header fields up to the empty line, as MessageHeader::read reads them; `ch` is the first byte after the
// request line. Returns the byte that ended them (CR, LF or the end).
template <class Bytes>
int readFields(Bytes& next, int ch, Poco::Net::HTTPRequest& request) {
    std::string name, value;
    name.reserve(32);
    value.reserve(64);
    const int limit = request.getFieldLimit();
    int fields = 0;
    while (ch != eof && ch != '\r' && ch != '\n') {
        if (limit > 0 && fields == limit) throw Poco::Net::MessageException("Too many header fields");
        name.clear();
        value.clear();
        while (ch != eof && ch != ':' && ch != '\n' && name.size() < maxName) {
            name += static_cast<char>(ch);
            ch = next();
        }
        if (ch == '\n') {  // a line without a colon is passed over, as Poco does
            ch = next();
            continue;
        }
        if (ch != ':') throw Poco::Net::MessageException("Field name too long/no colon found");
        ch = next();
        while (isBlank(ch)) ch = next();
        // The value, and the lines folded into it (obsolete, still read as Poco reads them).
        bool folded = false;
        do {
            while (ch != eof && ch != '\r' && ch != '\n' && value.size() < maxValue) {
                value += static_cast<char>(ch);
                ch = next();
            }
            if (ch == '\r') ch = next();
            if (ch == '\n')
                ch = next();
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
void readHead(Bytes& next, Poco::Net::HTTPRequest& request) {
    int ch = next();
    if (ch == eof) throw Poco::Net::NoMessageException();
    while (Poco::Ascii::isSpace(ch)) ch = next();  // empty lines before a request line (RFC 9112 2.2)
    if (ch == eof) throw Poco::Net::MessageException("No HTTP request header");
    std::string method, uri, version;
    while (!Poco::Ascii::isSpace(ch) && ch != eof && method.size() < maxMethod) {
        method += static_cast<char>(ch);
        ch = next();
    }
    if (!Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("HTTP request method invalid or too long");
    while (isBlank(ch)) ch = next();
    // A line that ends after its method (Poco read on into the next line for the URI and its version).
    if (ch == '\r' || ch == '\n' || ch == eof) throw Poco::Net::MessageException("HTTP request line has no URI");
    uri.reserve(64);
    while (!Poco::Ascii::isSpace(ch) && ch != eof && uri.size() < maxUri) {
        uri += static_cast<char>(ch);
        ch = next();
    }
    if (!Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("HTTP request URI invalid or too long");
    while (isBlank(ch)) ch = next();
    while (!Poco::Ascii::isSpace(ch) && ch != eof && version.size() < maxVersion) {
        version += static_cast<char>(ch);
        ch = next();
    }
    if (version.empty() || !Poco::Ascii::isSpace(ch)) throw Poco::Net::MessageException("Invalid HTTP version string");
    while (ch != '\n' && ch != eof) ch = next();
    ch = readFields(next, ch == eof ? eof : next(), request);
    while (ch != '\n' && ch != eof) ch = next();  // the empty line that ends the head
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
