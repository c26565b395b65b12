// Poco's HTTPServerConnection loop with marks for the watch; the watch's sweep; the per-address count.
#include "api/HttpConnection.h"

#include "api/ConnectionSession.h"
#include "api/HubRequest.h"
#include "api/HubResponse.h"
#include "api/ResponseWriter.h"
#include "domain/Json.h"

#include <Poco/Ascii.h>
#include <Poco/Clock.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <string_view>
#include <vector>

namespace sohub {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("sohub.http"); }

// The most of a body no handler read that is read and dropped to keep its connection (HubRequest::skipUnreadBody).
constexpr std::streamsize unreadBodyLimit = 1 << 20;
// How long the rest of a request is read and dropped when the connection ends before it (closeInStages): a client
// sending a body is given this long to reach the reading of its answer, and no more than a second's pause.
const Poco::Timespan lingerPatience(5, 0), lingerSilence(1, 0);

// The Date header's text for now, formatted once a second per thread (Poco's setDate formats it for every answer).
const std::string& httpDateNow() {
    thread_local std::time_t second = -1;
    thread_local std::string text;
    const Poco::Timestamp now;
    if (now.epochTime() != second) {
        second = now.epochTime();
        text = Poco::DateTimeFormatter::format(now, Poco::DateTimeFormat::HTTP_FORMAT);
    }
    return text;
}

// An answer to a request that never reached a handler (its head could not be read), in the API's error shape; the
// connection ends with it, since where the next request starts is not known.
void sendError(ConnectionSession& session, Poco::Net::HTTPResponse::HTTPStatus status, const std::string& message) {
    HubResponse response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(status);
    response.setKeepAlive(false);
    response.set(Poco::Net::HTTPResponse::DATE, httpDateNow());
    const std::string body = toJsonText(errorBody(message));
    response.setContentType("application/json; charset=utf-8");
    response.sendBuffer(body.data(), body.size());
    session.setKeepAlive(false);
}

// A set of bytes as a table, for checks that look at every byte of a header.
using ByteSet = std::array<bool, 256>;

