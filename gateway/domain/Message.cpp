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

}  // namespace

Poco::JSON::Object::Ptr Message::toJson() const {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("id", id);
    out->set("caseId", caseId);
    out->set("guid", caseGuid);
    out->set("senderAccountId", orNull(senderAccountId));
    out->set("senderType", orNull(senderType));
    out->set("content", orNull(content));
    out->set("type", type);
    out->set("externalId", orNull(externalId));
    out->set("confirmedAt", orNull(confirmedAt));
    out->set("createdAt", createdAt);
    out->set("updatedAt", updatedAt);
    out->set("declaredAt", declaredAt);
    return out;
}

Poco::JSON::Object::Ptr Message::toEventJson() const {
    Poco::JSON::Object::Ptr out = toJson();
    out->set("parentMessageId", orNull(parentMessageId));
    out->set("userName", orNull(userName));
    out->set("userEmail", orNull(userEmail));
    return out;
}

void Message::writeJson(std::string& out) const {
    out += "{\"id\":";
    out += std::to_string(id);
    out += ",\"caseId\":";
    out += std::to_string(caseId);
    out += ",\"guid\":";
    appendText(out, caseGuid);
    out += ",\"senderAccountId\":";
    appendOptional(out, senderAccountId);
    out += ",\"senderType\":";
    appendOptional(out, senderType);
    out += ",\"content\":";
    appendOptional(out, content);
    out += ",\"type\":";
    appendText(out, type);
    out += ",\"externalId\":";
    appendOptional(out, externalId);
    out += ",\"confirmedAt\":";
    appendOptional(out, confirmedAt);
    out += ",\"createdAt\":";
    appendText(out, createdAt);
    out += ",\"updatedAt\":";
    appendText(out, updatedAt);
    out += ",\"declaredAt\":";
    appendText(out, declaredAt);
    out += '}';
}

void Message::writeEventJson(std::string& out) const {
    writeJson(out);
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
