// Access rule between callers and cases: one place, used by every service.
#include "domain/Caller.h"

#include <algorithm>

namespace sohub {

bool Caller::mayAccess(const CaseParties& parties) const {
    switch (account->role) {
        case Role::Admin: return true;
        case Role::Partner: return account->partnerId != 0 && account->partnerId == parties.partnerId;
        case Role::Provider:
            return std::find(providerIds.begin(), providerIds.end(), parties.serviceProviderId) != providerIds.end();
    }
    return false;
}

bool mayActFor(const Account& account, int providerId, const ReferenceData& reference) {
    switch (account.role) {
        case Role::Admin: return reference.serviceProvider(providerId) != nullptr;
        case Role::Partner: return false;
        case Role::Provider:
            return std::find(account.providerIds.begin(), account.providerIds.end(), providerId) != account.providerIds.end();
    }
    return false;
}

std::optional<int> ownAccountScope(const Account& caller) {
    return caller.role == Role::Admin ? std::nullopt : std::optional<int>(caller.id);
}

bool mayOpenRecordOf(const Account& caller, Poco::Int64 ownerAccountId) {
    return caller.role == Role::Admin || ownerAccountId == caller.id;
}

}  // namespace sohub
