// End-to-end: batch import through drops and uploads: every format, bad files, readiness rules, duplicates,
// re-sent files, the imports API by role, and a SIGKILL in the middle of a 20,000-row file.
#define BOOST_TEST_MODULE e2e_imports
#include <boost/test/unit_test.hpp>

#include "support/TestStore.h"
#include "support/BookedCase.h"
#include "support/Daemon.h"
#include "support/DropFolder.h"
#include "support/ScratchFolder.h"

#include "domain/Clock.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DirectoryIterator.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

using namespace sohub::test;
using namespace Poco::Data::Keywords;

namespace {

const std::vector<std::string> fastDrops = {"drops.acme.schedule=every 1s", "drops.acme.stableSeconds=1",
                                            "drops.infocare.schedule=every 1s", "drops.infocare.stableSeconds=1",
                                            "imports.uploadSchedule=every 1s"};

std::vector<std::string> with(std::vector<std::string> defines, const std::vector<std::string>& more) {
    defines.insert(defines.end(), more.begin(), more.end());
    return defines;
}

struct Drops {
    explicit Drops(const std::vector<std::string>& more = {}) : daemon(with(fastDrops, more)) {}
    std::string acme() const { return Poco::Path(daemon.dataDir(), "drops/acme").toString(); }
    std::string infocare() const { return Poco::Path(daemon.dataDir(), "drops/infocare").toString(); }
    Daemon daemon;
};

Poco::JSON::Array::Ptr records(const Poco::JSON::Object::Ptr& report) { return report->getArray("records"); }

std::string status(const Poco::JSON::Array::Ptr& records, unsigned i) {
    return records->getObject(i)->getValue<std::string>("status");
}

// The record's error as the API writes it: {"message", "details"?} (the test's parser does not keep key order).
std::string errorOf(const Poco::JSON::Array::Ptr& records, unsigned i) {
    const auto error = records->getObject(i)->getObject("error");
    if (!error) return "";
    std::string text = R"({"message":)" + toJson(error->get("message"));
    if (error->has("details")) text += R"(,"details":)" + toJson(error->get("details"));
    return text + "}";
}

Poco::JSON::Object::Ptr caseView(const Daemon& daemon, const std::string& guid) {
    const HttpResult r = daemon.http().get("/api/v3/case?guid=" + guid, acme);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return r.object()->getObject("data");
}

// `count` case lines, one to a line, with the trackingIds PREFIX<first> onwards.
std::string trackedCases(const std::string& prefix, int first, int count) {
    const std::string line = caseLine("TRACK");
    const std::size_t at = line.find("TRACK");
    std::string content;
    for (int i = first; i < first + count; ++i) {
        std::string row = line;
        row.replace(at, 5, prefix + std::to_string(i));
        content += row + "\n";
    }
    return content;
}

// Drops the file, lets some of its chunks commit, and kills the daemon: the import is left running.
void killMidImport(const std::vector<std::string>& defines, const std::string& drop, const std::string& name,
                   const std::string& content) {
    Daemon first(defines);
    dropFile(drop, name, content);
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const auto data = first.http().get("/api/v3/imports", admin).object()->getArray("data");
            return data->size() > 0 && data->getObject(0)->getObject("totals")->getValue<int>("records") >= 400;
        },
        60));
    first.kill();
}

