// The server session's wait for the next request on a kept-alive connection.
#include "api/ConnectionSession.h"

#include <Poco/Timestamp.h>

#include <cerrno>
#include <poll.h>

namespace sohub {

ConnectionSession::ConnectionSession(const Poco::Net::StreamSocket& socket,
                                     const Poco::Net::HTTPServerParams::Ptr& params)
    : Poco::Net::HTTPServerSession(socket, params), keepAliveTimeout_(params->getKeepAliveTimeout()) {}

bool ConnectionSession::nextRequestComes() {
    // The first request (one poll per connection), bytes already read, or a connection Poco ends here: its own answer.
    if (first_ || buffered() > 0 || !getKeepAlive() || !canKeepAlive()) {
        first_ = false;
        return hasMoreRequests();
    }
    if (!awaitReadable(keepAliveTimeout_)) return false;
    // The byte read into the session's buffer: hasMoreRequests then sees it buffered and keeps its count of the
    // connection's requests without a wait of its own. At the peer's end nothing is buffered and it finds the end.
    peek();
    return hasMoreRequests();
}

bool ConnectionSession::awaitReadable(const Poco::Timespan& timeout) {
    const Poco::Timestamp start;
    pollfd descriptor{socket().impl()->sockfd(), POLLIN, 0};
    for (;;) {
        const Poco::Timespan left = timeout - Poco::Timespan(start.elapsed());
        if (left <= 0) return false;
        const int ready = ::poll(&descriptor, 1, static_cast<int>((left.totalMicroseconds() + 999) / 1000));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) return true;  // the read that follows reports the socket's error
    }
}

}  // namespace sohub
