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
        // Delivered webhooks go, their attempts first; failed ones stay visible (and replayable) until replayed.
        {"delivery attempts",
         "DELETE FROM webhook_attempts WHERE (delivery_id, attempt) IN (SELECT a.delivery_id, a.attempt FROM "
         "webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id WHERE d.state = 'delivered' "
         "AND d.ended_at < ? ORDER BY d.id LIMIT ?) RETURNING delivery_id"},
        {"deliveries",
         "DELETE FROM webhook_deliveries WHERE id IN (SELECT d.id FROM webhook_deliveries d WHERE d.state = 'delivered' "
         "AND d.ended_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = d.id) "
         "ORDER BY d.id LIMIT ?) RETURNING id"},
        // An event goes once none of its deliveries is left.
        {"outbox rows",
         "DELETE FROM outbox WHERE id IN (SELECT o.id FROM outbox o WHERE o.created_at < ? AND NOT EXISTS "
         "(SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = o.id) ORDER BY o.id LIMIT ?) RETURNING id"},
        // A delivery's external request stays while the delivery does: the recipient replies to it.
        {"external requests",
         "DELETE FROM external_requests WHERE id IN (SELECT r.id FROM external_requests r WHERE r.created_at < ? "
         "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.guid = r.guid) ORDER BY r.id LIMIT ?) "
         "RETURNING id"},
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
