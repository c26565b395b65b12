// Routing answer in the shape of the "Other" document: provider, competences, service partner.
#include "api/RoutingHandler.h"

#include "api/RoutingParams.h"
#include "api/ResponseWriter.h"
#include "domain/Json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

using Poco::JSON::Object;

namespace sohub {
namespace {

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// In the order of the document's example: the competence's own data (in the order the reference data gives
// it), then its id, then its overrideCode ({sesam, persDep, departmentId, primarySesam, id, overrideCode} and
// {id, overrideCode}). Written from the snapshot's text of the competence's data.
void appendWithId(std::string& out, int id, const JsonText& fields) {
    out += '{';
    const std::string* overrideCode = nullptr;
    for (const auto& [name, value] : fields.members) {
        if (name == "overrideCode") overrideCode = &value;
        if (name == "id" || name == "overrideCode") continue;
        appendJsonString(out, name);
        out += ':';
        out += value;
        out += ',';
    }
    out += "\"id\":";
    out += std::to_string(id);
    if (overrideCode) {
        out += ",\"overrideCode\":";
        out += *overrideCode;
    }
    out += '}';
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

    // Written as text: everything in it comes from the snapshot, whose JSON objects are text already.
    const Competence& competence = *decision.competence;
    const ServiceProvider* provider = reference.serviceProvider(competence.serviceProviderId);
    std::string out;
    out.reserve(1024);
    out += "{\"data\":{\"serviceProvider\":{\"id\":";
    out += std::to_string(competence.serviceProviderId);
    out += ",\"name\":";
    appendJsonString(out, provider ? provider->name : std::string());
    out += ",\"contactData\":";
    const std::string* contactData = provider ? &reference.jsonText(provider->contactData).text : nullptr;
    if (contactData && !contactData->empty())
        out += *contactData;
    else
        out += "null";
    out += "},\"serviceProviderCompetence\":";
    appendWithId(out, competence.id, reference.jsonText(competence.providerCompetence));
    if (const ServicePartner* partner = reference.servicePartner(competence.servicePartnerId)) {
        out += ",\"servicePartner\":{\"id\":";
        out += std::to_string(partner->id);
        out += ",\"name\":";
        appendJsonString(out, partner->name);
        out += "},\"servicePartnerCompetence\":";
        appendWithId(out, competence.id, reference.jsonText(competence.partnerCompetence));
    } else {
        out += ",\"servicePartner\":null,\"servicePartnerCompetence\":null";
    }
    out += "}}";
    return Reply::raw(200, std::move(out));
}

}  // namespace sohub
