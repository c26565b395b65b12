// Hub service: send the final ("completed") email of a case to its customer (case/send-completed-email).
#pragma once

#include "domain/Caller.h"
#include "services/SmtpSender.h"
#include "store/Database.h"

#include <Poco/Dynamic/Var.h>

#include <string>
#include <variant>

namespace sohub {

struct CompletedEmailSettings {
    bool enabled = false;
    std::string from = "sohub@localhost";
    std::string subject = "Your repair {{caseGuid}} is completed";  // a template, as the body
    std::string body;                                             // the template text (email.template's content)
    SmtpSettings smtp;
};

class SendCompletedEmail {
public:
    SendCompletedEmail(Database& database, CompletedEmailSettings settings);

    // input: {guid, email?}. Recipient: email, else the consumer's email, else the customer's. Returns true when
    // sent, else a sentence saying why not. Every attempt is logged as an external request of the case
    // (type completedEmail). The store writer is never held while SMTP talks.
    std::variant<bool, std::string> run(const Caller& caller, const Poco::Dynamic::Var& input) const;

private:
    Database& database_;
    const CompletedEmailSettings settings_;
    const SmtpSender smtp_;
};

// The documented answers when no mail goes out.
namespace completedEmail {
inline const char* const disabled = "Emails are disabled in the settings";
inline const char* const noRecipient = "No recipient: the case has no consumer or customer email";
}  // namespace completedEmail

}  // namespace sohub
