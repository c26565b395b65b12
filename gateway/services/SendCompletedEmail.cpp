// Read the case, send outside any store lock, then log the attempt in one write.
#include "services/SendCompletedEmail.h"

#include "domain/Clock.h"
#include "domain/ExternalRequest.h"
#include "domain/Joi.h"
#include "domain/Json.h"
#include "services/CaseAccess.h"
#include "store/CaseContactRepository.h"
#include "store/ExternalRequestRepository.h"

#include <Poco/Logger.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/String.h>

namespace sohub {
namespace {

std::string text(const Poco::JSON::Object::Ptr& contact, const std::string& key) {
    if (!contact || !contact->has(key) || !contact->get(key).isString()) return "";
    return Poco::trim(contact->getValue<std::string>(key));
}

std::string nameOf(const Poco::JSON::Object::Ptr& contact) {
    const std::string person = Poco::trim(text(contact, "firstName") + " " + text(contact, "lastName"));
    return person.empty() ? text(contact, "organizationName") : person;
}

std::string fill(std::string pattern, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) Poco::replaceInPlace(pattern, "{{" + name + "}}", value);
    return pattern;
}

}  // namespace

SendCompletedEmail::SendCompletedEmail(Database& database, CompletedEmailSettings settings)
    : database_(database), settings_(std::move(settings)), smtp_(settings_.smtp) {}

std::variant<bool, std::string> SendCompletedEmail::run(const Caller& caller, const Poco::Dynamic::Var& input) const {
    const JoiObject body(JoiObject::requireObject(input));
    const std::string guid = *body.guid("guid", true);
    const std::optional<std::string> email = body.email("email");

    CaseParties parties;
    CaseContacts contacts;
    {
        ReadLease lease = database_.read();
        parties = CaseAccess::byGuid(lease.session(), caller, guid);
        contacts = CaseContactRepository::byCase(lease.session(), parties.id);
    }
    const Poco::JSON::Object::Ptr person = contacts.consumer ? contacts.consumer : contacts.customer;
    std::string recipient = email.value_or("");
    if (recipient.empty()) recipient = text(contacts.consumer, "email");
    if (recipient.empty()) recipient = text(contacts.customer, "email");

    const std::vector<std::pair<std::string, std::string>> values = {
        {"caseGuid", parties.guid},       {"caseId", std::to_string(parties.id)},
        {"customerName", nameOf(person)}, {"recipient", recipient}};
    const std::string subject = fill(settings_.subject, values);

    ExternalRequest attempt;
    attempt.caseId = parties.id;
    attempt.accountId = caller.account->id;
    attempt.type = "completedEmail";
    attempt.url = smtp_.address();
    attempt.meta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    attempt.meta->set("caseId", parties.id);
    attempt.meta->set("to", recipient);
    attempt.meta->set("subject", subject);

    std::variant<bool, std::string> result = true;
    if (!settings_.enabled) {
        result = std::string(completedEmail::disabled);
    } else if (recipient.empty()) {
        result = std::string(completedEmail::noRecipient);
    } else {
        try {
            Poco::Net::MailMessage mail;
            mail.setSender(settings_.from);
            mail.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, recipient));
            mail.setSubject(Poco::Net::MailMessage::encodeWord(subject, "UTF-8"));
            mail.setContentType("text/plain; charset=UTF-8");
            mail.setContent(fill(settings_.body, values), Poco::Net::MailMessage::ENCODING_8BIT);
            smtp_.send(mail);
        } catch (const Poco::Exception& refusal) {
            // The server's own words, in whatever bytes it sent: answered and stored as UTF-8.
            result = "The SMTP server refused the email: " + validUtf8(refusal.displayText());
        } catch (const std::exception& refusal) {
            result = "The SMTP server refused the email: " + validUtf8(refusal.what());
        }
    }
    const bool sent = std::holds_alternative<bool>(result);
    attempt.status = sent ? "success" : "error";
    attempt.message = sent ? "Sent to " + recipient : std::get<std::string>(result);
    database_.write([&](Poco::Data::Session& session) { ExternalRequestRepository::insert(session, attempt); });
    Poco::Logger::get("sohub.email")
        .information("Completed email of case %s: %s", parties.guid, *attempt.message);
    return result;
}

}  // namespace sohub
