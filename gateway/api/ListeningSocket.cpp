// Accepted connections that keep their addresses (see ListeningSocket.h).
#include "api/ListeningSocket.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocketImpl.h>
#include <Poco/Net/StreamSocketImpl.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace sohub {
namespace {

// A connection's socket whose addresses are set when it is accepted; Poco's own asks the kernel at each call.
class AddressedSocket : public Poco::Net::StreamSocketImpl {
public:
    AddressedSocket(poco_socket_t descriptor, const Poco::Net::SocketAddress& local,
                    const Poco::Net::SocketAddress& peer)
        : Poco::Net::StreamSocketImpl(descriptor), local_(local), peer_(peer) {}

    Poco::Net::SocketAddress address() override { return local_; }
    Poco::Net::SocketAddress peerAddress() override { return peer_; }

private:
    const Poco::Net::SocketAddress local_;
    const Poco::Net::SocketAddress peer_;
};

class AddressingServerSocket : public Poco::Net::ServerSocketImpl {
public:
    void listenOn(const Poco::Net::SocketAddress& address, bool reuseAddress, int backlog) {
        bind(address, reuseAddress, false);
        listen(backlog);
        bound_ = Poco::Net::ServerSocketImpl::address();
        wildcard_ = bound_.host().isWildcard();
    }

    Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& clientAddress) override {
        if (sockfd() == POCO_INVALID_SOCKET) throw Poco::Net::InvalidSocketException();
        sockaddr_storage peer{};
        socklen_t peerLength = sizeof peer;
        poco_socket_t descriptor;
        do {
            peerLength = sizeof peer;
            descriptor = ::accept(sockfd(), reinterpret_cast<sockaddr*>(&peer), &peerLength);
        } while (descriptor == POCO_INVALID_SOCKET && errno == EINTR);
        if (descriptor == POCO_INVALID_SOCKET) error();
        clientAddress = Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&peer), peerLength);
        // Owned by the StreamSocket that TCPServer wraps it in (Poco's sockets count their references).
        return new AddressedSocket(descriptor, wildcard_ ? localOf(descriptor) : bound_, clientAddress);
    }

protected:
    ~AddressingServerSocket() override = default;

private:
    // On a wildcard address, which of the host's addresses the client reached (getsockname(2), once a connection).
    static Poco::Net::SocketAddress localOf(poco_socket_t descriptor) {
        sockaddr_storage local{};
        socklen_t length = sizeof local;
        if (::getsockname(descriptor, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
            const int code = errno;
            ::close(descriptor);
            error(code);
        }
        return Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&local), length);
    }

    Poco::Net::SocketAddress bound_;
    bool wildcard_ = true;
};

}  // namespace

ListeningSocket::ListeningSocket() : Poco::Net::ServerSocket(new AddressingServerSocket, true) {}

void ListeningSocket::listenOn(const Poco::Net::SocketAddress& address, bool reuseAddress, int backlog) {
    static_cast<AddressingServerSocket*>(impl())->listenOn(address, reuseAddress, backlog);
}

}  // namespace sohub
