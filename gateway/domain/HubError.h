// The failures of a hub operation (invalid input, unknown record, no access), mapped to HTTP only at the edge.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <stdexcept>
#include <string>

namespace sohub {

class HubError : public std::runtime_error {
public:
    enum class Kind { Invalid, NoAccess, NotFound };

    HubError(Kind kind, const std::string& message, Poco::Dynamic::Var details = Poco::Dynamic::Var())
        : std::runtime_error(message), kind_(kind), details_(std::move(details)) {}

    static HubError invalid(const std::string& message) { return HubError(Kind::Invalid, message); }
    static HubError noAccess() { return HubError(Kind::NoAccess, "No access"); }
    static HubError notFound(const std::string& message) { return HubError(Kind::NotFound, message); }

    Kind kind() const { return kind_; }
    const Poco::Dynamic::Var& details() const { return details_; }
    // 400, 403 or 404.
    int httpStatus() const { return kind_ == Kind::Invalid ? 400 : kind_ == Kind::NoAccess ? 403 : 404; }

private:
    Kind kind_;
    Poco::Dynamic::Var details_;
};

}  // namespace sohub
