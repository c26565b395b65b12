// Validates like the document, checks the case and the parent, then one write: message + outbox.
#include "services/CreateMessage.h"

#include "domain/Clock.h"
#include "domain/Joi.h"
#include "services/CaseAccess.h"
#include "services/MessageEvents.h"
#include "store/MessageRepository.h"

#include <Poco/Logger.h>

namespace sohub {

MessageInput CreateMessage::readInput(const Poco::Dynamic::Var& input) {
    const JoiObject body(JoiObject::requireObject(input));
    MessageInput read;
    read.caseGuid = *body.guid("guid", true);
    Message& message = read.message;
    message.content = body.string("content", false, 0, true);
    message.type = *body.oneOf("type", messageTypes(), true);
    read.declaredAt = body.date("declaredAt");
    message.externalId = body.string("externalId", false, 512);
    message.parentMessageId = body.integer("parentMessageId");
    message.userEmail = body.string("userEmail", false, 512);
    message.userName = body.string("userName", false, 512);
    return read;
}

PreparedMessage CreateMessage::prepare(const Caller& caller, const Poco::Dynamic::Var& input) const {
    MessageInput read = readInput(input);
    Message message = std::move(read.message);

    CaseParties parties;
    {
        ReadLease lease = database_.read();
        parties = CaseAccess::byGuid(lease.session(), caller, read.caseGuid);
        if (message.parentMessageId &&
            MessageRepository::caseOf(lease.session(), *message.parentMessageId) != parties.id)
            JoiObject(JoiObject::requireObject(input))
                .fail("parentMessageId", "\"parentMessageId\" must be a message of the same case");
    }

    message.caseId = parties.id;
    message.caseGuid = parties.guid;
    message.senderAccountId = caller.account->id;
    if (caller.role() != Role::Admin) message.senderType = caller.side();
    message.createdAt = message.updatedAt = nowIso();
    message.declaredAt = read.declaredAt ? isoDate(*read.declaredAt) : message.createdAt;

    return PreparedMessage{std::move(message), std::move(parties)};
}

void CreateMessage::store(Poco::Data::Session& session, PreparedMessage& prepared, GatheredRows* later) {
    MessageRepository::insert(session, prepared.message);
    for (const OutboxEvent& event : MessageEvents::newMessage(prepared.message, prepared.parties))
        OutboxRepository::add(session, event, later);
}

Message CreateMessage::run(const Caller& caller, const Poco::Dynamic::Var& input) const {
    PreparedMessage prepared = prepare(caller, input);
    database_.write([&](Poco::Data::Session& session) { store(session, prepared); });
    Poco::Logger& log = Poco::Logger::get("sohub.messages");
    if (log.debug())
        log.debug("Message %Ld added to case %s", static_cast<Poco::Int64>(prepared.message.id), prepared.parties.guid);
    return std::move(prepared.message);
}

}  // namespace sohub
