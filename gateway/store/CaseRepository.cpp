// Cases in the store, with bound parameters; JSON columns hold the data objects as the partner sent them.
#include "store/CaseRepository.h"

#include "store/CachedStatement.h"
#include "store/PreparedStatement.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Tuple.h>

#include <sstream>

using namespace Poco::Data::Keywords;

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

Poco::Nullable<int> nonZero(int value) { return value ? Poco::Nullable<int>(value) : Poco::Nullable<int>(); }

Poco::JSON::Object::Ptr parseObject(const Poco::Dynamic::Var& column) {
    if (column.isEmpty()) return nullptr;
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the partner's key order
    return parser.parse(column.convert<std::string>()).extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> optionalText(const Poco::Dynamic::Var& column) {
    if (column.isEmpty()) return std::nullopt;
    return column.convert<std::string>();
}

int integerOr0(const Poco::Dynamic::Var& column) { return column.isEmpty() ? 0 : column.convert<int>(); }

}  // namespace

CaseRow::CaseRow(const CaseRecord& record, const CaseDataTexts& data)
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
      orderData(data.orderData),
      productData(data.productData),
      customer(data.customer),
      createdAt(record.createdAt),
      updatedAt(record.updatedAt),
      currentStatus(nullable(record.currentStatus)),
      pickupDestination(nullable(record.booking.pickupDestination)),
      returnDestination(nullable(record.booking.returnDestination)),
      consumer(nullable(data.consumer)),
      pickupDst(nullable(data.pickupDst)),
      returnDst(nullable(data.returnDst)) {}

namespace {

// The case insert, prepared once on the writer's connection.
class CaseInsert {
public:
    explicit CaseInsert(Poco::Data::Session& session)
        : statement_(session,
                     "INSERT INTO cases (guid, partner_id, account_id, service_provider_id, service_partner_id, "
                     "competence_id, manufacturer_id, product_type_id, service_type_id, service_location_id, "
                     "shipping_method_id, originator_type, booking_type, client_postal_code, current_status, "
                     "pickup_destination, return_destination, order_data, product_data, customer, consumer, "
                     "pickup_dst, return_dst, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") {}

    Poco::Int64 run(const CaseRow& row) {
        statement_.bind(1, row.guid).bind(2, row.partnerId).bind(3, row.accountId).bind(4, row.providerId);
        statement_.bind(5, row.servicePartnerId).bind(6, row.competenceId).bind(7, row.manufacturerId);
        statement_.bind(8, row.productTypeId).bind(9, row.serviceTypeId).bind(10, row.locationId);
        statement_.bind(11, row.shippingMethodId).bind(12, row.originatorType).bind(13, row.bookingType);
        statement_.bind(14, row.clientPostalCode).bind(15, row.currentStatus).bind(16, row.pickupDestination);
        statement_.bind(17, row.returnDestination).bind(18, row.orderData).bind(19, row.productData);
        statement_.bind(20, row.customer).bind(21, row.consumer).bind(22, row.pickupDst).bind(23, row.returnDst);
        statement_.bind(24, row.createdAt).bind(25, row.updatedAt);
        return statement_.run();
    }

private:
    PreparedStatement statement_;
};

}  // namespace

Poco::Int64 CaseRepository::insert(Poco::Data::Session& session, CaseRow& row) {
    return withPrepared<CaseInsert>(session, [&](CaseInsert& insert) { return insert.run(row); });
}

std::optional<CaseRecord> CaseRepository::byGuid(Poco::Data::Session& session, const std::string& guid) {
    std::string key = guid;
    Poco::Data::Statement select(session);
    select << "SELECT id, guid, account_id, current_status, created_at, updated_at, partner_id, service_provider_id, "
              "service_partner_id, competence_id, manufacturer_id, product_type_id, service_type_id, "
              "service_location_id, shipping_method_id, originator_type, booking_type, client_postal_code, "
              "pickup_destination, return_destination, order_data, product_data, customer, consumer, pickup_dst, "
              "return_dst FROM cases WHERE guid = ?",
        use(key);
    select.execute();
    Poco::Data::RecordSet rows(select);
    if (!rows.moveFirst()) return std::nullopt;
    CaseRecord r;
    r.id = rows.value(0).convert<Poco::Int64>();
    r.guid = rows.value(1).convert<std::string>();
    r.accountId = integerOr0(rows.value(2));
    r.currentStatus = optionalText(rows.value(3));
    r.createdAt = rows.value(4).convert<std::string>();
    r.updatedAt = rows.value(5).convert<std::string>();
    Booking& b = r.booking;
    b.partnerId = integerOr0(rows.value(6));
    b.serviceProviderId = integerOr0(rows.value(7));
    b.servicePartnerId = integerOr0(rows.value(8));
    b.competenceId = integerOr0(rows.value(9));
    b.manufacturerId = integerOr0(rows.value(10));
    b.productTypeId = integerOr0(rows.value(11));
    b.serviceTypeId = integerOr0(rows.value(12));
    b.serviceLocationId = integerOr0(rows.value(13));
    if (!rows.value(14).isEmpty()) b.shippingMethodId = rows.value(14).convert<int>();
    b.originatorType = rows.value(15).convert<std::string>();
    b.bookingType = rows.value(16).convert<std::string>();
    b.clientPostalCode = rows.value(17).convert<std::string>();
    b.pickupDestination = optionalText(rows.value(18));
    b.returnDestination = optionalText(rows.value(19));
    b.orderData = parseObject(rows.value(20));
    b.productData = parseObject(rows.value(21));
    b.customer = parseObject(rows.value(22));
    b.consumer = parseObject(rows.value(23));
    b.pickupDst = parseObject(rows.value(24));
    b.returnDst = parseObject(rows.value(25));
    return r;
}

}  // namespace sohub
