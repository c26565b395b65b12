// End-to-end: bounded work per request: the JSON limits, the confirm endpoint's ids, and slow clients.
#define BOOST_TEST_MODULE e2e_limits
#include <boost/test/unit_test.hpp>

#include "support/Daemon.h"
#include "support/DropFolder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using namespace sohub::test;

namespace {

// {"k0":0,...}: 200,000 members, 2.7 MB, under the 10 MiB body limit.
std::string wideObject(int members) {
    std::string text = "{";
    for (int i = 0; i < members; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
    return text + "}";
}

std::string idArray(int count) {
    std::string text = "[";
    for (int i = 1; i <= count; ++i) text += (i > 1 ? "," : "") + std::to_string(i);
    return text + "]";
}

std::string message(const HttpResult& r) { return r.object()->getObject("error")->getValue<std::string>("message"); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_worst_bodies_are_refused_at_the_default_limits) {
    Daemon daemon;
    const HttpResult wide = daemon.http().post("/api/v3/case/validate", acme, wideObject(200000));
    BOOST_TEST(wide.status == 400);
    BOOST_TEST(message(wide) == "A JSON object has more members than json.maxMembers (1000)");
    const HttpResult confirm = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(500000));
    BOOST_TEST(confirm.status == 400);
    BOOST_TEST(message(confirm) == "A JSON array has more elements than json.maxElements (100000)");
    // Within json.maxElements, the confirm endpoint's own bound, in Joi's words.
    const HttpResult many = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(1001));
    BOOST_TEST(many.status == 400);
    BOOST_TEST(message(many) == "\"value\" must contain less than or equal to 1000 items");
    const HttpResult enough = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(1000));
    BOOST_TEST_REQUIRE(enough.status == 200, enough.body);
    BOOST_TEST(enough.object()->getArray("errors")->size() == 1000u);  // none of them exists
    const HttpResult deep = daemon.http().post("/api/v3/case/validate", acme, std::string(40, '[') + std::string(40, ']'));
    BOOST_TEST(deep.status == 400);
    BOOST_TEST(message(deep) == "JSON nesting is deeper than json.maxDepth (32)");
    const HttpResult longText = daemon.http().post("/api/v3/case/validate", acme,
                                                   "{\"productData\":{\"problemText\":\"" + std::string(1048577, 'x') + "\"}}");
    BOOST_TEST(longText.status == 400);
    BOOST_TEST(message(longText) == "A JSON string is longer than json.maxStringBytes (1048576 bytes)");
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(with_the_limits_raised_the_same_bodies_are_parsed_and_answered) {
    // The parse is linear whatever the shape: 200,000 members are read and validated, not only refused.
    Daemon daemon({"json.maxMembers=200000", "json.maxElements=500000"});
    const HttpResult wide = daemon.http().post("/api/v3/case/validate", acme, wideObject(200000));
    BOOST_TEST_REQUIRE(wide.status == 400, wide.body);
    BOOST_TEST(message(wide) == "Fields validation failed");
    BOOST_TEST(wide.object()->getObject("error")->getObject("details")->has("serviceType"));
    const HttpResult confirm = daemon.http().post("/api/v3/case-messages/confirm", infocare, idArray(500000));
    BOOST_TEST(confirm.status == 400);
    BOOST_TEST(message(confirm) == "\"value\" must contain less than or equal to 1000 items");
}

