// Direct inserts through Poco::Data (either store) with bound parameters.
#include "support/CaseSeeder.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>
#include "domain/Guid.h"

using namespace Poco::Data::Keywords;

namespace sohub::test {

SeededCase seedCase(const std::string& databaseFile, int partnerId, int accountId, int providerId,
                    const std::string& customer, const std::string& consumer) {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", databaseFile);
    session << "PRAGMA busy_timeout=5000", now;
    return seedCase(session, partnerId, accountId, providerId, customer, consumer);
}

SeededCase seedCase(Poco::Data::Session& session, int partnerId, int accountId, int providerId,
                    const std::string& customer, const std::string& consumer) {
    SeededCase seeded;
    seeded.guid = newGuid();
    std::string at = "2026-01-01T00:00:00.000Z", customerText = customer;
    Poco::Nullable<std::string> consumerText;
    if (!consumer.empty()) consumerText = consumer;
    session << "INSERT INTO cases (guid, partner_id, account_id, service_provider_id, manufacturer_id, product_type_id, "
               "service_type_id, service_location_id, originator_type, booking_type, client_postal_code, order_data, "
               "product_data, customer, consumer, created_at, updated_at) VALUES (?, ?, ?, ?, 1012, 1001, 4, 3, "
               "'private', 'companyToPrivate', '1145', '{}', '{}', ?, ?, ?, ?) RETURNING id",
        use(seeded.guid), use(partnerId), use(accountId), use(providerId), use(customerText), use(consumerText),
        use(at), use(at), into(seeded.id), now;
    return seeded;
}

}  // namespace sohub::test
