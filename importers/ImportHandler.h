// The imports endpoints: POST /api/v3/imports (an upload), GET /api/v3/imports, /imports/report, /imports/rejected.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class ImportBoard;

class ImportHandler {
public:
    explicit ImportHandler(const ImportBoard& board) : board_(board) {}

    void registerIn(RouteTable& table) const;

    Reply upload(const Call& call) const;
    Reply list(const Call& call) const;
    Reply report(const Call& call) const;
    Reply rejected(const Call& call) const;

private:
    const ImportBoard& board_;
};

}  // namespace sohub
