// A file's text as UTF-8: as it is, or decoded from the drop's declared charset (windows-1252, iso-8859-1).
#pragma once

#include <Poco/StreamConverter.h>
#include <Poco/TextEncoding.h>

#include <istream>
#include <memory>
#include <string>

namespace sohub {

class DecodedText {
public:
    // Throws Poco::InvalidArgumentException for a charset other than utf-8, windows-1252 and iso-8859-1.
    DecodedText(std::istream& raw, const std::string& charset);
    std::istream& stream() { return converter_ ? static_cast<std::istream&>(*converter_) : raw_; }
    bool decoded() const { return converter_ != nullptr; }

    // The charset names a drop may declare, as the configuration spells them.
    static bool known(const std::string& charset);
    // True for a name of UTF-8 (utf-8, UTF8, or none): the text is read as it is.
    static bool isUtf8(const std::string& charset);

private:
    std::istream& raw_;
    Poco::TextEncoding::Ptr from_;
    Poco::TextEncoding::Ptr to_;
    std::unique_ptr<Poco::InputStreamConverter> converter_;
};

// Text written back in the charset it came in (the rejected rows file), from UTF-8.
std::string encodeAs(const std::string& utf8, const std::string& charset);

}  // namespace sohub
