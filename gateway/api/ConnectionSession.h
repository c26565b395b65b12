// Poco's server session with its reading opened to sohub's own body decoding (see RequestBody: a chunked body read
// here knows whether its last chunk came; Poco 1.11's chunked stream ends the same way whether it came or not), and
// a wait for the next request that costs one poll(2).
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerSession.h>

#include <string>
#include <string_view>

namespace sohub {

class ConnectionSession : public Poco::Net::HTTPServerSession {
public:
    ConnectionSession(const Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerParams::Ptr& params);
    // The session a request came through, when it came through sohub's connection loop (else none).
    static ConnectionSession* of(const Poco::Net::HTTPServerRequest& request);
    using Poco::Net::HTTPSession::get;
    using Poco::Net::HTTPSession::read;

    // Whether another request comes on this connection, by the rules of Poco's hasMoreRequests (the first request
    // within http.timeoutSeconds; then, while both sides keep the connection alive, up to http.maxKeepAliveRequests
    // requests, each within http.keepAliveTimeoutSeconds), but waiting with one poll(2): Poco's Socket::poll builds
    // an epoll set for each call (epoll_create, epoll_ctl, epoll_wait, close), about 5 microseconds on the 2-core VM,
    // where poll(2) takes 0.4.
    bool nextRequestComes();
    // Whether the answer may keep the connection alive: requests are left (Poco's canKeepAlive, by this count).
    bool requestsLeft() const { return requestsLeft_ != 0; }
    // The next byte of the connection (0-255), or -1 at its end: Poco's get() gives a byte 0xFF as -1, the end's value.
    int nextByte() {
        if (buffered() == 0) {
            refill();
            if (buffered() == 0) return -1;
        }
        return static_cast<unsigned char>(get());
    }

    // Writes an answer's head (status line and header fields) and its body in one system call, neither copied.
    void writeAnswer(const std::string& head, std::string_view body);

private:
    // Readable (a byte, the peer's end or an error to read) within the timeout. The socket's own descriptor: the
    // server speaks plain HTTP (a TLS socket could hold a decrypted request that poll(2) does not see).
    bool awaitReadable(const Poco::Timespan& timeout);

    const Poco::Timespan keepAliveTimeout_;
    // Counted as Poco counts: http.maxKeepAliveRequests, less one for each request; 0 configured is no limit (-1).
    int requestsLeft_;
    bool first_ = true;
};

}  // namespace sohub
