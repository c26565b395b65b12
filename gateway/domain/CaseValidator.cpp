// The booking rules, each driven by reference data and integration settings (never by hard-coded ids).
#include "domain/CaseValidator.h"

#include "domain/Catalogue.h"
#include "domain/FieldReader.h"
#include "domain/NumberText.h"
#include "domain/Routing.h"
#include "domain/TextFormats.h"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <limits>

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace sohub {
namespace {

const std::vector<std::string> destinations = {"consumer", "customCompany", "customPrivate"};
const std::vector<std::string> fileTypes = {"proofOfPurchase", "proofOfDamage", "transportDamage", "claim",
                                            "report",          "shipmentLabel", "other"};

bool among(const std::vector<std::string>& options, const std::string& value) {
    return std::find(options.begin(), options.end(), value) != options.end();
}

template <typename T>
bool contains(const std::vector<T>& list, const T& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// One pass over one request. The fields are read (with type checks) first, then every rule looks at them.
class BookingCheck {
public:
    BookingCheck(const ReferenceData& reference, const BookingParty& party, const Object::Ptr& request, Validation& out)
        : reference_(reference),
          party_(party),
          integration_(integrationOf(reference, party)),
          out_(out),
          errors_(out.errors),
          top_(request, "", out.errors) {}

    void run() {
        readTopLevel();
        // One reader per object for every rule that reads it: each indexes its object's members once.
        product_.emplace(productData_, "productData", errors_);
        order_.emplace(orderData_, "orderData", errors_);
        checkEnabledWhen();
        if (customer_) checkContact(customer_, "customer");
        if (productData_) checkProductData();
        if (orderData_) checkOrderData();
        checkAttachedFiles();
        checkReferences();
        checkConditionalRules();
        if (errors_.empty()) book();
    }

private:
    // An account without a partner (admin) books with no integration settings.
    static const Integration& integrationOf(const ReferenceData& reference, const BookingParty& party) {
        static const Integration none;
        const Partner* partner = reference.partner(party.partnerId);
        return partner ? partner->integration : none;
    }

    // --- base rules: presence, types, enumerations ---------------------------------------------------------

    void readTopLevel() {
        for (const char* name : {"serviceType", "manufacturer", "productType", "location", "orderData", "productData",
                                 "clientPostalCode", "customer", "originatorType", "bookingType"})
            top_.require(name);
        serviceType_ = id("serviceType");
        location_ = id("location");
        shipping_ = id("shipping");
        forcedProvider_ = id("forcedProvider");
        manufacturer_ = idOrAlias("manufacturer", &resolveManufacturer);
        productType_ = idOrAlias("productType", &resolveProductType);
        orderData_ = top_.object("orderData");
        productData_ = top_.object("productData");
        customer_ = top_.object("customer");
        clientPostalCode_ = top_.text("clientPostalCode");
        originatorType_ = enumeration("originatorType", &isOriginatorType);
        bookingType_ = enumeration("bookingType", &isBookingType);
        noPassword_ = top_.boolean("noPassword").value_or(false);
        if (const auto tracking = top_.text("trackingId"); tracking && !tracking->empty()) out_.trackingId = tracking;
    }

    // An integer id; one beyond any id's range names nothing.
    std::optional<int> id(const char* name) const {
        const auto value = top_.integer(name);
        if (!value) return std::nullopt;
        if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
            top_.fail(name, problem::notInOptions);
            return std::nullopt;
        }
        return static_cast<int>(*value);
    }

    std::optional<int> idOrAlias(const char* name, std::optional<int> (*resolve)(const ReferenceData&, const std::string&)) {
        const Poco::Dynamic::Var* found = top_.find(name);
        if (!found) return std::nullopt;
        const Poco::Dynamic::Var& v = *found;
        std::optional<int> id;
        if (v.isString()) {
            if (v.extract<std::string>().empty()) return std::nullopt;  // reported as required
            id = resolve(reference_, v.extract<std::string>());
        } else if (v.isNumeric() && !v.isBoolean()) {
            const auto number = top_.integer(name);  // 1012.0 is 1012, as for the plain ids
            if (!number) return std::nullopt;
            id = resolve(reference_, std::to_string(*number));
        } else {
            top_.fail(name, "Must be a number or a string");
            return std::nullopt;
        }
        if (!id) top_.fail(name, problem::notInOptions);
        return id;
    }

    std::optional<std::string> enumeration(const char* name, bool (*known)(const std::string&)) {
        const auto value = top_.text(name);
        if (!value || value->empty()) return std::nullopt;
        if (!known(*value)) {
            top_.fail(name, problem::notInOptions);
            return std::nullopt;
        }
        return value;
    }

    // --- footnotes 2-5: fields enabled only in some bookings ---------------------------------------------

    void checkEnabledWhen() {
        const bool helpdesk = originatorType_ && *originatorType_ == "helpdesk";
        pickupDestination_ = destination("pickupDestination", helpdesk);
        returnDestination_ = destination("returnDestination", helpdesk);

        if (bookingType_ && *bookingType_ == "privateToPrivate")
            top_.reject("consumer");
        else
            consumer_ = contact("consumer");

        pickupDst_ = destinationContact("pickupDst", pickupDestination_);
        returnDst_ = destinationContact("returnDst", returnDestination_);
    }

    // Footnotes 4 and 5: the contact is enabled away from the consumer, and then it is the address itself:
    // a shipment picked up at (or returned to) a custom company or person cannot go without it.
    Object::Ptr destinationContact(const char* name, const std::optional<std::string>& destination) {
        if (destination.value_or("consumer") == "consumer") {
            top_.reject(name);
            return nullptr;
        }
        top_.require(name);
        return contact(name);
    }

    std::optional<std::string> destination(const char* name, bool enabled) {
        if (!top_.filled(name)) return std::nullopt;  // not sent: "consumer" (footnotes 4 and 5)
        if (!enabled) {
            // Unknown originator type: the originator's own error says what to fix.
            if (originatorType_) top_.reject(name);
            return std::nullopt;
        }
        const auto value = top_.text(name);
        if (!value) return std::nullopt;
        if (!among(destinations, *value)) {
            top_.fail(name, problem::notInOptions);
            return std::nullopt;
        }
        return value;
    }

    Object::Ptr contact(const char* name) {
        Object::Ptr object = top_.object(name);
        if (object) checkContact(object, name);
        return object;
    }

    // --- data types: ContactData, ProductData, OrderData --------------------------------------------------

    // Rules 4 and 5 live here: the name fields a contact of each type needs.
    void checkContact(const Object::Ptr& contact, const std::string& path) {
        const FieldReader r(contact, path, errors_);
        const auto type = r.integer("type");
        if (!r.filled("type"))
            r.fail("type", problem::required);
        else if (type && *type != 0 && *type != 1)
            r.fail("type", problem::notInOptions);
        for (const char* name : {"firstName", "lastName", "organizationName", "organizationNumber", "address", "addName",
                                 "city"})
            r.textView(name, 64);
        formatted(r, "mobile", 19, &isPhoneNumber);
        formatted(r, "phone", 64, &isPhoneNumber);
        formatted(r, "email", 64, &isEmailAddress);
        formatted(r, "postalCode", 6, &isPostalCode);
        formatted(r, "countryCode", 2, &isCountryCode);
        for (const char* name : {"mobile", "email", "address", "postalCode", "city"}) r.require(name);
        if (type && *type == 0) {
            r.require("firstName");
            r.require("lastName");
        }
        if (type && *type == 1) {
            r.require("organizationName");
            r.require("organizationNumber");
        }
    }

    static void formatted(const FieldReader& r, const char* name, std::size_t maxLength,
                          bool (*wellFormed)(std::string_view)) {
        const auto value = r.textView(name, maxLength);
        // Blank is missing (reported by the requirement), not a format problem.
        if (value && !isBlank(*value) && !wellFormed(*value))
            r.fail(name, problem::wrongFormat);
    }

    void checkProductData() {
        const FieldReader& r = *product_;
        r.require("model");
        r.require("problemText");
        // Text fields with their longest length (0: no limit), from the ProductData type.
        for (const auto& [name, maxLength] : {std::pair<const char*, std::size_t>{"model", 40}, {"problemText", 0},
                                              {"imei", 20}, {"serial", 40}, {"insuranceCompany", 50},
                                              {"insuranceNumber", 0}, {"otherAccessory", 0}, {"password", 0}})
            r.textView(name, maxLength);
        purchaseDate_ = r.date("purchaseDate");
        positive(r, "weight");
        if (const Object::Ptr volume = r.object("volume")) {
            const FieldReader v(volume, r.path("volume"), errors_);
            if (v.filled("volume")) {
                positive(v, "volume");
            } else {
                for (const char* side : {"width", "height", "depth"}) {
                    v.require(side);
                    positive(v, side);
                }
            }
        }
        checkAccessories(r);
    }

    // A weight or a size: a carrier cannot ship zero or less.
    static void positive(const FieldReader& r, const char* name) {
        const auto value = r.number(name);
        if (value && !(*value > 0)) r.fail(name, problem::positive);
    }

    // productData.accessory: {"<id>": handedIn, ...} or [id handed in, ...]. Every id must name an accessory;
    // one handed in must also fit the product type (one marked false is only a "without", whatever the type).
    void checkAccessories(const FieldReader& r) {
        if (!r.filled("accessory")) return;
        const Poco::Dynamic::Var& value = *r.find("accessory");
        std::vector<std::pair<std::string, bool>> ids;  // id, handed in
        if (const Object::Ptr object = asObject(value)) {
            for (const auto& [key, flag] : *object) {
                if (!flag.isBoolean()) r.fail("accessory", problem::boolean);
                ids.emplace_back(key, !flag.isBoolean() || flag.extract<bool>());
            }
        } else if (value.type() == typeid(Array::Ptr)) {
            const Array::Ptr array = value.extract<Array::Ptr>();
            for (std::size_t i = 0; i < array->size(); ++i) {
                const Poco::Dynamic::Var entry = array->get(i);
                const bool isId = entry.isString() || (entry.isNumeric() && !entry.isBoolean());
                ids.emplace_back(isId ? entry.convert<std::string>() : std::string(), true);
            }
        } else {
            r.fail("accessory", problem::object);
            return;
        }
        for (const auto& [key, handedIn] : ids) {
            const Accessory* accessory = accessoryOf(key);
            const bool fits = accessory && (!handedIn || !productType_ || accessory->productTypeIds.empty() ||
                                            contains(accessory->productTypeIds, *productType_));
            if (!fits) r.fail("accessory", problem::notInOptions);
        }
    }

    // An accessory id as an object key or list entry: "1093", 1093 or 1093.0.
    const Accessory* accessoryOf(const std::string& key) const {
        const std::optional<int> id = intNumber(key);
        return id ? reference_.accessory(*id) : nullptr;
    }

    void checkOrderData() {
        const FieldReader& r = *order_;
        r.reject("files");  // files have their own endpoint
        r.textView("refNo", 64);
        r.textView("goodsType");
        pickupDate_ = r.date("pickupDate");
        r.boolean("emballage");
        for (const char* freeObject : {"partnerSpecific", "providerSpecific"}) r.object(freeObject);
        if (const Object::Ptr consents = r.object("consents")) {
            const FieldReader c(consents, r.path("consents"), errors_);
            for (const auto& entry : *consents) c.boolean(entry.first);
            consents_ = consents;
        }
    }

    // Rule 6's files: "attachedFiles" at the top, or inside productData or orderData where some partners put them.
    void checkAttachedFiles() {
        const FieldReader &product = *product_, &order = *order_;
        const FieldReader* holder = top_.present("attachedFiles")      ? &top_
                                    : product.present("attachedFiles") ? &product
                                    : order.present("attachedFiles")   ? &order
                                                                       : nullptr;
        if (!holder) return;
        const Poco::Dynamic::Var& value = *holder->find("attachedFiles");
        if (value.type() != typeid(Array::Ptr)) {
            holder->fail("attachedFiles", "Must be an array");
            attachedFilesInvalid_ = true;  // rule 6 does not add "required" to the type problem
            return;
        }
        attachedFiles_ = value.extract<Array::Ptr>();
        attachedFilesAtTop_ = holder == &top_;
        for (std::size_t i = 0; i < attachedFiles_->size(); ++i) {
            const std::string path = holder->path("attachedFiles") + "." + std::to_string(i);
            const Poco::Dynamic::Var entry = attachedFiles_->get(i);
            const Object::Ptr file = asObject(entry);
            if (!file) {
                // A file given by name or URL; anything else (null, a number) is no file.
                if (!entry.isString() || entry.extract<std::string>().empty()) errors_.add(path, problem::wrongFormat);
                continue;
            }
            const FieldReader f(file, path, errors_);
            const auto type = f.text("type");
            if (type && !among(fileTypes, *type)) f.fail("type", problem::notInOptions);
        }
    }

    // --- reference ids that must exist and fit together ---------------------------------------------------

    RoutingQuery knownKind() const {
        RoutingQuery q;
        q.originatorType = originatorType_;
        q.bookingType = bookingType_;
        q.serviceType = serviceType_;
        q.manufacturer = manufacturer_;
        q.productType = productType_;
        q.partnerId = party_.partnerId;
        return q;
    }

    // Each reference id must be among the options the reference endpoints list for the fields before it
    // (service-types, then manufacturers for that service type, product types for both, service locations for
    // all three), so the problem is reported on the field that leaves the offer, not on a later one.
    // A forced provider (footnote 7) goes around the competences: its ids need only exist.
    void checkReferences() {
        if (serviceType_ && !reference_.serviceType(*serviceType_)) {
            top_.fail("serviceType", problem::notInOptions);
            serviceType_.reset();
        }
        if (forcedProvider_ && !reference_.serviceProvider(*forcedProvider_)) top_.fail("forcedProvider", problem::notInOptions);
        const bool forced = forcedProvider_ && reference_.serviceProvider(*forcedProvider_);

        RoutingQuery q;
        q.originatorType = originatorType_;
        q.bookingType = bookingType_;
        q.partnerId = party_.partnerId;
        if (!forced) {
            q.serviceType = offeredOn("serviceType", serviceType_, Offered::ServiceType, q);
            q.manufacturer = offeredOn("manufacturer", manufacturer_, Offered::Manufacturer, q);
            q.productType = offeredOn("productType", productType_, Offered::ProductType, q);
        }
        if (!forced) {
            location_ = offeredOn("location", location_, Offered::ServiceLocation, q);
        } else if (location_ && !reference_.serviceLocation(*location_)) {
            top_.fail("location", problem::notInOptions);
            location_.reset();
        }
        if (!location_) {
            if (shipping_ && !reference_.shippingMethod(*shipping_)) top_.fail("shipping", problem::notInOptions);
            return;
        }
        q.serviceLocation = location_;
        const auto offered = forced ? shippingMethodsAt(reference_, *location_) : offeredShippingMethods(reference_, q);
        if (shipping_) {
            const auto it = std::find_if(offered.begin(), offered.end(), [&](const ShippingMethod* m) { return m->id == *shipping_; });
            if (it == offered.end())
                top_.fail("shipping", problem::notInOptions);
            else
                shippingMethod_ = *it;
        } else if (integration_.requireShipping && !top_.filled("shipping")) {
            // Footnote 1: the first offered method by name.
            const auto first = std::min_element(offered.begin(), offered.end(),
                                                [](const ShippingMethod* a, const ShippingMethod* b) { return a->name < b->name; });
            if (first == offered.end())
                top_.fail("shipping", problem::required);
            else
                shippingMethod_ = *first;
        }
    }

    // The id when it is among the options, else nothing (and the field's problem when it was sent).
    std::optional<int> offeredOn(const char* name, const std::optional<int>& id, Offered kind, const RoutingQuery& q) const {
        if (!id) return std::nullopt;
        if (isOffered(reference_, q, kind, *id)) return id;
        top_.fail(name, problem::notInOptions);
        return std::nullopt;
    }

    // --- the twelve conditional rules (4 and 5 are in checkContact) ----------------------------------------

    void checkConditionalRules() {
        const FieldReader &product = *product_, &order = *order_;
        if (const ProductType* type = productType_ ? reference_.productType(*productType_) : nullptr) {
            if (productData_ && type->allowPassword && !noPassword_) product.require("password");  // 1
            if (productData_ && type->requireImei) product.require("imei");                        // 2
            if (productData_ && type->requireSerial) product.require("serial");                    // 3
        }
        if (const ServiceType* service = serviceType_ ? reference_.serviceType(*serviceType_) : nullptr) {
            const bool warranty = service->requirePurchaseDate ||
                                  contains(integration_.warrantyServiceTypes, service->id);
            const bool insurance = service->requireInsuranceNumber ||
                                   contains(integration_.insuranceServiceTypes, service->id);
            if (warranty && productData_) {  // 6
                product.require("purchaseDate");
                if (!attachedFilesInvalid_ && (!attachedFiles_ || attachedFiles_->size() == 0))
                    top_.fail("attachedFiles", problem::required);
            }
            if (insurance && productData_) {  // 7
                product.require("insuranceNumber");
                product.require("insuranceCompany");
            }
        }
        checkConditions(order);  // 8
        if (shippingMethod_ && orderData_ && productData_) {
            if (shippingMethod_->requirePickupDate) order.require("pickupDate");  // 9
            if (shippingMethod_->requireWeightOrVolume && !product.filled("weight") &&
                !product.filled("volume")) {  // 10
                product.fail("weight", problem::required);
                product.fail("volume", problem::required);
            }
            const std::vector<std::string>& goodsTypes = shippingMethod_->goodsTypes;  // 11
            if (!goodsTypes.empty() && order.require("goodsType")) {
                const Poco::Dynamic::Var& goodsType = *order.find("goodsType");
                if (goodsType.isString() && !among(goodsTypes, goodsType.extract<std::string>()))
                    order.fail("goodsType", problem::notInOptions);
            }
        }
        // 12: without package materials in the integration, emballage orders nothing and needs no address.
        const Poco::Dynamic::Var* emballage = order.find("emballage");
        if (orderData_ && integration_.packageMaterials && emballage && emballage->isBoolean() &&
            emballage->extract<bool>())
            order.require("mail");
    }

    // Rule 8: a non-empty consents object replaces acceptConditions, and must hold the integration's mandatory ones.
    void checkConditions(const FieldReader& order) {
        const auto accept = top_.boolean("acceptConditions");
        if (consents_ && consents_->size() > 0) {
            const FieldReader c(consents_, order.path("consents"), errors_);
            for (const std::string& name : integration_.mandatoryConsents) {
                const Poco::Dynamic::Var* given = c.find(name);
                if (!c.filled(name))
                    c.fail(name, problem::required);
                else if (given->isBoolean() && !given->extract<bool>())
                    c.fail(name, problem::mustBeTrue);
            }
            return;
        }
        if (!top_.filled("acceptConditions"))
            top_.fail("acceptConditions", problem::required);
        else if (accept && !*accept)
            top_.fail("acceptConditions", problem::mustBeTrue);
    }

    // --- the outcome --------------------------------------------------------------------------------------

    void book() {
        Booking b;
        b.partnerId = party_.partnerId;
        b.serviceTypeId = *serviceType_;
        b.manufacturerId = *manufacturer_;
        b.productTypeId = *productType_;
        b.serviceLocationId = *location_;
        if (shippingMethod_) b.shippingMethodId = shippingMethod_->id;
        b.originatorType = *originatorType_;
        b.bookingType = *bookingType_;
        b.clientPostalCode = *clientPostalCode_;
        b.pickupDestination = pickupDestination_;
        b.returnDestination = returnDestination_;
        // Copies where the case differs from the request, which stays as sent (for the tracked request).
        b.orderData = orderData_;
        if (attachedFilesAtTop_ || pickupDate_) {
            b.orderData = new Object(*orderData_);
            if (attachedFilesAtTop_) b.orderData->set("attachedFiles", attachedFiles_);
            if (pickupDate_) b.orderData->set("pickupDate", *pickupDate_);
        }
        b.productData = productData_;
        if (purchaseDate_) {
            b.productData = new Object(*productData_);
            b.productData->set("purchaseDate", *purchaseDate_);
        }
        b.customer = customer_;
        b.consumer = consumer_;
        b.pickupDst = pickupDst_;
        b.returnDst = returnDst_;
        if (!assignProvider(b)) {
            out_.unroutable = true;
            return;
        }
        out_.booking = std::move(b);
    }

    bool assignProvider(Booking& b) const {
        if (forcedProvider_) {  // footnote 7: no competence, straight to the provider
            b.serviceProviderId = *forcedProvider_;
            for (const ServicePartner& partner : reference_.content().servicePartners)
                if (partner.serviceProviderId == *forcedProvider_) {
                    b.servicePartnerId = partner.id;
                    break;
                }
            return true;
        }
        RoutingQuery q = knownKind();
        q.serviceLocation = location_;
        q.clientPostalCode = clientPostalCode_;
        const RoutingDecision decision = route(reference_, q);
        if (decision.outcome != RoutingDecision::Outcome::Routed) return false;
        b.serviceProviderId = decision.competence->serviceProviderId;
        b.servicePartnerId = decision.competence->servicePartnerId;
        b.competenceId = decision.competence->id;
        return true;
    }

    const ReferenceData& reference_;
    const BookingParty party_;
    const Integration& integration_;
    Validation& out_;
    FieldErrors& errors_;
    const FieldReader top_;
    std::optional<FieldReader> product_, order_;  // productData's and orderData's, once readTopLevel found them

    std::optional<int> serviceType_, manufacturer_, productType_, location_, shipping_, forcedProvider_;
    std::optional<std::string> originatorType_, bookingType_, clientPostalCode_, pickupDestination_, returnDestination_;
    std::optional<std::string> purchaseDate_, pickupDate_;  // in UTC with milliseconds
    bool noPassword_ = false;
    Object::Ptr orderData_, productData_, customer_, consumer_, pickupDst_, returnDst_, consents_;
    Array::Ptr attachedFiles_;
    bool attachedFilesAtTop_ = false;
    bool attachedFilesInvalid_ = false;
    const ShippingMethod* shippingMethod_ = nullptr;
};

}  // namespace

Validation CaseValidator::validate(const ReferenceData& reference, const BookingParty& party,
                                   const Object::Ptr& request) const {
    Validation out;
    BookingCheck(reference, party, request, out).run();
    return out;
}

}  // namespace sohub
