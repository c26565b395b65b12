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

int countRows(Poco::Data::Session& session, const char* table, const char* stateColumn, ListQuery query) {
    Poco::Data::Statement select(session);
    int total = 0;
    select << std::string("SELECT COUNT(*) FROM ") + table + whereOf(query, stateColumn);
    bindFilters(select, query);
    select, into(total);
    select.execute();
    return total;
}

}  // namespace sohub
