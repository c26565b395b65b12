// Unit: a retrying loop's failures are logged once per outage, with a reminder per quiet period and the recovery.
#define BOOST_TEST_MODULE unit_outage_log
#include <boost/test/unit_test.hpp>

#include "operations/OutageLog.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <string>
#include <vector>

using namespace sohub;
using namespace std::chrono_literals;

namespace {

class Lines : public Poco::Channel {
public:
    void log(const Poco::Message& message) override { lines.push_back({message.getPriority(), message.getText()}); }
    std::vector<std::pair<Poco::Message::Priority, std::string>> lines;
};

struct Logged {
    Logged() {
        logger.setChannel(lines);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);
    }
    Poco::AutoPtr<Lines> lines = new Lines;
    Poco::Logger& logger = Poco::Logger::get("unit.outage");
};

}  // namespace

BOOST_AUTO_TEST_CASE(an_outage_of_a_minute_with_a_failure_a_second_logs_three_lines) {
    Logged logged;
    OutageLog outage(logged.logger, "Dispatcher");
    const OutageLog::Clock::time_point start;
    outage.succeeded(start);  // nothing failed: nothing to say
    for (int second = 0; second <= 90; ++second)
        outage.failed("database is locked", start + std::chrono::seconds(second));
    outage.succeeded(start + 91s);

    const auto& lines = logged.lines->lines;
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0].first == Poco::Message::PRIO_ERROR);
    BOOST_TEST(lines[0].second == "Dispatcher: database is locked");
    BOOST_TEST(lines[1].first == Poco::Message::PRIO_ERROR);
    BOOST_TEST(lines[1].second ==
               "Dispatcher: still failing (60 times in the last 60 s, 61 in all since it began 60 s ago): "
               "database is locked");
    BOOST_TEST(lines[2].first == Poco::Message::PRIO_NOTICE);
    BOOST_TEST(lines[2].second == "Dispatcher: working again after 91 failures in 91 s");
}

BOOST_AUTO_TEST_CASE(a_new_outage_is_logged_at_once_again) {
    Logged logged;
    OutageLog outage(logged.logger, "Scheduler tick");
    const OutageLog::Clock::time_point start;
    outage.failed("disk full", start);
    outage.succeeded(start + 1s);
    outage.failed("database is locked", start + 2s);
    outage.failed("database is locked", start + 3s);

    const auto& lines = logged.lines->lines;
    BOOST_TEST_REQUIRE(lines.size() == 3u);
    BOOST_TEST(lines[0].second == "Scheduler tick: disk full");
    BOOST_TEST(lines[1].second == "Scheduler tick: working again after 1 failure in 1 s");
    BOOST_TEST(lines[2].second == "Scheduler tick: database is locked");
}
