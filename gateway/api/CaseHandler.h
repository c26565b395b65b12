// POST /api/v3/case/validate, POST /api/v3/case/create, GET /api/v3/case: HTTP to the case services and back.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class CaseValidator;
class CaseBooking;
class CaseReading;

class CaseHandler {
public:
    CaseHandler(const CaseValidator& validator, const CaseBooking& booking, const CaseReading& reading);
    void registerIn(RouteTable& table) const;

    Reply validate(const Call& call) const;
    Reply create(const Call& call) const;
    Reply read(const Call& call) const;

private:
    const CaseValidator& validator_;
    const CaseBooking& booking_;
    const CaseReading& reading_;
};

}  // namespace sohub