std::vector<std::string> killDefines(const std::string& dataDir) {
    return with(fastDrops, {"data.dir=" + dataDir, "scheduler.leaseSeconds=2", "imports.chunkRecords=100"});
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_sample_csv_is_archived_with_its_report_and_rejected_rows_and_its_cases_are_booked) {
    Drops drops({"drops.acme.schedule=every 5s", "drops.acme.stableSeconds=2"});  // the samples' own timing
    // As `cp` does it: written in place, mtime now.
    Poco::File(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv").copyTo(drops.acme());
    const auto report = waitForReport(drops.acme(), "cases-demo.csv", 12);
    BOOST_TEST(report->getValue<std::string>("status") == "done");
    BOOST_TEST(report->getValue<std::string>("drop") == "acme");
    BOOST_TEST(report->getValue<std::string>("kind") == "cases");
    BOOST_TEST(report->getValue<std::string>("sha256").size() == 64u);
    const auto totals = report->getObject("totals");
    BOOST_TEST(totals->getValue<int>("records") == 6);
    BOOST_TEST(totals->getValue<int>("created") == 3);
    BOOST_TEST(totals->getValue<int>("rejected") == 3);
    const auto list = records(report);
    BOOST_TEST(list->getObject(1)->getValue<int>("line") == 3);
    BOOST_TEST(list->getObject(2)->getValue<int>("line") == 5);  // row 2 spans two lines (a quoted newline)
    BOOST_TEST(errorOf(list, 2) == R"({"message":"Fields validation failed","details":{"productData.model":["Field is required"]}})");
    const std::string archived = waitForMoved(drops.acme(), "cases-demo.csv");
    BOOST_TEST(archived.find("/archive/" + sohub::nowIso().substr(0, 10) + "/") != std::string::npos, archived);
    const std::string rejected = readFile(findBelow(drops.acme(), "cases-demo.csv.rejected.csv"));
    // The sample is saved as a spreadsheet saves UTF-8 (a byte order mark first): its rejected rows file is too.
    BOOST_TEST(rejected.rfind("\xEF\xBB\xBFtrackingId;serviceType;", 0) == 0u);
    BOOST_TEST(rejected.find(";error\r\n") != std::string::npos);
    BOOST_TEST(rejected.find("demo-0003;") != std::string::npos);
    BOOST_TEST(rejected.find(";productData.model: Field is required\r\n") != std::string::npos, rejected);
    BOOST_TEST(rejected.find("demo-0001;") == std::string::npos);
    const auto second = caseView(drops.daemon, list->getObject(1)->getValue<std::string>("guid"));
    BOOST_TEST(second->getValue<int>("serviceProviderId") == 1);
    BOOST_TEST(second->getObject("productData")->getValue<std::string>("problemText") == "Screen \"flickers\";\r\nthen goes dark");
    BOOST_TEST(toJson(second->getObject("orderData")->getObject("partnerSpecific")) == R"({"acme":{"acmeUniqueFloatProperty":5.1}})");
    const auto fifth = caseView(drops.daemon, list->getObject(4)->getValue<std::string>("guid"));
    BOOST_TEST(fifth->getObject("consumer")->getValue<std::string>("city") == "V\xC3\xA4xj\xC3\xB6");
    // The case's logged request is the record whole, its data objects those of the case (the store keeps them once).
    const std::string fifthGuid = list->getObject(4)->getValue<std::string>("guid");
    const HttpResult read = drops.daemon.http().get("/api/v3/case?includeRequests=1&guid=" + fifthGuid, acme);
    BOOST_TEST_REQUIRE(read.status == 200, read.body);
    std::string logged;
    const auto requests = read.object()->getObject("data")->getArray("externalRequests");
    for (std::size_t i = 0; i < requests->size(); ++i)
        if (requests->getObject(i)->getValue<std::string>("type") == "caseCreated")
            logged = requests->getObject(i)->getValue<std::string>("request");
    BOOST_TEST_REQUIRE(!logged.empty(), read.body);
    BOOST_TEST(logged.find('\x01') == std::string::npos);
    const auto request = Poco::JSON::Parser().parse(logged).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(request->getValue<std::string>("trackingId") == "demo-0005");
    for (const char* name : {"orderData", "productData", "customer", "consumer"})
        BOOST_TEST(toJson(request->get(name)) == toJson(fifth->get(name)), name);
}

// The rejected rows file is made to be fixed and sent again: its error column is not a second unknown column, and
// the rows still wrong get their new problems in that column, not in another one added after it.
BOOST_AUTO_TEST_CASE(a_rejected_rows_file_fixed_and_dropped_again_books_its_fixed_rows_and_keeps_one_error_column) {
    Drops drops;
    Poco::File(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv").copyTo(drops.acme());
    const auto first = waitForReport(drops.acme(), "cases-demo.csv");
    BOOST_TEST_REQUIRE(first->getObject("totals")->getValue<int>("rejected") == 3);
    const std::string rejected = waitForFile(drops.acme(), "cases-demo.csv.rejected.csv", 10);
    std::string rows = readFile(rejected);
    BOOST_TEST_REQUIRE(rows.find("\r\ndemo-0004;") != std::string::npos, rows);

    // The sender fixes one row's e-mail address and leaves the other rows, and the error column, as they are.
    const std::string wrongMail = "not-an-email", rightMail = "anna@test.com";
    const std::size_t mail = rows.find(wrongMail);
    BOOST_TEST_REQUIRE(mail != std::string::npos, rows);
    rows.replace(mail, wrongMail.size(), rightMail);
    dropFile(drops.acme(), "cases-fixed.csv", rows);
    const auto again = waitForReport(drops.acme(), "cases-fixed.csv");
    BOOST_TEST(again->getArray("warnings")->size() == 0u, toJson(again->getArray("warnings")));
    const auto totals = again->getObject("totals");
    BOOST_TEST(totals->getValue<int>("records") == 3);
    BOOST_TEST(totals->getValue<int>("created") == 1);
    BOOST_TEST(totals->getValue<int>("rejected") == 2);
    const auto list = records(again);
    BOOST_TEST(status(list, 1) == "created");
    BOOST_TEST(caseView(drops.daemon, list->getObject(1)->getValue<std::string>("guid"))
                   ->getObject("customer")->getValue<std::string>("email") == rightMail);

    const std::string rejectedAgain = waitForFile(drops.acme(), "cases-fixed.csv.rejected.csv", 10);
    const std::string next = readFile(rejectedAgain);
    const std::string header = next.substr(0, next.find("\r\n"));
    BOOST_TEST(header == rows.substr(0, rows.find("\r\n")));  // the same header: one error column, the last
    BOOST_TEST(header.size() > 6u);
    BOOST_TEST(header.substr(header.size() - 6) == ";error");
    BOOST_TEST(next.find("demo-0004") == std::string::npos, next);  // booked now
    BOOST_TEST(next.find(";productData.model: Field is required\r\n") != std::string::npos, next);
    BOOST_TEST(next.find(";serviceType: Value is not present in possible options\r\n") != std::string::npos, next);
    // Each row has as many cells as before, the error cell rewritten in place (none of these rows quote a ';').
    for (std::size_t at = 0, end; (end = next.find("\r\n", at)) != std::string::npos; at = end + 2) {
        const std::string line = next.substr(at, end - at);
        if (line.rfind("demo-", 0) == 0) BOOST_TEST(std::count(line.begin(), line.end(), ';') == std::count(header.begin(), header.end(), ';'), line);
    }
}

// Software that writes CSV for Excel may put Excel's "sep=;" line first: the delimiter it names is used, the header
// follows it, and the rejected rows file starts with it too (so that Excel opens it alike, and it reads again).
BOOST_AUTO_TEST_CASE(a_file_with_excels_sep_line_is_read_by_it_and_its_rejected_rows_keep_it) {
    Drops drops;
    const std::string sample = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv").substr(3);  // no BOM
    dropFile(drops.acme(), "cases-sep.csv", "sep=;\r\n" + sample);
    const auto report = waitForReport(drops.acme(), "cases-sep.csv");
    BOOST_TEST(report->getArray("warnings")->size() == 0u);
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 3);
    BOOST_TEST(report->getObject("totals")->getValue<int>("rejected") == 3);
    BOOST_TEST(records(report)->getObject(1)->getValue<int>("line") == 4);  // the sep line is line 1
    const std::string rejectedPath = waitForFile(drops.acme(), "cases-sep.csv.rejected.csv", 10);
    const std::string rejected = readFile(rejectedPath);
    const std::string header = sample.substr(0, sample.find("\r\n"));
    BOOST_TEST(rejected.rfind("sep=;\r\n" + header + ";error\r\n", 0) == 0u, rejected.substr(0, 80));

    // Sent again as it is: the same rows rejected, no warning, the same two lines before the rows.
    dropFile(drops.acme(), "cases-sep-again.csv", rejected);
    const auto again = waitForReport(drops.acme(), "cases-sep-again.csv");
    BOOST_TEST(again->getArray("warnings")->size() == 0u, toJson(again->getArray("warnings")));
    BOOST_TEST(again->getObject("totals")->getValue<int>("rejected") == 3);
    const std::string againPath = waitForFile(drops.acme(), "cases-sep-again.csv.rejected.csv", 10);
    BOOST_TEST(readFile(againPath) == rejected);
}

BOOST_AUTO_TEST_CASE(ndjson_and_json_arrays_are_applied_like_the_api) {
    Drops drops;
    dropFile(drops.acme(), "cases-1.ndjson",
             caseLine("nd-1") + "\n" + caseLine("nd-2", {set("customer.email", R"("nope")")}) + "\n{broken\n" + caseLine("nd-3") + "\n");
    dropFile(drops.acme(), "cases-2.json", "[\n" + caseLine("ar-1") + ",\n" + caseLine("ar-2") + "\n]\n");
    const auto nd = waitForReport(drops.acme(), "cases-1.ndjson");
    BOOST_TEST(nd->getValue<std::string>("status") == "done");
    const auto ndRecords = records(nd);
    BOOST_TEST_REQUIRE(ndRecords->size() == 4u);
    BOOST_TEST(status(ndRecords, 0) == "created");
    BOOST_TEST(errorOf(ndRecords, 1) == R"({"message":"Fields validation failed","details":{"customer.email":["Wrong format"]}})");
    BOOST_TEST(ndRecords->getObject(2)->getValue<int>("line") == 3);
    BOOST_TEST(errorOf(ndRecords, 2).find("Malformed JSON") != std::string::npos);
    BOOST_TEST(status(ndRecords, 3) == "created");
    BOOST_TEST(!Poco::File(findBelow(drops.acme(), "cases-1.ndjson") + ".rejected.csv").exists());  // CSV only
    const auto array = waitForReport(drops.acme(), "cases-2.json");
    BOOST_TEST(array->getObject("totals")->getValue<int>("created") == 2);
    BOOST_TEST(records(array)->getObject(1)->getValue<int>("line") == 3);
    // The tracked request of a case that the API would log is there too.
    const HttpResult found = drops.daemon.http().post("/api/v3/requests/find", acme, std::string(R"({"trackingId":"nd-2"})"));
    BOOST_TEST(found.object()->getArray("data")->size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_windows_1252_spreadsheet_file_is_decoded) {
    Drops drops({"drops.acme.charset=windows-1252"});
    std::string csv = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv").substr(3);  // no BOM in 1252
    const std::string utf8 = "V\xC3\xA4xj\xC3\xB6";
    csv.replace(csv.find(utf8), utf8.size(), "V\xE4xj\xF6");
    const std::string aberg = "\xC3\x85" "berg";
    csv.replace(csv.find(aberg), aberg.size(), "\xC5" "berg");
    dropFile(drops.acme(), "cases-1252.csv", csv);
    const auto report = waitForReport(drops.acme(), "cases-1252.csv");
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 3);
    const auto fifth = caseView(drops.daemon, records(report)->getObject(4)->getValue<std::string>("guid"));
    BOOST_TEST(fifth->getObject("consumer")->getValue<std::string>("city") == utf8);
    // The rejected rows go back in the file's own charset.
    const std::string rejected = readFile(findBelow(drops.acme(), "cases-1252.csv.rejected.csv"));
    BOOST_TEST(rejected.find("demo-0004;") != std::string::npos);
    BOOST_TEST(rejected.rfind("trackingId;serviceType;", 0) == 0u);  // no byte order mark in windows-1252

    // A spreadsheet's "CSV UTF-8" in the same drop: its byte order mark says UTF-8 (it was read as windows-1252, and
    // Växjö stored as "VÃ¤xjÃ¶"), and its rejected rows go back as UTF-8 with the mark.
    std::string marked = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv");
    for (std::size_t at = 0; (at = marked.find("demo-", at)) != std::string::npos;) marked.replace(at, 5, "bom--");
    dropFile(drops.acme(), "cases-marked.csv", marked);
    const auto markedReport = waitForReport(drops.acme(), "cases-marked.csv");
    BOOST_TEST(markedReport->getObject("totals")->getValue<int>("created") == 3);
    BOOST_TEST(toJson(markedReport->getArray("warnings")) ==
               R"(["The file starts with a UTF-8 byte order mark: read as UTF-8, not as the declared windows-1252"])");
    const auto markedFifth = caseView(drops.daemon, records(markedReport)->getObject(4)->getValue<std::string>("guid"));
    BOOST_TEST(markedFifth->getObject("consumer")->getValue<std::string>("city") == utf8);
    const std::string markedRejected = readFile(findBelow(drops.acme(), "cases-marked.csv.rejected.csv"));
    BOOST_TEST(markedRejected.rfind("\xEF\xBB\xBFtrackingId;serviceType;", 0) == 0u);
    BOOST_TEST(markedRejected.find("bom--0004;") != std::string::npos);
}

// A free field is kept as sent by the API, so a header's type is the only check its cells get: a cell that is not
// of that type rejects the row (beside the validation's own problems). An integer written "4.0" is the number 4.
BOOST_AUTO_TEST_CASE(a_cell_not_of_its_headers_type_rejects_its_row_and_an_integer_with_a_fraction_is_a_number) {
    Drops drops;
    const std::string sample = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv").substr(3);  // no BOM
    const std::size_t headerEnd = sample.find("\r\n");
    const std::string header = sample.substr(0, headerEnd);
    const std::string firstRow = sample.substr(headerEnd + 2, sample.find("\r\n", headerEnd + 2) - headerEnd - 2);
    const auto cellsOf = [](const std::string& line) {
        std::vector<std::string> cells;
        std::size_t at = 0;
        for (std::size_t semicolon; (semicolon = line.find(';', at)) != std::string::npos; at = semicolon + 1)
            cells.push_back(line.substr(at, semicolon - at));
        cells.push_back(line.substr(at));
        return cells;
    };
    const std::vector<std::string> names = cellsOf(header);
    const auto row = [&](const std::string& trackingId, const std::vector<std::pair<std::string, std::string>>& set) {
        std::vector<std::string> cells = cellsOf(firstRow);
        BOOST_TEST_REQUIRE(cells.size() == names.size());
        cells[0] = trackingId;
        for (const auto& [name, value] : set)
            cells[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())] = value;
        std::string line;
        for (const std::string& cell : cells) line += (line.empty() ? "" : ";") + cell;
        return line + "\r\n";
    };
    const std::string amount = "orderData.partnerSpecific.acme.acmeUniqueFloatProperty:number";
    dropFile(drops.acme(), "cases-typed.csv",
             header + "\r\n" + row("typed-1", {{"serviceType", "4.0"}, {amount, "7,25"}}) +
                 row("typed-2", {{amount, "abc"}}) +
                 row("typed-3", {{amount, "1.234,5"}, {"customer.email", "nope"}}) +
                 row("typed-4", {{"serviceType", "4.5"}}));
    const auto report = waitForReport(drops.acme(), "cases-typed.csv");
    const auto list = records(report);
    BOOST_TEST_REQUIRE(list->size() == 4u);
    BOOST_TEST(status(list, 0) == "created");
    const auto booked = caseView(drops.daemon, list->getObject(0)->getValue<std::string>("guid"));
    BOOST_TEST(booked->getValue<int>("serviceTypeId") == 4);
    BOOST_TEST(toJson(booked->getObject("orderData")->getObject("partnerSpecific")) ==
               R"({"acme":{"acmeUniqueFloatProperty":7.25}})");
    const std::string failed = R"({"message":"Fields validation failed","details":{)";
    const std::string notNumber = R"("orderData.partnerSpecific.acme.acmeUniqueFloatProperty":["Must be a number"])";
    BOOST_TEST(errorOf(list, 1) == failed + notNumber + "}}");
    BOOST_TEST(errorOf(list, 2) == failed + R"("customer.email":["Wrong format"],)" + notNumber + "}}");
    BOOST_TEST(errorOf(list, 3) == failed + R"("serviceType":["Must be an integer"]}})");
    const std::string rejected = readFile(findBelow(drops.acme(), "cases-typed.csv.rejected.csv"));
    BOOST_TEST(rejected.find("typed-2;") != std::string::npos, rejected);
    BOOST_TEST(rejected.find(";orderData.partnerSpecific.acme.acmeUniqueFloatProperty: Must be a number\r\n") !=
                   std::string::npos, rejected);
    BOOST_TEST(rejected.find("typed-1;") == std::string::npos, rejected);
}

