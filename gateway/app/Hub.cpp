// Builds the hub from the configuration; the one place where the route table is assembled.
#include "app/Hub.h"

#include "api/HealthHandler.h"
#include "api/ReferenceHandler.h"
#include "api/RoutingHandler.h"

#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>

namespace sohub {
namespace {

StoreSettings storeSettings(const Poco::Util::AbstractConfiguration& config) {
    StoreSettings settings;
    const Poco::Path dataDir(config.getString("data.dir", "var"));
    settings.path = Poco::Path(dataDir, config.getString("store.file", "sohub.db")).toString();
    settings.readers = config.getInt("store.readers", 8);
    settings.busyTimeoutMs = config.getInt("store.busyTimeoutMs", 5000);
    settings.maxBatch = config.getInt("store.maxBatch", 256);
    settings.walAutocheckpoint = config.getInt("store.walAutocheckpoint", 1000);
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

    HealthHandler().registerIn(routes_);
    RoutingHandler().registerIn(routes_);
    ReferenceHandler().registerIn(routes_);

    caseBooking_ = std::make_unique<CaseBooking>(*database_, caseValidator_);
    caseReading_ = std::make_unique<CaseReading>(*database_);
    caseHandler_ = std::make_unique<CaseHandler>(caseValidator_, *caseBooking_, *caseReading_);
    caseHandler_->registerIn(routes_);
}

Hub::~Hub() = default;

}  // namespace sohub
