// The server session's wait for the next request on a connection.
#include "api/ConnectionSession.h"

#include <Poco/Exception.h>
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
    answered_ = false;
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

void ConnectionSession::writeAnswer(const std::string& head, std::string_view body) {
    answered_ = true;  // as Poco's sent(): once begun, even if the write fails, no second answer follows
    // A write may take fewer bytes than given (a send timeout): the rest follows until all is written.
    const auto writeAll = [this](const char* bytes, std::size_t size) {
        while (size > 0) {
            const int written = write(bytes, static_cast<std::streamsize>(size));
            if (written <= 0) throw Poco::IOException("The connection took no more of the answer");
            bytes += written;
            size -= static_cast<std::size_t>(written);
        }
    };
    // Up to this size head and body go as one write (one segment for a small answer); a larger body is not copied.
    constexpr std::size_t joined = 64 * 1024;
    if (body.size() <= joined) {
        std::string whole;
        whole.reserve(head.size() + body.size());
        whole.append(head).append(body);
        writeAll(whole.data(), whole.size());
    } else {
        writeAll(head.data(), head.size());
        writeAll(body.data(), body.size());
    }
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
