// Unit: the record readers (CSV as spreadsheets write it, NDJSON, JSON arrays), cell types and charsets.
#define BOOST_TEST_MODULE unit_record_readers
#include <boost/test/unit_test.hpp>

#include "domain/Json.h"
#include "importers/CsvReader.h"
#include "importers/DecodedText.h"
#include "importers/RecordReader.h"

#include <sstream>

using namespace sohub;

namespace {

std::vector<Record> readAll(const std::string& text, const std::string& format, RecordKind kind = RecordKind::Cases,
                            std::size_t maxRecordBytes = 1024 * 1024, std::vector<std::string>* warnings = nullptr) {
    std::istringstream in(text);
    ReaderSettings settings;
    settings.kind = kind;
    settings.maxRecordBytes = maxRecordBytes;
    auto reader = openRecordReader(in, format, settings);
    std::vector<Record> records;
    Record record;
    while (reader->next(record)) records.push_back(record);
    if (warnings) *warnings = reader->warnings();
    return records;
}

std::string bodyOf(const Record& record) { return record.body ? toJsonText(*record.body) : "error: " + record.error; }

}  // namespace

BOOST_AUTO_TEST_CASE(csv_as_a_spreadsheet_saves_it) {
    // Semicolons, CRLF, a quoted cell with a newline and a doubled quote, no newline after the last row.
    const std::string text =
        "serviceType;manufacturer;customer.postalCode;productData.problemText;acceptConditions;colour\r\n"
        "4;1012;0123;\"Screen \"\"cracked\"\"\r\nand dark\";TRUE;red\r\n"
        "4;apple;99;plain;0;blue";
    std::vector<std::string> warnings;
    const auto records = readAll(text, "csv", RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST_REQUIRE(records.size() == 2u);
    BOOST_TEST(records[0].line == 2);
    BOOST_TEST(bodyOf(records[0]) ==
               R"({"serviceType":4,"manufacturer":1012,"customer":{"postalCode":"0123"},"productData":{"problemText":"Screen \"cracked\"\r\nand dark"},"acceptConditions":true})");
    BOOST_TEST(records[1].line == 4);  // the quoted newline took a line
    BOOST_TEST(bodyOf(records[1]) ==
               R"({"serviceType":4,"manufacturer":"apple","customer":{"postalCode":"99"},"productData":{"problemText":"plain"},"acceptConditions":false})");
    BOOST_TEST(records[1].raw == "4;apple;99;plain;0;blue");
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "Unknown column 'colour' is ignored, as the API drops unknown fields");
}

// A rejected rows file sent again as it is: its error column is the report's own, not an unknown field.
BOOST_AUTO_TEST_CASE(the_rejected_rows_files_error_column_is_read_without_a_warning) {
    const std::string text = "serviceType;colour;error\r\n4;red;\"serviceType: Value is not present; more\"\r\n";
    std::vector<std::string> warnings;
    const auto records = readAll(text, "csv", RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST_REQUIRE(records.size() == 1u);
    BOOST_TEST(bodyOf(records[0]) == R"({"serviceType":4})");
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "Unknown column 'colour' is ignored, as the API drops unknown fields");
}