ByteSet byteSet(std::string_view others) {
    ByteSet table{};
    for (const unsigned char c : others) table[c] = true;
    for (const unsigned char c : std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
        table[c] = true;
    return table;
}

bool allIn(const std::string& text, const ByteSet& set) {
    return std::all_of(text.begin(), text.end(), [&set](char c) { return set[static_cast<unsigned char>(c)]; });
}

// Whether a header's name is a token (RFC 9110 5.1). Poco keeps what precedes the colon as the name: "Content-Length
// : 5" was a header of its own, so the request was read to the connection's end, and what a proxy in front that reads
// it as Content-Length sends next became its body (RFC 9112 5.1: reject it).
bool isToken(const std::string& name) {
    static const ByteSet tokenChars = byteSet("!#$%&'*+-.^_`|~");
    return !name.empty() && allIn(name, tokenChars);
}

// Whether a Host value is an authority's host and port as RFC 3986 spells them (reg-name or IP literal, then ":port"):
// no blank, slash or '@' that would make the name of the site asked for differ between readers.
bool isHostValue(const std::string& value) {
    static const ByteSet hostChars = byteSet("-._~%!$&'()*+,;=:[]");
    return allIn(value, hostChars);
}

// What makes a request's head unusable, as the answer's words; empty when it is not: a header name that is not a
// token, an HTTP/1.1 request without one Host of a host's shape (RFC 9112 3.2: such a request is answered 400), or
// a body length that cannot be known (RFC 9112 6.3). Poco reads the first Content-Length and the first
// Transfer-Encoding only: "Content-Length: 3" then "Content-Length: 10" was a body of 3 bytes (and the next request
// started inside the other 7), "-3" no body at all, and a request with both headers was read by the one a proxy in
// front may not have used: the ways requests are smuggled.
std::string headProblem(const Poco::Net::HTTPServerRequest& request) {
    std::vector<std::string> lengths, codings;
    const std::string* host = nullptr;  // Poco keeps a value without the blanks around it
    std::size_t hosts = 0;
    for (const auto& [name, value] : request) {  // the sizes first: other headers cost no string comparison
        if (!isToken(name)) return "Header name is not a token: '" + validUtf8(name) + "'";
        if (name.size() == 4 && Poco::icompare(name, "Host") == 0)
            host = ++hosts == 1 ? &value : host;
        else if (name.size() == 14 && Poco::icompare(name, "Content-Length") == 0)
            lengths.push_back(Poco::trim(value));
        else if (name.size() == 17 && Poco::icompare(name, "Transfer-Encoding") == 0)
            codings.push_back(Poco::trim(value));
    }
    if (hosts > 1) return "Host is given " + std::to_string(hosts) + " times";
    if (!host && request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_1)
        return "Host is missing (an HTTP/1.1 request names its host)";
    if (host && !isHostValue(*host)) return "Host is not a host name: " + validUtf8(*host);
    const auto digits = [](const std::string& text) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return Poco::Ascii::isDigit(c); });
    };
    for (const std::string& length : lengths)
        if (!digits(length)) return "Content-Length is not a number of bytes: " + length;
    for (const std::string& length : lengths)
        if (length != lengths.front()) return "Content-Length is given twice, as " + lengths.front() + " and " + length;
    if (codings.empty()) return "";
    // RFC 9112 6.1: HTTP/1.0 has no chunked coding, so such a message's framing is faulty.
    if (request.getVersion() == Poco::Net::HTTPMessage::HTTP_1_0) return "Transfer-Encoding in an HTTP/1.0 request";
    if (!lengths.empty()) return "Transfer-Encoding and Content-Length together";
    if (codings.size() > 1 || Poco::icompare(codings.front(), "chunked") != 0)
        return "Transfer-Encoding " + codings.front() + " is not taken (chunked only)";
    return "";
}

// The status of a head that could not be read, by its words (Poco 1.11's, which RequestHead keeps): a request-target
// past Poco's 16 KiB is 414 (RFC 9112 3), more than Poco's 100 header fields or a value (folded or not) past 8 KiB
// is 431 (RFC 6585 5), the rest 400. A URI or value cut off by the end of the stream reads the same, but then no one
// is left to read the answer.
Poco::Net::HTTPResponse::HTTPStatus malformedStatus(const std::string& words) {
    if (words == "HTTP request URI invalid or too long") return Poco::Net::HTTPResponse::HTTP_REQUEST_URI_TOO_LONG;
    if (words == "Too many header fields" || words == "Field value too long/no CRLF found" ||
        words == "Folded field value too long/no CRLF found")
        return Poco::Net::HTTPResponse::HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
    return Poco::Net::HTTPResponse::HTTP_BAD_REQUEST;
}

void shutDown(Poco::Net::StreamSocket& socket) {
    try {
        socket.shutdown();  // the thread reading it sees the end of the stream; it closes the socket itself
    } catch (const Poco::Exception&) {
        // Already closed by its peer.
    }
}

std::string hostOf(const Poco::Net::StreamSocket& socket) {
    try {
        return socket.peerAddress().host().toString();
    } catch (const Poco::Exception&) {
        return "";  // the peer went away during accept
    }
}

}  // namespace

ConnectionWatch::ConnectionWatch(const ConnectionLimits& limits) : limits_(limits) {}

ConnectionWatch::~ConnectionWatch() { stopWatching(); }

void ConnectionWatch::stopWatching() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    server_ = nullptr;
}

Poco::Int64 ConnectionWatch::now() { return Poco::Clock().microseconds(); }

void ConnectionWatch::watch(const Poco::Net::TCPServer& server) {
    server_ = &server;
    thread_ = std::thread([this] { run(); });
}

