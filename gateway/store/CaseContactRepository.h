// The contact data of a stored case (customer, consumer), for what is sent to the people behind it.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>

namespace sohub {

struct CaseContacts {
    Poco::JSON::Object::Ptr customer;  // null when absent
    Poco::JSON::Object::Ptr consumer;  // null when absent
};

class CaseContactRepository {
public:
    static CaseContacts byCase(Poco::Data::Session& session, Poco::Int64 caseId);
};

}  // namespace sohub
