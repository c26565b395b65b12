// Case lookups with bound parameters.
#include "store/CaseRepository.h"

#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace sohub {
namespace {

template <typename Key>
std::optional<CaseParties> partiesWhere(Poco::Data::Session& session, const std::string& where, Key& key) {
    std::vector<Poco::Tuple<Poco::Int64, std::string, int, int, int>> rows;
    session << "SELECT id, guid, partner_id, account_id, service_provider_id FROM cases WHERE " + where,
        use(key), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& row = rows.front();
    return CaseParties{row.get<0>(), row.get<1>(), row.get<2>(), row.get<3>(), row.get<4>()};
}

}  // namespace

std::optional<CaseParties> CaseRepository::partiesByGuid(Poco::Data::Session& session, const std::string& guid) {
    std::string key = guid;
    return partiesWhere(session, "guid = ?", key);
}

std::optional<CaseParties> CaseRepository::partiesById(Poco::Data::Session& session, Poco::Int64 id) {
    Poco::Int64 key = id;
    return partiesWhere(session, "id = ?", key);
}

}  // namespace sohub
