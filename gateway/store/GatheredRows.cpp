// The batches of an import chunk's change, each with its repository's columns.
#include "store/GatheredRows.h"

#include "store/CachedStatement.h"
#include "store/CaseRepository.h"
#include "store/DeliveryRepository.h"
#include "store/Dialect.h"
#include "store/ExternalRequestRepository.h"

namespace sohub {

GatheredRows::GatheredRows()
    : cases(CaseRepository::rows()),
      requests(ExternalRequestRepository::rows()),
      deliveries(DeliveryRepository::rows()) {}

Poco::Int64 GatheredRows::nextCaseId(Poco::Data::Session& session) {
    constexpr Poco::Int64 atOnce = 64;
    if (nextReserved_ == reservedCaseIds_.size()) {
        if (engineOf(session) == StoreEngine::SQLite) {
            // One writer: no other change runs until this one ends, so the ids after the largest are this change's.
            Poco::Int64 last = 0;
            if (!reservedCaseIds_.empty()) {
                last = reservedCaseIds_.back();
            } else {
                CachedStatement largest(session, "SELECT COALESCE(MAX(id), 0) FROM cases");
                if (largest.step()) last = largest.int64(0);
            }
            for (Poco::Int64 i = 1; i <= atOnce; ++i) reservedCaseIds_.push_back(last + i);
        } else {
            CachedStatement reserve(session, "SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
                                             "FROM generate_series(1, ?)");
            reserve.bind(1, atOnce);
            while (reserve.step()) reservedCaseIds_.push_back(reserve.int64(0));
        }
    }
    return reservedCaseIds_[nextReserved_++];
}

void GatheredRows::flush(Poco::Data::Session& session) {
    cases.flush(session);
    requests.flush(session);
    deliveries.flush(session);
}

void GatheredRows::clear() {
    cases.clear();
    requests.clear();
    deliveries.clear();
    reservedCaseIds_.clear();
    nextReserved_ = 0;
}

}  // namespace sohub
