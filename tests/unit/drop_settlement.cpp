// Unit (with a real store and folder): a drop's file is moved away only while it is still the file its import read.
#define BOOST_TEST_MODULE unit_drop_settlement
#include <boost/test/unit_test.hpp>

#include "domain/Clock.h"
#include "importers/Drop.h"
#include "importers/ImportStore.h"
#include "store/Database.h"
#include "support/DropFolder.h"
#include "support/SampleHub.h"
#include "support/ScratchFolder.h"

#include <Poco/File.h>
#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <unistd.h>

#include <cstdio>
#include <functional>
#include <vector>

using namespace sohub;

namespace {

// A drop folder whose sender drops a file again (under the same name) the moment a report is put: the window
// between an import's reports and the move of its file, which a large report or a loaded machine makes long.
class SenderAtWork : public LocalFolder {
public:
    using LocalFolder::LocalFolder;
    std::function<void()> onReport;

    void put(const std::string& localPath, const std::string& subFolder, const std::string& name) override {
        LocalFolder::put(localPath, subFolder, name);
        if (onReport && name.size() > 12 && name.compare(name.size() - 12, 12, ".report.json") == 0)
            std::exchange(onReport, nullptr)();
    }
};

class Running : public JobContext {
public:
    bool stopRequested() const override { return false; }
    bool pause(int) const override { return true; }
};

// The sample partner's drop of NDJSON cases on `source`, archived after import, and the hub services a poll uses.
DropSpec acmeDrop(const test::SampleHub& store, std::shared_ptr<FileLocation> source) {
    DropSpec spec;
    spec.name = "acme";
    spec.account = "acme";
    spec.source = std::move(source);
    spec.cases = {"cases*.ndjson"};
    spec.readiness = std::make_shared<StableFile>(1);
    spec.afterSuccess = std::make_shared<ArchiveAfterImport>();
    spec.staging = Poco::Path(store.folder.path(), "staging/drop-acme").toString();
    return spec;
}

ImportServices servicesOf(const test::SampleHub& store) {
    return ImportServices{store.hub->database(), store.hub->catalog(), store.hub->caseBooking(),
                          store.hub->createMessage(), systemClock()};
}

// An unfinished import of acme's of one NDJSON file of cases, as the store holds it.
ImportRow unfinishedImport(const test::SampleHub& store, const std::string& origin, const std::string& status) {
    ImportRow row;
    row.origin = origin;
    row.accountId = store.account("acme").id;
    row.fileName = "cases-gone.ndjson";
    row.kind = "cases";
    row.format = "ndjson";
    row.sha256 = std::string(64, 'a');
    row.status = status;
    return row;
}

std::vector<ImportRow> importsOf(Database& database) {
    ReadLease read = database.read();
    std::vector<ImportRow> imports = ImportStore::list(read.session(), ListQuery{});
    std::sort(imports.begin(), imports.end(), [](const ImportRow& a, const ImportRow& b) { return a.id < b.id; });
    return imports;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_file_dropped_again_while_its_reports_are_put_stays_for_the_next_poll) {
    test::SampleHub store;
    const std::string dropPath = Poco::Path(store.folder.path(), "drops/acme").toString();
    auto folder = std::make_shared<SenderAtWork>(dropPath);
    const ImportServices services = servicesOf(store);
    DropPoll poll(acmeDrop(store, folder), services, ImportSettings{}, "unit", TimeZone::utc());
    const Running running;

    const std::string first = test::caseLine("settle-1") + "\n";
    const std::string second = first + test::caseLine("settle-2") + "\n";
    test::dropFile(dropPath, "cases-today.ndjson", first);
    // The sender's next file, same name, new content: arrives after the first file's report, before its move.
    folder->onReport = [&] { test::dropFile(dropPath, "cases-today.ndjson", second); };
    BOOST_TEST(poll.run(running).complete);

    std::vector<ImportRow> imports = importsOf(store.hub->database());
    BOOST_TEST_REQUIRE(imports.size() == 1u);
    BOOST_TEST(imports[0].status == "done");
    BOOST_TEST(imports[0].created == 1);
    BOOST_TEST(imports[0].settled);
    const std::string today = TimeZone::utc().format(Poco::Timestamp()).substr(0, 10);
    const std::string archive = Poco::Path(dropPath, "archive/" + today).toString();
    // The report is out; the file under the name is the sender's new one, still in the drop, not archived as the old.
    BOOST_TEST(Poco::File(archive + "/cases-today.ndjson.report.json").exists());
    BOOST_TEST(!Poco::File(archive + "/cases-today.ndjson").exists());
    BOOST_TEST(test::readFile(dropPath + "/cases-today.ndjson") == second);

    // The next poll imports it: its new row booked, the old one found as booked before; archived with a report of
    // its own beside the first.
    // (The stable-file rule takes it at the second poll that sees its new size.)
    for (int polls = 0; polls < 3 && imports.size() < 2; ++polls) {
        BOOST_TEST(poll.run(running).complete);
        imports = importsOf(store.hub->database());
    }
    BOOST_TEST_REQUIRE(imports.size() == 2u);
    BOOST_TEST(imports[1].status == "done");
    BOOST_TEST(imports[1].created == 1);
    BOOST_TEST(imports[1].duplicates == 1);
    BOOST_TEST(!Poco::File(dropPath + "/cases-today.ndjson").exists());
    BOOST_TEST(test::readFile(archive + "/cases-today.1.ndjson") == second);
    BOOST_TEST(Poco::File(archive + "/cases-today.1.ndjson.report.json").exists());
}

// A symbolic link planted under the temporary name the hub writes a file through (".NAME.report.json.part" in a drop's
// archive, ".NAME.part" beside an export): the daemon wrote through it, over whatever file it may write (its store).
// The link is now removed and the file made in its place; what it pointed at is untouched.
BOOST_AUTO_TEST_CASE(a_link_planted_under_a_temporary_name_is_not_written_through) {
    test::ScratchFolder scratch;
    const std::string victim = scratch.path() + "/victim.db";
    test::dropFile(scratch.path(), "victim.db", "the store");
    const std::string report = scratch.path() + "/report.json";
    test::dropFile(scratch.path(), "report.json", "{\"report\":1}\n");
    const std::string dropPath = scratch.path() + "/drop";
    LocalFolder drop(dropPath);
    drop.prepare({"archive"});
    const std::string planted = dropPath + "/archive/.x.csv.report.json.part";
    BOOST_TEST_REQUIRE(::symlink(victim.c_str(), planted.c_str()) == 0);
    drop.put(report, "archive", "x.csv.report.json");
    BOOST_TEST(test::readFile(victim) == "the store");
    BOOST_TEST(test::readFile(dropPath + "/archive/x.csv.report.json") == "{\"report\":1}\n");
    BOOST_TEST(!Poco::File(planted).exists());

    const std::string scratchName = drop.scratchPath("messages-1.ndjson", "");
    BOOST_TEST_REQUIRE(::symlink(victim.c_str(), scratchName.c_str()) == 0);
    OpenFile file = createFreshFile(scratchName);
    BOOST_TEST(std::fputs("exported", file.get()) >= 0);
    BOOST_TEST(std::fclose(file.release()) == 0);
    BOOST_TEST(test::readFile(victim) == "the store");
    BOOST_TEST(test::readFile(scratchName) == "exported");
    BOOST_TEST(!Poco::File(scratchName).isLink());
}

// A drop's archive/ (or a day's folder in it, or error/) replaced by a symbolic link by someone who may write to the
// drop: files and reports were moved and written wherever it pointed (seen: a file and its reports under the link's
// target). Now nothing goes through it: the move and the put refuse and say why, the file stays where it was, and once
// the link is gone the same calls place it in a folder of the drop's own.
BOOST_AUTO_TEST_CASE(a_link_in_place_of_an_archive_folder_is_not_moved_nor_written_through) {
    test::ScratchFolder scratch;
    const std::string elsewhere = scratch.path() + "/elsewhere";
    Poco::File(elsewhere).createDirectories();
    test::dropFile(scratch.path(), "report.json", "{\"report\":1}\n");
    const std::string report = scratch.path() + "/report.json";
    const std::string dropPath = scratch.path() + "/drop";
    LocalFolder drop(dropPath);
    drop.prepare({"archive", "error"});
    test::dropFile(dropPath, "cases-1.csv", "a,b\n1,2\n");

    const auto refused = [](const std::function<void()>& call, const std::string& path) {
        try {
            call();
        } catch (const Poco::FileException& error) {
            return error.message() == path + " is a symbolic link: sohub moves and writes files into a drop's or an "
                                              "export's own folders only, never through a link";
        }
        return false;
    };
    // A day's folder that is a link.
    BOOST_TEST_REQUIRE(::symlink(elsewhere.c_str(), (dropPath + "/archive/2026-12-05").c_str()) == 0);
    BOOST_TEST(refused([&] { drop.move("cases-1.csv", "archive/2026-12-05", "cases-1.csv"); },
                       dropPath + "/archive/2026-12-05"));
    BOOST_TEST(refused([&] { drop.put(report, "archive/2026-12-05", "cases-1.csv.report.json"); },
                       dropPath + "/archive/2026-12-05"));
    BOOST_TEST(refused([&] { drop.exists("archive/2026-12-05", "cases-1.csv"); }, dropPath + "/archive/2026-12-05"));
    // error/ itself a link; and the start's (and each poll's) preparation says so too.
    Poco::File(dropPath + "/error").remove(true);
    BOOST_TEST_REQUIRE(::symlink(elsewhere.c_str(), (dropPath + "/error").c_str()) == 0);
    BOOST_TEST(refused([&] { drop.move("cases-1.csv", "error", "cases-1.csv"); }, dropPath + "/error"));
    BOOST_TEST(refused([&] { drop.prepare({"archive", "error"}); }, dropPath + "/error"));
    BOOST_TEST(Poco::File(dropPath + "/cases-1.csv").exists());
    std::vector<std::string> there;
    Poco::File(elsewhere).list(there);
    BOOST_TEST(there.empty());

    // The links gone: the day's folder is made and the file and its report land in it.
    Poco::File(dropPath + "/archive/2026-12-05").remove();
    Poco::File(dropPath + "/error").remove();
    drop.prepare({"archive", "error"});
    BOOST_TEST(!drop.exists("archive/2026-12-05", "cases-1.csv"));
    drop.move("cases-1.csv", "archive/2026-12-05", "cases-1.csv");
    drop.put(report, "archive/2026-12-05", "cases-1.csv.report.json");
    BOOST_TEST(drop.exists("archive/2026-12-05", "cases-1.csv"));
    BOOST_TEST(test::readFile(dropPath + "/archive/2026-12-05/cases-1.csv") == "a,b\n1,2\n");
    BOOST_TEST(test::readFile(dropPath + "/archive/2026-12-05/cases-1.csv.report.json") == "{\"report\":1}\n");
    BOOST_TEST(!Poco::File(dropPath + "/archive/2026-12-05/.cases-1.csv.report.json.part").exists());
    BOOST_TEST(Poco::File(dropPath + "/error").isDirectory());
    BOOST_TEST(!Poco::File(dropPath + "/cases-1.csv").exists());
}

// An upload taken away between the queue's look and its reading was left running under the daemon's own lease: the
// queue's next runs, on the same daemon, could not end it until the lease lapsed. Its own lease no longer holds it up;
// another daemon's still does.
BOOST_AUTO_TEST_CASE(an_import_held_by_this_daemon_is_abandoned_by_it_and_not_by_another) {
    test::SampleHub store;
    Database& database = store.hub->database();
    ImportRow row = unfinishedImport(store, "upload:acme", "queued");
    const Poco::Timestamp now;
    bool claimed = false, byOther = true, byOwner = false;
    database.write([&](Poco::Data::Session& session) {
        ImportStore::create(session, row);
        claimed = ImportStore::claim(session, row.id, LeaseTerms{"daemon-a", now, now + Poco::Timespan(60, 0)});
        byOther = ImportStore::abandon(session, row.id, "gone", now, "daemon-b");
    });
    BOOST_TEST_REQUIRE(claimed);
    BOOST_TEST(!byOther);
    database.write([&](Poco::Data::Session& session) {
        byOwner = ImportStore::abandon(session, row.id, "gone", now, "daemon-a");
    });
    BOOST_TEST(byOwner);
    const std::vector<ImportRow> imports = importsOf(database);
    BOOST_TEST_REQUIRE(imports.size() == 1u);
    BOOST_TEST(imports[0].status == "failed");
    BOOST_TEST(imports[0].error.value_or("") == "gone");
    BOOST_TEST(!imports[0].leaseOwner);
}

// The same for a drop: a poll that broke off inside a file left its import running under the daemon's lease, and
// with the file gone the next polls passed it over until the lease lapsed.
BOOST_AUTO_TEST_CASE(a_drop_import_left_under_this_daemons_lease_with_its_file_gone_ends_at_the_next_poll) {
    test::SampleHub store;
    const std::string dropPath = Poco::Path(store.folder.path(), "drops/acme").toString();
    const ImportServices services = servicesOf(store);
    DropPoll poll(acmeDrop(store, std::make_shared<LocalFolder>(dropPath)), services, ImportSettings{}, "unit",
                  TimeZone::utc());
    ImportRow row = unfinishedImport(store, "drop:acme", "running");
    row.leaseOwner = "unit";
    row.leaseExpiresAt = Poco::Timestamp() + Poco::Timespan(600, 0);
    store.hub->database().write([&](Poco::Data::Session& session) { ImportStore::create(session, row); });
    BOOST_TEST(poll.run(Running()).complete);
    const std::vector<ImportRow> imports = importsOf(store.hub->database());
    BOOST_TEST_REQUIRE(imports.size() == 1u);
    BOOST_TEST(imports[0].status == "failed");
    BOOST_TEST(imports[0].error.value_or("").find("removed or replaced before its import finished") !=
               std::string::npos);
}

// Chunks are queued for the writer before the one ahead of them is stored (three in flight): a chunk whose
// predecessor was not stored must not count, or the records between them would be skipped and never applied.
BOOST_AUTO_TEST_CASE(a_chunk_counts_only_after_the_chunk_before_it) {
    test::SampleHub store;
    Database& database = store.hub->database();
    ImportRow row = unfinishedImport(store, "drop:acme", "running");
    const Poco::Timestamp now;
    const LeaseTerms lease{"unit", now, now + Poco::Timespan(60, 0)};
    database.write([&](Poco::Data::Session& session) {
        ImportStore::create(session, row);
        BOOST_TEST_REQUIRE(ImportStore::claim(session, row.id, lease));
    });
    const auto outcomes = [](Poco::Int64 from, Poco::Int64 count) {
        std::vector<RecordOutcome> made;
        for (Poco::Int64 seq = from; seq < from + count; ++seq) {
            RecordOutcome outcome;
            outcome.seq = seq;
            outcome.line = static_cast<int>(seq + 1);
            outcome.status = "rejected";
            outcome.error = std::string(R"({"message":"x"})");
            made.push_back(outcome);
        }
        return made;
    };
    const auto chunk = [&](Poco::Int64 from, Poco::Int64 count) {
        ImportRow progress = row;
        progress.nextRecord = from + count;
        database.write([&](Poco::Data::Session& session) {
            ImportStore::commitChunk(session, progress, outcomes(from, count), lease);
        });
    };
    chunk(0, 2);
    // Records 2 and 3 were never stored (their chunk failed): the chunk after them is refused.
    BOOST_CHECK_THROW(chunk(4, 2), Poco::IllegalStateException);
    chunk(2, 2);
    chunk(4, 2);
    const std::vector<ImportRow> imports = importsOf(database);
    BOOST_TEST_REQUIRE(imports.size() == 1u);
    BOOST_TEST(imports[0].nextRecord == 6);
    BOOST_TEST(imports[0].records == 6);
}
