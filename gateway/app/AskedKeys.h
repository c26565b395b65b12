// A configuration layer that answers nothing and notes each key asked of it: a key the file sets that no part of
// sohubd ever asks for (a misspelt key, one for another setting) is named at start instead of silently ignored.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sohub {

class AskedKeys : public Poco::Util::AbstractConfiguration {
public:
    // Those of `supplied` no part asked for, in their order.
    std::vector<std::string> neverAsked(const std::vector<std::string>& supplied) const;

protected:
    bool getRaw(const std::string& key, std::string& value) const override;
    void setRaw(const std::string& key, const std::string& value) override;
    void enumerate(const std::string& key, Keys& range) const override;

private:
    mutable std::mutex mutex_;
    mutable std::set<std::string> asked_;
};

// Every key that holds a value that is not blank in `config` (not the names of key groups), depth first, apart from
// the keys Poco reads or sets itself (logging.*, application.*, system.*).
std::vector<std::string> keysWithValues(const Poco::Util::AbstractConfiguration& config);

}  // namespace sohub
