// The API shape of an external request.
#include "domain/ExternalRequest.h"

namespace sohub {
namespace {
template <typename T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
    return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}
}  // namespace

Poco::JSON::Object::Ptr ExternalRequest::toJson() const {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("id", id);
    out->set("guid", guid);
    out->set("caseId", orNull(caseId));
    out->set("type", type);
    out->set("status", status);
    out->set("url", orNull(url));
    out->set("meta", meta ? Poco::Dynamic::Var(meta) : Poco::Dynamic::Var(Poco::JSON::Object::Ptr(new Poco::JSON::Object)));
    out->set("request", orNull(request));
    out->set("response", orNull(response));
    out->set("message", orNull(message));
    out->set("createdAt", createdAt);
    out->set("updatedAt", updatedAt);
    return out;
}

}  // namespace sohub
