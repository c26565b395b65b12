// The environment first, then the configuration key.
#include "domain/Secret.h"

#include <Poco/Environment.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cctype>

namespace sohub {

std::string secretVariable(const std::string& prefix, const std::string& name) {
    std::string variable = prefix;
    for (const char c : name)
        variable += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                                                                : '_';
    return variable;
}

std::string secretSetting(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                          const std::string& variable) {
    if (Poco::Environment::has(variable)) return Poco::Environment::get(variable);
    return config.getString(key, "");
}

}  // namespace sohub
