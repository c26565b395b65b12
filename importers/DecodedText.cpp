// Poco's text encodings and stream converter: no hand-written code tables.
#include "importers/DecodedText.h"

#include <Poco/Exception.h>
#include <Poco/Latin1Encoding.h>
#include <Poco/String.h>
#include <Poco/TextConverter.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>

namespace sohub {
namespace {

Poco::TextEncoding::Ptr encodingOf(const std::string& charset) {
    const std::string name = Poco::toLower(Poco::trim(charset));
    if (name.empty() || name == "utf-8" || name == "utf8") return nullptr;
    if (name == "windows-1252" || name == "cp1252") return new Poco::Windows1252Encoding;
    if (name == "iso-8859-1" || name == "latin1" || name == "latin-1") return new Poco::Latin1Encoding;
    throw Poco::InvalidArgumentException("unknown charset '" + charset + "' (utf-8, windows-1252 or iso-8859-1)");
}

}  // namespace

bool DecodedText::isUtf8(const std::string& charset) { return known(charset) && !encodingOf(charset); }

bool DecodedText::known(const std::string& charset) {
    try {
        encodingOf(charset);
        return true;
    } catch (const Poco::InvalidArgumentException&) {
        return false;
    }
}

DecodedText::DecodedText(std::istream& raw, const std::string& charset) : raw_(raw), from_(encodingOf(charset)) {
    if (!from_) return;
    to_ = new Poco::UTF8Encoding;
    converter_ = std::make_unique<Poco::InputStreamConverter>(raw_, *from_, *to_);
}

std::string encodeAs(const std::string& utf8, const std::string& charset) {
    const Poco::TextEncoding::Ptr target = encodingOf(charset);
    if (!target) return utf8;
    Poco::UTF8Encoding source;
    Poco::TextConverter converter(source, *target);
    std::string out;
    converter.convert(utf8, out);
    return out;
}

}  // namespace sohub
