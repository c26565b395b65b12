// The HTTP server's listening socket: each connection it accepts knows its two addresses from the start.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace sohub {

// Poco's HTTPServerRequestImpl asks the connection's socket for both its addresses on every request, a getpeername(2)
// and a getsockname(2) each time (about 0.8 microseconds a request on the 2-core VM). accept(2) already tells the
// peer's address, and the local one is the bound address, or asked once per connection where that is a wildcard.
class ListeningSocket : public Poco::Net::ServerSocket {
public:
    ListeningSocket();
    // Binds (SO_REUSEADDR as asked, never SO_REUSEPORT) and listens.
    void listenOn(const Poco::Net::SocketAddress& address, bool reuseAddress, int backlog);
};

}  // namespace sohub