// A column given twice, or one that fills what another fills, was taken silently (the one further right won): the
// report now says so, once per column, and the row is built as before.
BOOST_AUTO_TEST_CASE(columns_that_fill_the_same_field_are_named_in_a_warning) {
    std::vector<std::string> warnings;
    auto records = readAll("customer.email,serviceType,customer.email,colour\na@b.se,4,c@d.se,red\n", "csv",
                           RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST_REQUIRE(records.size() == 1u);
    BOOST_TEST(bodyOf(records[0]) == R"({"customer":{"email":"c@d.se"},"serviceType":4})");
    BOOST_TEST_REQUIRE(warnings.size() == 2u);
    BOOST_TEST(warnings[0] == "Column 'customer.email' is given twice: in a row, the cell further right is used");
    BOOST_TEST(warnings[1] == "Unknown column 'colour' is ignored, as the API drops unknown fields");

    records = readAll("customer,customer.type,customer.email,orderData.refNo\nme,1,a@b.se,R1\n", "csv",
                      RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST_REQUIRE(records.size() == 1u);
    BOOST_TEST(bodyOf(records[0]) == R"({"customer":{"type":1,"email":"a@b.se"},"orderData":{"refNo":"R1"}})");
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] ==
               "Columns 'customer' and 'customer.type' fill the same field: in a row, the cell further right is used");

    // Columns that share an object but fill fields of their own are no overlap.
    readAll("customer.type,customer.email,customerX\n1,a@b.se,x\n", "csv", RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST(warnings.size() == 1u);  // customerX is unknown, nothing else
}

// A column with no name between named ones (a forgotten header cell) lost its cells silently; empty columns after the
// last name, as spreadsheets leave them, say nothing.
BOOST_AUTO_TEST_CASE(a_column_with_no_name_between_named_ones_is_named_in_a_warning) {
    std::vector<std::string> warnings;
    const auto records =
        readAll("serviceType;;location; ;;\n4;x;3;;;\n", "csv", RecordKind::Cases, 1 << 20, &warnings);
    BOOST_TEST_REQUIRE(records.size() == 1u);
    BOOST_TEST(bodyOf(records[0]) == R"({"serviceType":4,"location":3})");
    BOOST_TEST_REQUIRE(warnings.size() == 1u);
    BOOST_TEST(warnings[0] == "Column 2 has no name in the header: its cells are ignored");
}

BOOST_AUTO_TEST_CASE(csv_cells_are_typed_by_their_field_or_their_header) {
    const std::string text =
        "location,orderData.partnerSpecific.acme.acmeUniqueFloatProperty:number,orderData.partnerSpecific.acme.flag:boolean,"
        "orderData.partnerSpecific.acme.code,productData.accessory.1093,orderData.consents.ConsentTerms,customer.type,"
        "productData.weight,shipping\n"
        "3,5.1,true,007,1,true,1,\"2,5\",\n"
        "x,abc,maybe,,,,,,\n";
    const auto records = readAll(text, "csv");
    BOOST_TEST_REQUIRE(records.size() == 2u);
    BOOST_TEST(bodyOf(records[0]) ==
               R"({"location":3,"orderData":{"partnerSpecific":{"acme":{"acmeUniqueFloatProperty":5.1,"flag":true,"code":"007"}},"consents":{"ConsentTerms":true}},"productData":{"accessory":{"1093":true},"weight":2.5},"customer":{"type":1}})");
    // Not of the field's type: left as text, for the validator to name the problem as the API does.
    BOOST_TEST(bodyOf(records[1]) ==
               R"({"location":"x","orderData":{"partnerSpecific":{"acme":{"acmeUniqueFloatProperty":"abc","flag":"maybe"}}}})");
    // A free field is not validated (the API keeps it as sent): the header's type is checked here instead.
    BOOST_TEST(records[0].cellProblems.empty());
    BOOST_TEST(toJsonText(*records[1].cellProblems.toJson()) ==
               R"({"orderData.partnerSpecific.acme.acmeUniqueFloatProperty":["Must be a number"],)"
               R"("orderData.partnerSpecific.acme.flag":["Must be a boolean"]})");
}

// An integer field's cell written with a fraction ("4.0", "4,0" as a spreadsheet's number format may save it) is a
// number, as JSON's 4.0 is: the validator takes 4.0 and calls 4.5 no integer. An id-or-alias or a date stays text.
BOOST_AUTO_TEST_CASE(an_integer_fields_cell_with_a_fraction_is_a_number) {
    const auto records = readAll("serviceType;location;customer.type;manufacturer;productType\n"
                                 "4.0;\"3,0\";1.5;1012.0;7.1\n",
                                 "csv");
    BOOST_TEST_REQUIRE(records.size() == 1u);
    BOOST_TEST(bodyOf(records[0]) ==
               R"({"serviceType":4,"location":3,"customer":{"type":1.5},"manufacturer":"1012.0","productType":"7.1"})");
    BOOST_TEST(records[0].cellProblems.empty());
    const auto messages = readAll("guid,type,parentMessageId,declaredAt\ng,serviceComment,12.0,25.07\n", "csv",
                                  RecordKind::Messages);
    BOOST_TEST_REQUIRE(messages.size() == 1u);
    BOOST_TEST(bodyOf(messages[0]) ==
               R"({"guid":"g","type":"serviceComment","parentMessageId":12,"declaredAt":"25.07"})");
}

// A cell is typed after the white space around it is taken off; a sign, a comma as the decimal point and letter case
// in true/false are taken; a number beyond 64 bits stays text, for the validator to name.
BOOST_AUTO_TEST_CASE(typed_cells_take_spaces_signs_and_letter_case) {
    const auto records = readAll("location,serviceType,customer.type,productData.weight,noPassword,shipping\n"
                                 "\" 12 \",+7,-3,\"-,5\", TRUE ,99999999999999999999\n"
                                 "1,2,0,\"+1,5\",False,1\n"
                                 "1,2,0,-,yes,\t8\n",
                                 "csv");
    BOOST_TEST_REQUIRE(records.size() == 3u);
    BOOST_TEST(bodyOf(records[0]) == R"({"location":12,"serviceType":7,"customer":{"type":-3},)"
                                     R"("productData":{"weight":-0.5},"noPassword":true,)"
                                     R"("shipping":"99999999999999999999"})");
    BOOST_TEST(bodyOf(records[1]) == R"({"location":1,"serviceType":2,"customer":{"type":0},)"
                                     R"("productData":{"weight":1.5},"noPassword":false,"shipping":1})");
    BOOST_TEST(bodyOf(records[2]) == R"({"location":1,"serviceType":2,"customer":{"type":0},)"
                                     R"("productData":{"weight":"-"},"noPassword":"yes","shipping":8})");
}

BOOST_AUTO_TEST_CASE(message_csv_types) {
    const auto records = readAll("guid,type,content,parentMessageId,declaredAt,externalId\n"
                                 "g,serviceComment,hi,12,1700000000000,0042\n"
                                 "g,serviceComment,hi,,2026-01-01T10:00:00Z,\n",
                                 "csv", RecordKind::Messages);
    BOOST_TEST_REQUIRE(records.size() == 2u);
    BOOST_TEST(bodyOf(records[0]) ==
               R"({"guid":"g","type":"serviceComment","content":"hi","parentMessageId":12,"declaredAt":1700000000000,"externalId":"0042"})");
    BOOST_TEST(bodyOf(records[1]) == R"({"guid":"g","type":"serviceComment","content":"hi","declaredAt":"2026-01-01T10:00:00Z"})");
}

BOOST_AUTO_TEST_CASE(bad_csv_rows_are_rejected_with_their_line_and_the_file_goes_on) {
    const std::string text = "serviceType,location\n4,3\n4,3,9\n\n4,\"unterminated\n5,5\n";
    const auto records = readAll(text, "csv");
    BOOST_TEST_REQUIRE(records.size() == 3u);
    BOOST_TEST(bodyOf(records[0]) == R"({"serviceType":4,"location":3})");
    BOOST_TEST(records[1].line == 3);
    BOOST_TEST(records[1].error == "The row has 3 cells, the header has 2");
    BOOST_TEST(records[2].line == 5);  // the blank line 4 is skipped
    BOOST_TEST(records[2].error == "Unterminated quoted cell: the file ends inside quotes");
}

// Spreadsheets leave rows of empty cells below the data where cells were cleared: no records, as blank lines.
BOOST_AUTO_TEST_CASE(rows_of_empty_cells_are_no_records) {
    const std::string text = "serviceType;location;productData.model\r\n4;3;x\r\n;;\r\n\"\";;\r\n;;;;\r\n;3;\r\n ; \t;";
    const auto records = readAll(text, "csv");
    BOOST_TEST_REQUIRE(records.size() == 2u);
    BOOST_TEST(bodyOf(records[0]) == R"({"serviceType":4,"location":3,"productData":{"model":"x"}})");
    BOOST_TEST(records[1].line == 6);  // one filled cell is a record
    BOOST_TEST(bodyOf(records[1]) == R"({"location":3})");
}

// Software writing CSV for Excel may start with Excel's "sep=" line: it names the delimiter, the header follows.
BOOST_AUTO_TEST_CASE(an_excel_sep_line_names_the_delimiter_and_goes_back_with_the_header) {
    const std::string text = "SEP=|\r\nserviceType|location;x\r\n4|3;y\r\n";
    std::istringstream in(text);
    ReaderSettings settings;
    auto reader = openRecordReader(in, "csv", settings);
    Record record;
    BOOST_TEST_REQUIRE(reader->next(record));
    BOOST_TEST(record.line == 3);
    BOOST_TEST(bodyOf(record) == R"({"serviceType":4})");  // "location;x" is one unknown column: '|' splits
    BOOST_TEST(reader->delimiter() == '|');
    BOOST_TEST(reader->header() == "SEP=|\r\nserviceType|location;x");
    BOOST_TEST(csvHeaderRow(reader->header()) == "serviceType|location;x");
    BOOST_TEST(csvHeaderRow("\xEF\xBB\xBFsep=;\r\na;b") == "a;b");
    BOOST_TEST(csvHeaderRow("\xEF\xBB\xBF" "a;b") == "a;b");
    BOOST_TEST(csvHeaderRow("sep=;x\r\na;b") == "sep=;x\r\na;b");  // not a sep line
    // A "sep=" line alone is a file with no header.
    std::istringstream alone("sep=;\r\n");
    BOOST_CHECK_THROW(openRecordReader(alone, "csv", settings), UnreadableFile);
}

BOOST_AUTO_TEST_CASE(records_over_the_limit_and_invalid_utf8_are_rejected) {
    const std::string big(200, 'x');
    const auto csv = readAll("serviceType,trackingId\n4," + big + "\n4,\xff\xfe\n4,ok\n", "csv", RecordKind::Cases, 100);
    BOOST_TEST_REQUIRE(csv.size() == 3u);
    BOOST_TEST(csv[0].error == "The record is larger than imports.maxRecordBytes (100 bytes)");
    BOOST_TEST(csv[1].line == 3);
    BOOST_TEST(csv[1].error == "The record is not valid UTF-8");
    BOOST_TEST(bodyOf(csv[2]) == R"({"serviceType":4,"trackingId":"ok"})");
    const auto ndjson = readAll("{\"a\":\"" + big + "\"}\n{\"b\":1}\n", "ndjson", RecordKind::Cases, 100);
    BOOST_TEST_REQUIRE(ndjson.size() == 2u);
    BOOST_TEST(ndjson[0].error == "The record is larger than imports.maxRecordBytes (100 bytes)");
    BOOST_TEST(ndjson[1].line == 2);
}

// A row's text (what goes back in the rejected rows file) is the row as it came, also where it spans two of the
// reader's 64 KiB blocks, and where a block ends between a row's CR and its LF.
BOOST_AUTO_TEST_CASE(a_rows_text_is_the_row_as_it_came_across_the_readers_blocks) {
    constexpr std::size_t block = 64 * 1024;
    std::string text = "serviceType;trackingId;productData.problemText;customer.city\r\n";
    std::vector<std::string> rows;
    const auto add = [&](const std::string& row) {
        rows.push_back(row);
        text += row + "\r\n";
    };
    bool split = false;
    for (int n = 0; text.size() < 3 * block; ++n) {
        if (!split && text.size() + 400 > block) {
            // This row's CR is the first block's last byte, its LF the second block's first.
            add("4;cr-lf-split;x;" + std::string(block - 1 - text.size() - 16, 'p'));
            split = true;
            continue;
        }
        // A quoted cell with a doubled quote and a line end, a lone CR ending a row, and rows of every length.
        add("4;t" + std::to_string(n) + ";\"screen \"\"cracked\"\"\r\nand dark\";" + std::string(n % 97, 'a') +
            (n % 5 == 0 ? "\r" : ""));
    }
    BOOST_TEST_REQUIRE(text[block - 1] == '\r');
    BOOST_TEST_REQUIRE(text[block] == '\n');
    const auto records = readAll(text, "csv");
    BOOST_TEST_REQUIRE(records.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) BOOST_TEST(records[i].raw == rows[i]);
    // Rows start on line 2 and take two lines each (a quoted line end), the split row one.
    BOOST_TEST(records.back().line == 2 + 2 * (static_cast<int>(rows.size()) - 1) - 1);

    // A row over the limit that spans a block's end is refused whole; the row after it comes as it came.
    const std::string big = "4;" + std::string(block + 100, 'x') + ";y;z\n";
    const auto limited = readAll("serviceType;trackingId;productData.problemText;customer.city\n" + big + "4;b;c;d",
                                 "csv", RecordKind::Cases, 100);
    BOOST_TEST_REQUIRE(limited.size() == 2u);
    BOOST_TEST(limited[0].error == "The record is larger than imports.maxRecordBytes (100 bytes)");
    BOOST_TEST(limited[0].raw.empty());
    BOOST_TEST(limited[1].raw == "4;b;c;d");
}

BOOST_AUTO_TEST_CASE(a_csv_header_with_no_known_column_or_nothing_is_an_unreadable_file) {
    BOOST_CHECK_THROW(readAll("colour,size\nred,4\n", "csv"), UnreadableFile);
    BOOST_CHECK_THROW(readAll("", "csv"), UnreadableFile);
    BOOST_CHECK_THROW(readAll("\r\n", "csv"), UnreadableFile);
    BOOST_TEST(readAll("serviceType,location\n", "csv").empty());  // a header with no rows
}

BOOST_AUTO_TEST_CASE(ndjson_lines) {
    const auto records = readAll("{\"z\":1,\"a\":2}\r\n\n{broken\n[1]\n{\"last\":true}", "ndjson");
    BOOST_TEST_REQUIRE(records.size() == 4u);
    BOOST_TEST(bodyOf(records[0]) == R"({"z":1,"a":2})");  // key order as sent
    BOOST_TEST(records[1].line == 3);
    BOOST_TEST(records[1].error.rfind("Malformed JSON", 0) == 0u, records[1].error);
    BOOST_TEST(records[2].error == "Malformed JSON: the record is not a JSON object");
    BOOST_TEST(records[3].line == 5);
    BOOST_TEST(bodyOf(records[3]) == R"({"last":true})");
}

// jq without -c, JSON.stringify with an indent: each object over several lines is one record from its first line.
BOOST_AUTO_TEST_CASE(ndjson_objects_written_over_several_lines_are_one_record_each) {
    const auto records = readAll("{\n  \"a\": \"{ not a brace\",\n  \"b\": {\n\t\"c\": [1, 2]\n  }\n}\n"
                                 "{\"one\": \"line\"}\r\n"
                                 "{\n  \"cut\": 1,\n"     // broken off: the next line does not go on with it
                                 "{\"after\": true}\n"
                                 "{\n  \"last\": 1\n}",
                                 "ndjson");
    BOOST_TEST_REQUIRE(records.size() == 5u);
    BOOST_TEST(records[0].line == 1);
    BOOST_TEST(bodyOf(records[0]) == R"({"a":"{ not a brace","b":{"c":[1,2]}})");
    BOOST_TEST(records[1].line == 7);
    BOOST_TEST(bodyOf(records[1]) == R"({"one":"line"})");
    BOOST_TEST(records[2].line == 8);
    BOOST_TEST(records[2].error.rfind("Malformed JSON", 0) == 0u, records[2].error);
    BOOST_TEST(records[3].line == 10);
    BOOST_TEST(bodyOf(records[3]) == R"({"after":true})");
    BOOST_TEST(records[4].line == 11);
    BOOST_TEST(bodyOf(records[4]) == R"({"last":1})");  // the file's end without a line end
    // The object's size counts over all of its lines: too large, it is read to its end and the file goes on.
    const auto large = readAll("{\n  \"a\": \"" + std::string(60, 'x') + "\",\n  \"b\": \"" + std::string(60, 'y') +
                                   "\"\n}\n{\"next\": 1}\n",
                               "ndjson", RecordKind::Cases, 100);
    BOOST_TEST_REQUIRE(large.size() == 2u);
    BOOST_TEST(large[0].error == "The record is larger than imports.maxRecordBytes (100 bytes)");
    BOOST_TEST(large[1].line == 5);
    BOOST_TEST(bodyOf(large[1]) == R"({"next":1})");
}

BOOST_AUTO_TEST_CASE(json_arrays) {
    const auto records = readAll("[\n  {\"a\": \"x, ] }\"},\n  {\"b\": [1, {\"c\": 2}]},\n  7,\n  {\"d\": 1}\n]\n", "json");
    BOOST_TEST_REQUIRE(records.size() == 4u);
    BOOST_TEST(records[0].line == 2);
    BOOST_TEST(bodyOf(records[0]) == R"({"a":"x, ] }"})");
    BOOST_TEST(bodyOf(records[1]) == R"({"b":[1,{"c":2}]})");
    BOOST_TEST(records[2].error == "Malformed JSON: the record is not a JSON object");
    BOOST_TEST(records[3].line == 5);
    BOOST_TEST(readAll("[]", "json").empty());
    const auto cut = readAll("[{\"a\":1},{\"b\":", "json");
    BOOST_TEST_REQUIRE(cut.size() == 2u);
    BOOST_TEST(cut[1].error == "Malformed JSON: the file ends inside a record");
    BOOST_CHECK_THROW(readAll("{\"a\":1}", "json"), UnreadableFile);
}

