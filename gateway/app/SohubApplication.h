// sohubd: the ServerApplication that only wires the hub and its subsystems together.
#pragma once

#include <Poco/Util/ServerApplication.h>

#include <memory>

namespace sohub {

class Hub;
class BatchSide;
class PidFile;

class SohubApplication : public Poco::Util::ServerApplication {
public:
    SohubApplication();
    ~SohubApplication() override;

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    void initialize(Poco::Util::Application& self) override;
    void uninitialize() override;
    int main(const std::vector<std::string>& args) override;

private:
    void handleUMask(const std::string& name, const std::string& value);
    void handlePidFile(const std::string& name, const std::string& value);
    void handleHelp(const std::string& name, const std::string& value);
    void handleVersion(const std::string& name, const std::string& value);
    void handleConfig(const std::string& name, const std::string& value);
    void handleDefine(const std::string& name, const std::string& value);

    bool answered_ = false;  // --help or --version: answered, nothing to run
    std::string configFile_ = "samples/sohub.properties";
    std::vector<std::pair<std::string, std::string>> defines_;
    std::unique_ptr<PidFile> pidFile_;  // --pidfile: removed when the application ends
    std::unique_ptr<Hub> hub_;
    std::unique_ptr<BatchSide> batch_;  // after the hub: it runs on the hub's store and services
    int buildInfo_ = -1;                // the collector of sohub_build_info, dropped at uninitialize
};

}  // namespace sohub
