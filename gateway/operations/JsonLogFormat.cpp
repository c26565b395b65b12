// The line's subject is read from the first words of its text: sohub's log lines begin with what they are about
// ("Import 12: ...", "Job drop:acme: ...", "Delivery <guid> ..."), so no call site has to repeat it as a parameter.
#include "operations/JsonLogFormat.h"

#include "domain/Json.h"

#include <Poco/Ascii.h>
#include <Poco/AutoPtr.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Format.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/String.h>

#include <algorithm>
#include <regex>
#include <vector>

namespace sohub {
namespace {

const char* levelName(Poco::Message::Priority priority) {
    static const char* const names[] = {"", "fatal", "critical", "error", "warning", "notice", "information", "debug", "trace"};
    const int index = static_cast<int>(priority);
    return index >= 1 && index <= 8 ? names[index] : "information";
}

void appendField(std::string& text, const std::string& name, const std::string& value) {
    text += ',';
    text += toJsonText(Poco::Dynamic::Var(name));
    text += ':';
    text += toJsonText(Poco::Dynamic::Var(value));
}

// A figure as a JSON number (the access log's status, duration, bytes and account), so that a log pipeline can sum
// and compare it; a text that is not one plain decimal stays a string.
void appendFigure(std::string& text, const std::string& name, const std::string& value) {
    std::size_t dots = 0;
    for (const char c : value) dots += c == '.' ? 1 : Poco::Ascii::isDigit(c) ? 0 : 2;  // anything else: not plain
    const bool ends = !value.empty() && Poco::Ascii::isDigit(value.front()) && Poco::Ascii::isDigit(value.back());
    const bool plain = dots <= 1 && ends && (value.front() != '0' || value.size() == 1 || value[1] == '.');
    if (!plain) return appendField(text, name, value);
    text += ',';
    text += toJsonText(Poco::Dynamic::Var(name));
    text += ':';
    text += value;
}

}  // namespace

void JsonLogFormatter::format(const Poco::Message& message, std::string& text) {
    static const std::regex subject(R"(^(Import|Job|Delivery|Export|Drop|Subscription) ([^ :]+(?::[^ :]+)?)(:| |$))");
    static const std::regex caseGuid(
        R"(case ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))");
    text += "{\"time\":";
    text += toJsonText(Poco::Dynamic::Var(
        Poco::DateTimeFormatter::format(message.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ")));
    appendField(text, "level", levelName(message.getPriority()));
    appendField(text, "logger", message.getSource());
    appendField(text, "message", validUtf8(message.getText()));  // a line that quotes outside bytes stays JSON
    std::smatch found;
    const std::string& body = message.getText();
    if (std::regex_search(body, found, subject)) appendField(text, Poco::toLower(found[1].str()), found[2].str());
    if (std::regex_search(body, found, caseGuid)) appendField(text, "guid", found[1].str());
    // Named parameters a line may carry (the access log's); Poco 1.11's Message cannot list its own.
    for (const char* name : {"method", "route"})
        if (message.has(name)) appendField(text, name, message.get(name));
    for (const char* name : {"status", "durationMs", "bytes", "account"})
        if (message.has(name)) appendFigure(text, name, message.get(name));
    text += '}';
}

void OneLineFormatter::format(const Poco::Message& message, std::string& text) {
    const std::string& body = message.getText();
    const auto control = [](char c) { return Poco::Ascii::hasProperties(c, Poco::Ascii::ACP_CONTROL); };
    if (std::none_of(body.begin(), body.end(), control)) {  // the usual line, not copied
        if (pattern_) pattern_->format(message, text);
        else text += body;
        return;
    }
    std::string escaped;
    for (const char c : body) {
        if (c == '\n') escaped += "\\n";
        else if (c == '\r') escaped += "\\r";
        else if (c == '\t') escaped += "\\t";
        else if (control(c)) escaped += Poco::format("\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
        else escaped += c;
    }
    if (!pattern_) {
        text += escaped;
        return;
    }
    Poco::Message line(message);
    line.setText(escaped);
    pattern_->format(line, text);
}

void applyLogFormat(const Poco::Util::AbstractConfiguration& config) {
    const std::string format = Poco::trim(config.getString("logging.format", "text"));
    if (format != "text" && format != "json")
        throw Poco::InvalidArgumentException("logging.format must be text or json", format);
    const Poco::AutoPtr<Poco::Formatter> json(new JsonLogFormatter);
    std::vector<std::string> loggers;
    Poco::Logger::names(loggers);
    for (const std::string& name : loggers) {
        Poco::Logger& logger = Poco::Logger::get(name);
        Poco::Channel* channel = logger.getChannel();
        if (!channel) continue;
        auto* formatting = dynamic_cast<Poco::FormattingChannel*>(channel);
        if (format == "json") {
            if (formatting) {
                formatting->setFormatter(json);
            } else {
                Poco::AutoPtr<Poco::FormattingChannel> wrapped(new Poco::FormattingChannel(json, channel));
                logger.setChannel(wrapped);
            }
        } else if (!formatting) {
            const Poco::AutoPtr<Poco::Formatter> text(new OneLineFormatter(nullptr));
            Poco::AutoPtr<Poco::FormattingChannel> wrapped(new Poco::FormattingChannel(text, channel));
            logger.setChannel(wrapped);
        } else if (!dynamic_cast<OneLineFormatter*>(formatting->getFormatter().get())) {  // once per shared channel
            formatting->setFormatter(new OneLineFormatter(formatting->getFormatter()));
        }
    }
}

}  // namespace sohub
