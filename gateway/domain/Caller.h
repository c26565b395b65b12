// Who is calling and which cases that caller may touch.
#pragma once

#include "domain/Reference.h"

#include <Poco/Types.h>

#include <optional>
#include <string>
#include <vector>

namespace sohub {

// The parties of a stored case, enough to decide access and to address events.
struct CaseParties {
    Poco::Int64 id = 0;
    std::string guid;
    int partnerId = 0;           // the booking partner
    int accountId = 0;           // the partner account that created it
    int serviceProviderId = 0;   // the provider it is routed to
};

struct Caller {
    const Account* account = nullptr;
    std::vector<int> providerIds;  // the providers this caller acts for

    Role role() const { return account->role; }
    // A partner sees the cases its partner booked, a provider the cases routed to a provider it acts for.
    bool mayAccess(const CaseParties& parties) const;
    // "partner" or "provider": the side of the case the caller speaks for.
    std::string side() const { return roleName(account->role); }
};

// Whether an account may act for one provider (the X-Service-Provider header): a provider account for the
// providers it was given, an admin for any known provider, a partner for none.
bool mayActFor(const Account& account, int providerId, const ReferenceData& reference);

// Records that belong to one account (imports, export batches, webhook subscriptions and deliveries): an admin sees
// every account's, any other account its own. The account a listing is narrowed to (none for an admin), and whether
// the caller may open a record of the given account.
std::optional<int> ownAccountScope(const Account& caller);
bool mayOpenRecordOf(const Account& caller, Poco::Int64 ownerAccountId);

}  // namespace sohub
