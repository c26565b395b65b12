// Fuzz target: the other values the daemon parses itself from its configuration: retry schedules, CIDR ranges
// (webhooks.allowedTargets), webhook secrets (whsec_...).
#include "FuzzInput.h"

#include "domain/RetrySchedule.h"
#include "scheduler/WebhookSignature.h"
#include "scheduler/WebhookTarget.h"

#include <Poco/Exception.h>

using namespace sohub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::Selected input = fuzz::select(data, size, 3);
    try {
        switch (input.variant) {
        case 0: {
            const RetrySchedule schedule = RetrySchedule::parse(input.text, 0.1);
            (void)schedule.attempts();
            break;
        }
        case 1: {
            const AddressRange range = AddressRange::parse(input.text);
            (void)range.contains(Poco::Net::IPAddress("127.0.0.1"));
            (void)range.contains(Poco::Net::IPAddress("::ffff:10.1.2.3"));
            break;
        }
        default: {
            const WebhookSecret secret = WebhookSecret::parse(input.text);
            (void)signatureHeader({secret}, "msg_1", "1764547200", "{}");
            break;
        }
        }
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    return 0;
}
