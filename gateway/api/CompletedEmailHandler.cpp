// {"data": {"result": true | "why not"}}.
#include "api/CompletedEmailHandler.h"

#include "services/SendCompletedEmail.h"

#include <Poco/JSON/Object.h>

namespace sohub {

void CompletedEmailHandler::registerIn(RouteTable& table) const {
    const CompletedEmailHandler self = *this;
    table.add({"POST", "/api/v3/case/send-completed-email", {Role::Partner},
               [self](const Call& call) { return self.send(call); }});
}

Reply CompletedEmailHandler::send(const Call& call) const {
    call.query.allowNone();
    const std::variant<bool, std::string> result = send_.run(call.caller(), call.jsonOrEmptyObject());
    Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (std::holds_alternative<bool>(result))
        data->set("result", std::get<bool>(result));
    else
        data->set("result", std::get<std::string>(result));
    return Reply::data(data);
}

}  // namespace sohub
