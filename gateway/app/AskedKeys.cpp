// Notes the configuration keys sohubd asks for, to name the ones set and never asked for.
#include "app/AskedKeys.h"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <string>

namespace sohub {
namespace {

// Keys Poco reads itself (the logging configurator) or sets itself (the application's paths, the system's).
bool isPocos(const std::string& key) {
    for (const char* group : {"logging", "application", "system"}) {
        const std::size_t length = std::char_traits<char>::length(group);
        if (key.compare(0, length, group) == 0 && (key.size() == length || key[length] == '.')) return true;
    }
    return false;
}

void collect(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
             std::vector<std::string>& keys) {
    Poco::Util::AbstractConfiguration::Keys names;
    config.keys(prefix, names);
    for (const std::string& name : names) {
        const std::string key = prefix.empty() ? name : prefix + "." + name;
        if (isPocos(key)) continue;
        // A blank value is no value (every key then takes its default): the sample file leaves several blank.
        if (config.hasProperty(key) && !Poco::trim(config.getRawString(key)).empty()) keys.push_back(key);
        collect(config, key, keys);
    }
}

}  // namespace

std::vector<std::string> AskedKeys::neverAsked(const std::vector<std::string>& supplied) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> unread;
    std::set<std::string> seen;
    for (const std::string& key : supplied)
        if (!asked_.count(key) && seen.insert(key).second) unread.push_back(key);
    return unread;
}

bool AskedKeys::getRaw(const std::string& key, std::string&) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    asked_.insert(key);
    return false;  // the next layers answer
}

void AskedKeys::setRaw(const std::string& key, const std::string&) {
    throw Poco::NotImplementedException("AskedKeys holds no values", key);
}

void AskedKeys::enumerate(const std::string&, Keys&) const {}

std::vector<std::string> keysWithValues(const Poco::Util::AbstractConfiguration& config) {
    std::vector<std::string> keys;
    collect(config, "", keys);
    return keys;
}

}  // namespace sohub
