// The server session's reading through its own buffer, its wait for the next request on a connection, and the
// writing of its answers.
#include "api/ConnectionSession.h"

#include "api/HubRequest.h"

#include <Poco/Exception.h>
#include <Poco/Net/SocketDefs.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>

namespace sohub {

ConnectionSession::ConnectionSession(const Poco::Net::StreamSocket& socket,
                                     const Poco::Net::HTTPServerParams::Ptr& params)
    : Poco::Net::HTTPServerSession(socket, params),
      keepAliveTimeout_(params->getKeepAliveTimeout()),
      requestsLeft_(params->getMaxKeepAliveRequests()) {
    // Poco sets the receive timeout only: an answer to a client that stops reading held its thread for good.
    this->socket().setSendTimeout(params->getTimeout());
}

ConnectionSession* ConnectionSession::of(const Poco::Net::HTTPServerRequest& request) {
    const auto* read = dynamic_cast<const HubRequest*>(&request);
    return read ? &read->session() : nullptr;
}

bool ConnectionSession::nextRequestComes() {
    if (!socket().impl()->initialized()) return false;
    if (first_) {  // nothing of the connection read yet
        first_ = false;
        --requestsLeft_;
        return awaitReadable(getTimeout());
    }
    if (requestsLeft_ == 0 || !getKeepAlive()) return false;
    if (requestsLeft_ > 0) --requestsLeft_;
    return held_ < end_ || awaitReadable(keepAliveTimeout_);
}

void ConnectionSession::writeAnswer(const std::string& head, std::string_view body) {
    // Head and body in one writev(2), neither copied; a write may take fewer bytes than given (a send timeout), and
    // the rest follows until all is written.
    Poco::Net::SocketBufVec parts;
    parts.reserve(2);
    if (!head.empty()) parts.push_back({const_cast<char*>(head.data()), head.size()});
    if (!body.empty()) parts.push_back({const_cast<char*>(body.data()), body.size()});
    while (!parts.empty()) {
        int written = 0;
        try {
            written = socket().sendBytes(parts);
            if (written <= 0) throw Poco::IOException("The connection took no more of the answer");
        } catch (const Poco::Exception& broken) {
            setException(broken);  // as Poco's own write does: the connection ends after this request
            throw;
        }
        auto taken = static_cast<std::size_t>(written);
        while (taken > 0) {
            Poco::Net::SocketBuf& part = parts.front();
            if (taken < part.iov_len) {
                part.iov_base = static_cast<char*>(part.iov_base) + taken;
                part.iov_len -= taken;
                break;
            }
            taken -= part.iov_len;
            parts.erase(parts.begin());
        }
    }
}

void ConnectionSession::closeInStages(const Poco::Timespan& patience, const Poco::Timespan& silence) {
    const Poco::Timestamp start;
    try {
        socket().shutdownSend();
        held_ = end_ = 0;
        for (;;) {
            const Poco::Timespan left = patience - Poco::Timespan(start.elapsed());
            if (left <= 0 || !awaitReadable(std::min(left, silence))) return;
            if (socket().receiveBytes(buffer_.data(), static_cast<int>(buffer_.size())) <= 0) return;  // it closed
        }
    } catch (const Poco::Exception&) {
        // Reset or gone: nothing is left to read.
    }
}

bool ConnectionSession::receiveMore() {
    held_ = end_ = 0;
    // Poco's receive: a broken connection's exception is kept as the session's networkException.
    const int n = receive(buffer_.data(), static_cast<int>(buffer_.size()));
    if (n <= 0) return false;
    end_ = static_cast<std::size_t>(n);
    return true;
}

int ConnectionSession::refillAndNext() {
    return receiveMore() ? static_cast<unsigned char>(buffer_[held_++]) : -1;
}

int ConnectionSession::readSome(char* into, std::size_t length) {
    if (length == 0) return 0;
    if (held_ == end_) {
        if (length >= buffer_.size()) return receive(into, static_cast<int>(std::min<std::size_t>(length, 1 << 30)));
        if (!receiveMore()) return 0;
    }
    const std::size_t n = std::min(length, end_ - held_);
    std::memcpy(into, buffer_.data() + held_, n);
    held_ += n;
    return static_cast<int>(n);
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
