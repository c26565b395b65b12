// The registry of job kinds and the drops: each batch issue adds its kinds and jobs here.
#include "app/BatchSide.h"

#include "app/Hub.h"
#include "app/StatusPage.h"
#include "domain/Clock.h"
#include "domain/ConfigKeys.h"
#include "exporters/ExportDesk.h"
#include "exporters/ExportHandler.h"
#include "exporters/MessageExport.h"
#include "importers/Drop.h"
#include "importers/ImportBoard.h"
#include "importers/ImportHandler.h"
#include "importers/ImportRun.h"
#include "importers/ImportStore.h"
#include "importers/UploadQueue.h"
#include "scheduler/JobBoard.h"
#include "scheduler/JobHandler.h"
#include "scheduler/PurgeJob.h"
#include "scheduler/Scheduler.h"
#include "scheduler/DeliveryDesk.h"
#include "scheduler/Dispatcher.h"
#include "scheduler/SubscriptionDesk.h"
#include "scheduler/WebhookDispatchJob.h"
#include "scheduler/WebhookHandler.h"
#include "scheduler/WebhookSettings.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>

namespace sohub {
namespace {

ImportSettings importSettings(const Poco::Util::AbstractConfiguration& config, const SchedulerSettings& scheduler,
                              const JsonLimits& json) {
    ImportSettings settings;
    constexpr Poco::Int64 tebibyte = Poco::Int64(1) << 40;
    settings.chunkRecords = integerKey(config, "imports.chunkRecords", settings.chunkRecords, 1, 100000);
    settings.maxRecordBytes = static_cast<std::size_t>(integer64Key(
        config, "imports.maxRecordBytes", static_cast<Poco::Int64>(settings.maxRecordBytes), 1, Poco::Int64(1) << 30));
    settings.maxUploadBytes = integer64Key(config, "imports.maxUploadBytes", settings.maxUploadBytes, 1, tebibyte);
    settings.leaseSeconds = scheduler.leaseSeconds;
    settings.json = json;
    return settings;
}

// A job the configuration implies (a drop's poll) rather than declares under jobs.*.
JobSpec impliedJob(const std::string& name, const std::string& kind, const std::string& scheduleKey,
                   const std::string& schedule, const TimeZone& zone, std::shared_ptr<Job> job) {
    JobSpec spec;
    spec.name = name;
    spec.kind = kind;
    try {
        spec.schedule = parseSchedule(schedule, zone);
    } catch (const ScheduleError& error) {
        throw Poco::InvalidArgumentException(scheduleKey + ": " + error.what());
    }
    spec.job = std::move(job);
    return spec;
}

// A drop's poll that tells /ready whether the drop works: its part is down with the reason while polls fail (the
// folder is gone, the SFTP server refuses), up again after the next poll that succeeds.
class ReportingDropPoll : public Job {
public:
    ReportingDropPoll(std::shared_ptr<Job> poll, RunningParts& parts, std::string part)
        : poll_(std::move(poll)), parts_(parts), part_(std::move(part)) {
        parts_.up(part_);  // its folders were prepared at start; a failing poll says otherwise
    }
    JobResult run(const JobContext& context) override {
        try {
            JobResult result = poll_->run(context);
            parts_.up(part_);
            return result;
        } catch (const std::exception& error) {
            parts_.down(part_, "its last poll failed: " + std::string(error.what()));
            throw;
        }
    }

private:
    const std::shared_ptr<Job> poll_;
    RunningParts& parts_;
    const std::string part_;
};

}  // namespace

BatchSide::BatchSide(const Poco::Util::AbstractConfiguration& config, Hub& hub) {
    Database& database = hub.database();
    const Clock& clock = systemClock();
    JobKindRegistry kinds;
    kinds.add("purge", [&database, &clock](const JobSettings& settings) {
        std::vector<PurgeTarget> targets = hubPurgeTargets();
        for (auto more : {ImportStore::purgeTargets(), ExportStore::purgeTargets()})
            targets.insert(targets.end(), more.begin(), more.end());
        return std::make_unique<PurgeJob>(database, clock, std::move(targets), settings);
    });
    WebhookSettings webhooks = readWebhookSettings(config, *hub.catalog().current());
    dispatcher_ = std::make_unique<Dispatcher>(database, hub.catalog(), clock, hub.retrySchedule(), std::move(webhooks), leaseOwnerName());
    kinds.add("webhookDispatch", [this](const JobSettings&) { return std::make_unique<WebhookDispatchJob>(*dispatcher_); });
    SchedulerSettings settings = readSchedulerSettings(config);
    std::vector<JobSpec> jobs = readJobSpecs(config, settings.zone, kinds);

    subscriptionDesk_ = std::make_unique<SubscriptionDesk>(database, clock, hub.catalog(), dispatcher_->settings(), *dispatcher_);
    subscriptionDesk_->syncConfigured();
    deliveryDesk_ = std::make_unique<DeliveryDesk>(database, clock, *dispatcher_);
    WebhookHandler(*subscriptionDesk_, *deliveryDesk_).registerIn(hub.routes());
    jobs.push_back(impliedJob("webhooks:dispatch", "webhookDispatch", "webhooks.dispatchSchedule",
                              config.getString("webhooks.dispatchSchedule", "every 1m"), settings.zone,
                              std::make_shared<WebhookDispatchJob>(*dispatcher_)));

    importServices_ = std::make_unique<ImportServices>(
        ImportServices{database, hub.catalog(), hub.caseBooking(), hub.createMessage(), clock});
    const ImportSettings imports = importSettings(config, settings, hub.jsonLimits());
    for (DropSpec& drop : readDrops(config, *hub.catalog().current())) {
        if (dynamic_cast<LocalFolder*>(drop.source.get())) drop.source->prepare({"archive", "error"});
        Poco::Logger::get("sohub.import").information("Drop %s: %s for account %s, %s", drop.name, drop.source->describe(),
                                                     drop.account, drop.schedule);
        const std::string name = drop.name, schedule = drop.schedule;
        auto poll = std::make_shared<ReportingDropPoll>(
            std::make_shared<DropPoll>(std::move(drop), *importServices_, imports, leaseOwnerName(), settings.zone),
            hub.runningParts(), "drop " + name);
        jobs.push_back(impliedJob("drop:" + name, "dropPoll", "drops." + name + ".schedule", schedule, settings.zone, poll));
    }

    // Any daemon on the store may apply an upload another one received: several daemons share this folder, as a drop.
    const std::string uploads =
        Poco::Path(config.getString("imports.uploadsFolder", config.getString("data.dir", "var") + "/uploads") + "/")
            .toString();
    jobs.push_back(impliedJob("imports:uploads", "importQueue", "imports.uploadSchedule",
                              config.getString("imports.uploadSchedule", "every 1s"), settings.zone,
                              std::make_shared<UploadQueue>(*importServices_, imports, leaseOwnerName(), settings.zone, uploads)));
    importBoard_ = std::make_unique<ImportBoard>(database, hub.catalog(), imports, uploads, clock);
    ImportHandler(*importBoard_).registerIn(hub.routes());

    for (ExportSpec& spec : readExports(config)) {
        spec.ackLimits = hub.jsonLimits();
        if (dynamic_cast<LocalFolder*>(spec.destination.get())) {
            spec.destination->prepare({});
            spec.acks->prepare({"archive"});
        }
        const std::string name = spec.name, schedule = spec.schedule;
        Poco::Logger::get("sohub.export").information("Export %s: %s for account %s as %s, %s", name,
                                                     spec.destination->describe(), spec.account, spec.format, schedule);
        auto target = std::make_shared<MessageExport>(std::move(spec), database, hub.catalog(), hub.confirmMessages(),
                                                      clock, settings.zone);
        exports_.push_back(target);
        jobs.push_back(impliedJob("export:" + name, "export", "exports." + name + ".schedule", schedule, settings.zone,
                                  std::make_shared<ExportJob>(*target)));
    }
    scheduler_ = std::make_unique<Scheduler>(database, clock, std::move(settings), std::move(jobs));
    exportDesk_ = std::make_unique<ExportDesk>(database, clock, exports_, *scheduler_);
    ExportHandler(*exportDesk_).registerIn(hub.routes());
    board_ = std::make_unique<JobBoard>(database, *scheduler_);
    JobHandler(*board_, scheduler_->settings().zone).registerIn(hub.routes());

    const int sessionMinutes = integerKey(config, "status.sessionMinutes", 480, 1, 366 * 24 * 60);
    statusPage_ = std::make_unique<StatusPage>(hub.catalog(), *importBoard_, *exportDesk_, *deliveryDesk_, *board_, clock,
                                               sessionMinutes);
    statusPage_->registerIn(hub.routes());
}

BatchSide::~BatchSide() = default;

}  // namespace sohub
