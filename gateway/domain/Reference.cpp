// Lookups over the reference snapshot.
#include "domain/Reference.h"

#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sohub {
namespace {

// A property as a flag: true; also a number other than 0 where numbers count (product and service types' properties,
// not a shipping method's).
bool flagOf(const JsonObject& properties, const std::string& name, bool numbersCount) {
    if (!properties || !properties->has(name)) return false;
    const Poco::Dynamic::Var value = properties->get(name);
    if (value.isBoolean()) return value.extract<bool>();
    if (numbersCount && value.isNumeric()) return value.convert<double>() != 0.0;
    return false;
}

// The properties the booking rules read, taken out of their JSON once per snapshot instead of once per booking.
void readRuleProperties(ReferenceContent& content) {
    for (ProductType& type : content.productTypes) {
        type.allowPassword = flagOf(type.properties, "allowPassword", true);
        type.requireImei = flagOf(type.properties, "requireImei", true);
        type.requireSerial = flagOf(type.properties, "requireSerial", true);
    }
    for (ServiceType& type : content.serviceTypes) {
        type.requirePurchaseDate = flagOf(type.properties, "requirePurchaseDate", true);
        type.requireInsuranceNumber = flagOf(type.properties, "requireInsuranceNumber", true);
    }
    for (ShippingMethod& method : content.shippingMethods) {
        method.requirePickupDate = flagOf(method.properties, "requirePickupDate", false);
        method.requireWeightOrVolume = flagOf(method.properties, "requireWeightOrVolume", false);
        method.goodsTypes.clear();
        const Poco::JSON::Array::Ptr list = method.properties ? method.properties->getArray("goodsTypeList") : nullptr;
        if (!list) continue;  // none, or not a list
        for (std::size_t i = 0; i < list->size(); ++i) {
            // An entry that is no text (null) names no goods type: left out, not a snapshot that fails to build.
            const Poco::Dynamic::Var entry = list->get(i);
            if (!entry.isEmpty()) method.goodsTypes.push_back(entry.convert<std::string>());
        }
    }
}

template <typename T>
void indexById(const std::vector<T>& items, std::map<int, std::size_t>& index) {
    for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);
}

// Aliases in any letter case, and the name where it is no other entry's alias: partners see names, not aliases.
template <typename T>
void indexByAlias(const std::vector<T>& items, std::map<std::string, std::size_t>& index) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!items[i].alias.empty()) index.emplace(Poco::toLower(items[i].alias), i);
    for (std::size_t i = 0; i < items.size(); ++i) index.emplace(Poco::toLower(items[i].name), i);
}

template <typename T>
const T* find(const std::vector<T>& items, const std::map<int, std::size_t>& index, int id) {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &items[it->second];
}

std::string digitsOf(const std::string& code) {
    std::string digits;
    for (const char c : code)
        if (!std::isspace(static_cast<unsigned char>(c))) digits += c;
    return digits;
}

bool allDigits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Numeric codes compare as numbers ("999" < "1000"); others compare as text.
int comparePostalCodes(const std::string& a, const std::string& b) {
    if (allDigits(a) && allDigits(b)) {
        const std::string::size_type na = a.find_first_not_of('0'), nb = b.find_first_not_of('0');
        const std::string ta = na == std::string::npos ? "" : a.substr(na);
        const std::string tb = nb == std::string::npos ? "" : b.substr(nb);
        if (ta.size() != tb.size()) return ta.size() < tb.size() ? -1 : 1;
        return ta.compare(tb);
    }
    return a.compare(b);
}

}  // namespace

bool PostalCodeRange::contains(const std::string& postalCode) const {
    const std::string code = digitsOf(postalCode);
    return comparePostalCodes(digitsOf(from), code) <= 0 && comparePostalCodes(code, digitsOf(to)) <= 0;
}

const char* roleName(Role role) {
    switch (role) {
        case Role::Partner: return "partner";
        case Role::Provider: return "provider";
        case Role::Admin: return "admin";
    }
    return "partner";
}

