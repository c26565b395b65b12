// Builds the hub from the configuration; the one place where the route table is assembled.
#include "app/Hub.h"

#include "api/CompletedEmailHandler.h"
#include "api/HealthHandler.h"
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

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/StreamCopier.h>

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/String.h>

namespace sohub {
namespace {

StoreSettings storeSettings(const Poco::Util::AbstractConfiguration& config) {
    StoreSettings settings;
    const Poco::Path dataDir(config.getString("data.dir", "var"));
    settings.path = Poco::Path(dataDir, config.getString("store.file", "sohub.db")).toString();
    settings.readers = config.getInt("store.readers", 64);
    settings.busyTimeoutMs = config.getInt("store.busyTimeoutMs", 5000);
    settings.maxBatch = config.getInt("store.maxBatch", 256);
    settings.synchronous = Poco::toUpper(config.getString("store.synchronous", "FULL"));
    if (settings.synchronous != "FULL" && settings.synchronous != "NORMAL")
        throw Poco::InvalidArgumentException("store.synchronous must be FULL or NORMAL", settings.synchronous);
    settings.walAutocheckpoint = config.getInt("store.walAutocheckpoint", 250);
    return settings;
}

DeliveryPolicy deliveryPolicy(const Poco::Util::AbstractConfiguration& config) {
    DeliveryPolicy policy;
    policy.maxAttempts = config.getInt("webhooks.maxAttempts", policy.maxAttempts);
    policy.retryDelaySeconds = config.getInt("webhooks.retryDelaySeconds", policy.retryDelaySeconds);
    return policy;
}

CompletedEmailSettings emailSettings(const Poco::Util::AbstractConfiguration& config) {
    CompletedEmailSettings settings;
    settings.enabled = config.getBool("email.enabled", false);
    settings.from = config.getString("email.from", settings.from);
    settings.subject = config.getString("email.subject", settings.subject);
    settings.smtp.host = config.getString("email.smtp.host", settings.smtp.host);
    settings.smtp.port = config.getInt("email.smtp.port", settings.smtp.port);
    settings.smtp.username = config.getString("email.smtp.username", "");
    settings.smtp.password = config.getString("email.smtp.password", "");
    if (Poco::Environment::has("SOHUB_SMTP_PASSWORD")) settings.smtp.password = Poco::Environment::get("SOHUB_SMTP_PASSWORD");
    settings.smtp.starttls = config.getBool("email.smtp.starttls", false);
    settings.smtp.caLocation = config.getString("email.smtp.caLocation", "");
    settings.smtp.timeoutSeconds = config.getInt("email.smtp.timeoutSeconds", settings.smtp.timeoutSeconds);
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
    : database_(std::make_unique<Database>(storeSettings(config))),
      referenceRepository_(std::make_unique<ReferenceRepository>(*database_)) {
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
    replyToDelivery_ = std::make_unique<ReplyToDelivery>(*database_, deliveryPolicy(config));
    sendCompletedEmail_ = std::make_unique<SendCompletedEmail>(*database_, emailSettings(config));

    HealthHandler().registerIn(routes_);
    RoutingHandler().registerIn(routes_);
    ReferenceHandler().registerIn(routes_);
    MessageHandler(*createMessage_, *listMessages_, *confirmMessages_).registerIn(routes_);
    RequestHandler(*logRequest_, *findRequests_, *replyToDelivery_).registerIn(routes_);
    CompletedEmailHandler(*sendCompletedEmail_).registerIn(routes_);

    caseBooking_ = std::make_unique<CaseBooking>(*database_, caseValidator_);
    caseReading_ = std::make_unique<CaseReading>(*database_);
    caseHandler_ = std::make_unique<CaseHandler>(caseValidator_, *caseBooking_, *caseReading_);
    caseHandler_->registerIn(routes_);
}

Hub::~Hub() = default;

}  // namespace sohub
