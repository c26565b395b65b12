// The reference endpoints: manufacturers, service types, product types, service locations, accessories,
// shipping methods.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class ReferenceHandler {
public:
    void registerIn(RouteTable& table) const;

    static Reply manufacturers(const Call& call);
    static Reply serviceTypes(const Call& call);
    static Reply productTypes(const Call& call);
    static Reply serviceLocations(const Call& call);
    static Reply accessories(const Call& call);
    static Reply shippingMethods(const Call& call);
};

}  // namespace sohub
