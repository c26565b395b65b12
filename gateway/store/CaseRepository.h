// Cases in the store: the parties of a case by guid or id (the full record arrives with booking).
#pragma once

#include "domain/Booking.h"
#include "domain/CaseView.h"
#include "domain/Caller.h"
#include "store/RowBatch.h"

#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>

#include <optional>
#include <string>

namespace sohub {

// A case's columns, serialised before the write so the single writer thread only binds and steps.
struct CaseRow {
    CaseRow() = default;
    // The data texts are taken over (moved from), not copied. They are as toJsonText writes them (CaseDataTexts), and
    // the row is stored marked so (data_canonical): a read passes them on without checking them.
    CaseRow(const CaseRecord& record, CaseDataTexts data);

    std::string guid;
    int partnerId = 0, accountId = 0, providerId = 0, manufacturerId = 0, productTypeId = 0, serviceTypeId = 0,
        locationId = 0;
    Poco::Nullable<int> servicePartnerId, competenceId, shippingMethodId;
    std::string originatorType, bookingType, clientPostalCode, orderData, productData, customer, createdAt, updatedAt;
    Poco::Nullable<std::string> currentStatus, pickupDestination, returnDestination, consumer, pickupDst, returnDst;
};

// A case as GET /api/v3/case reads it: its data objects as JSON text only (record.booking holds none of them).
struct StoredCase {
    CaseRecord record;
    CaseDataTexts data;
};

class CaseRepository {
public:
    static std::optional<CaseParties> partiesByGuid(Poco::Data::Session& session, const std::string& guid);
    static std::optional<CaseParties> partiesById(Poco::Data::Session& session, Poco::Int64 id);

    // Stores a new case (inside a write change); returns its id.
    static Poco::Int64 insert(Poco::Data::Session& session, CaseRow& row);
    // A batch of new cases, each under the id reserved for it (GatheredRows::nextCaseId); the rows' texts are bound
    // where they lie.
    static RowBatch rows();
    static void insertLater(const CaseRow& row, Poco::Int64 id, RowBatch& batch);
    static std::optional<StoredCase> byGuid(Poco::Data::Session& session, const std::string& guid);
    static std::optional<StoredCase> byId(Poco::Data::Session& session, Poco::Int64 id);
    // Only the case's data objects, as stored.
    static std::optional<CaseDataTexts> dataById(Poco::Data::Session& session, Poco::Int64 id);
};

}  // namespace sohub
