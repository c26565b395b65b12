// Routing answer in the shape of the "Other" document: provider, competences, service partner.
#include "api/RoutingHandler.h"

#include "api/RoutingParams.h"
#include "api/ResponseWriter.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

using Poco::JSON::Object;

namespace sohub {
namespace {

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// In the order of the document's example: the competence's own data (in the order the reference data gives
// it), then its id, then its overrideCode ({sesam, persDep, departmentId, primarySesam, id, overrideCode} and
// {id, overrideCode}).
Object::Ptr withId(int id, const JsonObject& fields) {
    Object::Ptr out = ordered();
    std::vector<std::string> names;
    if (fields) fields->getNames(names);
    for (const std::string& key : names)
        if (key != "id" && key != "overrideCode") out->set(key, fields->get(key));
    out->set("id", id);
    if (fields && fields->has("overrideCode")) out->set("overrideCode", fields->get("overrideCode"));
    return out;
}

}  // namespace

void RoutingHandler::registerIn(RouteTable& table) const {
    table.add({"GET", "/api/v3/routing", {Role::Partner}, &RoutingHandler::route});
}

Reply RoutingHandler::route(const Call& call) {
    call.query.allowOnly({"originatorType", "bookingType", "serviceType", "manufacturer", "productType",
                          "clientPostalCode", "serviceLocation"});
    const RoutingParams params = routingParamsFrom(call);
    const ReferenceData& reference = *call.reference;
    const RoutingDecision decision =
        params.unknownReference ? RoutingDecision{} : sohub::route(reference, params.query);

    if (decision.outcome == RoutingDecision::Outcome::NotEnoughData) {
        Poco::JSON::Array::Ptr needed = new Poco::JSON::Array;
        for (const std::string& name : decision.paramsNeeded) needed->add(name);
        Object::Ptr data = ordered();
        data->set("paramsNeeded", needed);
        Object::Ptr body = ordered();
        body->set("error", "Not enough data");
        body->set("data", data);
        return Reply{400, body};
    }
    if (decision.outcome == RoutingDecision::Outcome::NoCompetence) {
        Object::Ptr body = errorBody("Can't process this case").extract<Object::Ptr>();
        body->set("data", Poco::Dynamic::Var());
        return Reply{404, body};
    }

    const Competence& competence = *decision.competence;
    const ServiceProvider* provider = reference.serviceProvider(competence.serviceProviderId);
    Object::Ptr data = ordered();
    Object::Ptr providerJson = ordered();
    providerJson->set("id", competence.serviceProviderId);
    providerJson->set("name", provider ? provider->name : std::string());
    providerJson->set("contactData", provider ? Poco::Dynamic::Var(provider->contactData) : Poco::Dynamic::Var());
    data->set("serviceProvider", providerJson);
    data->set("serviceProviderCompetence", withId(competence.id, competence.providerCompetence));
    if (const ServicePartner* partner = reference.servicePartner(competence.servicePartnerId)) {
        Object::Ptr partnerJson = ordered();
        partnerJson->set("id", partner->id);
        partnerJson->set("name", partner->name);
        data->set("servicePartner", partnerJson);
        data->set("servicePartnerCompetence", withId(competence.id, competence.partnerCompetence));
    } else {
        data->set("servicePartner", Poco::Dynamic::Var());
        data->set("servicePartnerCompetence", Poco::Dynamic::Var());
    }
    return Reply::data(data);
}

}  // namespace sohub
