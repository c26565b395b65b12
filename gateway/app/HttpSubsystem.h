// The HTTP server as a Poco subsystem: started and stopped by the application.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/Subsystem.h>

#include <memory>

namespace sohub {

class Hub;

class HttpSubsystem : public Poco::Util::Subsystem {
public:
    explicit HttpSubsystem(Hub& hub);
    const char* name() const override { return "http"; }

protected:
    void initialize(Poco::Util::Application& app) override;
    void uninitialize() override;

private:
    Hub& hub_;
    std::unique_ptr<Poco::ThreadPool> pool_;  // declared first: the server must go before its threads
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace sohub
