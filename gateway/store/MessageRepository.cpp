// Message rows with bound parameters.
#include "store/MessageRepository.h"

#include "domain/Json.h"
#include "store/CachedStatement.h"

#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

const char* const columns =
    "id, case_id, sender_account_id, sender_type, content, type, external_id, parent_message_id, user_email, "
    "user_name, confirmed_at, created_at, updated_at, declared_at";

// Read through CachedStatement, which takes each text by its length: Poco's SQLite extractor reads a text up to its
// first NUL, so a message's content with a NUL in it came back cut there (in the messageConfirmed event's body).
Message fromRow(const CachedStatement& row, const std::string& caseGuid) {
    Message m;
    m.id = row.int64(0);
    m.caseId = row.int64(1);
    m.caseGuid = caseGuid;
    if (const std::optional<Poco::Int64> sender = row.optionalInt64(2)) m.senderAccountId = static_cast<int>(*sender);
    m.senderType = row.optionalText(3);
    m.content = row.optionalText(4);
    m.type = row.text(5);
    m.externalId = row.optionalText(6);
    m.parentMessageId = row.optionalInt64(7);
    m.userEmail = row.optionalText(8);
    m.userName = row.optionalText(9);
    m.confirmedAt = row.optionalText(10);
    m.createdAt = row.text(11);
    m.updatedAt = row.text(12);
    m.declaredAt = row.text(13);
    return m;
}

}  // namespace

void MessageRepository::insert(Poco::Data::Session& session, Message& message) {
    CachedStatement insert(session,
                             "INSERT INTO messages (case_id, sender_account_id, sender_type, content, type, "
                             "external_id, parent_message_id, user_email, user_name, confirmed_at, created_at, "
                             "updated_at, declared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, message.caseId);
    if (message.senderAccountId)
        insert.bind(2, static_cast<Poco::Int64>(*message.senderAccountId));
    else
        insert.bindNull(2);
    insert.bind(3, message.senderType).bind(4, message.content).bind(5, message.type).bind(6, message.externalId);
    insert.bind(7, message.parentMessageId).bind(8, message.userEmail).bind(9, message.userName);
    insert.bind(10, message.confirmedAt).bind(11, message.createdAt).bind(12, message.updatedAt);
    insert.bind(13, message.declaredAt);
    message.id = insert.insert();
}

std::optional<Message> MessageRepository::byId(Poco::Data::Session& session, Poco::Int64 id) {
    static const char* const sql = lastingSql(std::string("SELECT ") + columns +
                                              ", (SELECT guid FROM cases WHERE cases.id = messages.case_id) "
                                              "FROM messages WHERE id = ?");
    CachedStatement select(session, sql);
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return fromRow(select, select.optionalText(14).value_or(std::string()));
}

std::optional<Poco::Int64> MessageRepository::caseOf(Poco::Data::Session& session, Poco::Int64 id) {
    CachedStatement select(session, "SELECT case_id FROM messages WHERE id = ?");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return select.int64(0);
}

std::vector<Message> MessageRepository::byCase(Poco::Data::Session& session, Poco::Int64 caseId,
                                               const std::string& caseGuid) {
    static const char* const sql =
        lastingSql(std::string("SELECT ") + columns + " FROM messages WHERE case_id = ? ORDER BY id");
    CachedStatement select(session, sql);
    select.bind(1, caseId);
    std::vector<Message> messages;
    while (select.step()) messages.push_back(fromRow(select, caseGuid));
    return messages;
}

std::string MessageRepository::jsonByCase(Poco::Data::Session& session, Poco::Int64 caseId,
                                          const std::string& caseGuid) {
    // Written from the columns straight into the text, keys in the order of Message::writeListJson (a unit test
    // holds the two equal). Column -1 is the case guid, the same in every row.
    enum class Kind { Number, Text, Guid };
    struct Field {
        const char* key;  // with its quotes, colon and the comma before it
        int column;
        Kind kind;
    };
    static const Field fields[] = {
        {"{\"id\":", 0, Kind::Number},           {",\"caseId\":", 1, Kind::Number},
        {",\"guid\":", -1, Kind::Guid},          {",\"senderAccountId\":", 2, Kind::Number},
        {",\"content\":", 4, Kind::Text},        {",\"type\":", 5, Kind::Text},
        {",\"senderType\":", 3, Kind::Text},     {",\"externalId\":", 6, Kind::Text},
        {",\"confirmedAt\":", 7, Kind::Text},    {",\"createdAt\":", 8, Kind::Text},
        {",\"updatedAt\":", 9, Kind::Text},      {",\"declaredAt\":", 10, Kind::Text},
    };
    CachedStatement select(session,
                             "SELECT id, case_id, sender_account_id, sender_type, content, type, external_id, "
                             "confirmed_at, created_at, updated_at, declared_at FROM messages WHERE case_id = ? "
                             "ORDER BY id");
    select.bind(1, caseId);
    std::string guid;
    appendJsonString(guid, caseGuid);
    std::string out = "[";
    out.reserve(16384);
    while (select.step()) {
        if (out.size() > 1) out += ',';
        for (const Field& field : fields) {
            out += field.key;
            if (field.kind == Kind::Guid) {
                out += guid;
            } else if (field.kind == Kind::Number) {
                out += select.isNull(field.column) ? std::string("null") : std::to_string(select.int64(field.column));
            } else if (const std::optional<std::string_view> value = select.view(field.column)) {
                appendJsonString(out, *value);
            } else {
                out += "null";
            }
        }
        out += '}';
    }
    out += ']';
    return out;
}

bool MessageRepository::confirm(Poco::Data::Session& session, Poco::Int64 id, int accountId, const std::string& at) {
    Poco::Int64 key = id;
    int by = accountId;
    std::string when = at;
    Poco::Data::Statement update(session);
    update << "UPDATE messages SET confirmed_at = ?, confirmed_by = ?, updated_at = ? "
              "WHERE id = ? AND confirmed_at IS NULL",
        use(when), use(by), use(when), use(key);
    return update.execute() > 0;
}

}  // namespace sohub
