// The batches of an import chunk's change, each with its repository's columns.
#include "store/GatheredRows.h"

#include "store/DeliveryRepository.h"
#include "store/ExternalRequestRepository.h"

namespace sohub {

GatheredRows::GatheredRows() : requests(ExternalRequestRepository::rows()), deliveries(DeliveryRepository::rows()) {}

void GatheredRows::flush(Poco::Data::Session& session) {
    requests.flush(session);
    deliveries.flush(session);
}

void GatheredRows::clear() {
    requests.clear();
    deliveries.clear();
}

}  // namespace sohub
