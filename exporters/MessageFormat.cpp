// NDJSON reuses the webhook body's writer (the list shape plus three fields); CSV and XML write the same fields.
#include "exporters/MessageFormat.h"

#include <Poco/Exception.h>
#include <Poco/SAX/AttributesImpl.h>
#include <Poco/XML/XMLWriter.h>

#include <vector>

namespace sohub {
namespace {

// The fields of a record, in their key order, as text (null: empty / no element text and nil="true").
std::vector<std::pair<const char*, std::optional<std::string>>> fieldsOf(const Message& m) {
    const auto number = [](auto value) { return std::optional<std::string>(std::to_string(value)); };
    std::vector<std::pair<const char*, std::optional<std::string>>> fields;
    fields.emplace_back("id", number(m.id));
    fields.emplace_back("caseId", number(m.caseId));
    fields.emplace_back("guid", m.caseGuid);
    fields.emplace_back("senderAccountId", m.senderAccountId ? number(*m.senderAccountId) : std::nullopt);
    fields.emplace_back("content", m.content);
    fields.emplace_back("type", m.type);
    fields.emplace_back("senderType", m.senderType);
    fields.emplace_back("externalId", m.externalId);
    fields.emplace_back("confirmedAt", m.confirmedAt);
    fields.emplace_back("createdAt", m.createdAt);
    fields.emplace_back("updatedAt", m.updatedAt);
    fields.emplace_back("declaredAt", m.declaredAt);
    fields.emplace_back("parentMessageId", m.parentMessageId ? number(*m.parentMessageId) : std::nullopt);
    fields.emplace_back("userName", m.userName);
    fields.emplace_back("userEmail", m.userEmail);
    return fields;
}

class NdjsonFormat : public MessageFormat {
public:
    const char* name() const override { return "ndjson"; }
    const char* extension() const override { return "ndjson"; }
    void begin(std::ostream&, std::size_t) override {}
    void write(std::ostream& out, const Message& message) override {
        line_.clear();
        message.writeEventJson(line_);
        line_ += '\n';
        out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    }
    void end(std::ostream&) override {}

private:
    std::string line_;
};

class CsvFormat : public MessageFormat {
public:
    explicit CsvFormat(CsvOptions options) : options_(options) {}
    const char* name() const override { return "csv"; }
    const char* extension() const override { return "csv"; }
    void begin(std::ostream& out, std::size_t) override {
        if (options_.bom) out << "\xEF\xBB\xBF";
        const auto fields = fieldsOf(Message());
        for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? std::string(1, options_.delimiter) : "") << fields[i].first;
        out << "\r\n";
    }
    void write(std::ostream& out, const Message& message) override {
        line_.clear();
        const auto fields = fieldsOf(message);
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) line_ += options_.delimiter;
            if (fields[i].second) appendCell(*fields[i].second);
        }
        line_ += "\r\n";
        out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    }
    void end(std::ostream&) override {}

private:
    // RFC 4180: quoted when it holds the delimiter, a quote or a line break; quotes doubled.
    void appendCell(const std::string& cell) {
        if (cell.find_first_of(std::string("\"\r\n") + options_.delimiter) == std::string::npos) {
            line_ += cell;
            return;
        }
        line_ += '"';
        for (const char c : cell) {
            if (c == '"') line_ += '"';
            line_ += c;
        }
        line_ += '"';
    }

    CsvOptions options_;
    std::string line_;
};

class XmlFormat : public MessageFormat {
public:
    const char* name() const override { return "xml"; }
    const char* extension() const override { return "xml"; }
    void begin(std::ostream& out, std::size_t count) override {
        writer_ = std::make_unique<Poco::XML::XMLWriter>(out, Poco::XML::XMLWriter::WRITE_XML_DECLARATION |
                                                                  Poco::XML::XMLWriter::PRETTY_PRINT);
        writer_->setNewLine("\n");
        writer_->startDocument();
        Poco::XML::AttributesImpl attributes;
        attributes.addAttribute("", "", "count", "CDATA", std::to_string(count));
        writer_->startElement("", "", "messages", attributes);
    }
    void write(std::ostream&, const Message& message) override {
        writer_->startElement("", "", "message");
        for (const auto& [field, value] : fieldsOf(message)) {
            if (value) {
                writer_->startElement("", "", field);
                writeText(*value);
                writer_->endElement("", "", field);
            } else {
                Poco::XML::AttributesImpl nil;
                nil.addAttribute("", "", "nil", "CDATA", "true");
                writer_->emptyElement("", "", field, nil);
            }
        }
        writer_->endElement("", "", "message");
    }
    void end(std::ostream&) override {
        writer_->endElement("", "", "messages");
        writer_->endDocument();
        writer_.reset();
    }

private:
    // A carriage return as a character reference, which a parser keeps (a literal one it turns into a line feed);
    // the other C0 controls, which XML 1.0 cannot carry at all, as U+FFFD; the rest as Poco escapes it.
    void writeText(const std::string& text) {
        std::size_t from = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 || c == '\t' || c == '\n') continue;
            if (i > from) writer_->characters(text.substr(from, i - from));
            if (c == '\r') writer_->rawCharacters("&#13;");
            else writer_->characters("\xEF\xBF\xBD");
            from = i + 1;
        }
        if (from < text.size()) writer_->characters(from == 0 ? text : text.substr(from));
    }

    std::unique_ptr<Poco::XML::XMLWriter> writer_;
};

}  // namespace

std::unique_ptr<MessageFormat> makeMessageFormat(const std::string& name, const CsvOptions& csv) {
    if (name == "ndjson") return std::make_unique<NdjsonFormat>();
    if (name == "csv") return std::make_unique<CsvFormat>(csv);
    if (name == "xml") return std::make_unique<XmlFormat>();
    throw Poco::InvalidArgumentException("'" + name + "' is not ndjson, csv or xml");
}

}  // namespace sohub
