// Reading a case back (GET /api/v3/case): only for the partner that booked it and the provider it went to.
#pragma once

#include "domain/Caller.h"
#include "domain/Reference.h"
#include "store/Database.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace sohub {

class CaseNotFound : public std::runtime_error {
public:
    CaseNotFound() : std::runtime_error("Case not found") {}
};

class CaseAccessDenied : public std::runtime_error {
public:
    CaseAccessDenied() : std::runtime_error("No access") {}
};

class CaseReading {
public:
    explicit CaseReading(Database& database) : database_(database) {}

    // The case as the API shows it, as JSON text; with includeRequests, its logged external requests as
    // "externalRequests".
    std::string read(const Caller& caller, const ReferenceData& reference, const std::string& guid,
                     bool includeRequests) const;

    // The case with this id as read does, for a caseCreated webhook body; nullopt when there is no such case.
    static std::optional<std::string> document(Poco::Data::Session& session, const ReferenceData& reference,
                                               Poco::Int64 id);

private:
    Database& database_;
};

}  // namespace sohub
