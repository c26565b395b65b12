// The exports endpoints: POST /api/v3/exports/run, GET /api/v3/exports, GET /api/v3/exports/batch.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class ExportDesk;

class ExportHandler {
public:
    explicit ExportHandler(const ExportDesk& desk) : desk_(desk) {}

    void registerIn(RouteTable& table) const;

    Reply run(const Call& call) const;
    Reply list(const Call& call) const;
    Reply batch(const Call& call) const;

private:
    const ExportDesk& desk_;
};

}  // namespace sohub
