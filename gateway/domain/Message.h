// A message about a case, written by the partner or the provider side, confirmed by the other side.
#pragma once

#include <Poco/Types.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

struct Message {
    Poco::Int64 id = 0;
    Poco::Int64 caseId = 0;
    std::string caseGuid;
    std::optional<int> senderAccountId;
    std::optional<std::string> senderType;  // "partner" | "provider" | none (written by the hub itself)
    std::optional<std::string> content;
    std::string type;
    std::optional<std::string> externalId;
    std::optional<Poco::Int64> parentMessageId;
    std::optional<std::string> userEmail;
    std::optional<std::string> userName;
    std::optional<std::string> confirmedAt;
    std::string createdAt;
    std::string updatedAt;
    std::string declaredAt;

    // The create output of the Messages document: id, caseId, guid, senderAccountId, senderType, content, type,
    // externalId, confirmedAt, createdAt, updatedAt, declaredAt.
    void writeJson(std::string& out) const;
    // The list output of the document, which shows senderType after type: id, caseId, guid, senderAccountId,
    // content, type, senderType, externalId, confirmedAt, createdAt, updatedAt, declaredAt.
    void writeListJson(std::string& out) const;
    // The webhook body: the list shape ("the message as GET case-messages returns it") plus parentMessageId,
    // userName, userEmail.
    void writeEventJson(std::string& out) const;
};

// The ten message types, in the order of the document.
const std::vector<std::string>& messageTypes();

}  // namespace sohub
