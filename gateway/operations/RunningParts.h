// What /ready asks of the daemon's parts: each named part (http, scheduler, dispatcher, each drop) is running, or
// says what is wrong with it.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sohub {

class RunningParts {
public:
    // A part that must run for the daemon to be ready; "not started" until it reports.
    void expect(const std::string& part);
    void up(const std::string& part);
    void down(const std::string& part, const std::string& reason);
    // "part: reason" for each expected part that does not run, in the order of their names.
    std::vector<std::string> problems() const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string> reasons_;  // part -> empty when running, else why not
};

}  // namespace sohub
