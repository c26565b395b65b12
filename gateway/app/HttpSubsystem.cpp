// Binds the configured address, tunes the server for many keep-alive connections, writes the bound port.
#include "app/HttpSubsystem.h"

#include "api/HubRequestHandler.h"
#include "api/ListeningSocket.h"
#include "app/Hub.h"
#include "domain/ConfigKeys.h"

#include <Poco/FileStream.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/File.h>
#include <Poco/Thread.h>
#include <Poco/Util/Application.h>

#include <algorithm>

namespace sohub {

HttpSubsystem::HttpSubsystem(Hub& hub) : hub_(hub) {}

void HttpSubsystem::initialize(Poco::Util::Application& app) {
    const auto& config = app.config();
    const Poco::Net::SocketAddress address(config.getString("http.address", "127.0.0.1"),
                                           static_cast<Poco::UInt16>(integerKey(config, "http.port", 8080, 0, 65535)));
    ListeningSocket socket;
    try {
        // SO_REUSEADDR for a quick restart, but not SO_REUSEPORT (Poco sets both by default): a second server on
        // this port fails here instead of silently sharing its connections.
        socket.listenOn(address, true, integerKey(config, "http.backlog", 1024, 1, 65535));
    } catch (const Poco::Exception& error) {
        // Said as an operator fixes it: which address, which keys, why (another server holds the port, mostly).
        throw Poco::IOException("Cannot listen on " + address.toString() + " (http.address, http.port)",
                                error.displayText());
    }

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    // Each open keep-alive connection holds a pooled thread: size for the connection count clients use. Threads
    // start as connections come; idle keep-alive connections give way when connections wait for one.
    const int threads = integerKey(config, "http.maxThreads", 512, 1, 100000);
    params->setMaxThreads(threads);
    params->setMaxQueued(integerKey(config, "http.maxQueued", 1024, 1, 1000000));
    params->setKeepAlive(booleanKey(config, "http.keepAlive", true));
    params->setMaxKeepAliveRequests(integerKey(config, "http.maxKeepAliveRequests", 0, 0, 100000000));
    params->setKeepAliveTimeout(Poco::Timespan(integerKey(config, "http.keepAliveTimeoutSeconds", 15, 1, 86400), 0));
    params->setTimeout(Poco::Timespan(integerKey(config, "http.timeoutSeconds", 60, 1, 86400), 0));
    params->setServerName("sohubd");

    ConnectionLimits connections;
    const int headSeconds = integerKey(config, "http.headerTimeoutSeconds", 10, 1, 86400);
    // Half the threads by default: one address can never hold them all, whatever http.maxThreads is.
    const int perAddress = integerKey(config, "http.maxConnectionsPerAddress", std::max(1, threads / 2), 1, 1000000);
    connections.headTimeout = Poco::Timespan(headSeconds, 0);
    connections.maxPerAddress = static_cast<std::size_t>(perAddress);
    connections.maxQueued = static_cast<std::size_t>(params->getMaxQueued());
    watch_ = std::make_unique<ConnectionWatch>(connections);

    pool_ = std::make_unique<Poco::ThreadPool>(std::min(2, threads), threads, 60, 0);
    BodyLimits limits;
    limits.maxBytes =
        static_cast<std::size_t>(integer64Key(config, "http.maxBodySize", 10 * 1024 * 1024, 1, Poco::Int64(1) << 40));
    limits.json = hub_.jsonLimits();
    figures_ = std::make_unique<HttpFigures>(hub_.routes());
    if (booleanKey(config, "http.accessLog", false)) accessLog_ = std::make_unique<AccessLog>();
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers = new HubRequestHandlerFactory(
        hub_.routes(), hub_.catalog(), limits, RequestRecorders{figures_.get(), accessLog_.get()});
    server_ = std::make_unique<Poco::Net::TCPServer>(new HubConnectionFactory(params, handlers, *watch_), *pool_, socket,
                                                     params);
    server_->setConnectionFilter(new AddressQuota(*watch_));
    watch_->watch(*server_);
    server_->start();

    hub_.runningParts().up("http");
    const std::string bound = socket.address().toString();
    app.logger().information("Listening on http://%s", bound);
    const std::string portFile = config.getString("http.portFile", "");
    if (!portFile.empty()) {
        // Written atomically so a reader never sees a half-written port.
        const std::string temporary = portFile + ".tmp";
        {
            Poco::FileOutputStream out(temporary);
            out << socket.address().port() << "\n";
        }
        Poco::File(temporary).renameTo(portFile);
    }
}

void HttpSubsystem::uninitialize() {
    hub_.runningParts().down("http", "stopped");
    if (server_) {
        server_->stop();          // no new connections
        watch_->closeAll();       // the open ones end, as Poco's HTTPServer::stopAll(true) ends them
        awaitRunningRequests();
        watch_->stopWatching();   // its thread looks at the server's queue: it ends before the server goes
        server_.reset();
    }
    pool_.reset();
    watch_.reset();
    accessLog_.reset();
    figures_.reset();
}

void HttpSubsystem::awaitRunningRequests() const {
    // Poco's pool waits 10 s for each of its threads and then leaves it running: a request still in its handler
    // (an SMTP server slow to answer, within email.smtp.timeoutSeconds) would finish on a watch, figures and hub
    // already destroyed. Its client's socket is shut down already; what it is waiting for has its own timeout.
    auto& logger = Poco::Util::Application::instance().logger();
    for (int waited = 0; server_->currentThreads() > 0; waited += 50) {
        if (waited > 0 && waited % 5000 == 0)
            logger.warning("Stopping: waiting for %d HTTP request(s) still being handled", server_->currentThreads());
        Poco::Thread::sleep(50);
    }
}

}  // namespace sohub
