// Reference data (catalogue, providers, partners, competences, accounts) as one immutable in-memory snapshot.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sohub {

using JsonObject = Poco::JSON::Object::Ptr;

struct Manufacturer {
    int id = 0;
    std::string name;
    std::string alias;
    JsonObject externalData;
};

struct ProductType {
    int id = 0;
    std::string name;
    std::string alias;
    JsonObject properties;  // requireSerial, requireImei, allowPassword, ...
    JsonObject externalData;
    // The booking rules' properties, read once (ReferenceData): true or a number other than 0.
    bool allowPassword = false, requireImei = false, requireSerial = false;
};

struct ServiceType {
    int id = 0;
    std::string name;
    JsonObject properties;  // requirePurchaseDate, requireInsuranceNumber, ...
    JsonObject externalData;
    // The booking rules' properties, read once (ReferenceData): true or a number other than 0.
    bool requirePurchaseDate = false, requireInsuranceNumber = false;
};

struct ServiceLocation {
    int id = 0;
    std::string name;
    JsonObject externalData;
};

struct Accessory {
    int id = 0;
    std::string name;
    std::vector<int> productTypeIds;  // empty: fits every product type
};

struct ShippingMethod {
    int id = 0;
    std::string name;
    JsonObject properties;  // requirePickupDate, requireWeightOrVolume, goodsTypeList
    std::vector<int> serviceLocationIds;
    JsonObject externalData;
    // The booking rules' properties, read once (ReferenceData): the flags only when true itself.
    bool requirePickupDate = false, requireWeightOrVolume = false;
    std::vector<std::string> goodsTypes = {};  // goodsTypeList
};

struct ServiceProvider {
    int id = 0;
    std::string name;
    JsonObject contactData;
};

struct ServicePartner {
    int id = 0;
    int serviceProviderId = 0;
    std::string name;
};

// Per-partner settings of the integration that drive the conditional booking rules.
struct Integration {
    std::vector<std::string> mandatoryConsents;
    bool packageMaterials = false;
    bool requireShipping = false;
    std::vector<int> warrantyServiceTypes;
    std::vector<int> insuranceServiceTypes;
};

struct Partner {
    int id = 0;
    std::string name;
    JsonObject contactData;
    Integration integration;
};

struct PostalCodeRange {
    std::string from;
    std::string to;
    bool contains(const std::string& postalCode) const;
};

// One routing rule: which provider takes cases of which kind. An empty list means "any".
struct Competence {
    int id = 0;
    int serviceProviderId = 0;
    int servicePartnerId = 0;
    int priority = 0;
    std::vector<std::string> originatorTypes;
    std::vector<std::string> bookingTypes;
    std::vector<int> partnerIds;
    std::vector<int> serviceTypes;
    std::vector<int> manufacturers;
    std::vector<int> productTypes;
    std::vector<int> serviceLocations;
    std::vector<PostalCodeRange> postalCodes;
    JsonObject providerCompetence;  // sesam, persDep, departmentId, primarySesam, overrideCode
    JsonObject partnerCompetence;   // overrideCode
};

enum class Role { Partner, Provider, Admin };

const char* roleName(Role role);

struct Account {
    int id = 0;
    std::string name;
    Role role = Role::Partner;
    std::string tokenHash;  // hex SHA-256 of the token; the token itself is never stored
    int partnerId = 0;
    std::vector<int> providerIds;
    std::string email;
};

struct ReferenceContent {
    std::vector<Manufacturer> manufacturers;
    std::vector<ProductType> productTypes;
    std::vector<ServiceType> serviceTypes;
    std::vector<ServiceLocation> serviceLocations;
    std::vector<Accessory> accessories;
    std::vector<ShippingMethod> shippingMethods;
    std::vector<ServiceProvider> serviceProviders;
    std::vector<ServicePartner> servicePartners;
    std::vector<Partner> partners;
    std::vector<Competence> competences;
    std::vector<Account> accounts;
};

// A JSON object of the snapshot as compact JSON text (the bytes Json.h writes for it), written once per snapshot
// so that the endpoints answering with reference data splice text instead of serialising objects per request.
struct JsonText {
    std::string text;  // the whole object; empty when there is no object
    std::vector<std::pair<std::string, std::string>> members;  // name and value text of each member, in its order
};

// Read-only after construction, so any number of request threads may share it.
class ReferenceData {
public:
    explicit ReferenceData(ReferenceContent content);

    const ReferenceContent& content() const { return content_; }

    const Manufacturer* manufacturer(int id) const;
    // By alias or by name, in any letter case (an alias wins over another entry's name).
    const Manufacturer* manufacturerByAlias(const std::string& alias) const;
    const ProductType* productType(int id) const;
    const ProductType* productTypeByAlias(const std::string& alias) const;
    const ServiceType* serviceType(int id) const;
    const ServiceLocation* serviceLocation(int id) const;
    const ShippingMethod* shippingMethod(int id) const;
    const ServiceProvider* serviceProvider(int id) const;
    const ServicePartner* servicePartner(int id) const;
    const Partner* partner(int id) const;
    const Accessory* accessory(int id) const;
    const Account* accountByTokenHash(const std::string& tokenHash) const;
    const Account* account(int id) const;
    const Account* accountByName(const std::string& name) const;  // the configuration names accounts (drops, exports)
    // The text of one of the snapshot's own JSON objects (an empty JsonText for a null one).
    const JsonText& jsonText(const JsonObject& object) const;

private:
    ReferenceContent content_;
    std::map<int, std::size_t> manufacturers_, productTypes_, serviceTypes_, serviceLocations_,
        shippingMethods_, serviceProviders_, servicePartners_, partners_, accessories_, accounts_;
    std::map<std::string, std::size_t> manufacturerAliases_, productTypeAliases_, tokenHashes_;
    std::unordered_map<const Poco::JSON::Object*, JsonText> jsonTexts_;
};

using ReferenceSnapshot = std::shared_ptr<const ReferenceData>;

}  // namespace sohub