namespace {

// A raw TCP client socket from a chosen loopback address, for clients that misbehave on purpose.
class RawClient {
public:
    RawClient(const std::string& from, int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        BOOST_REQUIRE(fd_ >= 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        BOOST_REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
        sockaddr_in server{};
        server.sin_family = AF_INET;
        server.sin_port = htons(static_cast<std::uint16_t>(port));
        ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        BOOST_REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;
    ~RawClient() { ::close(fd_); }

    void send(const std::string& text) const { (void)::send(fd_, text.data(), text.size(), MSG_NOSIGNAL); }
    // True once the server has closed its side (end of stream or reset); waits up to the given milliseconds.
    bool closedWithin(int millis) const {
        pollfd watched{fd_, POLLIN, 0};
        if (::poll(&watched, 1, millis) <= 0) return false;
        char byte;
        return ::recv(fd_, &byte, 1, MSG_DONTWAIT) <= 0;
    }
    // Reads what arrives within the given milliseconds.
    std::string receive(int millis) const {
        std::string text;
        char buffer[4096];
        pollfd watched{fd_, POLLIN, 0};
        while (::poll(&watched, 1, millis) > 0) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            text.append(buffer, static_cast<std::size_t>(n));
            if (text.find("\r\n\r\n") != std::string::npos && text.find("}") != std::string::npos) break;
        }
        return text;
    }

    int fd() const { return fd_; }

private:
    int fd_;
};

// How many of the clients the server has closed, waiting until `millis` have passed with none closing.
std::size_t closedAfterQuiet(const std::vector<std::unique_ptr<RawClient>>& clients, int millis) {
    std::vector<bool> closed(clients.size(), false);
    std::size_t count = 0;
    for (;;) {
        std::vector<pollfd> watched;
        std::vector<std::size_t> index;
        for (std::size_t i = 0; i < clients.size(); ++i)
            if (!closed[i]) {
                watched.push_back(pollfd{clients[i]->fd(), POLLIN, 0});
                index.push_back(i);
            }
        if (watched.empty() || ::poll(watched.data(), watched.size(), millis) <= 0) return count;
        for (std::size_t k = 0; k < watched.size(); ++k)
            if (watched[k].revents != 0 && clients[index[k]]->closedWithin(0)) {
                closed[index[k]] = true;
                ++count;
            }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(stalled_connections_from_one_address_starve_no_other_client_and_are_closed_at_the_deadline) {
    Daemon daemon;  // http.maxConnectionsPerAddress 256, http.headerTimeoutSeconds 10, http.maxThreads 512
    std::vector<std::unique_ptr<RawClient>> stalled;
    for (int i = 0; i < 400; ++i) {
        stalled.push_back(std::make_unique<RawClient>("127.0.0.2", daemon.port()));
        stalled.back()->send("POST /api/v3/case/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Hub-Api-To");  // half a head
    }
    // Past the per-address bound, connections are closed at accept.
    BOOST_TEST(closedAfterQuiet(stalled, 2000) == 400u - 256u);

    // Meanwhile a client on another address is answered, on new connections and on a kept-alive one.
    for (int i = 0; i < 5; ++i) BOOST_TEST(daemon.http().get("/health", "").status == 200);
    const HttpResult read = daemon.http().get("/api/v3/manufacturers", acme);
    BOOST_TEST(read.status == 200);
    const HttpResult booked = daemon.http().post("/api/v3/case/validate", acme, std::string("{}"));
    BOOST_TEST(booked.status == 400);  // answered: the validator's 400, not a timeout

    // The admitted stalled ones are still open (their heads are not yet late), then closed at the head deadline.
    std::size_t openNow = 0;
    for (const auto& client : stalled) openNow += client->closedWithin(0) ? 0 : 1;
    BOOST_TEST(openNow == 256u);
    std::size_t closedLater = 0;
    for (const auto& client : stalled) closedLater += client->closedWithin(20000) ? 1 : 0;
    BOOST_TEST(closedLater == 400u);
    BOOST_TEST(eventually(
        [&] {
            return daemon.log().find("request head took longer than 10 s (http.headerTimeoutSeconds)") != std::string::npos;
        },
        5));
    BOOST_TEST(daemon.log().find("Refused a connection from 127.0.0.2") != std::string::npos);
    BOOST_TEST(daemon.http().get("/health", "").status == 200);
}

BOOST_AUTO_TEST_CASE(idle_keep_alive_connections_give_way_when_threads_run_short) {
    Daemon daemon({"http.maxThreads=4", "http.keepAliveTimeoutSeconds=60"});
    // Four kept-alive connections, each after one request, hold the four threads while idle.
    std::vector<std::unique_ptr<RawClient>> idle;
    for (int i = 0; i < 4; ++i) {
        idle.push_back(std::make_unique<RawClient>("127.0.0.1", daemon.port()));
        idle.back()->send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        BOOST_TEST(idle.back()->receive(5000).find("HTTP/1.1 200") == 0u);
    }
    // A fifth client is answered long before the keep-alive timeout: an idle connection gave way.
    RawClient fifth("127.0.0.1", daemon.port());
    fifth.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    BOOST_TEST(fifth.receive(10000).find("HTTP/1.1 200") == 0u);
    std::size_t closed = 0;
    for (const auto& client : idle) closed += client->closedWithin(0) ? 1 : 0;
    BOOST_TEST(closed >= 1u);
}
