// Keeps the in-memory reference data and accounts in step with the store when another daemon or an operator
// changes them.
#pragma once

#include <Poco/Util/Subsystem.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace sohub {

class Database;
class ReferenceCatalog;

// Reloads the snapshot when the store's reference counter moved: at once on a PostgreSQL notice, and at the latest
// every store.referenceCheckSeconds (the fallback for a notice lost, and SQLite's only way).
class ReferenceWatch : public Poco::Util::Subsystem {
public:
    ReferenceWatch(Database& database, ReferenceCatalog& catalog, int checkSeconds);
    const char* name() const override { return "reference watch"; }

    // Public as well: the application stops it by hand when a subsystem after it fails to start. Safe to call
    // when it never started.
    void uninitialize() override;

protected:
    void initialize(Poco::Util::Application& application) override;

private:
    void watchLoop();
    // Notes the store's schema version: past this binary's, its jobs and deliveries pause (Database::migratedPast).
    void watchSchema();

    Database& database_;
    ReferenceCatalog& catalog_;
    const int checkSeconds_;
    int noticeListener_ = 0;

    std::mutex mutex_;
    std::condition_variable changed_;
    bool heard_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace sohub
