// The HTTP server's listening socket: each connection it accepts knows its two addresses from the start.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace sohub {

// A Poco socket asks the kernel for its addresses each time they are asked for (getpeername(2), getsockname(2)): the
// per-address quota at accept, and Poco's HTTPServerRequestImpl on every request (about 0.8 microseconds a request on
// the 2-core VM; HubRequest now asks only when a handler wants them). accept(2) already tells the peer's address, and
// the local one is the bound address, or asked once per connection where that is a wildcard.
class ListeningSocket : public Poco::Net::ServerSocket {
public:
    ListeningSocket();
    // Binds (SO_REUSEADDR as asked, never SO_REUSEPORT) and listens.
    void listenOn(const Poco::Net::SocketAddress& address, bool reuseAddress, int backlog);
};

}  // namespace sohub
