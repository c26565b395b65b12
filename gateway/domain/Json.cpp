// Serialiser for Object::Ptr, Array::Ptr and scalar Vars; objects keep their key order when they have one.
#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberFormatter.h>

namespace sohub {
namespace {

void appendString(std::string& out, std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0;  // start of the run of characters copied as they are
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

void appendObject(std::string& out, const Poco::JSON::Object& object) {
    out += '{';
    bool first = true;
    const auto member = [&](const std::string& key, const Poco::Dynamic::Var& value) {
        if (!first) out += ',';
        first = false;
        appendString(out, key);
        out += ':';
        appendJson(out, value);
    };
    // getNames() gives the insertion order for objects that keep it, and sorted keys otherwise.
    for (const std::string& key : object.getNames()) member(key, object.get(key));
    out += '}';
}

void appendArray(std::string& out, const Poco::JSON::Array& array) {
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (i) out += ',';
        appendJson(out, array.get(static_cast<unsigned>(i)));
    }
    out += ']';
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) { appendString(out, text); }

void appendJson(std::string& out, const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) {
        out += "null";
        return;
    }
    const std::type_info& type = value.type();
    if (type == typeid(Poco::JSON::Object::Ptr)) {
        const Poco::JSON::Object::Ptr& object = value.extract<Poco::JSON::Object::Ptr>();
        if (object)
            appendObject(out, *object);
        else
            out += "null";
    } else if (type == typeid(Poco::JSON::Array::Ptr)) {
        const Poco::JSON::Array::Ptr& array = value.extract<Poco::JSON::Array::Ptr>();
        if (array)
            appendArray(out, *array);
        else
            out += "null";
    } else if (type == typeid(Poco::JSON::Object)) {
        appendObject(out, value.extract<Poco::JSON::Object>());
    } else if (type == typeid(Poco::JSON::Array)) {
        appendArray(out, value.extract<Poco::JSON::Array>());
    } else if (type == typeid(std::string)) {
        appendString(out, value.extract<std::string>());
    } else if (type == typeid(bool)) {
        out += value.extract<bool>() ? "true" : "false";
    } else if (type == typeid(double) || type == typeid(float)) {
        out += Poco::NumberFormatter::format(value.convert<double>());
    } else if (value.isInteger()) {
        out += value.isSigned() ? Poco::NumberFormatter::format(value.convert<Poco::Int64>())
                                : Poco::NumberFormatter::format(value.convert<Poco::UInt64>());
    } else {
        appendString(out, value.convert<std::string>());  // strings of other types, dates, ...
    }
}

std::string toJsonText(const Poco::Dynamic::Var& value) {
    std::string out;
    out.reserve(256);
    appendJson(out, value);
    return out;
}

std::string toJsonText(const Poco::JSON::Object& object) {
    std::string out;
    out.reserve(512);
    appendObject(out, object);
    return out;
}

}  // namespace sohub
