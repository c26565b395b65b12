// sohubctl: the operators' command-line client of the API (imports with a progress bar, exports, deliveries, jobs).
#pragma once

#include "ctl/ApiClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/Util/Application.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sohub::ctl {

// Exit codes a script can tell apart.
enum Exit { done = 0, refused = 1, usage = 2, unreachable = 3 };

class SohubCtl : public Poco::Util::Application {
public:
    SohubCtl();

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const std::vector<std::string>& args) override;

private:
    void handleOption(const std::string& name, const std::string& value);
    ApiClient client() const;
    // Prints the answer (its JSON with --json, else `human`) and turns its status into an exit code.
    int finish(const Answer& answer, const std::function<void(const Poco::JSON::Object::Ptr&)>& human) const;

    int importFile(const ApiClient& api, const std::string& file) const;
    int list(const ApiClient& api, const std::string& path,
             const std::vector<std::pair<std::string, std::string>>& columns) const;

    std::string url_ = "http://127.0.0.1:8080";
    std::string tokenFile_;
    std::string kind_;
    std::string state_;
    bool json_ = false;
    bool help_ = false;
    bool tokenOnCommandLine_ = false;
};

// The usage text (commands and options).
std::string usageText();

}  // namespace sohub::ctl