BOOST_AUTO_TEST_CASE(bad_files_fail_whole_or_reject_their_bad_records) {
    Drops drops({"imports.maxRecordBytes=3000"});
    dropFile(drops.acme(), "cases-binary.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    dropFile(drops.acme(), "cases-empty.ndjson", "");
    // As a spreadsheet's "Unicode Text" saves it: UTF-16LE with its byte order mark.
    std::string utf16("\xFF\xFE", 2);
    for (const char c : std::string("trackingId;serviceType\r\nu-1;4\r\n")) utf16 += std::string{c, '\0'};
    dropFile(drops.acme(), "cases-utf16.csv", utf16);
    dropFile(drops.acme(), "cases-header.csv", "serviceType;location\r\n");
    dropFile(drops.acme(), "cases-nocolumn.csv", "colour,size\nred,4\n");
    dropFile(drops.acme(), "cases-quote.csv", "trackingId,serviceType\nq-1,4\nq-2,\"4\n");
    dropFile(drops.acme(), "cases-mixed.ndjson",
             caseLine("mx-1") + "\n" + caseLine("mx-2", {set("productData.problemText", "\"" + std::string(4000, 'x') + "\"")}) +
                 "\n{\"trackingId\":\"\xff\xfe\"}\n" + caseLine("mx-3") + "\n");
    dropFile(drops.acme(), "cases-allbroken.ndjson", "{nope\n{nope either\n");
    dropFile(drops.acme(), "cases-blank.ndjson", "\n \n\n");
    // An empty array is an empty list, as a header with no rows (it failed); what follows an array is not read.
    dropFile(drops.acme(), "cases-none.json", " [ ]\n");
    dropFile(drops.acme(), "cases-twice.json", "[" + caseLine("tw-1") + "]\n[" + caseLine("tw-2") + "]\n");

    for (const char* name : {"cases-binary.csv", "cases-empty.ndjson", "cases-nocolumn.csv", "cases-allbroken.ndjson",
                             "cases-blank.ndjson", "cases-utf16.csv"}) {
        const auto report = waitForReport(drops.acme(), name);
        BOOST_TEST(report->getValue<std::string>("status") == "failed", name);
        BOOST_TEST(!report->getValue<std::string>("error").empty(), name);
        // The report is put in place before the file is moved beside it: wait for the move.
        BOOST_TEST(eventually([&] { return findBelow(drops.acme(), name).find("/error/") != std::string::npos; }, 10), name);
    }
    const std::string utf16Error = waitForReport(drops.acme(), "cases-utf16.csv")->getValue<std::string>("error");
    BOOST_TEST(utf16Error.find("UTF-16") != std::string::npos, utf16Error);
    const auto header = waitForReport(drops.acme(), "cases-header.csv");
    BOOST_TEST(header->getValue<std::string>("status") == "done");
    BOOST_TEST(header->getObject("totals")->getValue<int>("records") == 0);
    BOOST_TEST(toJson(header->getArray("warnings")) == R"(["The file has a header but no rows"])");
    const auto none = waitForReport(drops.acme(), "cases-none.json");
    BOOST_TEST(none->getValue<std::string>("status") == "done");
    BOOST_TEST(toJson(none->getArray("warnings")) == R"(["The file is an empty JSON array: no records"])");
    const auto twice = waitForReport(drops.acme(), "cases-twice.json");
    BOOST_TEST(twice->getValue<std::string>("status") == "done");
    BOOST_TEST(twice->getObject("totals")->getValue<int>("created") == 1);
    BOOST_TEST(toJson(twice->getArray("warnings")) ==
               R"(["Text after the array's closing ']' (from line 2) is ignored: no records were read from it"])");

    const auto quote = waitForReport(drops.acme(), "cases-quote.csv");
    BOOST_TEST(quote->getValue<std::string>("status") == "done");
    BOOST_TEST_REQUIRE(records(quote)->size() == 2u);
    BOOST_TEST(records(quote)->getObject(1)->getValue<int>("line") == 3);
    BOOST_TEST(errorOf(records(quote), 1) == R"({"message":"Unterminated quoted cell: the file ends inside quotes"})");

    const auto mixed = waitForReport(drops.acme(), "cases-mixed.ndjson");
    const auto list = records(mixed);
    BOOST_TEST_REQUIRE(list->size() == 4u);
    BOOST_TEST(status(list, 0) == "created");
    BOOST_TEST(errorOf(list, 1) == R"x({"message":"The record is larger than imports.maxRecordBytes (3000 bytes)"})x");
    BOOST_TEST(errorOf(list, 2) == R"({"message":"The record is not valid UTF-8"})");
    BOOST_TEST(list->getObject(2)->getValue<int>("line") == 3);
    BOOST_TEST(status(list, 3) == "created");
}

// Partners' Windows tools write names in capitals: the globs match in any letter case, and so do the names never
// touched (a glob as wide as cases* still leaves them); other files are left alone.
BOOST_AUTO_TEST_CASE(drop_names_match_in_any_letter_case_and_other_files_are_left_alone) {
    Drops drops({"drops.acme.cases=cases*"});
    dropFile(drops.acme(), "CASES-0412.CSV", "trackingId,serviceType\nupper-1,4\n");
    dropFile(drops.acme(), "Cases-Mixed.Ndjson", caseLine("upper-2") + "\n");
    const std::map<std::string, std::string> leftAlone = {
        {"CASES-0413.CSV.TMP", caseLine("upper-3") + "\n"}, {"cases-0414.csv.Part", caseLine("upper-4") + "\n"},
        {"orders.csv", caseLine("upper-5") + "\n"}, {".cases-0415.csv", caseLine("upper-6") + "\n"}};
    for (const auto& [name, content] : leftAlone) dropFile(drops.acme(), name, content);
    const auto upper = waitForReport(drops.acme(), "CASES-0412.CSV");
    BOOST_TEST(upper->getValue<std::string>("status") == "done");
    BOOST_TEST(upper->getObject("totals")->getValue<int>("rejected") == 1);  // read as CSV: a row, rejected
    const auto mixed = waitForReport(drops.acme(), "Cases-Mixed.Ndjson");
    BOOST_TEST(mixed->getObject("totals")->getValue<int>("created") == 1);
    Poco::Thread::sleep(2500);  // more polls
    for (const auto& [name, content] : leftAlone) {
        BOOST_TEST(readFile(Poco::Path(drops.acme(), name).toString()) == content, name);
        BOOST_TEST(findBelow(drops.acme(), name + ".report.json").empty(), name);
    }
    // A file that matches no glob is named in the log once, however many polls see it; names never touched are not.
    const std::string log = drops.daemon.log();
    const std::string line = "Drop acme: orders.csv is left alone: its name matches none of the drop's globs (cases*, messages*.csv";
    const std::size_t first = log.find(line);
    BOOST_TEST(first != std::string::npos, log);
    BOOST_TEST(log.find(line, first + 1) == std::string::npos);
    BOOST_TEST(log.find("CASES-0413.CSV.TMP is left alone") == std::string::npos);
    BOOST_TEST(drops.daemon.http().get("/api/v3/imports", admin).object()->getObject("pagination")->getValue<int>("total") == 2);
}

// A symbolic link in a drop was followed: a sender who may write to the drop linked a file from elsewhere and got its
// lines back in the rejected rows. A drop takes plain files only; a link and a FIFO (whose opening would wait for a
// writer) are left alone, each named in the log once, and the files beside them are taken.
BOOST_AUTO_TEST_CASE(a_symbolic_link_or_a_fifo_in_a_drop_is_left_alone) {
    ScratchFolder outside;
    const std::string secret = Poco::Path(outside.path(), "secret.csv").toString();
    dropFile(outside.path(), "secret.csv", "trackingId,serviceType\nsecret-1,four\n");
    Drops drops;
    const std::string link = Poco::Path(drops.acme(), "cases-link.csv").toString();
    BOOST_TEST_REQUIRE(::symlink(secret.c_str(), link.c_str()) == 0);
    const std::string fifo = Poco::Path(drops.acme(), "cases-fifo.csv").toString();
    BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    dropFile(drops.acme(), "cases-plain.csv", "trackingId,serviceType\nplain-1,4\n");
    const auto report = waitForReport(drops.acme(), "cases-plain.csv");
    BOOST_TEST(report->getObject("totals")->getValue<int>("records") == 1);
    Poco::Thread::sleep(2500);  // more polls
    const auto imports = drops.daemon.http().get("/api/v3/imports", admin).object();
    BOOST_TEST(imports->getObject("pagination")->getValue<int>("total") == 1);
    BOOST_TEST(findBelow(drops.acme(), "cases-link.csv.rejected.csv").empty());
    BOOST_TEST(Poco::File(link).isLink());
    BOOST_TEST(Poco::File(fifo).exists());
    const std::string log = drops.daemon.log();
    const std::string line = "cases-link.csv is left alone: only plain files are taken, and it is a symbolic link";
    const std::size_t first = log.find(line);
    BOOST_TEST(first != std::string::npos, log);
    BOOST_TEST(log.find(line, first + 1) == std::string::npos);
    BOOST_TEST(log.find("cases-fifo.csv is left alone: only plain files are taken, and it is a FIFO, socket or "
                        "device") != std::string::npos);
    BOOST_TEST(readFile(secret) == "trackingId,serviceType\nsecret-1,four\n");
}

// A name near a file system's 255 bytes: its report and rejected rows (and their temporary names) would not fit, and
// the drop's settlement failed at every poll, holding up the files after it. Those companions take a shortened name
// (the extension kept); a control character in a name is escaped in the log, never a line of its own.
BOOST_AUTO_TEST_CASE(a_file_with_a_long_or_odd_name_is_archived_with_its_report) {
    Drops drops;
    std::string stem = "cases-";
    while (stem.size() < 244) stem += "\xC3\xA9";  // é, two bytes each
    const std::string longName = stem + ".csv";     // 248 bytes
    dropFile(drops.acme(), longName, "trackingId,serviceType\nlong-1,4\n");
    dropFile(drops.acme(), "cases-b\nINFO forged.csv", "trackingId,serviceType\nodd-1,4\n");
    dropFile(drops.acme(), "cases-V\xE4xj\xF6.csv", "trackingId,serviceType\nlatin-1,4\n");  // a Latin-1 name
    const std::string shortened = stem.substr(0, 224) + ".csv";  // 228 bytes: ".NAME.rejected.csv.part" fits 255
    const auto report = waitForReport(drops.acme(), shortened);
    BOOST_TEST(report->getValue<std::string>("file") == longName);
    // The rejected rows are put before the report, the file is moved after it: waited for (once on PostgreSQL it was
    // not yet moved when the report was there).
    BOOST_TEST(!waitForFile(drops.acme(), shortened).empty());
    BOOST_TEST(!findBelow(drops.acme(), shortened + ".rejected.csv").empty());
    BOOST_TEST(waitForReport(drops.acme(), "cases-b\nINFO forged.csv")->getValue<std::string>("status") == "done");
    BOOST_TEST(drops.daemon.log().find("cases-b\\nINFO forged.csv") != std::string::npos);
    BOOST_TEST(drops.daemon.log().find("\nINFO forged") == std::string::npos);
    // A name that is not UTF-8 matches no glob: it is left alone, and the log says why.
    BOOST_TEST(drops.daemon.log().find("cases-V\xEF\xBF\xBDxj\xEF\xBF\xBD.csv is left alone: its name is not UTF-8") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_file_still_being_written_is_not_taken) {
    Drops drops({"drops.acme.stableSeconds=3"});
    dropFile(drops.acme(), "cases-fresh.ndjson", caseLine("fresh-1") + "\n", 0);  // written just now
    Poco::Thread::sleep(1500);
    BOOST_TEST(findBelow(drops.acme(), "cases-fresh.ndjson.report.json").empty());
    BOOST_TEST(Poco::File(Poco::Path(drops.acme(), "cases-fresh.ndjson").toString()).exists());
    // Still growing: appended, so its size and mtime change.
    {
        Poco::FileOutputStream out(Poco::Path(drops.acme(), "cases-fresh.ndjson").toString(), std::ios::app);
        out << caseLine("fresh-2") << "\n";
    }
    Poco::Thread::sleep(1500);
    BOOST_TEST(findBelow(drops.acme(), "cases-fresh.ndjson.report.json").empty());
    const auto report = waitForReport(drops.acme(), "cases-fresh.ndjson", 10);
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 2);  // both lines: taken whole
}

BOOST_AUTO_TEST_CASE(with_a_marker_a_file_counts_only_once_its_done_file_exists) {
    Drops drops({"drops.acme.ready=marker"});
    dropFile(drops.acme(), "cases-m.ndjson", caseLine("marker-1") + "\n");
    Poco::Thread::sleep(2500);
    BOOST_TEST(findBelow(drops.acme(), "cases-m.ndjson.report.json").empty());
    dropFile(drops.acme(), "cases-m.ndjson.done", "");
    const auto report = waitForReport(drops.acme(), "cases-m.ndjson");
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == 1);
    const std::string archived = waitForMoved(drops.acme(), "cases-m.ndjson");
    BOOST_TEST(archived.find("/archive/") != std::string::npos, archived);
    // The marker is archived with it (moved just after the file and its report: waited for, not raced).
    BOOST_TEST(eventually([&] { return Poco::File(archived + ".done").exists(); }, 5));
    BOOST_TEST(eventually([&] { return !Poco::File(Poco::Path(drops.acme(), "cases-m.ndjson.done").toString()).exists(); }, 5));
    BOOST_TEST(drops.daemon.log().find("is left alone") == std::string::npos);  // the marker travels with its file
}

