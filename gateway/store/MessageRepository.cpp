// Message rows with bound parameters.
#include "store/MessageRepository.h"

#include "domain/Json.h"
#include "store/CachedStatement.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

template <typename T>
std::optional<T> optional(const Poco::Nullable<T>& value) {
    return value.isNull() ? std::nullopt : std::optional<T>(value.value());
}

using Row = Poco::Tuple<Poco::Int64, Poco::Int64, Poco::Nullable<int>, Poco::Nullable<std::string>,
                        Poco::Nullable<std::string>, std::string, Poco::Nullable<std::string>,
                        Poco::Nullable<Poco::Int64>, Poco::Nullable<std::string>, Poco::Nullable<std::string>,
                        Poco::Nullable<std::string>, std::string, std::string, std::string>;

const char* const columns =
    "id, case_id, sender_account_id, sender_type, content, type, external_id, parent_message_id, user_email, "
    "user_name, confirmed_at, created_at, updated_at, declared_at";

Message fromRow(const Row& row, const std::string& caseGuid) {
    Message m;
    m.id = row.get<0>();
    m.caseId = row.get<1>();
    m.caseGuid = caseGuid;
    m.senderAccountId = optional(row.get<2>());
    m.senderType = optional(row.get<3>());
    m.content = optional(row.get<4>());
    m.type = row.get<5>();
    m.externalId = optional(row.get<6>());
    m.parentMessageId = optional(row.get<7>());
    m.userEmail = optional(row.get<8>());
    m.userName = optional(row.get<9>());
    m.confirmedAt = optional(row.get<10>());
    m.createdAt = row.get<11>();
    m.updatedAt = row.get<12>();
    m.declaredAt = row.get<13>();
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
    std::vector<Row> rows;
    std::vector<std::string> guids;
    Poco::Int64 key = id;
    session << std::string("SELECT ") + columns + " FROM messages WHERE id = ?", use(key), into(rows), now;
    if (rows.empty()) return std::nullopt;
    Poco::Int64 caseId = rows.front().get<1>();
    session << "SELECT guid FROM cases WHERE id = ?", use(caseId), into(guids), now;
    return fromRow(rows.front(), guids.empty() ? std::string() : guids.front());
}

std::optional<Poco::Int64> MessageRepository::caseOf(Poco::Data::Session& session, Poco::Int64 id) {
    CachedStatement select(session, "SELECT case_id FROM messages WHERE id = ?");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return select.int64(0);
}

std::vector<Message> MessageRepository::byCase(Poco::Data::Session& session, Poco::Int64 caseId,
                                               const std::string& caseGuid) {
    std::vector<Row> rows;
    Poco::Int64 key = caseId;
    session << std::string("SELECT ") + columns + " FROM messages WHERE case_id = ? ORDER BY id", use(key),
        into(rows), now;
    std::vector<Message> messages;
    messages.reserve(rows.size());
    for (const Row& row : rows) messages.push_back(fromRow(row, caseGuid));
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
