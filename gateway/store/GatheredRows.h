// The rows a change of many records writes that nothing in that change reads back (external requests, webhook
// deliveries): gathered while its records are stored, written at its end many to a statement (see RowBatch).
#pragma once

#include "store/RowBatch.h"

namespace sohub {

struct GatheredRows {
    GatheredRows();
    RowBatch requests;    // ExternalRequestRepository::insert's rows
    RowBatch deliveries;  // DeliveryRepository::fanOut's rows

    // Inside the change, after its last record.
    void flush(Poco::Data::Session& session);
    // Before a change that reuses these batches: what a failed change before it left is forgotten.
    void clear();
};

}  // namespace sohub
