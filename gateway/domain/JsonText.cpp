// Plain ASCII is copied as is; anything else goes through Poco's formatter so both paths escape alike.
#include "domain/JsonText.h"

#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace sohub {

void appendJsonString(std::string& out, std::string_view text) {
    for (const unsigned char c : text) {
        if (c < 0x20 || c == '"' || c == '\\' || c == '/' || c >= 0x7F) {
            std::ostringstream quoted;
            Poco::JSON::Stringifier::formatString(std::string(text), quoted);
            out += quoted.str();
            return;
        }
    }
    out += '"';
    out.append(text.data(), text.size());
    out += '"';
}

}  // namespace sohub
