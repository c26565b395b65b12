// Unit tests of the operations parts: address ranges (metrics.allowFrom), the exposition text, the parts board.
#define BOOST_TEST_MODULE unit_metrics
#include <boost/test/unit_test.hpp>

#include "operations/AddressRanges.h"
#include "operations/Metrics.h"
#include "operations/RunningParts.h"

#include <Poco/Exception.h>

using namespace sohub;

namespace {
Poco::Net::IPAddress ip(const std::string& text) { return Poco::Net::IPAddress(text); }
}  // namespace

BOOST_AUTO_TEST_CASE(address_ranges_match_by_prefix_in_both_families) {
    const AddressRanges ranges("127.0.0.0/8, ::1/128, 10.20.0.0/15, 192.168.1.7, fd00::/8");
    BOOST_TEST(ranges.contains(ip("127.0.0.1")));
    BOOST_TEST(ranges.contains(ip("127.255.1.2")));
    BOOST_TEST(ranges.contains(ip("::1")));
    BOOST_TEST(!ranges.contains(ip("::2")));
    BOOST_TEST(ranges.contains(ip("10.21.255.255")));  // /15 spans 10.20 and 10.21
    BOOST_TEST(!ranges.contains(ip("10.22.0.0")));
    BOOST_TEST(ranges.contains(ip("192.168.1.7")));
    BOOST_TEST(!ranges.contains(ip("192.168.1.8")));
    BOOST_TEST(ranges.contains(ip("fd12:3456::1")));
    BOOST_TEST(!ranges.contains(ip("fe80::1")));
    BOOST_TEST(ranges.contains(ip("::ffff:127.0.0.1")));  // a dual-stack socket's IPv4 client
    // A range written in the mapped form holds the IPv4 addresses it maps, however the address comes.
    const AddressRanges mapped("::ffff:10.1.0.0/112, ::ffff:192.168.1.7");
    BOOST_TEST(mapped.contains(ip("10.1.2.3")));
    BOOST_TEST(mapped.contains(ip("::ffff:10.1.2.3")));
    BOOST_TEST(!mapped.contains(ip("10.2.0.1")));
    BOOST_TEST(mapped.contains(ip("::ffff:192.168.1.7")));
    BOOST_TEST(!mapped.contains(ip("192.168.1.8")));
    // Every IPv6 address (Poco reads no "::"): a mapped client is an IPv4 client.
    BOOST_TEST(!AddressRanges("fe80::/0").contains(ip("::ffff:10.1.2.3")));
    BOOST_TEST(!AddressRanges("").contains(ip("127.0.0.1")));
    BOOST_CHECK_THROW(AddressRanges("127.0.0.0/33"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(AddressRanges("localhost"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(AddressRanges("10.0.0.0/x"), Poco::InvalidArgumentException);
    // The entry is named, as webhooks.allowedTargets names it: one parser for both lists.
    try {
        AddressRanges("127.0.0.0/8, 10.0.0.0/x");
        BOOST_FAIL("accepted");
    } catch (const Poco::InvalidArgumentException& error) {
        BOOST_TEST(error.message() == "'10.0.0.0/x' has no valid prefix length");
    }
}

BOOST_AUTO_TEST_CASE(the_exposition_escapes_labels_and_sums_buckets) {
    metrics::Registry registry;
    metrics::CounterFamily& requests = registry.counter("test_requests_total", "Requests", {"route"});
    requests.with({"/a \"quoted\"\\path\nnext"}).add(2);
    metrics::Histogram& latency = registry.histogram("test_seconds", "Time", {}, {0.1, 1}).with({});
    latency.observe(0.05);
    latency.observe(0.5);
    latency.observe(5);
    const std::string text = registry.expose();
    BOOST_TEST(text.find("# TYPE test_requests_total counter\n") != std::string::npos);
    BOOST_TEST(text.find("test_requests_total{route=\"/a \\\"quoted\\\"\\\\path\\nnext\"} 2\n") != std::string::npos, text);
    BOOST_TEST(text.find("test_seconds_bucket{le=\"0.1\"} 1\n") != std::string::npos, text);
    BOOST_TEST(text.find("test_seconds_bucket{le=\"1\"} 2\n") != std::string::npos, text);
    BOOST_TEST(text.find("test_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos, text);
    BOOST_TEST(text.find("test_seconds_sum 5.55\n") != std::string::npos, text);
    BOOST_TEST(text.find("test_seconds_count 3\n") != std::string::npos, text);
    BOOST_TEST(&registry.counter("test_requests_total", "Requests", {"route"}) == &requests);  // the same family
    BOOST_CHECK_THROW(requests.with({"a", "b"}), std::invalid_argument);

    const int key = registry.collect([](metrics::Exposition& out) {
        out.family("test_gauge", "A gauge", "gauge");
        out.sample("test_gauge", metrics::label("part", "x"), 1.5);
    });
    BOOST_TEST(registry.expose().find("test_gauge{part=\"x\"} 1.5\n") != std::string::npos);
    registry.drop(key);
    BOOST_TEST(registry.expose().find("test_gauge") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(running_parts_name_what_does_not_run) {
    RunningParts parts;
    parts.expect("http");
    parts.expect("scheduler");
    BOOST_TEST(parts.problems() == (std::vector<std::string>{"http: not started", "scheduler: not started"}));
    parts.up("http");
    parts.up("scheduler");
    BOOST_TEST(parts.problems().empty());
    parts.down("drop acme", "its last poll failed: gone");
    BOOST_TEST(parts.problems() == (std::vector<std::string>{"drop acme: its last poll failed: gone"}));
    parts.up("drop acme");
    parts.expect("http");  // already known: stays up
    BOOST_TEST(parts.problems().empty());
}
