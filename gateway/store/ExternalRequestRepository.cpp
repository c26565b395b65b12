// External request rows; meta is a JSON column, tracking id copied out of it for lookups.
#include "store/ExternalRequestRepository.h"

#include "store/CachedStatement.h"
#include "store/CaseRepository.h"
#include "domain/CaseRequestText.h"
#include "domain/Json.h"

#include "domain/Clock.h"

#include <Poco/JSON/Parser.h>
#include "domain/Guid.h"

#include <variant>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

const char* const columns =
    "id, guid, case_id, account_id, type, status, url, meta, request, response, message, tracking_id, created_at, "
    "updated_at";

// Read through CachedStatement, which takes each text by its length: Poco's SQLite extractor reads a text up to its
// first NUL, so a logged request or response with a NUL in it came back cut there.
std::vector<ExternalRequest> readAll(Poco::Data::Session& session, CachedStatement& select) {
    std::vector<ExternalRequest> found;
    while (select.step()) {
        ExternalRequest r;
        r.id = select.int64(0);
        r.guid = select.text(1);
        r.caseId = select.optionalInt64(2);
        r.accountId = static_cast<int>(select.optionalInt64(3).value_or(0));
        r.type = select.text(4);
        r.status = select.text(5);
        r.url = select.optionalText(6);
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        r.meta = parser.parse(select.text(7)).extract<Poco::JSON::Object::Ptr>();
        r.request = select.optionalText(8);
        r.response = select.optionalText(9);
        r.message = select.optionalText(10);
        r.trackingId = select.optionalText(11);
        r.createdAt = select.text(12);
        r.updatedAt = select.text(13);
        found.push_back(std::move(r));
    }
    // A booking's request that refers to its case's data objects (an imported record's) gets them back, read once
    // per case.
    std::optional<std::pair<Poco::Int64, CaseDataTexts>> read;
    for (ExternalRequest& r : found) {
        if (!r.request || !CaseRequestText::refersToCase(*r.request)) continue;
        const Poco::Int64 caseId = r.caseId.value_or(0);
        if (!read || read->first != caseId) {
            std::optional<CaseDataTexts> data = CaseRepository::dataById(session, caseId);
            if (!data)
                throw Poco::DataException("Logged request " + r.guid + " refers to case " + std::to_string(caseId) +
                                          ", which is not in the store");
            read.emplace(caseId, std::move(*data));
        }
        r.request = CaseRequestText::withCaseData(*r.request, read->second);
    }
    return found;
}

}  // namespace

RowBatch ExternalRequestRepository::rows() {
    return RowBatch("INSERT INTO external_requests (guid, case_id, account_id, type, status, url, meta, request, "
                    "response, message, tracking_id, created_at, updated_at) VALUES ",
                    13);
}

namespace {

// The request's row, its guid and times set when empty; texts copied into the batch, or bound where they lie.
void addRow(ExternalRequest& request, RowBatch& batch, bool keep) {
    if (request.guid.empty()) request.guid = newGuid();
    if (request.createdAt.empty()) request.createdAt = request.updatedAt = nowIso();
    const std::optional<Poco::Int64> caseId = request.caseId != 0 ? std::optional<Poco::Int64>(request.caseId) : std::nullopt;
    const std::optional<Poco::Int64> accountId =
        request.accountId != 0 ? std::optional<Poco::Int64>(request.accountId) : std::nullopt;
    batch.row();
    const auto text = [&](const auto& value) { keep ? batch.kept(value) : batch.value(value); };
    text(request.guid);
    batch.value(caseId).value(accountId);
    text(request.type);
    text(request.status);
    text(request.url);
    if (keep && request.metaText) batch.kept(*request.metaText);
    else
        batch.value(request.metaText ? *request.metaText : request.meta ? toJsonText(request.meta) : std::string("{}"));
    text(request.request);
    text(request.response);
    text(request.message);
    text(request.trackingId);
    text(request.createdAt);
    text(request.updatedAt);
}

}  // namespace

void ExternalRequestRepository::insert(Poco::Data::Session& session, ExternalRequest& request, RowBatch* later) {
    std::optional<RowBatch> alone;  // without a change's batch: this row's own, written here
    if (!later) alone.emplace(rows());
    addRow(request, later ? *later : *alone, false);
    if (alone) request.id = alone->insertOne(session);
}

