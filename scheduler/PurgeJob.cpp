// Each chunk is its own short write, so bookings and messages queue behind one chunk at most, never the whole purge.
#include "scheduler/PurgeJob.h"

#include "domain/Clock.h"
#include "scheduler/Schedule.h"
#include "store/Database.h"

#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace sohub {

std::vector<PurgeTarget> hubPurgeTargets() {
    return {
        {"outbox rows",
         "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE state IN ('delivered', 'failed') "
         "AND created_at < ? ORDER BY id LIMIT ?) RETURNING id"},
        // A delivery's external request stays while its outbox row is still pending: the recipient replies to it.
        {"external requests",
         "DELETE FROM external_requests WHERE id IN (SELECT r.id FROM external_requests r WHERE r.created_at < ? "
         "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.delivery_guid = r.guid AND o.state NOT IN ('delivered', "
         "'failed')) ORDER BY r.id LIMIT ?) RETURNING id"},
    };
}

PurgeJob::PurgeJob(Database& database, const Clock& clock, std::vector<PurgeTarget> targets, const JobSettings& settings)
    : database_(database),
      clock_(clock),
      targets_(std::move(targets)),
      olderThan_(settings.duration("olderThan")),
      chunkRows_(settings.integer("chunkRows", 1000, 1, 1000000)),
      pauseMillis_(settings.integer("pauseMillis", 0, 0, 60000)) {}

JobResult PurgeJob::run(const JobContext& context) {
    const std::string cutoff = isoDate(clock_.now() - olderThan_);
    std::string done;
    const auto summary = [&] {
        return (done.empty() ? std::string("deleted nothing") : "deleted " + done) + " older than " +
               formatDuration(olderThan_) + " (before " + cutoff + ")";
    };
    for (const PurgeTarget& target : targets_) {
        Poco::Int64 deleted = 0;
        for (;;) {
            if (context.stopRequested()) {
                if (deleted > 0) done += (done.empty() ? "" : ", ") + std::to_string(deleted) + " " + target.what;
                return JobResult{false, summary()};
            }
            std::size_t count = 0;
            database_.write([&](Poco::Data::Session& session) {
                std::string before = cutoff;
                int limit = chunkRows_;
                std::vector<Poco::Int64> ids;
                session << target.deleteChunk, use(before), use(limit), into(ids), now;
                count = ids.size();
            });
            deleted += static_cast<Poco::Int64>(count);
            if (count < static_cast<std::size_t>(chunkRows_)) break;
            if (pauseMillis_ > 0) context.pause(pauseMillis_);
        }
        if (deleted > 0) done += (done.empty() ? "" : ", ") + std::to_string(deleted) + " " + target.what;
    }
    return JobResult{true, summary()};
}

}  // namespace sohub