ReferenceData::ReferenceData(ReferenceContent content) : content_(std::move(content)) {
    readRuleProperties(content_);
    indexById(content_.manufacturers, manufacturers_);
    indexById(content_.productTypes, productTypes_);
    indexById(content_.serviceTypes, serviceTypes_);
    indexById(content_.serviceLocations, serviceLocations_);
    indexById(content_.shippingMethods, shippingMethods_);
    indexById(content_.serviceProviders, serviceProviders_);
    indexById(content_.servicePartners, servicePartners_);
    indexById(content_.partners, partners_);
    indexById(content_.accessories, accessories_);
    indexById(content_.accounts, accounts_);
    indexByAlias(content_.manufacturers, manufacturerAliases_);
    indexByAlias(content_.productTypes, productTypeAliases_);
    for (std::size_t i = 0; i < content_.accounts.size(); ++i) tokenHashes_.emplace(content_.accounts[i].tokenHash, i);

    const auto write = [this](const JsonObject& object) {
        if (!object || jsonTexts_.count(object.get())) return;
        JsonText json;
        json.text = toJsonText(*object);
        for (const std::string& name : object->getNames()) json.members.emplace_back(name, toJsonText(object->get(name)));
        jsonTexts_.emplace(object.get(), std::move(json));
    };
    for (const Manufacturer& m : content_.manufacturers) write(m.externalData);
    for (const ProductType& t : content_.productTypes) write(t.properties), write(t.externalData);
    for (const ServiceType& t : content_.serviceTypes) write(t.properties), write(t.externalData);
    for (const ServiceLocation& l : content_.serviceLocations) write(l.externalData);
    for (const ShippingMethod& s : content_.shippingMethods) write(s.properties), write(s.externalData);
    for (const ServiceProvider& p : content_.serviceProviders) write(p.contactData);
    for (const Partner& p : content_.partners) write(p.contactData);
    for (const Competence& c : content_.competences) write(c.providerCompetence), write(c.partnerCompetence);
}

const JsonText& ReferenceData::jsonText(const JsonObject& object) const {
    static const JsonText none;
    if (!object) return none;
    const auto it = jsonTexts_.find(object.get());
    if (it == jsonTexts_.end()) throw std::logic_error("jsonText: not a JSON object of this reference snapshot");
    return it->second;
}

const Manufacturer* ReferenceData::manufacturer(int id) const { return find(content_.manufacturers, manufacturers_, id); }
const ProductType* ReferenceData::productType(int id) const { return find(content_.productTypes, productTypes_, id); }
const ServiceType* ReferenceData::serviceType(int id) const { return find(content_.serviceTypes, serviceTypes_, id); }
const ServiceLocation* ReferenceData::serviceLocation(int id) const {
    return find(content_.serviceLocations, serviceLocations_, id);
}
const ShippingMethod* ReferenceData::shippingMethod(int id) const {
    return find(content_.shippingMethods, shippingMethods_, id);
}
const ServiceProvider* ReferenceData::serviceProvider(int id) const {
    return find(content_.serviceProviders, serviceProviders_, id);
}
const ServicePartner* ReferenceData::servicePartner(int id) const {
    return find(content_.servicePartners, servicePartners_, id);
}
const Partner* ReferenceData::partner(int id) const { return find(content_.partners, partners_, id); }
const Accessory* ReferenceData::accessory(int id) const { return find(content_.accessories, accessories_, id); }
const Account* ReferenceData::account(int id) const { return find(content_.accounts, accounts_, id); }

const Manufacturer* ReferenceData::manufacturerByAlias(const std::string& alias) const {
    const auto it = manufacturerAliases_.find(Poco::toLower(alias));
    return it == manufacturerAliases_.end() ? nullptr : &content_.manufacturers[it->second];
}

const Account* ReferenceData::accountByName(const std::string& name) const {
    for (const Account& account : content_.accounts)
        if (account.name == name) return &account;
    return nullptr;
}

const ProductType* ReferenceData::productTypeByAlias(const std::string& alias) const {
    const auto it = productTypeAliases_.find(Poco::toLower(alias));
    return it == productTypeAliases_.end() ? nullptr : &content_.productTypes[it->second];
}

const Account* ReferenceData::accountByTokenHash(const std::string& tokenHash) const {
    const auto it = tokenHashes_.find(tokenHash);
    if (it == tokenHashes_.end()) return nullptr;
    const Account& account = content_.accounts[it->second];
    // Constant-time re-check, so the answer's timing does not depend on where the hashes differ.
    if (account.tokenHash.size() != tokenHash.size()) return nullptr;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < tokenHash.size(); ++i)
        diff |= static_cast<unsigned char>(account.tokenHash[i] ^ tokenHash[i]);
    return diff == 0 ? &account : nullptr;
}

}  // namespace sohub
