// Translates the operators' two endpoints; the figures come from the metrics registry, the states from the parts.
#include "api/OperationsHandler.h"

#include "api/OpenApiDocument.h"
#include "domain/Clock.h"
#include "operations/Metrics.h"
#include "operations/RunningParts.h"
#include "store/CachedStatement.h"
#include "store/Database.h"
#include "store/Migrations.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace sohub {

OperationsHandler::OperationsHandler(Database& database, const RunningParts& parts, AddressRanges metricsFrom)
    : database_(database), parts_(parts), metricsFrom_(std::make_shared<const AddressRanges>(std::move(metricsFrom))) {}

void OperationsHandler::registerIn(RouteTable& table) const {
    Route metricsRoute{"GET", "/metrics", {Role::Admin}, &OperationsHandler::metrics};
    metricsRoute.openTo = [from = metricsFrom_](const Poco::Net::IPAddress& address) { return from->contains(address); };
    table.add(std::move(metricsRoute));
    table.add({"GET", "/ready", {}, [this](const Call& call) { return ready(call); }});
    table.add({"GET", "/api/v3/openapi.json", {}, &OperationsHandler::openApi});
}

Reply OperationsHandler::openApi(const Call& call) {
    call.query.allowOnly({});
    return Reply::raw(200, openApiDocument());
}

Reply OperationsHandler::metrics(const Call& call) {
    call.query.allowOnly({});
    return Reply::text(200, "text/plain; version=0.0.4; charset=utf-8", metrics::registry().expose());
}

Reply OperationsHandler::ready(const Call& call) const {
    call.query.allowOnly({});
    std::vector<std::string> problems;
    int schema = 0;
    try {
        const std::string at = nowIso();
        database_.write([&](Poco::Data::Session& session) {
            CachedStatement(session,
                            "INSERT INTO probes (name, written_at) VALUES ('ready', ?) "
                            "ON CONFLICT (name) DO UPDATE SET written_at = excluded.written_at")
                .bind(1, at)
                .execute();
            schema = storedSchemaVersion(session);
        });
    } catch (const std::exception& error) {
        problems.push_back(std::string("store: takes no write (") + (isStoreFull(error) ? "full" : error.what()) + ")");
    }
    // A daemon of a newer release migrated the store (an upgrade of several daemons under way): this one's code
    // may no longer match it, so a balancer should send it nothing until it is replaced.
    if (schema > knownSchemaVersion())
        problems.push_back("store: its schema is version " + std::to_string(schema) + ", newer than this sohubd's (" +
                           std::to_string(knownSchemaVersion()) + "): a newer release migrated it; replace this daemon");
    for (std::string& problem : parts_.problems()) problems.push_back(std::move(problem));
    if (problems.empty()) {
        Poco::JSON::Object::Ptr status = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        status->set("status", "ready");
        return Reply::data(status);
    }
    std::string message = "Not ready: ";
    for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    Poco::JSON::Array::Ptr details = new Poco::JSON::Array;
    for (const std::string& problem : problems) details->add(problem);
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("message", message);
    error->set("details", details);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("error", error);
    return Reply(503, body);
}

}  // namespace sohub