bool ConnectionWatch::admit(const Poco::Net::StreamSocket& socket) {
    if (closing_) return false;
    const std::string host = hostOf(socket);
    const std::lock_guard<std::mutex> lock(mutex_);
    // Poco's dispatcher would drop a socket past its queue without a word; refused here, it is counted nowhere.
    if (server_ && static_cast<std::size_t>(server_->queuedConnections()) >= limits_.maxQueued) return false;
    std::size_t& open = perAddress_[host];
    if (open >= limits_.maxPerAddress) {
        const Poco::Int64 at = now();
        if (at - lastRefusalLog_ > 10 * 1000000LL) {  // one line per ten seconds, not one per connection
            lastRefusalLog_ = at;
            logger().warning("Refused a connection from %s: it has %z open (http.maxConnectionsPerAddress)", host,
                             open);
        }
        return false;
    }
    ++open;
    admitted_[socket.impl()->sockfd()] = host;
    return true;
}

std::shared_ptr<ConnectionWatch::Mark> ConnectionWatch::enter(const Poco::Net::StreamSocket& socket) {
    auto mark = std::make_shared<Mark>();
    mark->socket = socket;
    mark->headSince = now();
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto admitted = admitted_.find(socket.impl()->sockfd());
    if (admitted != admitted_.end()) {
        mark->host = admitted->second;
        mark->counted = true;
        admitted_.erase(admitted);
    }
    marks_.push_back(mark);
    if (closing_) shutDown(mark->socket);
    return mark;
}

void ConnectionWatch::leave(const std::shared_ptr<Mark>& mark) {
    const std::lock_guard<std::mutex> lock(mutex_);
    marks_.remove(mark);
    if (!mark->counted) return;
    const auto counted = perAddress_.find(mark->host);
    if (counted != perAddress_.end() && --counted->second == 0) perAddress_.erase(counted);
}

void ConnectionWatch::closeAll() {
    const std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    for (const auto& mark : marks_) shutDown(mark->socket);
}

void ConnectionWatch::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(250));
        if (stopping_) return;
        lock.unlock();
        sweep();
        lock.lock();
    }
}

void ConnectionWatch::sweep() {
    const Poco::Int64 at = now();
    const Poco::Int64 headLimit = limits_.headTimeout.totalMicroseconds();
    std::size_t slowHeads = 0, idleClosed = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        std::vector<Mark*> idle;
        for (const auto& mark : marks_) {
            const Poco::Int64 head = mark->headSince.load();
            if (head != 0 && at - head > headLimit) {
                mark->headSince = 0;
                shutDown(mark->socket);
                ++slowHeads;
            } else if (mark->idleSince.load() != 0) {
                idle.push_back(mark.get());
            }
        }
        // Connections wait for a thread while others only wait for a next request: those give way, oldest first.
        const std::size_t waiting = server_ ? static_cast<std::size_t>(std::max(0, server_->queuedConnections())) : 0;
        if (waiting > 0 && !idle.empty()) {
            std::sort(idle.begin(), idle.end(),
                      [](const Mark* a, const Mark* b) { return a->idleSince.load() < b->idleSince.load(); });
            for (std::size_t i = 0; i < idle.size() && i < waiting; ++i) {
                idle[i]->idleSince = 0;
                shutDown(idle[i]->socket);
                ++idleClosed;
            }
        }
    }
    if (slowHeads > 0)
        logger().warning("Closed %z connections whose request head took longer than %Ld s (http.headerTimeoutSeconds)",
                         slowHeads, static_cast<Poco::Int64>(limits_.headTimeout.totalSeconds()));
    if (idleClosed > 0)
        logger().information("Closed %z idle keep-alive connections: connections were waiting for a thread",
                             idleClosed);
}

HubConnection::HubConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                             Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ConnectionWatch& watch)
    : Poco::Net::TCPServerConnection(socket), params_(std::move(params)), handlers_(std::move(handlers)),
      watch_(watch) {}

