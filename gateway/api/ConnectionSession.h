// Poco's server session, read through a buffer of its own: the request head a run of bytes at a time (RequestHead),
// the body by sohub's own decoding (HubRequest, ChunkedBody: a chunked body read here knows whether its last chunk
// came; Poco 1.11's chunked stream ends the same way whether it came or not); a whole answer written in one writev(2)
// (writeAnswer); and a wait for the next request that costs one poll(2).
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerSession.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace sohub {

class ConnectionSession : public Poco::Net::HTTPServerSession {
public:
    ConnectionSession(const Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerParams::Ptr& params);
    // The session a request came through, when it came through sohub's connection loop (else none).
    static ConnectionSession* of(const Poco::Net::HTTPServerRequest& request);

    // The connection's next byte (0-255), or -1 at its end. Poco's get() and read() are not virtual and keep a buffer
    // of their own, which stays empty: every reader of a request reads through these.
    int nextByte() { return held_ < end_ ? static_cast<unsigned char>(buffer_[held_++]) : refillAndNext(); }
    // The bytes received and not read yet, and passing over `n` of them.
    std::string_view heldBytes() const { return {buffer_.data() + held_, end_ - held_}; }
    void skipHeld(std::size_t n) { held_ += n; }
    // Up to `length` bytes: those held, else one receive (straight into `into` when it is no smaller than the
    // buffer). 0 at the connection's end; Poco's exception for a broken one (kept as networkException()).
    int readSome(char* into, std::size_t length);

    // Whether another request comes on this connection, by the rules of Poco's hasMoreRequests (the first request
    // within http.timeoutSeconds; then, while both sides keep the connection alive, up to http.maxKeepAliveRequests
    // requests, each within http.keepAliveTimeoutSeconds), but waiting with one poll(2): Poco's Socket::poll builds
    // an epoll set for each call (epoll_create, epoll_ctl, epoll_wait, close), about 5 microseconds on the 2-core VM,
    // where poll(2) takes 0.4.
    bool nextRequestComes();
    // Whether the answer may keep the connection alive: requests are left (Poco's canKeepAlive, by this count).
    bool requestsLeft() const { return requestsLeft_ != 0; }
    // Writes an answer's head (status line and header fields) and its body in one system call, neither copied. A
    // write that fails (the client reset, or read nothing for http.timeoutSeconds) is kept as networkException().
    void writeAnswer(const std::string& head, std::string_view body);
    // Ends a connection the client may still be sending on (a body too large or not read, a head that could not be
    // read) in stages (RFC 9112 9.6): its sending side shut, then what comes is read and dropped until the client
    // closes, for at most `patience` and no longer than `silence` without a byte. Closed with bytes unread, the
    // socket would be reset, and a client still sending loses the answer it has not read yet (a 413 came as a reset).
    void closeInStages(const Poco::Timespan& patience, const Poco::Timespan& silence);

private:
    // Readable (a byte, the peer's end or an error to read) within the timeout. The socket's own descriptor: the
    // server speaks plain HTTP (a TLS socket could hold a decrypted request that poll(2) does not see).
    bool awaitReadable(const Poco::Timespan& timeout);
    // Receives into the emptied buffer: false at the connection's end.
    bool receiveMore();
    int refillAndNext();

    const Poco::Timespan keepAliveTimeout_;
    // Counted as Poco counts: http.maxKeepAliveRequests, less one for each request; 0 configured is no limit (-1).
    int requestsLeft_;
    bool first_ = true;
    // Received bytes, those from held_ to end_ not read yet.
    std::array<char, 8192> buffer_;
    std::size_t held_ = 0, end_ = 0;
};

}  // namespace sohub
