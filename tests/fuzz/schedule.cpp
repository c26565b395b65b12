// Fuzz target: the schedule notation (cron, every, @daily...) and durations, as the configuration gives them.
#include "FuzzInput.h"

#include "domain/Duration.h"
#include "scheduler/Schedule.h"
#include "scheduler/TimeZone.h"

#include <Poco/Exception.h>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const TimeZone zones[] = {TimeZone::utc(), TimeZone::named("Europe/Stockholm"),
                                     TimeZone::named("America/New_York")};
    const fuzz::Selected input = fuzz::select(data, size, 3);
    try {
        const auto schedule = parseSchedule(input.text, zones[input.variant]);
        // A few due times from a fixed moment: each after the one before, or none.
        Poco::Timestamp at = Poco::Timestamp::fromEpochTime(1764547200);  // 2025-12-01T00:00:00Z
        const Poco::Timestamp anchor = schedule->firstDue(at);
        for (int i = 0; i < 4; ++i) {
            const auto next = schedule->nextAfter(at, anchor);
            if (!next) break;
            if (*next <= at) __builtin_trap();
            at = *next;
        }
        (void)schedule->text();
    } catch (const Poco::Exception&) {
        // The configuration's error: sohubd refuses to start and names the key.
    } catch (const std::exception&) {
    }
    try {
        const Poco::Timespan span = parseDuration(input.text, true);
        if (parseDuration(formatDuration(span), true) != span) __builtin_trap();
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    return 0;
}
