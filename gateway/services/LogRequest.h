// Hub service: store an external request a client made, linked to one of its cases (requests/log).
#pragma once

#include "domain/Caller.h"
#include "domain/ExternalRequest.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

namespace sohub {

class LogRequest {
public:
    explicit LogRequest(Database& database) : database_(database) {}

    // Throws HubError: 400 (Joi wording), 404 unknown meta.caseId, 403 a case of other parties.
    ExternalRequest run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
};

}  // namespace sohub
