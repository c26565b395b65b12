// Poco's server session with its reading opened to sohub's own body decoding (see RequestBody: a chunked body read
// here knows whether its last chunk came; Poco 1.11's chunked stream ends the same way whether it came or not), and
// a wait for the next keep-alive request that costs one poll(2).
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>

namespace sohub {

class ConnectionSession : public Poco::Net::HTTPServerSession {
public:
    ConnectionSession(const Poco::Net::StreamSocket& socket, const Poco::Net::HTTPServerParams::Ptr& params);
    using Poco::Net::HTTPSession::get;
    using Poco::Net::HTTPSession::read;

    // Whether another request comes on this connection, as Poco's hasMoreRequests answers it (the keep-alive limits
    // and timeouts of the server's parameters), but waiting for a keep-alive request's first byte with one poll(2):
    // Poco's Socket::poll builds an epoll set for each call (epoll_create, epoll_ctl, epoll_wait, close), about
    // 5 microseconds a request on the 2-core VM, where poll(2) takes 0.4.
    bool nextRequestComes();

private:
    // Readable (a byte, the peer's end or an error to read) within the timeout. The socket's own descriptor: the
    // server speaks plain HTTP (a TLS socket could hold a decrypted request that poll(2) does not see).
    bool awaitReadable(const Poco::Timespan& timeout);

    const Poco::Timespan keepAliveTimeout_;
    bool first_ = true;
};

}  // namespace sohub
