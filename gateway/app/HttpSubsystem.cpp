// Binds the configured address, tunes the server for many keep-alive connections, writes the bound port.
#include "app/HttpSubsystem.h"

#include "api/HubRequestHandler.h"
#include "app/Hub.h"

#include <Poco/FileStream.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/File.h>
#include <Poco/Util/Application.h>

#include <algorithm>

namespace sohub {

HttpSubsystem::HttpSubsystem(Hub& hub) : hub_(hub) {}

void HttpSubsystem::initialize(Poco::Util::Application& app) {
    const auto& config = app.config();
    const Poco::Net::SocketAddress address(config.getString("http.address", "127.0.0.1"),
                                           static_cast<Poco::UInt16>(config.getInt("http.port", 8080)));
    Poco::Net::ServerSocket socket;
    try {
        // SO_REUSEADDR for a quick restart, but not SO_REUSEPORT (Poco sets both by default): a second server on
        // this port fails here instead of silently sharing its connections.
        socket.bind(address, true, false);
        socket.listen(config.getInt("http.backlog", 1024));
    } catch (const Poco::Exception& error) {
        // Said as an operator fixes it: which address, which keys, why (another server holds the port, mostly).
        throw Poco::IOException("Cannot listen on " + address.toString() + " (http.address, http.port)",
                                error.displayText());
    }

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    // Each open keep-alive connection holds a pooled thread: size for the connection count clients use. Threads
    // start as connections come; idle keep-alive connections give way when connections wait for one.
    const int threads = config.getInt("http.maxThreads", 512);
    params->setMaxThreads(threads);
    params->setMaxQueued(config.getInt("http.maxQueued", 1024));
    params->setKeepAlive(config.getBool("http.keepAlive", true));
    params->setMaxKeepAliveRequests(config.getInt("http.maxKeepAliveRequests", 0));
    params->setKeepAliveTimeout(Poco::Timespan(config.getInt("http.keepAliveTimeoutSeconds", 15), 0));
    params->setTimeout(Poco::Timespan(config.getInt("http.timeoutSeconds", 60), 0));
    params->setServerName("sohubd");

    ConnectionLimits connections;
    const int headSeconds = config.getInt("http.headerTimeoutSeconds", 10);
    // Half the threads by default: one address can never hold them all, whatever http.maxThreads is.
    const int perAddress = config.getInt("http.maxConnectionsPerAddress", std::max(1, threads / 2));
    if (headSeconds < 1 || perAddress < 1)
        throw Poco::InvalidArgumentException("http.headerTimeoutSeconds and http.maxConnectionsPerAddress must be 1 or more");
    connections.headTimeout = Poco::Timespan(headSeconds, 0);
    connections.maxPerAddress = static_cast<std::size_t>(perAddress);
    connections.maxQueued = static_cast<std::size_t>(params->getMaxQueued());
    watch_ = std::make_unique<ConnectionWatch>(connections);

    pool_ = std::make_unique<Poco::ThreadPool>(2, threads, 60, 0);
    BodyLimits limits;
    limits.maxBytes = static_cast<std::size_t>(config.getInt64("http.maxBodySize", 10 * 1024 * 1024));
    limits.json = hub_.jsonLimits();
    figures_ = std::make_unique<HttpFigures>(hub_.routes());
    if (config.getBool("http.accessLog", false)) accessLog_ = std::make_unique<AccessLog>();
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
        watch_->stopWatching();   // its thread looks at the server's queue: it ends before the server goes
        server_.reset();
    }
    pool_.reset();
    watch_.reset();
    accessLog_.reset();
    figures_.reset();
}

}  // namespace sohub