BOOST_AUTO_TEST_CASE(the_same_file_twice_is_a_duplicate_and_a_resent_file_applies_only_its_new_rows) {
    Drops drops;
    const std::string monday = caseLine("re-1") + "\n" + caseLine("re-2") + "\n";
    dropFile(drops.acme(), "cases-a.ndjson", monday);
    const auto first = waitForReport(drops.acme(), "cases-a.ndjson");
    BOOST_TEST(first->getObject("totals")->getValue<int>("created") == 2);
    const std::string firstGuid = records(first)->getObject(0)->getValue<std::string>("guid");
    // The report is put before the file is moved: a copy dropped again before that move stays for the next poll
    // (unit_drop_settlement); this test takes the second copy once the first has left the drop.
    BOOST_TEST_REQUIRE(eventually([&] { return !Poco::File(Poco::Path(drops.acme(), "cases-a.ndjson")).exists(); }, 15));

    dropFile(drops.acme(), "cases-a.ndjson", monday);  // the same content, the same name, again
    std::string again;
    BOOST_TEST_REQUIRE(eventually([&] { return !(again = findBelow(drops.acme(), "cases-a.1.ndjson.report.json")).empty(); }, 15));
    const auto duplicate = json(readFile(again)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(duplicate->getValue<std::string>("status") == "duplicate");
    BOOST_TEST(duplicate->getValue<int>("duplicateOf") == first->getValue<int>("id"));
    BOOST_TEST(duplicate->getObject("totals")->getValue<int>("created") == 0);

    // Tuesday's file: Monday's rows again, and a new one.
    dropFile(drops.acme(), "cases-b.ndjson", monday + caseLine("re-3") + "\n");
    const auto tuesday = waitForReport(drops.acme(), "cases-b.ndjson");
    const auto list = records(tuesday);
    BOOST_TEST(status(list, 0) == "duplicate");
    BOOST_TEST(list->getObject(0)->getValue<std::string>("guid") == firstGuid);
    BOOST_TEST(status(list, 1) == "duplicate");
    BOOST_TEST(status(list, 2) == "created");
    BOOST_TEST(tuesday->getObject("totals")->getValue<int>("duplicates") == 2);
}

// The rows of one chunk are stored in one change: a trackingId booked by an earlier row of it is a duplicate too.
BOOST_AUTO_TEST_CASE(a_trackingId_repeated_within_one_file_is_booked_once) {
    Drops drops;
    dropFile(drops.acme(), "cases-r.ndjson", caseLine("twice") + "\n" + caseLine("once") + "\n" + caseLine("twice") + "\n");
    const auto report = waitForReport(drops.acme(), "cases-r.ndjson");
    const auto list = records(report);
    BOOST_TEST_REQUIRE(list->size() == 3u);
    BOOST_TEST(status(list, 0) == "created");
    BOOST_TEST(status(list, 1) == "created");
    BOOST_TEST(status(list, 2) == "duplicate");
    BOOST_TEST(list->getObject(2)->getValue<std::string>("guid") == list->getObject(0)->getValue<std::string>("guid"));
    const HttpResult found = drops.daemon.http().post("/api/v3/requests/find", acme, std::string(R"({"trackingId":"twice"})"));
    BOOST_TEST_REQUIRE(found.status == 200, found.body);
    const auto requests = found.object()->getArray("data");
    BOOST_TEST_REQUIRE(requests->size() == 1u);
    BOOST_TEST(requests->getObject(0)->getValue<std::string>("status") == "success");
}

BOOST_AUTO_TEST_CASE(messages_from_a_provider_drop_with_their_externalId_once) {
    Drops drops;
    const BookedCase booked = bookCase(drops.daemon.http(), acme);
    const std::string line = R"({"guid":")" + booked.guid + R"(","type":"serviceComment","content":"Got it","externalId":"ws-1"})";
    dropFile(drops.infocare(), "messages-1.ndjson",
             line + "\n" + R"({"guid":")" + booked.guid + R"(","type":"nope","content":"x"})" + "\n" + line + "\n");
    const auto report = waitForReport(drops.infocare(), "messages-1.ndjson");
    const auto list = records(report);
    BOOST_TEST_REQUIRE(list->size() == 3u);
    BOOST_TEST(status(list, 0) == "created");
    const int id = list->getObject(0)->getValue<int>("id");
    BOOST_TEST(errorOf(list, 1).find(R"(child \"type\" fails because [\"type\" must be one of)") != std::string::npos, errorOf(list, 1));
    BOOST_TEST(status(list, 2) == "duplicate");
    BOOST_TEST(list->getObject(2)->getValue<int>("id") == id);
    const HttpResult messages = drops.daemon.http().get("/api/v3/case-messages?guid=" + booked.guid, acme);
    BOOST_TEST(messages.array()->size() == 1u);
    BOOST_TEST(messages.array()->getObject(0)->getValue<std::string>("senderType") == "provider");
}

BOOST_AUTO_TEST_CASE(the_upload_endpoint_by_role) {
    Drops drops;
    const HttpClient& http = drops.daemon.http();
    const std::string body = caseLine("up-1") + "\n" + caseLine("up-2", {set("location", "99")}) + "\n";
    const std::map<std::string, std::string> ndjson = {{"Content-Type", "application/x-ndjson"}};
    auto upload = [&](const std::string& query, const std::string& token, const std::string& content) {
        auto headers = ndjson;
        headers["X-Hub-Api-Token"] = token;
        return http.request("POST", "/api/v3/imports" + query, content, headers);
    };
    const HttpResult queued = upload("?kind=cases", acme, body);
    BOOST_TEST_REQUIRE(queued.status == 202, queued.body);
    const auto row = queued.object()->getObject("data");
    BOOST_TEST(row->getValue<std::string>("status") == "queued");
    BOOST_TEST(row->getValue<std::string>("format") == "ndjson");
    const int id = row->getValue<int>("id");
    Poco::JSON::Object::Ptr done;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const HttpResult list = http.get("/api/v3/imports?status=done", acme);
            if (list.object()->getArray("data")->size() == 0) return false;
            done = list.object()->getArray("data")->getObject(0);
            return true;
        },
        10));
    BOOST_TEST(done->getValue<int>("id") == id);
    BOOST_TEST(done->getObject("totals")->getValue<int>("created") == 1);
    BOOST_TEST(done->getObject("totals")->getValue<int>("rejected") == 1);
    const HttpResult report = http.get("/api/v3/imports/report?id=" + std::to_string(id), acme);
    BOOST_TEST(report.status == 200);
    BOOST_TEST(report.object()->getObject("data")->getArray("records")->size() == 2u);
    BOOST_TEST(http.get("/api/v3/imports/rejected?id=" + std::to_string(id), acme).status == 404);  // not CSV

    const HttpResult again = upload("?kind=cases", acme, body);
    BOOST_TEST(again.object()->getObject("data")->getValue<std::string>("status") == "duplicate");
    BOOST_TEST(again.object()->getObject("data")->getValue<int>("duplicateOf") == id);

    // A CSV upload's rejected rows, in CSV.
    const HttpResult csv = http.request("POST", "/api/v3/imports?kind=cases&fileName=cases-up.csv",
                                        readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv"),
                                        {{"Content-Type", "text/csv"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(csv.status == 202, csv.body);
    const std::string csvId = std::to_string(csv.object()->getObject("data")->getValue<int>("id"));
    HttpResult rejected;
    BOOST_TEST(eventually([&] { return (rejected = http.get("/api/v3/imports/rejected?id=" + csvId, acme)).body.find("demo-0006") != std::string::npos; }, 10));
    BOOST_TEST(rejected.header("Content-Type") == "text/csv; charset=utf-8");
    // A media type that names no format, and no fileName: the first character tells it, and the name follows.
    const HttpResult plain = http.request("POST", "/api/v3/imports?kind=cases",
                                          readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv") + "\n",
                                          {{"Content-Type", "text/plain"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(plain.status == 202, plain.body);
    BOOST_TEST(plain.object()->getObject("data")->getValue<std::string>("format") == "csv");
    BOOST_TEST(plain.object()->getObject("data")->getValue<std::string>("file") == "cases-upload.csv");

    BOOST_TEST(upload("?kind=cases", infocare, body).status == 403);   // providers book no cases
    BOOST_TEST(upload("?kind=cases", admin, body).status == 403);      // nor does an admin
    BOOST_TEST(upload("?kind=cases", "", body).status == 401);
    BOOST_TEST(upload("?kind=invoices", acme, body).status == 400);
    BOOST_TEST(upload("", acme, body).status == 400);
    BOOST_TEST(upload("?kind=cases&colour=red", acme, body).status == 400);
    BOOST_TEST(http.get("/api/v3/imports/report?id=" + std::to_string(id), globex).status == 403);
    BOOST_TEST(http.get("/api/v3/imports/report?id=" + std::to_string(id), admin).status == 200);
    BOOST_TEST(http.get("/api/v3/imports/report?id=999999", acme).status == 404);
    BOOST_TEST(http.get("/api/v3/imports", globex).object()->getArray("data")->size() == 0u);
    BOOST_TEST(http.get("/api/v3/imports", admin).object()->getObject("pagination")->getValue<int>("total") == 4);
    BOOST_TEST(upload("?kind=messages", infocare, "").status == 202);  // providers send messages
}

// HTTP libraries and curl -F upload a file as a form: the first file part is the file, with its media type and name.
BOOST_AUTO_TEST_CASE(an_upload_sent_as_a_form_is_its_file_part) {
    Drops drops;
    const HttpClient http = drops.daemon.http();
    const std::string sample = readFile(SOHUB_SOURCE_DIR "/samples/drops/cases-demo.csv");
    const auto form = [](const std::string& file, const std::string& end) {
        return "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nfrom the desk\r\n"
               "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Cases-Form.csv\"\r\n"
               "Content-Type: text/csv\r\n\r\n" + file + end;
    };
    const std::map<std::string, std::string> headers = {{"Content-Type", "multipart/form-data; boundary=b0undary"},
                                                        {"X-Hub-Api-Token", acme}};
    const HttpResult sent = http.request("POST", "/api/v3/imports?kind=cases", form(sample, "\r\n--b0undary--\r\n"), headers);
    BOOST_TEST_REQUIRE(sent.status == 202, sent.body);
    const auto queued = sent.object()->getObject("data");
    BOOST_TEST(queued->getValue<std::string>("file") == "Cases-Form.csv");
    BOOST_TEST(queued->getValue<std::string>("format") == "csv");
    BOOST_TEST(queued->getValue<int>("bytes") == static_cast<int>(sample.size()));  // the part alone
    const std::string id = std::to_string(queued->getValue<int>("id"));
    BOOST_TEST(eventually([&] {
        const auto data = http.get("/api/v3/imports?id=" + id, acme).object()->getArray("data")->getObject(0);
        return data->getValue<std::string>("status") == "done" && data->getObject("totals")->getValue<int>("created") == 3;
    }, 15));
    // The same file sent as the body is the same content: a duplicate of the form's.
    const HttpResult raw = http.request("POST", "/api/v3/imports?kind=cases", sample, {{"Content-Type", "text/csv"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST(raw.object()->getObject("data")->getValue<std::string>("status") == "duplicate");

    // A form cut off inside its file part (no closing boundary) is refused, and nothing is kept or queued.
    const std::string other = sample.substr(0, sample.size() / 2);
    const HttpResult cut = http.request("POST", "/api/v3/imports?kind=cases", form(other, ""), headers);
    BOOST_TEST(cut.status == 400);
    BOOST_TEST(cut.body == R"x({"error":{"message":"The multipart/form-data body ends inside its file part (no closing boundary)"}})x");
    const HttpResult noFile = http.request("POST", "/api/v3/imports?kind=cases",
        "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b0undary--\r\n", headers);
    BOOST_TEST(noFile.status == 400);
    BOOST_TEST(noFile.body == R"x({"error":{"message":"The multipart/form-data body has no file part (a part with a filename)"}})x");
    BOOST_TEST(http.get("/api/v3/imports", acme).object()->getObject("pagination")->getValue<int>("total") == 2);
    // The two uploads queued are archived by the uploads job; the refused ones left nothing, not even a part file.
    std::set<std::string> staged;
    BOOST_TEST(eventually([&] {
        staged.clear();
        for (Poco::DirectoryIterator it(Poco::Path(drops.daemon.dataDir(), "uploads").toString()), end; it != end; ++it)
            if (it->isFile()) staged.insert(it.name());
        return staged.empty();
    }, 10), *staged.begin());
}

BOOST_AUTO_TEST_CASE(an_upload_over_the_limit_is_refused) {
    Drops drops({"imports.maxUploadBytes=1000"});
    const HttpResult r = drops.daemon.http().request("POST", "/api/v3/imports?kind=cases", std::string(5000, 'x'),
                                                     {{"X-Hub-Api-Token", acme}});
    BOOST_TEST(r.status == 413);
}

BOOST_AUTO_TEST_CASE(a_kill_in_the_middle_of_a_20000_row_file_books_every_row_exactly_once) {
    ScratchFolder folder;
    const std::vector<std::string> defines = with(fastDrops, {"data.dir=" + folder.path(), "scheduler.leaseSeconds=2",
                                                              "imports.chunkRecords=200"});
    const int rows = 20000;
    const std::string content = trackedCases("kill-", 0, rows);
    const std::string drop = Poco::Path(folder.path(), "drops/acme").toString();
    int before = 0;
    {
        Daemon first(defines);
        dropFile(drop, "cases-big.ndjson", content);
        BOOST_TEST_REQUIRE(eventually(
            [&] {
                const HttpResult r = first.http().get("/api/v3/imports", admin);
                const auto data = r.object()->getArray("data");
                if (data->size() == 0) return false;
                before = data->getObject(0)->getObject("totals")->getValue<int>("records");
                return before >= 1000;
            },
            60));
        first.kill();
    }
    BOOST_TEST_MESSAGE("killed after " << before << " records");
    BOOST_TEST(before < rows);
    {
        Daemon second(defines);
        const auto report = waitForReport(drop, "cases-big.ndjson", 120);
        BOOST_TEST(report->getValue<std::string>("status") == "done");
        BOOST_TEST(report->getObject("totals")->getValue<int>("created") == rows);
        const auto list = records(report);
        BOOST_TEST_REQUIRE(list->size() == static_cast<std::size_t>(rows));
        std::set<int> lines;
        for (unsigned i = 0; i < list->size(); ++i) lines.insert(list->getObject(i)->getValue<int>("line"));
        BOOST_TEST(lines.size() == static_cast<std::size_t>(rows));
        BOOST_TEST(*lines.begin() == 1);
        BOOST_TEST(*lines.rbegin() == rows);
    }
    Poco::Data::Session session = openStore(folder.path());
    int cases = 0, tracked = 0, distinctTracked = 0, events = 0, outcomes = 0, imports = 0;
    session << "SELECT COUNT(*) FROM cases", into(cases), now;
    session << "SELECT COUNT(*), COUNT(DISTINCT tracking_id) FROM external_requests WHERE tracking_id LIKE 'kill-%' "
               "AND status = 'success'",
        into(tracked), into(distinctTracked), now;
    session << "SELECT COUNT(*) FROM outbox WHERE event = 'caseCreated'", into(events), now;
    session << "SELECT COUNT(*), COUNT(DISTINCT import_id) FROM import_records", into(outcomes), into(imports), now;
    BOOST_TEST(cases == rows);
    BOOST_TEST(tracked == rows);
    BOOST_TEST(distinctTracked == rows);
    BOOST_TEST(events == rows);
    BOOST_TEST(outcomes == rows);
    BOOST_TEST(imports == 1);
    // SQLite does not enforce the schema's foreign keys at run time (PostgreSQL does): every row the killed and the
    // resumed import wrote names rows that exist.
    if (!onPostgres()) {
        Poco::Data::Statement check(session);
        check << "PRAGMA foreign_key_check", now;
        Poco::Data::RecordSet violations(check);
        BOOST_TEST(violations.rowCount() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(an_import_whose_file_was_replaced_after_a_kill_ends_failed_and_the_new_file_books_the_rest) {
    ScratchFolder folder;
    const std::string drop = Poco::Path(folder.path(), "drops/acme").toString();
    const int rows = 6000;
    killMidImport(killDefines(folder.path()), drop, "cases-big.ndjson", trackedCases("swap-", 0, rows));
    // The sender, with no report, sends the file again with more rows: other content under the same name.
    dropFile(drop, "cases-big.ndjson", trackedCases("swap-", 0, rows + 10));
    Poco::Thread::sleep(2500);  // the killed daemon's lease lapses: the new content's take finds the import it ends
    Daemon second(killDefines(folder.path()));
    const std::string failedReport = Poco::Path(drop, "error/cases-big.ndjson.report.json").toString();
    BOOST_TEST_REQUIRE(eventually([&] { return Poco::File(failedReport).exists(); }, 60));
    const auto abandoned = json(readFile(failedReport)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(abandoned->getValue<std::string>("status") == "failed");
    BOOST_TEST(abandoned->getValue<std::string>("error").find("removed or replaced") != std::string::npos,
               abandoned->getValue<std::string>("error"));
    const int applied = abandoned->getObject("totals")->getValue<int>("created");
    BOOST_TEST(applied >= 400);
    BOOST_TEST(applied < rows);
    BOOST_TEST(records(abandoned)->size() == static_cast<std::size_t>(applied));

    Poco::JSON::Object::Ptr report;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const std::string path = findBelow(Poco::Path(drop, "archive").toString(), "cases-big.ndjson.report.json");
            if (!path.empty()) report = json(readFile(path)).extract<Poco::JSON::Object::Ptr>();
            return !path.empty();
        },
        120));
    BOOST_TEST(report->getValue<std::string>("status") == "done");
    BOOST_TEST(report->getObject("totals")->getValue<int>("duplicates") == applied);
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == rows + 10 - applied);
    const auto list = second.http().get("/api/v3/imports?status=failed", admin).object()->getArray("data");
    BOOST_TEST_REQUIRE(list->size() == 1u);
    BOOST_TEST(list->getObject(0)->getValue<int>("id") == abandoned->getValue<int>("id"));

    Poco::Data::Session session = openStore(folder.path());
    int cases = 0, running = -1;
    session << "SELECT COUNT(*) FROM cases", into(cases), now;
    session << "SELECT COUNT(*) FROM imports WHERE status = 'running'", into(running), now;
    BOOST_TEST(cases == rows + 10);  // every row once, over the two imports
    BOOST_TEST(running == 0);
}

BOOST_AUTO_TEST_CASE(an_import_whose_file_was_removed_after_a_kill_ends_failed_and_the_same_content_resumes_it) {
    ScratchFolder folder;
    const std::string drop = Poco::Path(folder.path(), "drops/acme").toString();
    const std::string content = trackedCases("gone-", 0, 6000);
    killMidImport(killDefines(folder.path()), drop, "cases-gone.ndjson", content);
    Poco::File(Poco::Path(drop, "cases-gone.ndjson")).remove();
    Daemon second(killDefines(folder.path()));
    const std::string failedReport = Poco::Path(drop, "error/cases-gone.ndjson.report.json").toString();
    BOOST_TEST_REQUIRE(eventually([&] { return Poco::File(failedReport).exists(); }, 60));
    const auto abandoned = json(readFile(failedReport)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(abandoned->getValue<std::string>("status") == "failed");
    BOOST_TEST(abandoned->getValue<std::string>("error").find("removed or replaced") != std::string::npos);
    const int applied = abandoned->getObject("totals")->getValue<int>("created");
    BOOST_TEST(records(abandoned)->size() == static_cast<std::size_t>(applied));
    const HttpResult row =
        second.http().get("/api/v3/imports?id=" + std::to_string(abandoned->getValue<int>("id")), acme);
    BOOST_TEST(row.object()->getArray("data")->getObject(0)->getValue<std::string>("status") == "failed");
    Poco::Data::Session session = openStore(folder.path());
    int cases = 0;
    session << "SELECT COUNT(*) FROM cases", into(cases), now;
    BOOST_TEST(cases == applied);  // what was applied stays, as the report says

    // The sender drops the same content again: not a duplicate of the failed import (the rest of its records were
    // never applied) but the rest of it, resumed after its last committed record.
    dropFile(drop, "cases-gone-again.ndjson", content);
    const std::string archive = Poco::Path(drop, "archive").toString();
    std::string doneReport;
    BOOST_TEST_REQUIRE(eventually([&] { return !(doneReport = findBelow(archive, "cases-gone-again.ndjson.report.json")).empty(); }, 60));
    const auto resumed = json(readFile(doneReport)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(resumed->getValue<int>("id") == abandoned->getValue<int>("id"));
    BOOST_TEST(resumed->getValue<std::string>("status") == "done");
    BOOST_TEST(resumed->getValue<std::string>("file") == "cases-gone-again.ndjson");
    BOOST_TEST(resumed->getObject("totals")->getValue<int>("created") == 6000);
    BOOST_TEST(resumed->getObject("totals")->getValue<int>("duplicates") == 0);  // resumed, not read again from the top
    const auto lines = records(resumed);
    BOOST_TEST_REQUIRE(lines->size() == 6000u);
    for (unsigned i = 0; i < lines->size(); ++i) BOOST_TEST(lines->getObject(i)->getValue<int>("line") == static_cast<int>(i) + 1);
    const auto listed = second.http().get("/api/v3/imports", acme).object()->getArray("data");
    BOOST_TEST(listed->size() == 1u);  // no second import of the content
    int distinct = 0;
    session << "SELECT COUNT(*), COUNT(DISTINCT guid) FROM cases", into(cases), into(distinct), now;
    BOOST_TEST(cases == 6000);
    BOOST_TEST(distinct == 6000);
    BOOST_TEST(Poco::File(failedReport).exists());  // the first report stays where the sender found it
}

// Migration 13 on a store whose import was cut short before it: the import is found by its error and resumed too.
BOOST_AUTO_TEST_CASE(an_import_cut_short_before_migration_13_is_resumed_by_the_same_content) {
    ScratchFolder folder;
    const std::string drop = Poco::Path(folder.path(), "drops/acme").toString();
    const std::string content = trackedCases("old-", 0, 6000);
    killMidImport(killDefines(folder.path()), drop, "cases-old.ndjson", content);
    Poco::File(Poco::Path(drop, "cases-old.ndjson")).remove();
    {
        Daemon second(killDefines(folder.path()));
        BOOST_TEST_REQUIRE(eventually([&] { return Poco::File(Poco::Path(drop, "error/cases-old.ndjson.report.json")).exists(); }, 60));
    }
    {
        // The store as version 12 left it: no cut_short column.
        Poco::Data::Session session = openStore(folder.path());
        session << "ALTER TABLE imports DROP COLUMN cut_short", now;
        session << "DELETE FROM schema_migrations WHERE version = 13", now;
    }
    Daemon third(killDefines(folder.path()));
    BOOST_TEST(third.log().find("applying migration 13 (") != std::string::npos);
    dropFile(drop, "cases-old.ndjson", content);
    std::string report;
    BOOST_TEST_REQUIRE(eventually([&] { return !(report = findBelow(Poco::Path(drop, "archive").toString(), "cases-old.ndjson.report.json")).empty(); }, 60));
    const auto resumed = json(readFile(report)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(resumed->getValue<int>("id") == 1);
    BOOST_TEST(resumed->getValue<std::string>("status") == "done");
    BOOST_TEST(resumed->getObject("totals")->getValue<int>("created") == 6000);
    BOOST_TEST(resumed->getObject("totals")->getValue<int>("duplicates") == 0);
    BOOST_TEST(records(resumed)->size() == 6000u);
}

namespace {

std::size_t importsListed(const Drops& drops, const std::string& state) {
    return drops.daemon.http().get("/api/v3/imports?status=" + state, admin).object()->getArray("data")->size();
}

// The rows of the file held up mid-import: 120 chunks of 50, a file still under way when the store is held a moment
// after its import began, and one whose 120 commits take seconds, not minutes, on a loaded machine's PostgreSQL.
constexpr int midImportRows = 6000;

// Drops a file NAME of midImportRows rows with trackingIds PREFIX0 onwards, waits until its import runs, and calls
// `whileHeld` while another writer holds the store (SQLite: its write lock; PostgreSQL: locks on `tables`, reads
// going on).
void holdStoreMidImport(const Drops& drops, const std::string& name, const std::string& prefix,
                        const std::string& tables, const std::function<void()>& whileHeld) {
    dropFile(drops.acme(), name, trackedCases(prefix, 0, midImportRows));
    bool started = false;
    for (int i = 0; i < 30000 && !(started = importsListed(drops, "running") == 1); ++i) Poco::Thread::sleep(1);
    BOOST_TEST_REQUIRE(started);
    HeldStore held(drops.daemon.dataDir(), tables);
    whileHeld();
    held.release();
}

// Drops a file of midImportRows rows, holds the store's write lock (SQLite; on PostgreSQL a lock on the imports table
// that each chunk's progress waits for) while its import runs, so that it stops between two chunks and cannot finish
// meanwhile, lets `change` act on the drop's file, and proves that the import applied exactly the content it took
// (every row), that the file was left in place, and that its new content was imported after as a file of its own
// (50 rows).
void changeMidImport(const std::function<void(const std::string& drop)>& change) {
    Drops drops({"imports.chunkRecords=50", "store.busyTimeoutMs=60000"});
    const HttpClient& http = drops.daemon.http();
    holdStoreMidImport(drops, "cases-swap.ndjson", "first-", "imports", [&] {
        // Still mid-file: it cannot commit its last chunk while the lock is held.
        BOOST_TEST_REQUIRE(importsListed(drops, "running") == 1);
        change(drops.acme());
    });
    Poco::JSON::Array::Ptr done;
    BOOST_TEST_REQUIRE(eventually(
        [&] { return (done = http.get("/api/v3/imports?status=done", admin).object()->getArray("data"))->size() == 2; },
        60));
    // Newest first: the second content as a file of its own, the first with every one of its rows.
    BOOST_TEST(done->getObject(0)->getObject("totals")->getValue<int>("created") == 50);
    BOOST_TEST(done->getObject(1)->getObject("totals")->getValue<int>("created") == midImportRows);
    BOOST_TEST(done->getObject(1)->getObject("totals")->getValue<int>("rejected") == 0);
    // An import is done before it is settled (its reports put, then its file moved): wait for the second's move.
    BOOST_TEST(eventually([&] { return !Poco::File(Poco::Path(drops.acme(), "cases-swap.ndjson")).exists(); }, 15));
    std::vector<std::string> staged;  // the copies taken, unnamed, leave nothing behind
    Poco::File(Poco::Path(drops.daemon.dataDir(), "staging/drop-acme")).list(staged);
    BOOST_TEST(staged.empty());
    const std::string first = findBelow(Poco::Path(drops.acme(), "archive").toString(), "cases-swap.ndjson.report.json");
    const std::string second = findBelow(Poco::Path(drops.acme(), "archive").toString(), "cases-swap.1.ndjson.report.json");
    BOOST_TEST_REQUIRE(!first.empty());
    BOOST_TEST_REQUIRE(!second.empty());
    BOOST_TEST(json(readFile(first)).extract<Poco::JSON::Object::Ptr>()->getObject("totals")->getValue<int>("created") ==
               midImportRows);
    Poco::Data::Session session = openStore(drops.daemon.dataDir());
    int firstCases = 0, secondCases = 0;
    session << "SELECT COUNT(*) FROM external_requests WHERE tracking_id LIKE 'first-%' AND status = 'success'",
        into(firstCases), now;
    session << "SELECT COUNT(*) FROM external_requests WHERE tracking_id LIKE 'second-%' AND status = 'success'",
        into(secondCases), now;
    BOOST_TEST(firstCases == midImportRows);
    BOOST_TEST(secondCases == 50);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_file_replaced_while_it_is_imported_is_left_in_place_and_imported_as_other_content) {
    // Another file renamed over the name (as a sender's temporary file is).
    changeMidImport([](const std::string& drop) { dropFile(drop, "cases-swap.ndjson", trackedCases("second-", 0, 50), 5); });
}

BOOST_AUTO_TEST_CASE(a_file_rewritten_in_place_while_it_is_imported_is_left_in_place_and_imported_as_other_content) {
    // The same file truncated and written again (a script's `> cases-swap.ndjson`): a linked file would change under
    // the import, which would go on reading the new content from where it was in the old.
    changeMidImport([](const std::string& drop) {
        const std::string path = Poco::Path(drop, "cases-swap.ndjson").toString();
        {
            Poco::FileOutputStream out(path, std::ios::out | std::ios::trunc | std::ios::binary);
            out << trackedCases("second-", 0, 50);
        }
        Poco::File(path).setLastModified(Poco::Timestamp() - Poco::Timespan(5, 0));
    });
}

// The store takes no write for a while in the middle of an import (another writer holds it past store.busyTimeoutMs:
// SQLite's write lock; on PostgreSQL, locks on the imports and jobs tables): the chunk that cannot commit ends the
// drop's run, whose end cannot be recorded either. Once the store is free, the run's end is recorded (its job lease
// given back) and the next poll resumes the import at its first uncommitted chunk, every row once: long before the
// job's lease (scheduler.leaseSeconds, 120 here) would have expired and been taken over.
BOOST_AUTO_TEST_CASE(an_import_whose_store_takes_no_write_for_a_while_resumes_once_it_does) {
    Drops drops({"imports.chunkRecords=50", "store.busyTimeoutMs=300", "scheduler.leaseSeconds=120"});
    const HttpClient& http = drops.daemon.http();
    holdStoreMidImport(drops, "cases-held.ndjson", "held-", "imports, jobs", [&] {
        // The drop's run, not another job's that happened to end while the store was held (the export's first run).
        const auto unrecorded = [&] {
            return drops.daemon.loggedLine({"Job drop:acme: run ", "could not be recorded"});
        };
        BOOST_TEST_REQUIRE(eventually(unrecorded, 30), drops.daemon.log());
        BOOST_TEST_REQUIRE(importsListed(drops, "running") == 1);  // mid-file
    });
    BOOST_TEST_REQUIRE(eventually([&] { return importsListed(drops, "done") == 1; }, 60), drops.daemon.log());
    BOOST_TEST(drops.daemon.log().find("recorded (failed) now that the store takes writes again") != std::string::npos);
    const auto done = http.get("/api/v3/imports?status=done", admin).object()->getArray("data")->getObject(0);
    BOOST_TEST(done->getObject("totals")->getValue<int>("records") == midImportRows);
    BOOST_TEST(done->getObject("totals")->getValue<int>("created") == midImportRows);
    Poco::Data::Session session = openStore(drops.daemon.dataDir());
    int booked = 0, distinct = 0;
    session << "SELECT COUNT(*), COUNT(DISTINCT tracking_id) FROM external_requests WHERE tracking_id LIKE 'held-%' "
               "AND status = 'success'",
        into(booked), into(distinct), now;
    BOOST_TEST(booked == midImportRows);
    BOOST_TEST(distinct == midImportRows);
}

BOOST_AUTO_TEST_CASE(a_report_that_could_not_be_put_is_put_at_a_later_poll_once_the_file_has_left_the_drop) {
    Drops drops;
    // Today's (and, should the date turn meanwhile, tomorrow's) archive folder is taken by a plain file: every put there
    // fails, as a full disk or a broken SFTP connection would fail it.
    const Poco::Timestamp today;
    std::vector<std::string> blockers;
    for (const Poco::Timestamp& day : {today, today + Poco::Timespan(1, 0, 0, 0, 0)}) {
        blockers.push_back(Poco::Path(drops.acme(), "archive/" + sohub::isoDate(day).substr(0, 10)).toString());
        Poco::FileOutputStream(blockers.back()) << "in the way";
    }
    dropFile(drops.acme(), "cases-blocked.ndjson", trackedCases("blocked-", 0, 3));
    const HttpClient& http = drops.daemon.http();
    BOOST_TEST_REQUIRE(eventually(
        [&] { return http.get("/api/v3/imports?status=done", admin).object()->getArray("data")->size() == 1; }, 15));
    Poco::Thread::sleep(2500);  // a poll or two more, each failing to settle it
    BOOST_TEST(Poco::File(Poco::Path(drops.acme(), "cases-blocked.ndjson")).exists());
    BOOST_TEST(findBelow(drops.acme(), "cases-blocked.ndjson.report.json").empty());
    // The operator takes the file away and clears the way: the import's report is put all the same.
    Poco::File(Poco::Path(drops.acme(), "cases-blocked.ndjson")).remove();
    for (const std::string& blocker : blockers) Poco::File(blocker).remove();
    std::string report;
    BOOST_TEST_REQUIRE(eventually(
        [&] { return !(report = findBelow(drops.acme(), "cases-blocked.ndjson.report.json")).empty(); }, 15));
    const auto written = json(readFile(report)).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(written->getValue<std::string>("status") == "done");
    BOOST_TEST(written->getObject("totals")->getValue<int>("created") == 3);
    BOOST_TEST(report.find("/archive/") != std::string::npos, report);
    BOOST_TEST(http.get("/api/v3/imports", admin).object()->getArray("data")->size() == 1);  // applied once
}

BOOST_AUTO_TEST_CASE(uploads_go_to_the_configured_uploads_folder) {
    // Several daemons on one store share it (any of them applies an upload another received): a folder of its own.
    ScratchFolder shared;
    Drops drops({"imports.uploadsFolder=" + shared.path()});
    const HttpResult queued = drops.daemon.http().request("POST", "/api/v3/imports?kind=cases&fileName=cases-shared.ndjson",
                                                          trackedCases("shared-", 0, 2),
                                                          {{"Content-Type", "application/x-ndjson"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(queued.status == 202, queued.body);
    std::string report;
    BOOST_TEST_REQUIRE(eventually(
        [&] { return !(report = findBelow(Poco::Path(shared.path(), "archive").toString(), "cases-shared.ndjson.report.json")).empty(); },
        15));
    BOOST_TEST(json(readFile(report)).extract<Poco::JSON::Object::Ptr>()->getObject("totals")->getValue<int>("created") == 2);
    BOOST_TEST(!Poco::File(Poco::Path(drops.daemon.dataDir(), "uploads")).exists());
}

BOOST_AUTO_TEST_CASE(what_a_broken_off_upload_left_in_the_uploads_folder_is_cleared_after_an_hour) {
    Drops drops;
    const std::string uploads = Poco::Path(drops.daemon.dataDir(), "uploads").toString();
    Poco::File(uploads).createDirectories();
    const auto place = [&](const std::string& name, int ageSeconds) {
        const std::string path = Poco::Path(uploads, name).toString();
        Poco::FileOutputStream(path) << caseLine("orphan") << "\n";
        Poco::File(path).setLastModified(Poco::Timestamp() - Poco::Timespan(ageSeconds, 0));
        return path;
    };
    const std::string partial = place(".01a23cd5-02a2-7df2-9e10-7dbb150b9d8e.part", 7200);  // a body cut off
    const std::string unqueued = place("01a23cd5-02a2-7df2-9e10-7dbb150b9d8f-cases-lost.csv", 7200);  // never queued
    const std::string fresh = place("01a23cd5-02a2-7df2-9e10-7dbb150b9d90-cases-new.csv", 60);  // may be queued yet
    const std::string foreign = place("notes.txt", 7200);  // not a name the hub gives
    // A real upload goes through meanwhile, and the job runs every second.
    const HttpResult queued = drops.daemon.http().request("POST", "/api/v3/imports?kind=cases&fileName=cases-real.ndjson",
                                                          trackedCases("real-", 0, 1),
                                                          {{"Content-Type", "application/x-ndjson"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(queued.status == 202, queued.body);
    BOOST_TEST_REQUIRE(eventually([&] { return !Poco::File(partial).exists() && !Poco::File(unqueued).exists(); }, 15));
    BOOST_TEST(Poco::File(fresh).exists());
    BOOST_TEST(Poco::File(foreign).exists());
    BOOST_TEST_REQUIRE(eventually([&] { return !findBelow(Poco::Path(uploads, "archive").toString(), "cases-real.ndjson.report.json").empty(); }, 15));
}

BOOST_AUTO_TEST_CASE(an_upload_whose_staged_file_is_gone_fails_and_does_not_hold_up_the_next) {
    // Run by hand below, once both are queued: "every 1h" ran once at the start too, and on a slow start that run took
    // the first upload while the test took its file away (it was left leased, so the hand run could not end it).
    Drops drops({"imports.uploadSchedule=0 0 1 1 *"});
    const HttpClient& http = drops.daemon.http();
    const auto upload = [&](const std::string& name, const std::string& trackingId) {
        const HttpResult r = http.request("POST", "/api/v3/imports?kind=cases&fileName=" + name, caseLine(trackingId) + "\n",
                                          {{"Content-Type", "application/x-ndjson"}, {"X-Hub-Api-Token", acme}});
        BOOST_TEST_REQUIRE(r.status == 202, r.body);
        return std::to_string(r.object()->getObject("data")->getValue<int>("id"));
    };
    const std::string lost = upload("lost.ndjson", "lost-1");
    const std::string kept = upload("kept.ndjson", "kept-1");
    // An operator clears the first one's staged file away.
    const std::string uploads = Poco::Path(drops.daemon.dataDir(), "uploads").toString();
    int removed = 0;
    for (Poco::DirectoryIterator it(uploads), end; it != end; ++it)
        if (it->isFile() && it.name().size() > 12 && it.name().substr(it.name().size() - 12) == "-lost.ndjson") {
            it->remove();
            ++removed;
        }
    BOOST_TEST_REQUIRE(removed == 1);
    BOOST_TEST_REQUIRE(http.post("/api/v3/jobs/run", admin, std::string(R"({"name":"imports:uploads"})")).status == 202);
    const auto statusOf = [&](const std::string& id) {
        return http.get("/api/v3/imports?id=" + id, acme).object()->getArray("data")->getObject(0)->getValue<std::string>(
            "status");
    };
    BOOST_TEST_REQUIRE(eventually([&] { return statusOf(kept) == "done"; }, 15));  // not held up by the lost one
    BOOST_TEST(statusOf(lost) == "failed");
    const HttpResult report = http.get("/api/v3/imports/report?id=" + lost, acme);
    BOOST_TEST_REQUIRE(report.status == 200, report.body);
    BOOST_TEST(report.object()->getObject("data")->getValue<std::string>("error").find("no longer in the uploads folder") !=
               std::string::npos);
    BOOST_TEST(Poco::File(Poco::Path(uploads, "error/lost.ndjson.report.json")).exists());

    // The same content uploaded again: the import cut short is queued again (its id), not answered as a duplicate.
    const HttpResult again = http.request("POST", "/api/v3/imports?kind=cases&fileName=lost-again.ndjson",
                                          caseLine("lost-1") + "\n",
                                          {{"Content-Type", "application/x-ndjson"}, {"X-Hub-Api-Token", acme}});
    BOOST_TEST_REQUIRE(again.status == 202, again.body);
    const auto queued = again.object()->getObject("data");
    BOOST_TEST(std::to_string(queued->getValue<int>("id")) == lost);
    BOOST_TEST(queued->getValue<std::string>("status") == "queued");
    BOOST_TEST(queued->getValue<std::string>("file") == "lost-again.ndjson");
    BOOST_TEST(queued->get("duplicateOf").isEmpty());
    BOOST_TEST_REQUIRE(http.post("/api/v3/jobs/run", admin, std::string(R"({"name":"imports:uploads"})")).status == 202);
    BOOST_TEST_REQUIRE(eventually([&] { return statusOf(lost) == "done"; }, 15));
    const auto done = http.get("/api/v3/imports/report?id=" + lost, acme).object()->getObject("data");
    BOOST_TEST(done->getObject("totals")->getValue<int>("created") == 1);
    BOOST_TEST(http.get("/api/v3/imports", acme).object()->getArray("data")->size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_purge_deletes_finished_imports_older_than_its_age) {
    Drops drops({"jobs.purge.olderThan=1s"});
    dropFile(drops.acme(), "cases-old.ndjson", caseLine("old-1") + "\n" + caseLine("old-2") + "\n");
    const auto report = waitForReport(drops.acme(), "cases-old.ndjson");
    const int id = report->getValue<int>("id");
    BOOST_TEST(drops.daemon.http().get("/api/v3/imports/report?id=" + std::to_string(id), acme).status == 200);
    Poco::Thread::sleep(1500);
    BOOST_TEST_REQUIRE(drops.daemon.http().post("/api/v3/jobs/run", admin, std::string(R"({"name":"purge"})")).status == 202);
    std::string message;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            const HttpResult history = drops.daemon.http().get("/api/v3/jobs/history?name=purge", admin);
            const auto runs = history.object()->getArray("data");
            if (runs->size() == 0 || runs->getObject(0)->getValue<std::string>("status") != "finished") return false;
            message = runs->getObject(0)->getValue<std::string>("message");
            return true;
        },
        10));
    BOOST_TEST(message.find("2 import record outcomes, 1 imports") != std::string::npos, message);
    BOOST_TEST(drops.daemon.http().get("/api/v3/imports/report?id=" + std::to_string(id), acme).status == 404);
    // The cases booked stay: only the import's own records go.
    const std::string guid = records(report)->getObject(0)->getValue<std::string>("guid");
    BOOST_TEST(drops.daemon.http().get("/api/v3/case?guid=" + guid, acme).status == 200);
}

// SQLite keeps its log file at the largest size it grew to, and a large import outruns the checkpoints: once the
// writes pause, a log past store.walSizeLimitMiB is emptied, and nothing it held is lost.
BOOST_AUTO_TEST_CASE(the_log_a_large_import_grew_is_emptied_once_the_writes_pause,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return !onPostgres(); })) {
    Drops drops({"store.walSizeLimitMiB=1"});
    const Poco::File log(Poco::Path(drops.daemon.dataDir(), "sohub.db-wal"));
    const auto logSize = [&] { return log.exists() ? static_cast<long long>(log.getSize()) : 0LL; };
    const int rows = 5000;
    dropFile(drops.acme(), "cases-many.ndjson", trackedCases("wal-", 0, rows));
    long long largest = 0;
    BOOST_TEST_REQUIRE(eventually(
        [&] {
            largest = std::max(largest, logSize());
            const auto data = drops.daemon.http().get("/api/v3/imports", admin).object()->getArray("data");
            return data->size() == 1 && data->getObject(0)->getValue<std::string>("status") == "done";
        },
        60));
    BOOST_TEST_MESSAGE("the log grew to " << largest << " bytes");
    BOOST_TEST_REQUIRE(largest > (1LL << 20));
    BOOST_TEST(eventually([&] { return logSize() <= (1LL << 20); }, 30), "the log is still " << logSize() << " bytes");
    const auto report = waitForReport(drops.acme(), "cases-many.ndjson");
    BOOST_TEST(report->getObject("totals")->getValue<int>("created") == rows);
    // Every case is in the store, and a booking after the log was emptied is read back.
    Poco::Data::Session session = openStore(drops.daemon.dataDir());
    int cases = 0;
    session << "SELECT COUNT(*) FROM cases", into(cases), now;
    BOOST_TEST(cases == rows);
    const BookedCase booked = bookCase(drops.daemon.http(), acme);
    BOOST_TEST(drops.daemon.http().get("/api/v3/case?guid=" + booked.guid, acme).status == 200);
}
