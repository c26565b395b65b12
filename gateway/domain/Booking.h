// A case as booked: the validated, normalised content of a case/create request, and the stored record around it.
#pragma once

#include "domain/FieldErrors.h"

#include <Poco/JSON/Object.h>
#include <Poco/Types.h>

#include <optional>
#include <string>

namespace sohub {

// Who books: the partner whose integration settings apply, and the account that calls.
struct BookingParty {
    int partnerId = 0;
    int accountId = 0;
};

struct Booking {
    int partnerId = 0;
    int serviceTypeId = 0;
    int manufacturerId = 0;
    int productTypeId = 0;
    int serviceLocationId = 0;
    std::optional<int> shippingMethodId;  // sent, or assigned by the integration's shipping rule
    std::string originatorType;
    std::string bookingType;
    std::string clientPostalCode;
    std::optional<std::string> pickupDestination;
    std::optional<std::string> returnDestination;
    Poco::JSON::Object::Ptr orderData;
    Poco::JSON::Object::Ptr productData;
    Poco::JSON::Object::Ptr customer;
    Poco::JSON::Object::Ptr consumer;   // null when not sent
    Poco::JSON::Object::Ptr pickupDst;  // null when not sent
    Poco::JSON::Object::Ptr returnDst;  // null when not sent
    int serviceProviderId = 0;
    int servicePartnerId = 0;  // 0: none
    int competenceId = 0;      // 0: forced to a provider, no competence
};

// The outcome of validating one request: either a Booking, or the problems that stop it.
struct Validation {
    FieldErrors errors;
    bool unroutable = false;  // every field is fine, but no provider takes this case
    std::optional<Booking> booking;
    std::optional<std::string> trackingId;  // when the request carried a usable one

    bool valid() const { return booking.has_value(); }
    // The error message of the API when not valid.
    const char* message() const { return unroutable ? "Can't process this case" : "Fields validation failed"; }
};

// A stored case.
struct CaseRecord {
    Poco::Int64 id = 0;
    std::string guid;
    int accountId = 0;
    std::optional<std::string> currentStatus;
    std::string createdAt;
    std::string updatedAt;
    Booking booking;
};

}  // namespace sohub
