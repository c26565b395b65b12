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
    ExportDesk(Database& database, const Clock& clock, std::vector<std::shared_ptr<MessageExport>> exports)
        : database_(database), clock_(clock), exports_(std::move(exports)) {}

    // Admin, or the export's own account; HubError not found / no access.
    std::vector<ExportBatch> runNow(const Account& caller, const std::string& name) const;
    BatchPage list(const Account& caller, const BatchQuery& query) const;
    BatchDetail batch(const Account& caller, Poco::Int64 id) const;

private:
    Database& database_;
    const Clock& clock_;
    std::vector<std::shared_ptr<MessageExport>> exports_;
};

}  // namespace sohub
