// A listing's filters and page (imports, export batches): an account, a state, a limit and an offset.
#pragma once

#include <Poco/Data/Statement.h>

#include <optional>
#include <string>

namespace sohub {

struct ListQuery {
    std::optional<int> accountId;      // none: every account's (admin)
    std::optional<std::string> state;  // none: any
    int limit = 50;
    int offset = 0;
};

// " WHERE ..." for the filters that are set (the state in `stateColumn`).
std::string whereOf(const ListQuery& query, const char* stateColumn);
// Binds the filters in the order whereOf names them; the query must outlive the statement's execution.
void bindFilters(Poco::Data::Statement& statement, ListQuery& query);
// How many rows of `table` the filters select (the listing's total).
int countRows(Poco::Data::Session& session, const char* table, const char* stateColumn, ListQuery query);

}  // namespace sohub
