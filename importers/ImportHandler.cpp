// 202 {"data": import} for an upload, {"data": [...], "pagination"} for the list, {"data": report}, and text/csv.
#include "importers/ImportHandler.h"

#include "importers/ImportBoard.h"
#include "importers/ImportReport.h"

#include "api/RequestBody.h"

#include <Poco/JSON/Array.h>

namespace sohub {
void ImportHandler::registerIn(RouteTable& table) const {
    const ImportHandler self = *this;
    Route upload{"POST", "/api/v3/imports", {Role::Partner, Role::Provider},
                 [self](const Call& call) { return self.upload(call); }};
    upload.streamsBody = true;
    table.add(std::move(upload));
    table.add({"GET", "/api/v3/imports", {Role::Partner, Role::Provider}, [self](const Call& call) { return self.list(call); }});
    table.add({"GET", "/api/v3/imports/report", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.report(call); }});
    table.add({"GET", "/api/v3/imports/rejected", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.rejected(call); }});
}

Reply ImportHandler::upload(const Call& call) const {
    call.query.allowOnly({"kind", "fileName"});
    const std::string kind = call.query.get("kind").value_or("");
    if (kind.empty()) throw ApiError::invalidField("kind", "Field is required");
    if (kind != "cases" && kind != "messages") throw ApiError::invalidField("kind", "Value is not present in possible options");
    // Cases are booked by partners; messages come from either party. An admin is no party to a case.
    if (call.account.role == Role::Admin || (kind == "cases" && !call.isPartner())) throw ApiError::noAccess();
    RequestBody& body = *call.upload;
    const ImportRow row =
        board_.upload(call.account, kind, body.stream(), call.uploadType,
                      leafName(call.query.get("fileName").value_or("")), [&body] { body.requireWhole(); });
    return Reply::data(importSummary(row, call.account.name), 202);
}

Reply ImportHandler::list(const Call& call) const {
    call.query.allowOnly({"status", "limit", "offset", "id"});
    if (call.query.get("id")) {
        // One import, as a page of one (the progress a client polls for, without the report's records).
        const ImportRow row = board_.visible(call.account, call.query.recordId("id"));
        Poco::JSON::Array::Ptr one = new Poco::JSON::Array;
        one->add(importSummary(row, board_.accountName(row.accountId)));
        return Reply::page(one, 1, 1, 0);
    }
    ImportQuery query;
    query.state = call.query.oneOf("status", {"queued", "running", "done", "failed", "duplicate"});
    query.limit = call.query.pageLimit();
    query.offset = call.query.pageOffset();
    const ImportPage page = board_.list(call.account, query);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const ImportRow& row : page.imports) data->add(importSummary(row, board_.accountName(row.accountId)));
    return Reply::page(data, page.total, query.limit, query.offset);
}

Reply ImportHandler::report(const Call& call) const {
    call.query.allowOnly({"id"});
    const ImportRow row = board_.visible(call.account, call.query.recordId("id"));
    std::string report = board_.report(row);
    while (!report.empty() && report.back() == '\n') report.pop_back();
    return Reply::raw(200, "{\"data\":" + report + "}");
}

Reply ImportHandler::rejected(const Call& call) const {
    call.query.allowOnly({"id"});
    const ImportRow row = board_.visible(call.account, call.query.recordId("id"));
    return Reply::text(200, "text/csv; charset=" + row.charset, board_.rejectedRows(row));
}

}  // namespace sohub
