// Cases in the store, with bound parameters; JSON columns hold the data objects as toJsonText wrote them at booking.
#include "store/CaseRepository.h"

#include "domain/Json.h"
#include "store/CachedStatement.h"

#include <Poco/Data/DataException.h>
#include <Poco/JSON/Parser.h>

namespace sohub {
namespace {

// Every request that touches a case asks this first: statements prepared once per connection.
template <typename Key>
std::optional<CaseParties> partiesWhere(Poco::Data::Session& session, const char* sql, const Key& key) {
    CachedStatement select(session, sql);
    select.bind(1, key);
    if (!select.step()) return std::nullopt;
    return CaseParties{select.int64(0), select.text(1), static_cast<int>(select.int64(2)),
                       static_cast<int>(select.int64(3)), static_cast<int>(select.int64(4))};
}

}  // namespace

std::optional<CaseParties> CaseRepository::partiesByGuid(Poco::Data::Session& session, const std::string& guid) {
    return partiesWhere(session,
                        "SELECT id, guid, partner_id, account_id, service_provider_id FROM cases WHERE guid = ?", guid);
}

std::optional<CaseParties> CaseRepository::partiesById(Poco::Data::Session& session, Poco::Int64 id) {
    return partiesWhere(session,
                        "SELECT id, guid, partner_id, account_id, service_provider_id FROM cases WHERE id = ?", id);
}

namespace {

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

template <typename T>
Poco::Nullable<T> nullable(std::optional<T>&& value) {
    return value ? Poco::Nullable<T>(std::move(*value)) : Poco::Nullable<T>();
}

Poco::Nullable<int> nonZero(int value) { return value ? Poco::Nullable<int>(value) : Poco::Nullable<int>(); }

// A JSON column as toJsonText writes it. Cases booked through CaseDataTexts hold exactly that, marked so in the row
// (data_canonical), and are passed on as they are; other rows' text is checked, and when it is not in that form (stored
// through Poco's Stringifier before the direct writer, with "\/" escapes, or by hand) parsed and written again, as
// every row was before, so the answer does not depend on how the row was stored.
std::optional<std::string> objectText(const std::optional<std::string_view>& column, bool canonical) {
    if (!column) return std::nullopt;
    if (canonical || isCanonicalJsonObject(*column)) return std::string(*column);
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the stored key order
    return toJsonText(*parser.parse(std::string(*column)).extract<Poco::JSON::Object::Ptr>());
}

}  // namespace

CaseRow::CaseRow(const CaseRecord& record, CaseDataTexts data)
    : guid(record.guid),
      partnerId(record.booking.partnerId),
      accountId(record.accountId),
      providerId(record.booking.serviceProviderId),
      manufacturerId(record.booking.manufacturerId),
      productTypeId(record.booking.productTypeId),
      serviceTypeId(record.booking.serviceTypeId),
      locationId(record.booking.serviceLocationId),
      servicePartnerId(nonZero(record.booking.servicePartnerId)),
      competenceId(nonZero(record.booking.competenceId)),
      shippingMethodId(nullable(record.booking.shippingMethodId)),
      originatorType(record.booking.originatorType),
      bookingType(record.booking.bookingType),
      clientPostalCode(record.booking.clientPostalCode),
      orderData(std::move(data.orderData)),
      productData(std::move(data.productData)),
      customer(std::move(data.customer)),
      createdAt(record.createdAt),
      updatedAt(record.updatedAt),
      currentStatus(nullable(record.currentStatus)),
      pickupDestination(nullable(record.booking.pickupDestination)),
      returnDestination(nullable(record.booking.returnDestination)),
      consumer(nullable(std::move(data.consumer))),
      pickupDst(nullable(std::move(data.pickupDst))),
      returnDst(nullable(std::move(data.returnDst))) {}

namespace {

// The columns a new case is inserted with, after its id when that is reserved beforehand (rows()).
#define SOHUB_CASE_INSERTED                                                                                           \
    "guid, partner_id, account_id, service_provider_id, service_partner_id, competence_id, manufacturer_id, "        \
    "product_type_id, service_type_id, service_location_id, shipping_method_id, originator_type, booking_type, "    \
    "client_postal_code, current_status, pickup_destination, return_destination, order_data, product_data, "        \
    "customer, consumer, pickup_dst, return_dst, created_at, updated_at, data_canonical"
constexpr int insertedColumns = 26;

std::optional<Poco::Int64> optional(const Poco::Nullable<int>& value) {
    return value.isNull() ? std::nullopt : std::optional<Poco::Int64>(value.value());
}

// The row's values in SOHUB_CASE_INSERTED's order, its texts bound where they lie (a contact object is a few hundred
// bytes: not copied twice).
void addValues(const CaseRow& row, RowBatch& batch) {
    const auto text = [&](const Poco::Nullable<std::string>& value) -> RowBatch& {
        return value.isNull() ? batch.value(std::optional<std::string>()) : batch.kept(value.value());
    };
    batch.kept(row.guid).value(Poco::Int64(row.partnerId)).value(Poco::Int64(row.accountId));
    batch.value(Poco::Int64(row.providerId)).value(optional(row.servicePartnerId)).value(optional(row.competenceId));
    batch.value(Poco::Int64(row.manufacturerId)).value(Poco::Int64(row.productTypeId));
    batch.value(Poco::Int64(row.serviceTypeId)).value(Poco::Int64(row.locationId));
    batch.value(optional(row.shippingMethodId));
    batch.kept(row.originatorType).kept(row.bookingType).kept(row.clientPostalCode);
    text(row.currentStatus);
    text(row.pickupDestination);
    text(row.returnDestination);
    batch.kept(row.orderData).kept(row.productData).kept(row.customer);
    text(row.consumer);
    text(row.pickupDst);
    text(row.returnDst);
    batch.kept(row.createdAt).kept(row.updatedAt);
    batch.value(Poco::Int64(1));  // a CaseRow's data objects are CaseDataTexts: as toJsonText writes them
}

}  // namespace

Poco::Int64 CaseRepository::insert(Poco::Data::Session& session, CaseRow& row) {
    // Its statement is prepared once per connection: the writer runs it for every booking.
    RowBatch alone("INSERT INTO cases (" SOHUB_CASE_INSERTED ") VALUES ", insertedColumns);
    addValues(row, alone);
    return alone.insertOne(session);
}

RowBatch CaseRepository::rows() {
    return RowBatch("INSERT INTO cases (id, " SOHUB_CASE_INSERTED ") VALUES ", insertedColumns + 1);
}

void CaseRepository::insertLater(const CaseRow& row, Poco::Int64 id, RowBatch& batch) {
    batch.row().value(id);
    addValues(row, batch);
}

namespace {

// The columns of a whole case, in the order readStored reads them.
#define SOHUB_CASE_COLUMNS                                                                                          \
    "id, guid, account_id, current_status, created_at, updated_at, partner_id, service_provider_id, "              \
    "service_partner_id, competence_id, manufacturer_id, product_type_id, service_type_id, "                      \
    "service_location_id, shipping_method_id, originator_type, booking_type, client_postal_code, "               \
    "pickup_destination, return_destination, order_data, product_data, customer, consumer, pickup_dst, "         \
    "return_dst, data_canonical"

StoredCase readStored(const CachedStatement& select) {
    const auto integerOr0 = [&](int column) { return select.isNull(column) ? 0 : static_cast<int>(select.int64(column)); };
    const bool canonical = select.int64(26) != 0;
    const auto object = [&](int column) { return objectText(select.view(column), canonical); };
    StoredCase stored;
    CaseRecord& r = stored.record;
    r.id = select.int64(0);
    r.guid = select.text(1);
    r.accountId = integerOr0(2);
    r.currentStatus = select.optionalText(3);
    r.createdAt = select.text(4);
    r.updatedAt = select.text(5);
    Booking& b = r.booking;
    b.partnerId = integerOr0(6);
    b.serviceProviderId = integerOr0(7);
    b.servicePartnerId = integerOr0(8);
    b.competenceId = integerOr0(9);
    b.manufacturerId = integerOr0(10);
    b.productTypeId = integerOr0(11);
    b.serviceTypeId = integerOr0(12);
    b.serviceLocationId = integerOr0(13);
    if (!select.isNull(14)) b.shippingMethodId = static_cast<int>(select.int64(14));
    b.originatorType = select.text(15);
    b.bookingType = select.text(16);
    b.clientPostalCode = select.text(17);
    b.pickupDestination = select.optionalText(18);
    b.returnDestination = select.optionalText(19);
    CaseDataTexts& data = stored.data;
    data.orderData = object(20).value_or("{}");
    data.productData = object(21).value_or("{}");
    data.customer = object(22).value_or("null");
    data.consumer = object(23);
    data.pickupDst = object(24);
    data.returnDst = object(25);
    return stored;
}

}  // namespace

std::optional<StoredCase> CaseRepository::byGuid(Poco::Data::Session& session, const std::string& guid) {
    // Prepared once per connection: every GET /api/v3/case runs it (compiling it cost more than the rest of the read).
    CachedStatement select(session, "SELECT " SOHUB_CASE_COLUMNS " FROM cases WHERE guid = ?");
    select.bind(1, guid);
    if (!select.step()) return std::nullopt;
    return readStored(select);
}

std::optional<StoredCase> CaseRepository::byId(Poco::Data::Session& session, Poco::Int64 id) {
    CachedStatement select(session, "SELECT " SOHUB_CASE_COLUMNS " FROM cases WHERE id = ?");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    return readStored(select);
}

// The columns as stored, not through objectText as readStored takes them: a logged request that refers to them is put
// back from these very bytes.
std::optional<CaseDataTexts> CaseRepository::dataById(Poco::Data::Session& session, Poco::Int64 id) {
    CachedStatement select(session, "SELECT order_data, product_data, customer, consumer, pickup_dst, return_dst "
                                    "FROM cases WHERE id = ?");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    CaseDataTexts data;
    data.orderData = select.text(0);
    data.productData = select.text(1);
    data.customer = select.text(2);
    data.consumer = select.optionalText(3);
    data.pickupDst = select.optionalText(4);
    data.returnDst = select.optionalText(5);
    return data;
}

#undef SOHUB_CASE_COLUMNS

}  // namespace sohub
