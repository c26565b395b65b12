// The LISTEN side of the notices between daemons: a libpq connection polled on its socket.
#include "store/NoticeListener.h"

#include <Poco/Logger.h>

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <memory>
#include <set>

namespace sohub {
namespace {

Poco::Logger& log() { return Poco::Logger::get("sohub.store"); }

struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// A connection that listens on every channel, or none (the reason logged once per outage by the caller).
Connection listening(const std::string& connect, const std::vector<std::string>& channels, std::string& failure) {
    Connection connection(PQconnectdb(connect.c_str()));
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        failure = PQerrorMessage(connection.get());
        return nullptr;
    }
    PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
    for (const std::string& channel : channels) {
        // Channel names are the constants of notice::, never outside text.
        const std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(connection.get(), ("LISTEN " + channel).c_str()),
                                                                   &PQclear);
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
            failure = PQerrorMessage(connection.get());
            return nullptr;
        }
    }
    return connection;
}

}  // namespace

NoticeListener::NoticeListener(std::string connect, std::vector<std::string> channels, Heard heard)
    : connect_(std::move(connect)), channels_(std::move(channels)), heard_(std::move(heard)) {
    thread_ = std::thread([this] { listenLoop(); });
}

NoticeListener::~NoticeListener() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void NoticeListener::listenLoop() {
    Connection connection;
    bool reported = false;  // the current outage was logged
    const auto hearAll = [this] {
        for (const std::string& channel : channels_) heard_(channel);
    };
    while (!stopping_) {
        if (!connection) {
            std::string failure;
            connection = listening(connect_, channels_, failure);
            if (!connection) {
                if (!reported) log().warning("Notices from other daemons not heard (%s); retrying every second", failure);
                reported = true;
                for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            if (reported) log().information("Notices from other daemons heard again");
            reported = false;
            hearAll();  // what was announced while not listening
        }
        // A short poll, so that stopping never waits long.
        pollfd socket{PQsocket(connection.get()), POLLIN, 0};
        const int ready = poll(&socket, 1, 200);
        if (ready <= 0) continue;
        if (!PQconsumeInput(connection.get())) {
            log().warning("Notices from other daemons: connection lost (%s)", std::string(PQerrorMessage(connection.get())));
            reported = true;
            connection.reset();
            continue;
        }
        std::set<std::string> channels;
        while (PGnotify* notice = PQnotifies(connection.get())) {
            channels.insert(notice->relname);
            PQfreemem(notice);
        }
        for (const std::string& channel : channels) heard_(channel);
    }
}

}  // namespace sohub
