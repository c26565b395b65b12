// Secrets of the configuration (SMTP password, webhook secrets, SFTP key passphrases): from a key, or from an
// environment variable, which wins, so that none has to be written into a file.
#pragma once

#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace sohub {

// PREFIX followed by the name in capitals, anything but letters and digits as _: SOHUB_WEBHOOK_SECRET_ACME.
std::string secretVariable(const std::string& prefix, const std::string& name);
// The variable's value when it is set, else the key's (empty when neither is).
std::string secretSetting(const Poco::Util::AbstractConfiguration& config, const std::string& key,
                          const std::string& variable);

}  // namespace sohub
