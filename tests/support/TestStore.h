// Which store the end-to-end tests run sohubd on: SQLite (a file in the daemon's data folder) or, with
// SOHUB_TEST_STORE=postgresql, a database of the test PostgreSQL server (tests/postgres/server), one per data folder.
#pragma once

#include <Poco/Data/Session.h>

#include <string>
#include <vector>

namespace sohub::test {

bool onPostgres();

// The --define settings that put a daemon with this data folder on its store (none for SQLite); creates the
// PostgreSQL database when it does not exist yet, so a daemon restarted on the folder finds its store again.
std::vector<std::string> storeDefines(const std::string& dataDir);

// The store of a daemon with this data folder, for a test to look into.
Poco::Data::Session openStore(const std::string& dataDir);

// Another writer holding the store of a daemon with this data folder, from construction until release() (or its
// end): SQLite's write lock; on PostgreSQL, EXCLUSIVE locks on `tables` (the daemon's reads go on, its writes to them
// wait store.busyTimeoutMs and fail).
class HeldStore {
public:
    HeldStore(const std::string& dataDir, const std::string& tables);
    HeldStore(const HeldStore&) = delete;
    HeldStore& operator=(const HeldStore&) = delete;
    ~HeldStore();
    void release();

private:
    Poco::Data::Session session_;
    bool held_ = false;
};

// Writes `count` unconfirmed messages from acme (account 1001) on a case straight into the store, in one statement
// ("bulk message 0", "bulk message 1", ...): a large export's worth in a moment, on either store.
void addPartnerMessages(Poco::Data::Session& session, Poco::Int64 caseId, int count);

// A migration of a newer release recorded in the store (the schema version after this daemon's), as the first daemon
// of an upgrade leaves it; returns that version. forgetNewerMigration takes it away again (as a restore would).
int recordNewerMigration(Poco::Data::Session& session);
void forgetNewerMigration(Poco::Data::Session& session, int version);

// Removes the PostgreSQL database of this data folder (nothing for SQLite: the folder goes with its file).
void dropStore(const std::string& dataDir);

}  // namespace sohub::test
