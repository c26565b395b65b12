// Sends one mail through the configured SMTP server (plain or STARTTLS, optional login).
#pragma once

#include <Poco/Net/MailMessage.h>
#include <Poco/Net/SMTPClientSession.h>

#include <string>

namespace sohub {

struct SmtpSettings {
    std::string host = "127.0.0.1";
    int port = 25;
    std::string username;  // empty: no login
    std::string password;  // never logged
    bool starttls = false;
    std::string caLocation;  // CA file or folder the server's certificate must chain to, besides the system's
    int timeoutSeconds = 10;
};

class SmtpSender {
public:
    explicit SmtpSender(SmtpSettings settings) : settings_(std::move(settings)) {}

    // Throws Poco::Exception with the server's refusal or the network error.
    void send(const Poco::Net::MailMessage& mail) const;
    // smtp://host:port, for the logs and the external request.
    std::string address() const;

private:
    void login(Poco::Net::SMTPClientSession& session) const;  // EHLO, with AUTH LOGIN when a username is set

    const SmtpSettings settings_;
};

}  // namespace sohub
