// The HTTP server's connections: Poco's request loop, with a deadline for each request head, idle keep-alive
// connections given up first when threads run short, and a bound on the connections of one client address.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace sohub {

struct ConnectionLimits {
    Poco::Timespan headTimeout = Poco::Timespan(10, 0);  // http.headerTimeoutSeconds
    std::size_t maxPerAddress = 256;                     // http.maxConnectionsPerAddress (half of http.maxThreads)
    std::size_t maxQueued = 1024;                        // http.maxQueued
};

// Every open connection of one server, what it is doing and since when. A thread of its own looks at them four
// times a second: a connection whose request head is not complete within headTimeout is shut down (the thread
// reading it sees the end of the stream), and while connections wait for a thread, as many idle keep-alive
// connections are shut down, the longest idle first.
class ConnectionWatch {
public:
    // One connection's marks: written by its own thread, read by the watch's.
    struct Mark {
        Poco::Net::StreamSocket socket;
        std::string host;     // as counted at accept: the peer may be gone by the time the connection runs
        bool counted = false;
        std::atomic<Poco::Int64> headSince{0};  // monotonic µs; 0 when no head is being read
        std::atomic<Poco::Int64> idleSince{0};  // monotonic µs; 0 when not waiting between requests
    };

    explicit ConnectionWatch(const ConnectionLimits& limits);
    ConnectionWatch(const ConnectionWatch&) = delete;
    ConnectionWatch& operator=(const ConnectionWatch&) = delete;
    ~ConnectionWatch();

    // Starts watching the server's connections and its queue.
    void watch(const Poco::Net::TCPServer& server);
    // At accept: false when the address has maxPerAddress connections open, or the queue is full.
    bool admit(const Poco::Net::StreamSocket& socket);
    // A connection's thread starts and ends; the head of its first request is counted from here.
    std::shared_ptr<Mark> enter(const Poco::Net::StreamSocket& socket);
    void leave(const std::shared_ptr<Mark>& mark);
    // Shuts down every connection (the server stops); no connection is admitted afterwards.
    void closeAll();
    // Ends the watch's thread; called before the server it watches is destroyed.
    void stopWatching();
    bool closing() const { return closing_.load(); }

    static Poco::Int64 now();

private:
    void sweep();
    void run();

    const ConnectionLimits limits_;
    const Poco::Net::TCPServer* server_ = nullptr;
    std::mutex mutex_;
    std::list<std::shared_ptr<Mark>> marks_;
    std::map<std::string, std::size_t> perAddress_;
    std::map<poco_socket_t, std::string> admitted_;  // accepted, not yet running: their counted host
    Poco::Int64 lastRefusalLog_ = 0;
    std::atomic<bool> closing_{false};
    bool stopping_ = false;
    std::condition_variable wake_;
    std::thread thread_;
};

// Refuses at accept what ConnectionWatch::admit refuses (Poco's TCPServerConnectionFilter).
class AddressQuota : public Poco::Net::TCPServerConnectionFilter {
public:
    explicit AddressQuota(ConnectionWatch& watch) : watch_(watch) {}
    bool accept(const Poco::Net::StreamSocket& socket) override { return watch_.admit(socket); }

private:
    ConnectionWatch& watch_;
};

// One client connection: requests read, handled and answered one after the other, as Poco's HTTPServerConnection
// does, with its marks kept in the watch.
class HubConnection : public Poco::Net::TCPServerConnection {
public:
    HubConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ConnectionWatch& watch);
    void run() override;

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    ConnectionWatch& watch_;
};

class HubConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    HubConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                         ConnectionWatch& watch)
        : params_(std::move(params)), handlers_(std::move(handlers)), watch_(watch) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new HubConnection(socket, params_, handlers_, watch_);  // Poco's server takes ownership
    }

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    ConnectionWatch& watch_;
};

}  // namespace sohub
