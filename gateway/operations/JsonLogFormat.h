// logging.format=json: one JSON object per line (time, level, logger, message, and what the line is about), for
// log shippers; the text format stays the default.
#pragma once

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

// Applies logging.format (text or json) to every logger's channel as configured by logging.*: json puts the
// JSON formatter in place of the pattern. Throws Poco::InvalidArgumentException for another value.
void applyLogFormat(const Poco::Util::AbstractConfiguration& config);

}  // namespace sohub
