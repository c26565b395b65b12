// The rows a change of many records writes that nothing in that change reads back (external requests, webhook
// deliveries): gathered while its records are stored, written at its end many to a statement (see RowBatch).
#pragma once

#include "store/RowBatch.h"

#include <vector>

namespace sohub {

struct GatheredRows {
    GatheredRows();
    RowBatch cases;       // CaseRepository::insertLater's rows, written first (the other rows refer to them)
    RowBatch requests;    // ExternalRequestRepository::insert's rows
    RowBatch deliveries;  // DeliveryRepository::fanOut's rows

    // The id of the next case of the change, reserved in the store so that the rows referring to it can be gathered
    // too: on SQLite (one writer) the largest id so far, read once per change, plus one for each case after it; on
    // PostgreSQL the cases' sequence, read a block at a time (daemons that write at once each take their own ids).
    Poco::Int64 nextCaseId(Poco::Data::Session& session);

    // Inside the change, after its last record.
    void flush(Poco::Data::Session& session);
    // Before a change that reuses these batches: what a failed change before it left is forgotten.
    void clear();

private:
    std::vector<Poco::Int64> reservedCaseIds_;  // the change's reserved ids, in the order they are given
    std::size_t nextReserved_ = 0;              // the first of them not given yet
};

}  // namespace sohub
