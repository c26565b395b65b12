// The API shapes of a message.
#include "domain/Message.h"

#include "domain/Json.h"

namespace sohub {
namespace {

void appendText(std::string& out, const std::string& text) { appendJsonString(out, text); }

template <typename T>
void appendOptional(std::string& out, const std::optional<T>& value) {
    if (!value) {
        out += "null";
    } else if constexpr (std::is_same_v<T, std::string>) {
        appendText(out, *value);
    } else {
        out += std::to_string(*value);
    }
}

// The two documented key orders differ only in where senderType stands.
enum class Order { Created, Listed };

void text(const Message& m, Order order, std::string& out) {
    out += "{\"id\":";
    out += std::to_string(m.id);
    out += ",\"caseId\":";
    out += std::to_string(m.caseId);
    out += ",\"guid\":";
    appendText(out, m.caseGuid);
    out += ",\"senderAccountId\":";
    appendOptional(out, m.senderAccountId);
    if (order == Order::Created) {
        out += ",\"senderType\":";
        appendOptional(out, m.senderType);
    }
    out += ",\"content\":";
    appendOptional(out, m.content);
    out += ",\"type\":";
    appendText(out, m.type);
    if (order == Order::Listed) {
        out += ",\"senderType\":";
        appendOptional(out, m.senderType);
    }
    out += ",\"externalId\":";
    appendOptional(out, m.externalId);
    out += ",\"confirmedAt\":";
    appendOptional(out, m.confirmedAt);
    out += ",\"createdAt\":";
    appendText(out, m.createdAt);
    out += ",\"updatedAt\":";
    appendText(out, m.updatedAt);
    out += ",\"declaredAt\":";
    appendText(out, m.declaredAt);
    out += '}';
}

}  // namespace

void Message::writeJson(std::string& out) const { text(*this, Order::Created, out); }

void Message::writeListJson(std::string& out) const { text(*this, Order::Listed, out); }

void Message::writeEventJson(std::string& out) const {
    writeListJson(out);
    out.pop_back();  // the closing brace
    out += ",\"parentMessageId\":";
    appendOptional(out, parentMessageId);
    out += ",\"userName\":";
    appendOptional(out, userName);
    out += ",\"userEmail\":";
    appendOptional(out, userEmail);
    out += '}';
}

const std::vector<std::string>& messageTypes() {
    static const std::vector<std::string> types = {
        "serviceComment", "customerCenterReply", "costProposalRejectRur", "costProposalRejectScrap",
        "statusRequest",  "spareParts",          "reminder",              "costProposal",
        "shipment",       "forwarding"};
    return types;
}

}  // namespace sohub
