// Bound parameters only: the column names come from the code, the values from the caller.
#include "store/ListQuery.h"

using namespace Poco::Data::Keywords;

namespace sohub {

std::string whereOf(const ListQuery& query, const char* stateColumn) {
    std::string where = " WHERE 1 = 1";
    if (query.accountId) where += " AND account_id = ?";
    if (query.state) where += std::string(" AND ") + stateColumn + " = ?";
    return where;
}

void bindFilters(Poco::Data::Statement& statement, ListQuery& query) {
    if (query.accountId) statement, use(*query.accountId);
    if (query.state) statement, use(*query.state);
}

}  // namespace sohub
