// External request rows; meta is a JSON column, tracking id copied out of it for lookups.
#include "store/ExternalRequestRepository.h"

#include "store/CachedStatement.h"
#include "domain/Json.h"

#include "domain/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/JSON/Parser.h>
#include "domain/Guid.h"

#include <deque>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

std::optional<std::string> optionalText(Poco::Data::RecordSet& rows, std::size_t column) {
    const Poco::Dynamic::Var value = rows.value(column);
    if (value.isEmpty()) return std::nullopt;
    return value.convert<std::string>();
}

const char* const columns =
    "id, guid, case_id, account_id, type, status, url, meta, request, response, message, tracking_id, created_at, "
    "updated_at";

std::vector<ExternalRequest> readAll(Poco::Data::Statement& select) {
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<ExternalRequest> found;
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) {
        ExternalRequest r;
        r.id = rows.value(0).convert<Poco::Int64>();
        r.guid = rows.value(1).convert<std::string>();
        if (!rows.value(2).isEmpty()) r.caseId = rows.value(2).convert<Poco::Int64>();
        r.accountId = rows.value(3).isEmpty() ? 0 : rows.value(3).convert<int>();
        r.type = rows.value(4).convert<std::string>();
        r.status = rows.value(5).convert<std::string>();
        r.url = optionalText(rows, 6);
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        r.meta = parser.parse(rows.value(7).convert<std::string>()).extract<Poco::JSON::Object::Ptr>();
        r.request = optionalText(rows, 8);
        r.response = optionalText(rows, 9);
        r.message = optionalText(rows, 10);
        r.trackingId = optionalText(rows, 11);
        r.createdAt = rows.value(12).convert<std::string>();
        r.updatedAt = rows.value(13).convert<std::string>();
        found.push_back(std::move(r));
    }
    return found;
}

}  // namespace

RowBatch ExternalRequestRepository::rows() {
    return RowBatch("INSERT INTO external_requests (guid, case_id, account_id, type, status, url, meta, request, "
                    "response, message, tracking_id, created_at, updated_at) VALUES ",
                    13);
}

void ExternalRequestRepository::insert(Poco::Data::Session& session, ExternalRequest& request, RowBatch* later) {
    if (request.guid.empty()) request.guid = newGuid();
    if (request.createdAt.empty()) request.createdAt = request.updatedAt = nowIso();
    const std::optional<Poco::Int64> caseId = request.caseId != 0 ? std::optional<Poco::Int64>(request.caseId) : std::nullopt;
    const std::optional<Poco::Int64> accountId =
        request.accountId != 0 ? std::optional<Poco::Int64>(request.accountId) : std::nullopt;
    std::optional<RowBatch> alone;  // without a change's batch: this row's own, written here
    if (!later) alone.emplace(rows());
    RowBatch& batch = later ? *later : *alone;
    batch.row().value(request.guid).value(caseId).value(accountId).value(request.type).value(request.status);
    batch.value(request.url);
    batch.value(request.metaText ? *request.metaText : request.meta ? toJsonText(request.meta) : std::string("{}"));
    batch.value(request.request).value(request.response).value(request.message).value(request.trackingId);
    batch.value(request.createdAt).value(request.updatedAt);
    if (alone) request.id = alone->insertOne(session);
}

std::optional<ExternalRequest> ExternalRequestRepository::byGuid(Poco::Data::Session& session, const std::string& guid) {
    std::string key = guid;
    Poco::Data::Statement select(session);
    select << std::string("SELECT ") + columns + " FROM external_requests WHERE guid = ?", use(key);
    std::vector<ExternalRequest> found = readAll(select);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::vector<ExternalRequest> ExternalRequestRepository::byCase(Poco::Data::Session& session, Poco::Int64 caseId) {
    Poco::Int64 key = caseId;
    Poco::Data::Statement select(session);
    select << std::string("SELECT ") + columns + " FROM external_requests WHERE case_id = ? ORDER BY id", use(key);
    return readAll(select);
}

namespace {

// Bound values of a query built piece by piece; deques keep their addresses stable for Poco's bindings.
class Parameters {
public:
    void number(Poco::Int64 value) {
        numbers_.push_back(value);
        order_.push_back({true, numbers_.size() - 1});
    }
    void text(const std::string& value) {
        texts_.push_back(value);
        order_.push_back({false, texts_.size() - 1});
    }
    void bindTo(Poco::Data::Statement& statement) {
        for (const auto& [isNumber, index] : order_) {
            if (isNumber)
                statement, use(numbers_[index]);
            else
                statement, use(texts_[index]);
        }
    }

private:
    std::deque<Poco::Int64> numbers_;
    std::deque<std::string> texts_;
    std::vector<std::pair<bool, std::size_t>> order_;
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
        Poco::Data::Statement count(session);
        count << "SELECT COUNT(*) FROM external_requests" + where, into(page.total);
        parameters.bindTo(count);
        count.execute();
    }
    Parameters parameters;
    const std::string where = whereClause(query, caller, parameters);
    parameters.number(query.limit);
    parameters.number(query.offset);
    Poco::Data::Statement select(session);
    select << std::string("SELECT ") + columns + " FROM external_requests" + where + " ORDER BY id LIMIT ? OFFSET ?";
    parameters.bindTo(select);
    page.requests = readAll(select);
    return page;
}

void ExternalRequestRepository::recordReply(Poco::Data::Session& session, ExternalRequest& request) {
    request.updatedAt = nowIso();
    Poco::Nullable<std::string> message = nullable(request.message);
    session << "UPDATE external_requests SET status = ?, message = ?, updated_at = ? WHERE id = ?",
        use(request.status), use(message), use(request.updatedAt), use(request.id), now;
}

}  // namespace sohub
