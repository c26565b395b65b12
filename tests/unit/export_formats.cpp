// Unit: what each export format writes of a message's text, read back as a provider's system would read it.
#define BOOST_TEST_MODULE unit_export_formats
#include <boost/test/unit_test.hpp>

#include "exporters/AckFile.h"
#include "exporters/MessageFormat.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>

#include <sstream>

using namespace sohub;

namespace {

std::string written(const std::string& format, const Message& message) {
    auto writer = makeMessageFormat(format, CsvOptions());
    std::ostringstream out;
    writer->begin(out, 1);
    writer->write(out, message);
    writer->end(out);
    return out.str();
}

Message withContent(const std::string& content) {
    Message message;
    message.id = 1;
    message.caseId = 2;
    message.caseGuid = "01a23431-ce5f-7511-8dcb-c1a1364d1029";
    message.type = "statusRequest";
    message.content = content;
    message.createdAt = message.updatedAt = message.declaredAt = "2026-12-01T00:00:00.000Z";
    return message;
}

std::string xmlContent(const std::string& xml) {
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(xml);
    Poco::AutoPtr<Poco::XML::NodeList> contents = document->getElementsByTagName("content");
    return contents->item(0)->innerText();
}

}  // namespace

// Found by fuzz_export_roundtrip: a parser turns a literal carriage return into a line feed, and XML 1.0 has no
// way at all to carry the other C0 controls, so the file could not be read back as written.
BOOST_AUTO_TEST_CASE(xml_keeps_carriage_returns_and_writes_what_it_cannot_carry_as_a_replacement_character) {
    BOOST_TEST(xmlContent(written("xml", withContent("line one\r\nline two\rthree"))) == "line one\r\nline two\rthree");
    BOOST_TEST(xmlContent(written("xml", withContent("tab\there <&> \"q\""))) == "tab\there <&> \"q\"");
    BOOST_TEST(xmlContent(written("xml", withContent(std::string("bell\x07" "end")))) == "bell\xEF\xBF\xBD" "end");
}

BOOST_AUTO_TEST_CASE(csv_quotes_a_cell_with_a_delimiter_quote_or_line_break) {
    const std::string csv = written("csv", withContent("Say \"hi\", then\r\ngo"));
    BOOST_TEST(csv.find(",\"Say \"\"hi\"\", then\r\ngo\",") != std::string::npos);
}

// Acknowledgements are known by their name's ending, in any letter case (a Windows tool's BATCH.ACK.TXT).
BOOST_AUTO_TEST_CASE(acknowledgement_names_are_known_in_any_letter_case) {
    using sohub::AckFile;
    BOOST_TEST(AckFile::isAck("messages-1.ndjson.ack"));
    BOOST_TEST(AckFile::isAck("MESSAGES-1.NDJSON.ACK"));
    BOOST_TEST(AckFile::isAck("some.Ack.Txt"));
    BOOST_TEST(AckFile::isAck("some.ACK.JSON"));
    BOOST_TEST(!AckFile::isAck("some.acknowledged"));
    BOOST_TEST(!AckFile::isAck("ack"));
    const sohub::JsonLimits limits;
    const AckFile whole = AckFile::read("MESSAGES-1.NDJSON.ACK", " ABC \n", limits);
    BOOST_TEST(whole.wholeBatch);
    BOOST_TEST(whole.batchFile == "MESSAGES-1.NDJSON");
    BOOST_TEST(whole.sha256 == "abc");
    const AckFile listed = AckFile::read("some.ACK.JSON", "[7, 8]", limits);
    BOOST_TEST(!listed.wholeBatch);
    BOOST_TEST(listed.problem.empty());
    BOOST_TEST(listed.ids->size() == 2u);
    const AckFile lines = AckFile::read("some.Ack.Txt", "7\n8\n", limits);
    BOOST_TEST(lines.problem.empty());
    BOOST_TEST(lines.ids->size() == 2u);
}
