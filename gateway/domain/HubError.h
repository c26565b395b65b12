// The failures of a hub operation (invalid input, unknown record, no access), mapped to HTTP only at the edge.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>

#include <stdexcept>
#include <string>

namespace sohub {

class HubError : public std::runtime_error {
public:
    enum class Kind { Invalid, NoAccess, NotFound, Conflict, TooLarge, UnsupportedMedia };

    HubError(Kind kind, const std::string& message, Poco::Dynamic::Var details = Poco::Dynamic::Var())
        : std::runtime_error(message), kind_(kind), details_(std::move(details)) {}

    static HubError invalid(const std::string& message) { return HubError(Kind::Invalid, message); }
    static HubError noAccess() { return HubError(Kind::NoAccess, "No access"); }
    static HubError notFound(const std::string& message) { return HubError(Kind::NotFound, message); }
    // The record exists but its state forbids the operation (a disabled job asked to run).
    static HubError conflict(const std::string& message) { return HubError(Kind::Conflict, message); }
    // An upload beyond its limit, or in a media type or charset the hub does not read.
    static HubError tooLarge(const std::string& message) { return HubError(Kind::TooLarge, message); }
    static HubError unsupportedMedia(const std::string& message) { return HubError(Kind::UnsupportedMedia, message); }

    Kind kind() const { return kind_; }
    const Poco::Dynamic::Var& details() const { return details_; }
    // 400, 403, 404, 409, 413 or 415.
    int httpStatus() const {
        switch (kind_) {
        case Kind::Invalid: return 400;
        case Kind::NoAccess: return 403;
        case Kind::NotFound: return 404;
        case Kind::Conflict: return 409;
        case Kind::TooLarge: return 413;
        case Kind::UnsupportedMedia: return 415;
        }
        return 400;
    }

private:
    Kind kind_;
    Poco::Dynamic::Var details_;
};

// What went wrong, for a log line or a history entry: Poco's exceptions say it in displayText(), since their what()
// is only the class name ("I/O error").
inline std::string describe(const std::exception& error) {
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
    return error.what();
}

}  // namespace sohub
