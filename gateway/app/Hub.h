// The hub core wired together: store, reference catalogue, services and the route table.
#pragma once

#include "api/CaseHandler.h"
#include "api/RouteTable.h"
#include "domain/CaseValidator.h"
#include "domain/JsonReader.h"
#include "domain/RetrySchedule.h"
#include "operations/RunningParts.h"
#include "services/CaseBooking.h"
#include "services/CaseReading.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <memory>

namespace sohub {

class CreateMessage;
class ListMessages;
class ConfirmMessages;
class LogRequest;
class FindRequests;
class ReplyToDelivery;
class SendCompletedEmail;
class OperationsHandler;

class Hub {
public:
    explicit Hub(const Poco::Util::AbstractConfiguration& config);
    ~Hub();

    Database& database() { return *database_; }
    ReferenceCatalog& catalog() { return *catalog_; }
    const CaseBooking& caseBooking() const { return *caseBooking_; }
    const CreateMessage& createMessage() const { return *createMessage_; }
    const ConfirmMessages& confirmMessages() const { return *confirmMessages_; }
    const RouteTable& routes() const { return routes_; }
    // webhooks.schedule: the dispatcher's attempts and the receivers' toRetry follow the same steps.
    const RetrySchedule& retrySchedule() const { return retrySchedule_; }
    // json.*: how deep, wide and long the JSON from outside may be (request bodies, imported records, acks).
    const JsonLimits& jsonLimits() const { return jsonLimits_; }
    // The parts /ready asks about: the subsystems and drops report here.
    RunningParts& runningParts() { return runningParts_; }
    // The batch side adds its endpoint groups (jobs, imports) before the HTTP server starts.
    RouteTable& routes() { return routes_; }

private:
    RunningParts runningParts_;
    const RetrySchedule retrySchedule_;
    const JsonLimits jsonLimits_;
    std::unique_ptr<Database> database_;
    std::unique_ptr<ReferenceRepository> referenceRepository_;
    std::unique_ptr<ReferenceCatalog> catalog_;
    std::unique_ptr<CreateMessage> createMessage_;
    std::unique_ptr<ListMessages> listMessages_;
    std::unique_ptr<ConfirmMessages> confirmMessages_;
    std::unique_ptr<LogRequest> logRequest_;
    std::unique_ptr<FindRequests> findRequests_;
    std::unique_ptr<ReplyToDelivery> replyToDelivery_;
    std::unique_ptr<SendCompletedEmail> sendCompletedEmail_;
    CaseValidator caseValidator_;
    std::unique_ptr<CaseBooking> caseBooking_;
    std::unique_ptr<CaseReading> caseReading_;
    std::unique_ptr<CaseHandler> caseHandler_;
    std::unique_ptr<OperationsHandler> operationsHandler_;
    int processFigures_ = 0;  // the collector's key
    RouteTable routes_;
};

}  // namespace sohub