void HubConnection::run() {
    const std::shared_ptr<ConnectionWatch::Mark> mark = watch_.enter(socket());
    struct Leave {
        ConnectionWatch& watch;
        const std::shared_ptr<ConnectionWatch::Mark>& mark;
        ~Leave() { watch.leave(mark); }
    } leave{watch_, mark};

    ConnectionSession session(socket(), params_);  // RequestBody reads chunked bodies from it itself
    bool first = true;
    bool clientMaySend = false;  // the connection ends with some of a request not read: closed in stages
    try {
        while (!watch_.closing() && session.nextRequestComes()) {
            // A request's first byte is here: its head is due within the deadline (the first one's since accept).
            mark->idleSince = 0;
            if (!first) mark->headSince = ConnectionWatch::now();
            first = false;
            try {
                HubResponse response(session);
                HubRequest request(response, session, *params_);
                mark->headSince = 0;
                const std::string& version = request.getVersion();
                if (version != Poco::Net::HTTPMessage::HTTP_1_1 && version != Poco::Net::HTTPMessage::HTTP_1_0) {
                    // Poco would answer in the version asked for ("HTTP/2.0 200 OK" over HTTP/1.1's syntax).
                    sendError(session, Poco::Net::HTTPResponse::HTTP_VERSION_NOT_SUPPORTED,
                              "HTTP version not supported: " + version + " (HTTP/1.1 or HTTP/1.0)");
                    clientMaySend = true;
                    break;
                }
                if (const std::string problem = headProblem(request); !problem.empty()) {
                    sendError(session, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST, "Malformed request: " + problem);
                    clientMaySend = true;
                    break;  // where this request's body ends, and the next request starts, is not known
                }
                response.set(Poco::Net::HTTPResponse::DATE, httpDateNow());
                response.setVersion(version);
                response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive() && session.requestsLeft());
                std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(handlers_->createRequestHandler(request));
                if (handler) {
                    if (request.getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
                        response.sendContinue();
                    handler->handleRequest(request, response);
                    // A request whose body or answer broke off leaves the connection where no one knows: it ends.
                    if (session.networkException()) break;
                    session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.requestsLeft());
                    // A body no handler read (a 404, a 405, OPTIONS) would be taken for the next request's
                    // head: read and dropped. One larger than a client sends by mistake ends the connection instead.
                    if (session.getKeepAlive() && !request.skipUnreadBody(unreadBodyLimit)) {
                        clientMaySend = true;
                        break;
                    }
                    // An answer that ends the connection before the body was read (413, a refused upload).
                    clientMaySend = !session.getKeepAlive() && request.bodyLeft();
                } else {
                    sendError(session, Poco::Net::HTTPResponse::HTTP_NOT_IMPLEMENTED, "Not implemented");
                    clientMaySend = true;
                }
            } catch (const Poco::Net::NoMessageException&) {
                break;  // the client closed the connection between requests, or the watch shut it
            } catch (const Poco::Net::MessageException& malformed) {
                sendError(session, malformedStatus(malformed.message()), "Malformed request: " + malformed.message());
                clientMaySend = true;
            } catch (const Poco::SyntaxException& malformed) {
                // The one header read as a number (by HubRequest, as by Poco's request) before headProblem sees it:
                // Content-Length (abc, "2, 2").
                sendError(session, Poco::Net::HTTPResponse::HTTP_BAD_REQUEST,
                          "Malformed request: Content-Length is not a number of bytes: " +
                              validUtf8(Poco::replace(malformed.message(), "Not a valid integer: ", "")));
                clientMaySend = true;
            }
            mark->headSince = 0;
            mark->idleSince = ConnectionWatch::now();
        }
        if (clientMaySend && !watch_.closing()) session.closeInStages(lingerPatience, lingerSilence);
    } catch (const Poco::Exception&) {
        // The connection broke (reset, timeout, shut down by the watch): nothing more to answer on it.
    }
}

}  // namespace sohub
