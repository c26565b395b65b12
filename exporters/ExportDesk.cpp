// Access by account: an admin sees every export's batches, an account its own.
#include "exporters/ExportDesk.h"

#include "domain/Caller.h"
#include "domain/Clock.h"
#include "domain/HubError.h"
#include "exporters/MessageExport.h"
#include "scheduler/Scheduler.h"
#include "store/Database.h"

namespace sohub {

std::vector<ExportBatch> ExportDesk::runNow(const Account& caller, const std::string& name) const {
    for (const auto& candidate : exports_) {
        if (candidate->spec().name != name) continue;
        if (caller.role != Role::Admin && caller.name != candidate->spec().account) throw HubError::noAccess();
        std::vector<ExportBatch> written;
        scheduler_.runHere(
            "export:" + name,
            [&](const JobContext& context) {
                written = candidate->run(&context);
                return ExportJob::resultOf(written);
            },
            60);
        return written;
    }
    throw HubError::notFound("Export not found");
}

BatchPage ExportDesk::list(const Account& caller, const BatchQuery& asked) const {
    BatchQuery query = asked;
    query.accountId = ownAccountScope(caller);
    // Confirmations through the API move batches on too: their states are brought up to date before they are shown.
    database_.write([&](Poco::Data::Session& session) { ExportStore::refreshStates(session, std::nullopt, clock_.now()); });
    BatchPage page;
    ReadLease read = database_.read();
    page.batches = ExportStore::list(read.session(), query);
    page.total = ExportStore::count(read.session(), query);
    return page;
}

BatchDetail ExportDesk::batch(const Account& caller, Poco::Int64 id) const {
    database_.write([&](Poco::Data::Session& session) { ExportStore::refreshStates(session, std::nullopt, clock_.now()); });
    ReadLease read = database_.read();
    const std::optional<ExportBatch> found = ExportStore::byId(read.session(), id);
    if (!found) throw HubError::notFound("Batch not found");
    if (!mayOpenRecordOf(caller, found->accountId)) throw HubError::noAccess();
    return BatchDetail{*found, ExportStore::confirmations(read.session(), id)};
}

}  // namespace sohub
