// Unit tests of webhook delivery's domain: signatures (the Standard Webhooks example), address ranges and the
// internal addresses, the retry schedule and its spread.
#define BOOST_TEST_MODULE unit_webhooks
#include <boost/test/unit_test.hpp>

#include "domain/Duration.h"
#include "domain/RetrySchedule.h"
#include "scheduler/WebhookSignature.h"
#include "scheduler/WebhookTarget.h"

#include <Poco/Exception.h>

using namespace sohub;
using Poco::Net::IPAddress;

BOOST_AUTO_TEST_CASE(signature_matches_the_specifications_example) {
    // The example of the Standard Webhooks reference libraries.
    const WebhookSecret secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    BOOST_TEST(secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", R"({"test": 2432232314})") ==
               "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const WebhookSecret other = WebhookSecret::parse(WebhookSecret::generate());
    BOOST_TEST(signatureHeader({secret, other}, "id", "1", "{}") ==
               secret.sign("id", "1", "{}") + " " + other.sign("id", "1", "{}"));
}

BOOST_AUTO_TEST_CASE(secrets_are_whsec_base64_of_enough_bytes) {
    const std::string made = WebhookSecret::generate();
    BOOST_TEST(made.rfind("whsec_", 0) == 0u);
    BOOST_TEST(made.size() == 6u + 44u);
    BOOST_CHECK_NO_THROW(WebhookSecret::parse(made));
    BOOST_CHECK_THROW(WebhookSecret::parse("whsec_short"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(WebhookSecret::parse("whsec_not base64 at all!!!!!!!!!!!!!!"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(WebhookSecret::parse(""), Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_CASE(internal_addresses) {
    for (const char* internal : {"127.0.0.1", "10.2.3.4", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                                 "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1",
                                 "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "::8.8.8.8",
                                 "2002:7f00:1::", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                                 "64:ff9b:1::a00:1", "3fff::1", "5f00::1"})
        BOOST_TEST(isInternal(IPAddress(internal)), internal);
    BOOST_TEST(isInternal(IPAddress(IPAddress::IPv6)));  // ::
    for (const char* external : {"93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::1"})
        BOOST_TEST(!isInternal(IPAddress(external)), external);
}

BOOST_AUTO_TEST_CASE(ranges_and_the_target_policy) {
    const AddressRange loopback = AddressRange::parse("127.0.0.1/32");
    BOOST_TEST(loopback.contains(IPAddress("127.0.0.1")));
    BOOST_TEST(!loopback.contains(IPAddress("127.0.0.2")));
    BOOST_TEST(AddressRange::parse("10.0.0.0/8").contains(IPAddress("10.255.0.1")));
    BOOST_CHECK_THROW(AddressRange::parse("10.0.0.0/33"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(AddressRange::parse("nonsense"), Poco::InvalidArgumentException);

    const TargetPolicy strict(false, AddressRanges());
    BOOST_CHECK_THROW(strict.check("http://93.184.215.14/"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(strict.check("https://127.0.0.1/"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(strict.check("https://user:pw@93.184.215.14/"), Poco::InvalidArgumentException);
    BOOST_CHECK_NO_THROW(strict.check("https://93.184.215.14/hook"));
    const TargetPolicy local(true, AddressRanges("127.0.0.1/32"));
    BOOST_CHECK_NO_THROW(local.check("http://127.0.0.1:9101/hook"));
    BOOST_CHECK_THROW(local.check("http://10.0.0.1/hook"), Poco::InvalidArgumentException);
    // An allowed IPv4 range allows its addresses in the IPv6 form a dual-stack resolver gives, as isInternal judges
    // them by the IPv4 address inside.
    BOOST_TEST(loopback.contains(IPAddress("::ffff:127.0.0.1")));
    BOOST_CHECK_NO_THROW(local.check("http://[::ffff:127.0.0.1]:9101/hook"));
    BOOST_CHECK_THROW(local.check("http://[::ffff:127.0.0.2]:9101/hook"), Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_CASE(retry_schedule_steps_and_spread) {
    const RetrySchedule svix = RetrySchedule::parse("0s,5s,5m,30m,2h,5h,10h,10h", 0.1);
    BOOST_TEST(svix.attempts() == 8);
    BOOST_TEST(svix.delayBefore(0).totalMicroseconds() == 0);
    for (int i = 0; i < 200; ++i) {
        const Poco::Timespan spread = svix.delayBefore(2);
        BOOST_TEST(spread.totalSeconds() >= 270);
        BOOST_TEST(spread.totalSeconds() <= 330);
    }
    BOOST_TEST(RetrySchedule::parse("0s,1s", 0).delayBefore(1).totalSeconds() == 1);
    BOOST_CHECK_THROW(RetrySchedule::parse("", 0.1), ScheduleError);
    BOOST_CHECK_THROW(RetrySchedule::parse("0s,,5s", 0.1), ScheduleError);
    BOOST_CHECK_THROW(RetrySchedule::parse("0s,soon", 0.1), ScheduleError);
    BOOST_CHECK_THROW(RetrySchedule::parse("0s", 2), ScheduleError);
}
