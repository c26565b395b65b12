// NDJSON reuses the webhook body's writer (the list shape plus three fields); CSV and XML write the same fields.
#include "exporters/MessageFormat.h"

#include <Poco/Exception.h>
#include <Poco/SAX/AttributesImpl.h>
#include <Poco/XML/XMLWriter.h>

#include <vector>

namespace sohub {
namespace {

// Calls visit(name, value) for the fields of a record in their key order, value as text or null for a null field
// (written as empty / no element text and nil="true"). Numbers are formatted into one short string: no allocation.
template <typename Visit>
void forEachField(const Message& m, Visit&& visit) {
    std::string number;
    const auto integer = [&](const char* name, const std::optional<Poco::Int64>& value) {
        if (!value) return visit(name, static_cast<const std::string*>(nullptr));
        number = std::to_string(*value);
        visit(name, static_cast<const std::string*>(&number));
    };
    const auto text = [&](const char* name, const std::optional<std::string>& value) {
        visit(name, value ? &*value : static_cast<const std::string*>(nullptr));
    };
    integer("id", m.id);
    integer("caseId", m.caseId);
    visit("guid", &m.caseGuid);
    integer("senderAccountId", m.senderAccountId ? std::optional<Poco::Int64>(*m.senderAccountId) : std::nullopt);
    text("content", m.content);
    visit("type", &m.type);
    text("senderType", m.senderType);
    text("externalId", m.externalId);
    text("confirmedAt", m.confirmedAt);
    visit("createdAt", &m.createdAt);
    visit("updatedAt", &m.updatedAt);
    visit("declaredAt", &m.declaredAt);
    integer("parentMessageId", m.parentMessageId);
    text("userName", m.userName);
    text("userEmail", m.userEmail);
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
    explicit CsvFormat(CsvOptions options) : options_(options), special_(std::string("\"\r\n") + options.delimiter) {}
    const char* name() const override { return "csv"; }
    const char* extension() const override { return "csv"; }
    void begin(std::ostream& out, std::size_t) override {
        if (options_.bom) out << "\xEF\xBB\xBF";
        std::string header;
        forEachField(Message(), [&](const char* field, const std::string*) {
            if (!header.empty()) header += options_.delimiter;
            header += field;
        });
        out << header << "\r\n";
    }
    void write(std::ostream& out, const Message& message) override {
        line_.clear();
        bool first = true;
        forEachField(message, [&](const char*, const std::string* value) {
            if (!first) line_ += options_.delimiter;
            first = false;
            if (value) appendCell(*value);
        });
        line_ += "\r\n";
        out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    }
    void end(std::ostream&) override {}

private:
    // RFC 4180: quoted when it holds the delimiter, a quote or a line break; quotes doubled.
    void appendCell(const std::string& cell) {
        if (cell.find_first_of(special_) == std::string::npos) {
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
    const std::string special_;  // what makes a cell quoted
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
        forEachField(message, [&](const char* field, const std::string* value) {
            if (value) {
                writer_->startElement("", "", field);
                writeText(*value);
                writer_->endElement("", "", field);
            } else {
                Poco::XML::AttributesImpl nil;
                nil.addAttribute("", "", "nil", "CDATA", "true");
                writer_->emptyElement("", "", field, nil);
            }
        });
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
