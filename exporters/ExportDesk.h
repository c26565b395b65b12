// Hub service for the exports API: an export run now, the batches a caller may see, one batch's messages.
#pragma once

#include "exporters/ExportStore.h"

#include <memory>
#include <string>
#include <vector>

namespace sohub {

class Clock;
class Database;
class MessageExport;
class Scheduler;

struct BatchPage {
    std::vector<ExportBatch> batches;
    int total = 0;
};

struct BatchDetail {
    ExportBatch batch;
    std::vector<std::pair<Poco::Int64, std::optional<std::string>>> messages;  // id, confirmedAt
};

class ExportDesk {
public:
    ExportDesk(Database& database, const Clock& clock, std::vector<std::shared_ptr<MessageExport>> exports,
               Scheduler& scheduler)
        : database_(database), clock_(clock), exports_(std::move(exports)), scheduler_(scheduler) {}

    // Admin, or the export's own account; HubError not found / no access. Runs as the export's job (under its lease:
    // never beside a scheduled run, here or on another daemon), waiting up to a minute for one under way to end.
    std::vector<ExportBatch> runNow(const Account& caller, const std::string& name) const;
    BatchPage list(const Account& caller, const BatchQuery& query) const;
    BatchDetail batch(const Account& caller, Poco::Int64 id) const;

private:
    Database& database_;
    const Clock& clock_;
    std::vector<std::shared_ptr<MessageExport>> exports_;
    Scheduler& scheduler_;
};

}  // namespace sohub
