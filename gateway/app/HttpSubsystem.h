// The HTTP server as a Poco subsystem: started and stopped by the application.
#pragma once

#include "api/HttpConnection.h"
#include "api/HttpFigures.h"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/Subsystem.h>

#include <memory>

namespace sohub {

class Hub;

class HttpSubsystem : public Poco::Util::Subsystem {
public:
    explicit HttpSubsystem(Hub& hub);
    const char* name() const override { return "http"; }

    // Public as well: the application stops it by hand when a subsystem after it fails to start. Safe to call
    // when it never started.
    void uninitialize() override;

protected:
    void initialize(Poco::Util::Application& app) override;

private:
    // Until no connection of the stopped server is in its handler any more.
    void awaitRunningRequests() const;

    Hub& hub_;
    // Declared in the order they are needed: the server goes before its threads, both before the watch.
    std::unique_ptr<HttpFigures> figures_;
    std::unique_ptr<AccessLog> accessLog_;
    std::unique_ptr<ConnectionWatch> watch_;
    std::unique_ptr<Poco::ThreadPool> pool_;
    std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace sohub
