// Bare message object and bare array, as the Messages document shows; confirm's partial-success envelope.
#include "api/MessageHandler.h"

#include "services/ConfirmMessages.h"
#include "services/CreateMessage.h"
#include "services/ListMessages.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace sohub {

void MessageHandler::registerIn(RouteTable& table) const {
    const MessageHandler self = *this;
    table.add({"POST", "/api/v3/case-messages/create", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.create(call); }});
    table.add({"GET", "/api/v3/case-messages", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.list(call); }});
    table.add({"POST", "/api/v3/case-messages/confirm", {Role::Partner, Role::Provider},
               [self](const Call& call) { return self.confirm(call); }});
}

Reply MessageHandler::create(const Call& call) const {
    call.query.allowNone();
    std::string json;
    create_.run(call.caller(), call.jsonOrEmptyObject()).writeJson(json);
    return Reply::raw(200, std::move(json));
}

Reply MessageHandler::list(const Call& call) const {
    call.query.allowOnly({"guid"});
    return Reply::raw(200, list_.json(call.caller(), call.query.get("guid")));
}

Reply MessageHandler::confirm(const Call& call) const {
    call.query.allowNone();
    const std::vector<ConfirmationError> errors = confirm_.run(call.caller(), call.jsonOrEmptyObject(), maxConfirmIds_);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const ConfirmationError& error : errors) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("id", error.id);
        item->set("message", error.message);
        list->add(item);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("success", true);
    body->set("errors", list);
    body->set("data", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    return Reply{200, body};
}

}  // namespace sohub
