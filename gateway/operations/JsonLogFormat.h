// logging.format=json: one JSON object per line (time, level, logger, message, and what the line is about), for
// log shippers; the text format stays the default, one line per event either way.
#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Formatter.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace sohub {

class JsonLogFormatter : public Poco::Formatter {
public:
    // {"time":"2026-12-02T04:10:00.123Z","level":"information","logger":"sohub.import","message":"...", then the
    // subject the line begins with ("Import 12:" -> "import":"12"; also job, delivery, export, drop,
    // subscription), a case guid the text names ("case <guid>" -> "guid"), and the message's named parameters.
    void format(const Poco::Message& message, std::string& text) override;
};

// The text format's guard around the configured pattern: a line's text with control characters in it (a dropped
// file named "a\nINFO ..." wrote a line of its own, as if logged) has them escaped ("\n", "\x1b") first.
class OneLineFormatter : public Poco::Formatter {
public:
    explicit OneLineFormatter(Poco::AutoPtr<Poco::Formatter> pattern) : pattern_(std::move(pattern)) {}
    void format(const Poco::Message& message, std::string& text) override;

private:
    Poco::AutoPtr<Poco::Formatter> pattern_;  // null: the text alone
};

// Applies logging.format (text or json) to every logger's channel as configured by logging.*: json puts the
// JSON formatter in place of the pattern, text guards the pattern with OneLineFormatter. Throws
// Poco::InvalidArgumentException for another value.
void applyLogFormat(const Poco::Util::AbstractConfiguration& config);

}  // namespace sohub
