// The server session's wait for the next request on a connection.
#include "api/ConnectionSession.h"

#include <Poco/Timestamp.h>

#include <cerrno>
#include <poll.h>

namespace sohub {

ConnectionSession::ConnectionSession(const Poco::Net::StreamSocket& socket,
                                     const Poco::Net::HTTPServerParams::Ptr& params)
    : Poco::Net::HTTPServerSession(socket, params),
      keepAliveTimeout_(params->getKeepAliveTimeout()),
      requestsLeft_(params->getMaxKeepAliveRequests()) {}

bool ConnectionSession::nextRequestComes() {
    if (!socket().impl()->initialized()) return false;
    if (first_) {  // nothing of the connection read yet
        first_ = false;
        --requestsLeft_;
        return awaitReadable(getTimeout());
    }
    if (requestsLeft_ == 0 || !getKeepAlive()) return false;
    if (requestsLeft_ > 0) --requestsLeft_;
    return buffered() > 0 || awaitReadable(keepAliveTimeout_);
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
