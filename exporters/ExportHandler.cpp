// {"data": [batches]} for a run, {"data": [...], "pagination"} for the list, {"data": batch + messages}.
#include "exporters/ExportHandler.h"

#include "domain/Clock.h"
#include "exporters/ExportDesk.h"

#include <Poco/JSON/Array.h>


namespace sohub {
namespace {

Poco::JSON::Object::Ptr batchJson(const ExportBatch& batch) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    json->set("id", batch.id);
    json->set("export", batch.exportName);
    json->set("file", batch.fileName);
    json->set("format", batch.format);
    json->set("records", batch.records);
    json->set("sha256", batch.sha256);
    json->set("bytes", batch.bytes);
    json->set("state", batch.state);
    json->set("createdAt", isoDate(batch.createdAt));
    json->set("acknowledgedAt", batch.acknowledgedAt ? Poco::Dynamic::Var(isoDate(*batch.acknowledgedAt)) : Poco::Dynamic::Var());
    return json;
}

}  // namespace

void ExportHandler::registerIn(RouteTable& table) const {
    const ExportHandler self = *this;
    table.add({"POST", "/api/v3/exports/run", {Role::Partner, Role::Provider}, [self](const Call& call) { return self.run(call); }});
    table.add({"GET", "/api/v3/exports", {Role::Partner, Role::Provider}, [self](const Call& call) { return self.list(call); }});
    table.add({"GET", "/api/v3/exports/batch", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.batch(call); }});
}

Reply ExportHandler::run(const Call& call) const {
    call.query.allowNone();
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const ExportBatch& batch : desk_.runNow(call.account, call.requiredText("name"))) data->add(batchJson(batch));
    return Reply::data(data);
}

Reply ExportHandler::list(const Call& call) const {
    call.query.allowOnly({"state", "limit", "offset"});
    BatchQuery query;
    query.state = call.query.oneOf("state", {"written", "partlyAcknowledged", "acknowledged", "superseded"});
    query.limit = call.query.pageLimit();
    query.offset = call.query.pageOffset();
    const BatchPage page = desk_.list(call.account, query);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    for (const ExportBatch& batch : page.batches) data->add(batchJson(batch));
    return Reply::page(data, page.total, query.limit, query.offset);
}

Reply ExportHandler::batch(const Call& call) const {
    call.query.allowOnly({"id"});
    const BatchDetail detail = desk_.batch(call.account, call.query.recordId("id"));
    Poco::JSON::Object::Ptr json = batchJson(detail.batch);
    Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
    for (const auto& [messageId, confirmedAt] : detail.messages) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", messageId);
        item->set("confirmed", confirmedAt.has_value());
        item->set("confirmedAt", confirmedAt ? Poco::Dynamic::Var(*confirmedAt) : Poco::Dynamic::Var());
        messages->add(item);
    }
    json->set("messages", messages);
    return Reply::data(json);
}

}  // namespace sohub
