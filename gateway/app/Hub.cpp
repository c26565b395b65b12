// Builds the hub from the configuration; the one place where the route table is assembled.
#include "app/Hub.h"

#include "api/CompletedEmailHandler.h"
#include "api/HealthHandler.h"
#include "api/OperationsHandler.h"
#include "api/MessageHandler.h"
#include "api/RequestHandler.h"
#include "api/ReferenceHandler.h"
#include "api/RoutingHandler.h"
#include "services/ConfirmMessages.h"
#include "services/CreateMessage.h"
#include "services/FindRequests.h"
#include "services/ListMessages.h"
#include "services/LogRequest.h"
#include "services/ReplyToDelivery.h"
#include "services/SendCompletedEmail.h"
#include "store/DeliveryRepository.h"
#include "operations/Metrics.h"
#include "operations/ProcessFigures.h"
#include "domain/ConfigKeys.h"
#include "domain/Clock.h"
#include "domain/Duration.h"
#include "domain/Secret.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/StreamCopier.h>

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <algorithm>

namespace sohub {
namespace {

// The PostgreSQL password never sits in the configuration or the connection string (which a log line may show):
// SOHUB_PG_PASSWORD or store.postgresql.passwordFile, handed to libpq as PGPASSWORD.
void providePostgresPassword(const Poco::Util::AbstractConfiguration& config) {
    std::string password = Poco::Environment::get("SOHUB_PG_PASSWORD", "");
    const std::string file = config.getString("store.postgresql.passwordFile", "");
    if (password.empty() && !file.empty()) {
        Poco::FileInputStream in(file);
        std::getline(in, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
    }
    if (!password.empty()) Poco::Environment::set("PGPASSWORD", password);
}

StoreSettings storeSettings(const Poco::Util::AbstractConfiguration& config) {
    StoreSettings settings;
    const std::string connector = Poco::toLower(config.getString("store.connector", "sqlite"));
    if (connector == "postgresql") {
        settings.engine = StoreEngine::PostgreSQL;
        settings.postgresConnect = config.getString("store.postgresql.connect", "");
        if (settings.postgresConnect.empty())
            throw Poco::InvalidArgumentException("store.postgresql.connect is required with store.connector = postgresql");
        if (settings.postgresConnect.find("password") != std::string::npos)
            throw Poco::InvalidArgumentException(
                "store.postgresql.connect must not carry the password: set SOHUB_PG_PASSWORD or "
                "store.postgresql.passwordFile");
        providePostgresPassword(config);
    } else if (connector != "sqlite") {
        throw Poco::InvalidArgumentException("store.connector must be sqlite or postgresql", connector);
    }
    // Each connector's keys are checked whichever connector runs: a file set for both is read without complaint.
    const int sqliteReaders = integerKey(config, "store.readers", 64, 1, 1000);
    const int postgresReaders = integerKey(config, "store.postgresql.poolSize", 8, 1, 1000);
    settings.readers = settings.engine == StoreEngine::PostgreSQL ? postgresReaders : sqliteReaders;
    settings.concurrentWriters = integerKey(config, "store.postgresql.writers", 0, 0, 1000);
    const Poco::Path dataDir(config.getString("data.dir", "var"));
    settings.path = Poco::Path(dataDir, config.getString("store.file", "sohub.db")).toString();
    settings.busyTimeoutMs = integerKey(config, "store.busyTimeoutMs", 5000, 0, 3600000);
    settings.maxBatch = integerKey(config, "store.maxBatch", 256, 1, 100000);
    settings.synchronous = Poco::toUpper(config.getString("store.synchronous", "FULL"));
    if (settings.synchronous != "FULL" && settings.synchronous != "NORMAL")
        throw Poco::InvalidArgumentException("store.synchronous must be FULL or NORMAL", settings.synchronous);
    settings.walAutocheckpoint = integerKey(config, "store.walAutocheckpoint", 250, 1, 1000000);
    const int walSizeLimitMiB = integerKey(config, "store.walSizeLimitMiB", 64, -1, 1048576);
    settings.walSizeLimitBytes = walSizeLimitMiB < 0 ? -1 : static_cast<long long>(walSizeLimitMiB) << 20;
    settings.maxPageCount = integer64Key(config, "store.maxPageCount", 0, 0, 4294967294LL);
    return settings;
}

// webhooks.schedule, spread by webhooks.jitter. The keys of the first delivery design (maxAttempts attempts,
// retryDelaySeconds apart) still work where no schedule is set, read as the schedule they describe.
RetrySchedule readRetrySchedule(const Poco::Util::AbstractConfiguration& config) {
    static const char* const svix = "0s,5s,5m,30m,2h,5h,10h,10h";
    const double jitter = numberKey(config, "webhooks.jitter", 0.1, 0, 1);
    std::string text = Poco::trim(config.getString("webhooks.schedule", ""));
    const bool legacy = config.has("webhooks.maxAttempts") || config.has("webhooks.retryDelaySeconds");
    Poco::Logger& log = Poco::Logger::get("sohub.webhooks");
    if (text.empty() && legacy) {
        const int attempts = integerKey(config, "webhooks.maxAttempts", 8, 1, 100);
        const int delay = integerKey(config, "webhooks.retryDelaySeconds", 60, 0, 7 * 86400);
        text = "0s";
        for (int i = 1; i < attempts; ++i) text += "," + std::to_string(delay) + "s";
        log.warning("webhooks.maxAttempts and webhooks.retryDelaySeconds are replaced by webhooks.schedule: read as "
                    "webhooks.schedule = %s", text);
    } else if (legacy) {
        log.warning("webhooks.maxAttempts and webhooks.retryDelaySeconds are ignored: webhooks.schedule is set");
    }
    if (text.empty()) text = svix;
    try {
        return RetrySchedule::parse(text, jitter);
    } catch (const ScheduleError& error) {
        throw Poco::InvalidArgumentException(std::string("webhooks.schedule: ") + error.what());
    }
}

CompletedEmailSettings emailSettings(const Poco::Util::AbstractConfiguration& config) {
    CompletedEmailSettings settings;
    settings.enabled = booleanKey(config, "email.enabled", false);
    settings.from = config.getString("email.from", settings.from);
    settings.subject = config.getString("email.subject", settings.subject);
    settings.smtp.host = config.getString("email.smtp.host", settings.smtp.host);
    settings.smtp.port = integerKey(config, "email.smtp.port", settings.smtp.port, 1, 65535);
    settings.smtp.username = config.getString("email.smtp.username", "");
    settings.smtp.password = secretSetting(config, "email.smtp.password", "SOHUB_SMTP_PASSWORD");
    settings.smtp.starttls = booleanKey(config, "email.smtp.starttls", false);
    settings.smtp.caLocation = config.getString("email.smtp.caLocation", "");
    settings.smtp.timeoutSeconds =
        integerKey(config, "email.smtp.timeoutSeconds", settings.smtp.timeoutSeconds, 1, 3600);
    const std::string templateFile = config.getString("email.template", "samples/completed-email.txt");
    if (!templateFile.empty() && Poco::File(templateFile).exists()) {
        Poco::FileInputStream in(templateFile);
        Poco::StreamCopier::copyToString(in, settings.body);
    } else if (settings.enabled) {
        throw Poco::FileNotFoundException("email.template", templateFile);
    }
    return settings;
}

}  // namespace

Hub::Hub(const Poco::Util::AbstractConfiguration& config)
    : retrySchedule_(readRetrySchedule(config)),
      jsonLimits_(JsonLimits::from(config)),
      database_(std::make_unique<Database>(storeSettings(config))),
      referenceRepository_(std::make_unique<ReferenceRepository>(*database_)) {
    DeliveryRepository::scheduleFirstAttempts(retrySchedule_);
    const std::string seedFile = config.getString("samples.seed", "samples/seed.json");
    if (!seedFile.empty()) {
        Poco::FileInputStream in(seedFile);
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        if (referenceRepository_->seedIfEmpty(parser.parse(in).extract<Poco::JSON::Object::Ptr>()))
            Poco::Logger::get("sohub.store").information("Seeded the empty store from %s", seedFile);
    }
    catalog_ = std::make_unique<ReferenceCatalog>(*referenceRepository_);
    createMessage_ = std::make_unique<CreateMessage>(*database_);
    listMessages_ = std::make_unique<ListMessages>(*database_);
    confirmMessages_ = std::make_unique<ConfirmMessages>(*database_);
    logRequest_ = std::make_unique<LogRequest>(*database_);
    findRequests_ = std::make_unique<FindRequests>(*database_);
    replyToDelivery_ = std::make_unique<ReplyToDelivery>(*database_, systemClock(), retrySchedule_);
    sendCompletedEmail_ = std::make_unique<SendCompletedEmail>(*database_, emailSettings(config));

    HealthHandler().registerIn(routes_);
    RoutingHandler().registerIn(routes_);
    ReferenceHandler().registerIn(routes_);
    const int maxConfirmIds = integerKey(config, "messages.maxConfirmIds", 1000, 1, 1000000);
    MessageHandler(*createMessage_, *listMessages_, *confirmMessages_, static_cast<std::size_t>(maxConfirmIds))
        .registerIn(routes_);
    RequestHandler(*logRequest_, *findRequests_, *replyToDelivery_).registerIn(routes_);
    CompletedEmailHandler(*sendCompletedEmail_).registerIn(routes_);

    caseBooking_ = std::make_unique<CaseBooking>(*database_, caseValidator_);
    caseReading_ = std::make_unique<CaseReading>(*database_);
    caseHandler_ = std::make_unique<CaseHandler>(caseValidator_, *caseBooking_, *caseReading_);
    caseHandler_->registerIn(routes_);

    // metrics.allowFrom: who may read /metrics without a token (an admin token works from anywhere).
    AddressRanges metricsFrom = [&] {
        try {
            return AddressRanges(config.getString("metrics.allowFrom", "127.0.0.0/8, ::1/128"));
        } catch (const Poco::InvalidArgumentException& error) {
            failKey("metrics.allowFrom", error.message());
        }
    }();
    operationsHandler_ = std::make_unique<OperationsHandler>(*database_, runningParts_, std::move(metricsFrom));
    operationsHandler_->registerIn(routes_);
    processFigures_ = metrics::registry().collect(&metrics::writeProcessFigures);
}

Hub::~Hub() { metrics::registry().drop(processFigures_); }

}  // namespace sohub
