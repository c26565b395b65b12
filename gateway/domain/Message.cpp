// The API shapes of a message.
#include "domain/Message.h"

#include "domain/JsonText.h"

namespace sohub {
namespace {

template <typename T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

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

Poco::JSON::Object::Ptr tree(const Message& m, Order order) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("id", m.id);
    out->set("caseId", m.caseId);
    out->set("guid", m.caseGuid);
    out->set("senderAccountId", orNull(m.senderAccountId));
    if (order == Order::Created) out->set("senderType", orNull(m.senderType));
    out->set("content", orNull(m.content));
    out->set("type", m.type);
    if (order == Order::Listed) out->set("senderType", orNull(m.senderType));
    out->set("externalId", orNull(m.externalId));
    out->set("confirmedAt", orNull(m.confirmedAt));
    out->set("createdAt", m.createdAt);
    out->set("updatedAt", m.updatedAt);
    out->set("declaredAt", m.declaredAt);
    return out;
}

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

Poco::JSON::Object::Ptr Message::toJson() const { return tree(*this, Order::Created); }

Poco::JSON::Object::Ptr Message::toListJson() const { return tree(*this, Order::Listed); }

Poco::JSON::Object::Ptr Message::toEventJson() const {
    Poco::JSON::Object::Ptr out = toListJson();
    out->set("parentMessageId", orNull(parentMessageId));
    out->set("userName", orNull(userName));
    out->set("userEmail", orNull(userEmail));
    return out;
}

void Message::writeJson(std::string& out) const { text(*this, Order::Created, out); }

void Message::writeEventJson(std::string& out) const {
    text(*this, Order::Listed, out);
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
