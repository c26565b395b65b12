// The reference watch's thread: a look at the store's counter on each notice and every few seconds, and at its schema
// version (a daemon of a newer release may have migrated it).
#include "app/ReferenceWatch.h"

#include "store/Database.h"
#include "store/Migrations.h"
#include "store/NoticeListener.h"
#include "store/ReferenceRepository.h"

#include <Poco/Logger.h>

#include <chrono>
#include <exception>

namespace sohub {

ReferenceWatch::ReferenceWatch(Database& database, ReferenceCatalog& catalog, int checkSeconds)
    : database_(database), catalog_(catalog), checkSeconds_(checkSeconds) {}

void ReferenceWatch::initialize(Poco::Util::Application&) {
    stopping_ = false;
    // Only a flag on the notice thread: the reload reads the store here, on the watch's own thread.
    noticeListener_ = database_.onNotice(notice::reference, [this] {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            heard_ = true;
        }
        changed_.notify_one();
    });
    thread_ = std::thread([this] { watchLoop(); });
}

void ReferenceWatch::uninitialize() {
    database_.dropListener(noticeListener_);
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void ReferenceWatch::watchLoop() {
    Poco::Logger& log = Poco::Logger::get("sohub.reference");
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait_for(lock, std::chrono::seconds(checkSeconds_), [this] { return stopping_ || heard_; });
            if (stopping_) return;
            heard_ = false;
        }
        try {
            if (catalog_.refresh())
                log.information("Reference data and accounts reloaded: they were changed in the store");
        } catch (const std::exception& error) {
            log.warning("Reference data not reloaded (%s): tried again in %d s", std::string(error.what()), checkSeconds_);
        }
        watchSchema();
    }
}

void ReferenceWatch::watchSchema() {
    Poco::Logger& log = Poco::Logger::get("sohub.store");
    try {
        int stored = 0;
        {
            ReadLease read = database_.read();
            stored = storedSchemaVersion(read.session());
        }
        if (!database_.sawSchema(stored)) return;
        if (database_.migratedPast())
            log.warning("The store's schema is version %d, newer than this sohubd's (%d): a daemon of a newer release "
                        "migrated it. This one claims no more jobs or webhook deliveries and is not ready: replace it",
                        stored, knownSchemaVersion());
        else
            log.information("The store's schema is version %d: this sohubd claims jobs and webhook deliveries again",
                            stored);
    } catch (const std::exception& error) {
        log.warning("The store's schema version not read (%s): tried again in %d s", std::string(error.what()),
                    checkSeconds_);
    }
}

}  // namespace sohub