void ExternalRequestRepository::insertKept(ExternalRequest& request, RowBatch& later) { addRow(request, later, true); }

std::optional<ExternalRequest> ExternalRequestRepository::byGuid(Poco::Data::Session& session, const std::string& guid) {
    static const char* const sql =
        lastingSql(std::string("SELECT ") + columns + " FROM external_requests WHERE guid = ?");
    CachedStatement select(session, sql);
    select.bind(1, guid);
    std::vector<ExternalRequest> found = readAll(session, select);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::vector<ExternalRequest> ExternalRequestRepository::byCase(Poco::Data::Session& session, Poco::Int64 caseId) {
    static const char* const sql =
        lastingSql(std::string("SELECT ") + columns + " FROM external_requests WHERE case_id = ? ORDER BY id");
    CachedStatement select(session, sql);
    select.bind(1, caseId);
    return readAll(session, select);
}

namespace {

// Bound values of a query built piece by piece, in the order of their placeholders.
class Parameters {
public:
    void number(Poco::Int64 value) { values_.emplace_back(value); }
    void text(const std::string& value) { values_.emplace_back(value); }
    void bindTo(CachedStatement& statement) const {
        int index = 0;
        for (const auto& value : values_) {
            if (const auto* number = std::get_if<Poco::Int64>(&value))
                statement.bind(++index, *number);
            else
                statement.bind(++index, std::get<std::string>(value));
        }
    }

private:
    std::vector<std::variant<Poco::Int64, std::string>> values_;
};

std::string whereClause(const ExternalRequestQuery& query, const Caller& caller, Parameters& parameters) {
    std::string where = " WHERE 1 = 1";
    if (query.trackingId) {
        where += " AND tracking_id = ?";
        parameters.text(*query.trackingId);
    }
    if (query.caseId) {
        where += " AND case_id = ?";
        parameters.number(*query.caseId);
    }
    if (query.type) {
        where += " AND type = ?";
        parameters.text(*query.type);
    }
    if (query.status) {
        where += " AND status = ?";
        parameters.text(*query.status);
    }
    if (caller.role() == Role::Admin) return where;
    where += " AND (account_id = ?";
    parameters.number(caller.account->id);
    if (caller.role() == Role::Partner) {
        where += " OR case_id IN (SELECT id FROM cases WHERE partner_id = ?)";
        parameters.number(caller.account->partnerId);
    } else if (!caller.providerIds.empty()) {
        where += " OR case_id IN (SELECT id FROM cases WHERE service_provider_id IN (";
        for (std::size_t i = 0; i < caller.providerIds.size(); ++i) {
            where += i == 0 ? "?" : ", ?";
            parameters.number(caller.providerIds[i]);
        }
        where += "))";
    }
    return where + ")";
}

}  // namespace

ExternalRequestPage ExternalRequestRepository::find(Poco::Data::Session& session, const ExternalRequestQuery& query,
                                                    const Caller& caller) {
    ExternalRequestPage page;
    {
        Parameters parameters;
        const std::string where = whereClause(query, caller, parameters);
        CachedStatement count(session, lastingSql("SELECT COUNT(*) FROM external_requests" + where));
        parameters.bindTo(count);
        if (count.step()) page.total = count.int64(0);
    }
    Parameters parameters;
    const std::string where = whereClause(query, caller, parameters);
    parameters.number(query.limit);
    parameters.number(query.offset);
    CachedStatement select(session, lastingSql(std::string("SELECT ") + columns + " FROM external_requests" + where +
                                               " ORDER BY id LIMIT ? OFFSET ?"));
    parameters.bindTo(select);
    page.requests = readAll(session, select);
    return page;
}

void ExternalRequestRepository::recordReply(Poco::Data::Session& session, ExternalRequest& request) {
    request.updatedAt = nowIso();
    Poco::Nullable<std::string> message = nullable(request.message);
    session << "UPDATE external_requests SET status = ?, message = ?, updated_at = ? WHERE id = ?",
        use(request.status), use(message), use(request.updatedAt), use(request.id), now;
}

}  // namespace sohub
