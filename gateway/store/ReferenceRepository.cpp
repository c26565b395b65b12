// Reference data rows <-> snapshot, with JSON columns for the nested parts.
#include "store/ReferenceRepository.h"

#include "store/Dialect.h"

#include "domain/Clock.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/DigestEngine.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

using namespace Poco::Data::Keywords;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace sohub {
namespace {

JsonObject parseObject(const std::string& text) {
    if (text.empty()) return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the documents' key order
    return parser.parse(text).extract<Object::Ptr>();
}

std::string stringify(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) return "{}";
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

template <typename T>
std::vector<T> listOf(const JsonObject& object, const std::string& key) {
    std::vector<T> values;
    if (!object || !object->has(key)) return values;
    const Array::Ptr array = object->getArray(key);
    if (!array) return values;
    for (std::size_t i = 0; i < array->size(); ++i) values.push_back(array->get(i).convert<T>());
    return values;
}

std::string text(Poco::Data::RecordSet& rows, std::size_t column) {
    const Poco::Dynamic::Var value = rows.value(column);
    return value.isEmpty() ? std::string() : value.convert<std::string>();
}

int integer(Poco::Data::RecordSet& rows, std::size_t column) {
    const Poco::Dynamic::Var value = rows.value(column);
    return value.isEmpty() ? 0 : value.convert<int>();
}

Role roleFrom(const std::string& name) {
    if (name == "partner") return Role::Partner;
    if (name == "provider") return Role::Provider;
    if (name == "admin") return Role::Admin;
    throw Poco::DataFormatException("unknown account role", name);
}

template <typename Row>
void each(Poco::Data::Session& session, const std::string& sql, Row row) {
    Poco::Data::Statement select(session);
    select << sql;
    select.execute();
    Poco::Data::RecordSet rows(select);
    for (bool more = rows.moveFirst(); more; more = rows.moveNext()) row(rows);
}

Integration integrationFrom(const JsonObject& json) {
    Integration integration;
    integration.mandatoryConsents = listOf<std::string>(json, "mandatoryConsents");
    integration.packageMaterials = json->optValue<bool>("packageMaterials", false);
    integration.requireShipping = json->optValue<bool>("requireShipping", false);
    integration.warrantyServiceTypes = listOf<int>(json, "warrantyServiceTypes");
    integration.insuranceServiceTypes = listOf<int>(json, "insuranceServiceTypes");
    return integration;
}

Competence competenceFrom(const JsonObject& criteria) {
    Competence c;
    c.originatorTypes = listOf<std::string>(criteria, "originatorTypes");
    c.bookingTypes = listOf<std::string>(criteria, "bookingTypes");
    c.partnerIds = listOf<int>(criteria, "partners");
    c.serviceTypes = listOf<int>(criteria, "serviceTypes");
    c.manufacturers = listOf<int>(criteria, "manufacturers");
    c.productTypes = listOf<int>(criteria, "productTypes");
    c.serviceLocations = listOf<int>(criteria, "serviceLocations");
    if (criteria->has("postalCodes")) {
        const Array::Ptr ranges = criteria->getArray("postalCodes");
        for (std::size_t i = 0; i < ranges->size(); ++i) {
            const Object::Ptr range = ranges->getObject(static_cast<unsigned>(i));
            c.postalCodes.push_back({range->getValue<std::string>("from"), range->getValue<std::string>("to")});
        }
    }
    return c;
}

}  // namespace

std::string hashToken(const std::string& token) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(token);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

ReferenceContent ReferenceRepository::load() {
    ReferenceContent content;
    ReadLease lease = database_.read();
    Poco::Data::Session& session = lease.session();
    each(session, "SELECT id, name, alias, external_data FROM manufacturers ORDER BY id", [&](auto& r) {
        content.manufacturers.push_back({integer(r, 0), text(r, 1), text(r, 2), parseObject(text(r, 3))});
    });
    each(session, "SELECT id, name, alias, properties, external_data FROM product_types ORDER BY id", [&](auto& r) {
        content.productTypes.push_back(
            {integer(r, 0), text(r, 1), text(r, 2), parseObject(text(r, 3)), parseObject(text(r, 4))});
    });
    each(session, "SELECT id, name, properties, external_data FROM service_types ORDER BY id", [&](auto& r) {
        content.serviceTypes.push_back({integer(r, 0), text(r, 1), parseObject(text(r, 2)), parseObject(text(r, 3))});
    });
    each(session, "SELECT id, name, external_data FROM service_locations ORDER BY id", [&](auto& r) {
        content.serviceLocations.push_back({integer(r, 0), text(r, 1), parseObject(text(r, 2))});
    });
    each(session, "SELECT id, name, product_type_ids FROM accessories ORDER BY id", [&](auto& r) {
        JsonObject wrapper = parseObject("{\"ids\":" + text(r, 2) + "}");
        content.accessories.push_back({integer(r, 0), text(r, 1), listOf<int>(wrapper, "ids")});
    });
    each(session, "SELECT id, name, properties, service_location_ids, external_data FROM shipping_methods ORDER BY id",
         [&](auto& r) {
             JsonObject wrapper = parseObject("{\"ids\":" + text(r, 3) + "}");
             content.shippingMethods.push_back({integer(r, 0), text(r, 1), parseObject(text(r, 2)),
                                                listOf<int>(wrapper, "ids"), parseObject(text(r, 4))});
         });
    each(session, "SELECT id, name, contact_data FROM service_providers ORDER BY id", [&](auto& r) {
        content.serviceProviders.push_back({integer(r, 0), text(r, 1), parseObject(text(r, 2))});
    });
    each(session, "SELECT id, service_provider_id, name FROM service_partners ORDER BY id", [&](auto& r) {
        content.servicePartners.push_back({integer(r, 0), integer(r, 1), text(r, 2)});
    });
    each(session, "SELECT id, name, contact_data, integration FROM partners ORDER BY id", [&](auto& r) {
        content.partners.push_back({integer(r, 0), text(r, 1), parseObject(text(r, 2)), integrationFrom(parseObject(text(r, 3)))});
    });
    each(session,
         "SELECT id, service_provider_id, service_partner_id, priority, criteria, provider_competence, "
         "partner_competence FROM competences ORDER BY id",
         [&](auto& r) {
             Competence c = competenceFrom(parseObject(text(r, 4)));
             c.id = integer(r, 0);
             c.serviceProviderId = integer(r, 1);
             c.servicePartnerId = integer(r, 2);
             c.priority = integer(r, 3);
             c.providerCompetence = parseObject(text(r, 5));
             c.partnerCompetence = parseObject(text(r, 6));
             content.competences.push_back(std::move(c));
         });
    each(session, "SELECT id, name, role, token_hash, partner_id, provider_ids, email FROM accounts ORDER BY id",
         [&](auto& r) {
             Account a;
             a.id = integer(r, 0);
             a.name = text(r, 1);
             a.role = roleFrom(text(r, 2));
             a.tokenHash = text(r, 3);
             a.partnerId = integer(r, 4);
             a.providerIds = listOf<int>(parseObject("{\"ids\":" + text(r, 5) + "}"), "ids");
             a.email = text(r, 6);
             content.accounts.push_back(std::move(a));
         });
    return content;
}

bool ReferenceRepository::seedIfEmpty(const Poco::JSON::Object::Ptr& seed) {
    bool seeded = false;
    database_.write([&](Poco::Data::Session& session) {
        // Daemons starting together on one empty store: one seeds, the others find its accounts.
        dialect::exclusive(session, 7304);
        int accounts = 0;
        session << "SELECT COUNT(*) FROM accounts", into(accounts), now;
        if (accounts > 0) return;
        const auto rows = [&](const std::string& key) {
            return seed->has(key) ? seed->getArray(key) : Array::Ptr(new Array);
        };
        const auto str = [](const Object::Ptr& o, const std::string& key) {
            return o->has(key) && !o->get(key).isEmpty() ? o->get(key).convert<std::string>() : std::string();
        };
        const auto json = [](const Object::Ptr& o, const std::string& key) {
            return o->has(key) ? stringify(o->get(key)) : std::string("{}");
        };
        const auto jsonList = [](const Object::Ptr& o, const std::string& key) {
            return o->has(key) ? stringify(o->get(key)) : std::string("[]");
        };
        const auto nullable = [](const std::string& s) {
            return s.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(s);
        };
        for (const auto& v : *rows("manufacturers")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), externalData = json(o, "externalData");
            Poco::Nullable<std::string> alias = nullable(str(o, "alias"));
            session << "INSERT INTO manufacturers (id, name, alias, external_data) VALUES (?, ?, ?, ?)", use(id),
                use(name), use(alias), use(externalData), now;
        }
        for (const auto& v : *rows("productTypes")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), properties = json(o, "properties"), externalData = json(o, "externalData");
            Poco::Nullable<std::string> alias = nullable(str(o, "alias"));
            session << "INSERT INTO product_types (id, name, alias, properties, external_data) VALUES (?, ?, ?, ?, ?)",
                use(id), use(name), use(alias), use(properties), use(externalData), now;
        }
        for (const auto& v : *rows("serviceTypes")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), properties = json(o, "properties"), externalData = json(o, "externalData");
            session << "INSERT INTO service_types (id, name, properties, external_data) VALUES (?, ?, ?, ?)", use(id),
                use(name), use(properties), use(externalData), now;
        }
        for (const auto& v : *rows("serviceLocations")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), externalData = json(o, "externalData");
            session << "INSERT INTO service_locations (id, name, external_data) VALUES (?, ?, ?)", use(id), use(name),
                use(externalData), now;
        }
        for (const auto& v : *rows("accessories")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), productTypes = jsonList(o, "productTypes");
            session << "INSERT INTO accessories (id, name, product_type_ids) VALUES (?, ?, ?)", use(id), use(name),
                use(productTypes), now;
        }
        for (const auto& v : *rows("shippingMethods")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), properties = json(o, "properties"),
                        locations = jsonList(o, "serviceLocations"), externalData = json(o, "externalData");
            session << "INSERT INTO shipping_methods (id, name, properties, service_location_ids, external_data) "
                       "VALUES (?, ?, ?, ?, ?)",
                use(id), use(name), use(properties), use(locations), use(externalData), now;
        }
        for (const auto& v : *rows("serviceProviders")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), contactData = json(o, "contactData");
            session << "INSERT INTO service_providers (id, name, contact_data) VALUES (?, ?, ?)", use(id), use(name),
                use(contactData), now;
        }
        for (const auto& v : *rows("servicePartners")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id"), provider = o->getValue<int>("serviceProviderId");
            std::string name = str(o, "name");
            session << "INSERT INTO service_partners (id, service_provider_id, name) VALUES (?, ?, ?)", use(id),
                use(provider), use(name), now;
        }
        for (const auto& v : *rows("partners")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id");
            std::string name = str(o, "name"), contactData = json(o, "contactData"), integration = json(o, "integration");
            session << "INSERT INTO partners (id, name, contact_data, integration) VALUES (?, ?, ?, ?)", use(id),
                use(name), use(contactData), use(integration), now;
        }
        for (const auto& v : *rows("competences")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            int id = o->getValue<int>("id"), provider = o->getValue<int>("serviceProviderId");
            int priority = o->optValue<int>("priority", 0);
            Poco::Nullable<int> servicePartner;
            if (o->has("servicePartnerId")) servicePartner = o->getValue<int>("servicePartnerId");
            std::string criteria = json(o, "criteria"), providerCompetence = json(o, "providerCompetence"),
                        partnerCompetence = json(o, "partnerCompetence");
            session << "INSERT INTO competences (id, service_provider_id, service_partner_id, priority, criteria, "
                       "provider_competence, partner_competence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                use(id), use(provider), use(servicePartner), use(priority), use(criteria), use(providerCompetence),
                use(partnerCompetence), now;
        }
        for (const auto& v : *rows("accounts")) {
            const Object::Ptr o = v.extract<Object::Ptr>();
            std::string name = str(o, "name"), role = str(o, "role"), tokenHash = hashToken(str(o, "token")),
                        providers = jsonList(o, "serviceProviders"), createdAt = nowIso();
            roleFrom(role);
            Poco::Nullable<int> partner;
            if (o->has("partnerId")) partner = o->getValue<int>("partnerId");
            Poco::Nullable<std::string> email = nullable(str(o, "email"));
            Poco::Nullable<int> id;
            if (o->has("id")) id = o->getValue<int>("id");
            // An account without an id takes the next one, on either engine.
            session << "INSERT INTO accounts (id, name, role, token_hash, partner_id, provider_ids, email, created_at) "
                       "VALUES (COALESCE(?, (SELECT COALESCE(MAX(id), 0) + 1 FROM accounts)), ?, ?, ?, ?, ?, ?, ?)",
                use(id), use(name), use(role), use(tokenHash), use(partner), use(providers), use(email), use(createdAt),
                now;
        }
        for (const char* table : {"manufacturers", "product_types", "service_types", "service_locations", "accessories",
                                  "shipping_methods", "service_providers", "service_partners", "partners", "competences",
                                  "accounts"})
            dialect::syncIdentity(session, table);
        seeded = true;
    });
    return seeded;
}

ReferenceCatalog::ReferenceCatalog(ReferenceRepository& repository) : repository_(repository) { reload(); }

ReferenceSnapshot ReferenceCatalog::current() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return snapshot_;
}

// The counter first: a change committed during the load moves it past this value, and the next refresh loads again.
void ReferenceCatalog::reload() { loadAt(repository_.version()); }

void ReferenceCatalog::loadAt(const Poco::Int64 version) {
    const std::lock_guard<std::mutex> reloading(reloading_);
    auto fresh = std::make_shared<const ReferenceData>(ReferenceData(repository_.load()));
    const std::lock_guard<std::mutex> lock(mutex_);
    snapshot_ = std::move(fresh);
    version_ = version;
}

bool ReferenceCatalog::refresh() {
    Poco::Int64 loaded = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        loaded = version_;
    }
    const Poco::Int64 version = repository_.version();
    if (version == loaded) return false;
    loadAt(version);  // the counter just read, not a second read of it
    return true;
}

Poco::Int64 ReferenceRepository::version() {
    ReadLease lease = database_.read();
    Poco::Int64 version = 0;
    lease.session() << "SELECT version FROM store_versions WHERE name = 'reference'", into(version), now;
    return version;
}

}  // namespace sohub