BOOST_AUTO_TEST_CASE(formats_by_name_or_first_character) {
    BOOST_TEST(recordFormatOf("cases-1.csv", 's') == "csv");
    BOOST_TEST(recordFormatOf("cases-1.ndjson", '{') == "ndjson");
    BOOST_TEST(recordFormatOf("cases-1.json", '[') == "json");
    BOOST_TEST(recordFormatOf("cases-1.json", '{') == "ndjson");
    BOOST_TEST(recordFormatOf("upload", '[') == "json");
}

BOOST_AUTO_TEST_CASE(windows_1252_text_is_decoded_to_utf8) {
    std::istringstream raw("customer.city;serviceType\r\nV\xE4xj\xF6;4\r\n");
    DecodedText text(raw, "windows-1252");
    ReaderSettings settings;
    auto reader = openRecordReader(text.stream(), "csv", settings);
    Record record;
    BOOST_TEST_REQUIRE(reader->next(record));
    BOOST_TEST(bodyOf(record) == "{\"customer\":{\"city\":\"V\xC3\xA4xj\xC3\xB6\"},\"serviceType\":4}");
    BOOST_TEST(encodeAs(record.raw, "windows-1252") == "V\xE4xj\xF6;4");
    BOOST_CHECK_THROW(DecodedText(raw, "ebcdic"), Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_CASE(every_record_is_read_within_the_json_limits) {
    ReaderSettings settings;
    settings.json.maxMembers = 3;
    settings.json.maxStringBytes = 12;
    settings.json.maxDepth = 2;
    const auto read = [&](const std::string& text, const std::string& format) {
        std::istringstream in(text);
        auto reader = openRecordReader(in, format, settings);
        std::vector<std::string> outcomes;
        Record record;
        while (reader->next(record)) outcomes.push_back(bodyOf(record));
        return outcomes;
    };
    const auto ndjson = read("{\"serviceType\":4}\n{\"a\":1,\"b\":2,\"c\":3,\"d\":4}\n{\"a\":\"1234567890123\"}\n"
                             "{\"a\":{\"b\":{\"c\":1}}}\n{\"manufacturer\":1012}\n",
                             "ndjson");
    BOOST_TEST_REQUIRE(ndjson.size() == 5u);
    BOOST_TEST(ndjson[0] == "{\"serviceType\":4}");
    BOOST_TEST(ndjson[1] == "error: A JSON object has more members than json.maxMembers (3)");
    BOOST_TEST(ndjson[2] == "error: A JSON string is longer than json.maxStringBytes (12 bytes)");
    BOOST_TEST(ndjson[3] == "error: JSON nesting is deeper than json.maxDepth (2)");
    BOOST_TEST(ndjson[4] == "{\"manufacturer\":1012}");
    const auto array = read("[{\"a\":1,\"b\":2,\"c\":3,\"d\":4},{\"serviceType\":4}]", "json");
    BOOST_TEST_REQUIRE(array.size() == 2u);
    BOOST_TEST(array[0] == "error: A JSON object has more members than json.maxMembers (3)");
    BOOST_TEST(array[1] == "{\"serviceType\":4}");
    // A CSV row is one object: a cell is a string, the columns its members, a dotted name its nesting.
    const auto csv = read("serviceType,productData.model\n4,1234567890123\n4,short\n", "csv");
    BOOST_TEST_REQUIRE(csv.size() == 2u);
    BOOST_TEST(csv[0] == "error: A cell is longer than json.maxStringBytes (12 bytes)");
    BOOST_TEST(csv[1] == "{\"serviceType\":4,\"productData\":{\"model\":\"short\"}}");
    BOOST_CHECK_THROW(read("serviceType,manufacturer,location,productType\n4,1,1,1\n", "csv"), UnreadableFile);
    BOOST_CHECK_THROW(read("serviceType,orderData.partnerSpecific.acme.x\n4,1\n", "csv"), UnreadableFile);
}

namespace {

// A CSV record's written text is toJsonText of its body, and its spans give each object member's own text.
void checkWritten(const Record& record) {
    BOOST_TEST_REQUIRE(record.body);
    BOOST_TEST_REQUIRE(record.written.has_value());
    BOOST_TEST(record.written->text == toJsonText(*record.body));
    for (const std::string& name : record.body->getNames()) {
        const Poco::JSON::Object::Ptr member = record.body->getObject(name);
        if (!member) continue;
        const auto text = record.written->members.of(member.get(), record.written->text);
        BOOST_TEST_REQUIRE(text.has_value());
        BOOST_TEST(*text == toJsonText(*member));
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(csv_rows_come_with_their_text_as_the_json_writer_writes_it) {
    // Objects interleaved in the header; empty cells that move a member back or leave an object out.
    const std::string text =
        "customer.city,serviceType,orderData.refNo,customer.email,orderData.consents.ConsentTerms,productData.model,"
        "orderData.partnerSpecific.acme.x:number,trackingId\n"
        "Umeå,4,R1,a@b.se,true,M \"1\",1.50,t1\n"
        ",4,,a@b.se,,M,2,t2\n"
        ",,,,,,,t3\n"
        "x,,R3,,1,,,\n";
    const auto records = readAll(text, "csv");
    BOOST_TEST_REQUIRE(records.size() == 4u);
    for (const Record& record : records) checkWritten(record);
    BOOST_TEST(records[1].written->text ==
               R"({"serviceType":4,"customer":{"email":"a@b.se"},"productData":{"model":"M"},)"
               R"("orderData":{"partnerSpecific":{"acme":{"x":2}}},"trackingId":"t2"})");
    // A repeated column, or one that is both a value and an object: the built object alone says what the row holds.
    for (const char* header : {"serviceType,serviceType\n", "orderData,orderData.refNo\n", "orderData.refNo,orderData\n"}) {
        const auto repeated = readAll(std::string(header) + "4,5\n", "csv");
        BOOST_TEST_REQUIRE(repeated.size() == 1u);
        BOOST_TEST(!repeated[0].written.has_value());
    }
}

// Rows with the same cells filled are put into the objects of a row before (building and freeing a tree per row was a
// fifth of preparing a case), but only once nothing else holds any of them: a record, or a part of one, that is
// still held keeps its values whatever rows come after it.
BOOST_AUTO_TEST_CASE(a_row_reuses_the_objects_of_a_row_alike_only_when_nothing_holds_them) {
    const std::string text =
        "trackingId,serviceType,customer.firstName,customer.email,productData.password,"
        "orderData.partnerSpecific.acme.x:number\n"
        "t1,4,Anna,a@x.se,0000,1.5\n"
        "t2,5,Bo,b@x.se,,2\n"  // another pattern: no password
        "t3,6,Cia,c@x.se,1111,3\n"
        "t4,7,Dan,d@x.se,2222,x\n"  // a cell of a declared number that is none
        "t5,8,Eva,e@x.se,,5\n";
    const auto expected = [](const std::string& id, int type, const std::string& name, const std::string& password,
                             const std::string& x) {
        return R"({"trackingId":")" + id + R"(","serviceType":)" + std::to_string(type) +
               R"(,"customer":{"firstName":")" + name + R"(","email":")" + std::string(1, name[0] + 32) +
               R"(@x.se"},)" + (password.empty() ? "" : R"("productData":{"password":")" + password + R"("},)") +
               R"("orderData":{"partnerSpecific":{"acme":{"x":)" + x + "}}}}";
    };
    const std::vector<std::string> rows = {expected("t1", 4, "Anna", "0000", "1.5"), expected("t2", 5, "Bo", "", "2"),
                                           expected("t3", 6, "Cia", "1111", "3"),
                                           expected("t4", 7, "Dan", "2222", R"("x")"),
                                           expected("t5", 8, "Eva", "", "5")};
    ReaderSettings settings;

    // Each record let go of before the next is read, as an import does.
    {
        std::istringstream in(text);
        auto reader = openRecordReader(in, "csv", settings);
        Record record;
        std::vector<const Poco::JSON::Object*> bodies;
        for (const std::string& row : rows) {
            BOOST_TEST_REQUIRE(reader->next(record));
            BOOST_TEST(bodyOf(record) == row);
            checkWritten(record);
            BOOST_TEST(record.cellProblems.empty() == (row.find(R"("x":"x")") == std::string::npos));
            bodies.push_back(record.body.get());
            record = Record();
        }
        BOOST_TEST(!reader->next(record));
        // Reused, row 3 into row 1's objects and row 5 into row 2's: they are the ones this test is about.
        BOOST_TEST(bodies[2] == bodies[0]);
        BOOST_TEST(bodies[4] == bodies[1]);
    }
    // A record held, and a part of one held: neither changes while the rows after it are read.
    {
        std::istringstream in(text);
        auto reader = openRecordReader(in, "csv", settings);
        Record first, third, record;
        BOOST_TEST_REQUIRE(reader->next(first));
        BOOST_TEST_REQUIRE(reader->next(record));
        BOOST_TEST_REQUIRE(reader->next(third));
        const Poco::JSON::Object::Ptr customer = third.body->getObject("customer");
        third = Record();
        BOOST_TEST_REQUIRE(reader->next(record));
        BOOST_TEST(bodyOf(record) == rows[3]);
        BOOST_TEST_REQUIRE(reader->next(record));
        BOOST_TEST(bodyOf(record) == rows[4]);
        BOOST_TEST(bodyOf(first) == rows[0]);
        BOOST_TEST(toJsonText(*customer) == R"({"firstName":"Cia","email":"c@x.se"})");
    }
}
