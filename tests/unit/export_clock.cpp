// Unit (with a real store in a temporary folder): the export's re-export rule under a clock the test moves.
#define BOOST_TEST_MODULE unit_export_clock
#include <boost/test/unit_test.hpp>

#include "app/Hub.h"
#include "domain/Caller.h"
#include "domain/Clock.h"
#include "exporters/MessageExport.h"
#include "services/CreateMessage.h"
#include "store/Database.h"
#include "support/BookingExample.h"
#include "support/SampleHub.h"

#include <Poco/File.h>
#include <Poco/Path.h>

using namespace sohub;

namespace {

class ManualClock : public Clock {
public:
    Poco::Timestamp now() const override { return now_; }
    void advance(int hours) { now_ += Poco::Timespan(hours * 3600, 0); }

private:
    Poco::Timestamp now_;
};

using Store = test::SampleHub;

}  // namespace

BOOST_AUTO_TEST_CASE(an_unconfirmed_message_goes_out_again_only_after_reexportAfter) {
    Store store;
    const Account& acme = store.account("acme");
    const CaseRecord booked = store.hub->caseBooking().create(store.hub->catalog().current(),
                                                              BookingParty{acme.partnerId, acme.id}, test::example(),
                                                              test::bookingExample);
    const Caller partner{&acme, {}};
    store.hub->createMessage().run(partner, test::json(R"({"guid":")" + booked.guid +
                                                       R"(","type":"serviceComment","content":"hello"})"));

    ManualClock clock;
    ExportSpec spec;
    spec.name = "clocked";
    spec.account = "infocare";
    const std::string out = Poco::Path(store.folder.path(), "out").toString();
    spec.destination = std::make_shared<LocalFolder>(out);
    spec.acks = std::make_shared<LocalFolder>(out + "/ack");
    spec.reexportAfter = Poco::Timespan(24 * 3600, 0);
    spec.staging = Poco::Path(store.folder.path(), "staging").toString();
    MessageExport exporter(spec, store.hub->database(), store.hub->catalog(), store.hub->confirmMessages(), clock,
                           TimeZone::utc());

    const std::vector<ExportBatch> first = exporter.run(nullptr);
    BOOST_TEST_REQUIRE(first.size() == 1u);
    BOOST_TEST(first[0].records == 1);
    BOOST_TEST(exporter.run(nullptr).empty());  // exported, not yet due again
    clock.advance(23);
    BOOST_TEST(exporter.run(nullptr).empty());  // 23 h: still within reexportAfter
    clock.advance(2);
    const std::vector<ExportBatch> again = exporter.run(nullptr);
    BOOST_TEST_REQUIRE(again.size() == 1u);     // 25 h and unconfirmed: out again, in a new file
    BOOST_TEST(again[0].fileName != first[0].fileName);
    ReadLease read = store.hub->database().read();
    BOOST_TEST(ExportStore::byId(read.session(), first[0].id)->state == "superseded");
    BOOST_TEST(ExportStore::byId(read.session(), again[0].id)->state == "written");
}
