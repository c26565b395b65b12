// Poco's SMTP sessions; STARTTLS through NetSSL's SecureSMTPClientSession.
#include "services/SmtpSender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <mutex>

namespace sohub {

std::string SmtpSender::address() const { return "smtp://" + settings_.host + ":" + std::to_string(settings_.port); }

void SmtpSender::login(Poco::Net::SMTPClientSession& session) const {
    if (settings_.username.empty())
        session.login();
    else
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings_.username, settings_.password);
}

void SmtpSender::send(const Poco::Net::MailMessage& mail) const {
    const Poco::Timespan timeout(settings_.timeoutSeconds, 0);
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(settings_.host, static_cast<Poco::UInt16>(settings_.port)), timeout);
    if (settings_.starttls) {
        static std::once_flag ssl;
        std::call_once(ssl, [] { Poco::Net::initializeSSL(); });
        Poco::Net::SecureSMTPClientSession session(socket);
        session.setTimeout(timeout);
        session.login();  // EHLO: the server lists STARTTLS
        // The server's certificate must chain to a trusted CA and name the host we connected to.
        const Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", settings_.caLocation,
                                   Poco::Net::Context::VERIFY_RELAXED, 9, true);
        if (!session.startTLS(context)) throw Poco::Net::SMTPException("The server does not offer STARTTLS");
        login(session);  // EHLO again (RFC 3207): what the server offered before TLS no longer counts
        session.sendMessage(mail);
        session.close();
        return;
    }
    Poco::Net::SMTPClientSession session(socket);
    session.setTimeout(timeout);
    login(session);
    session.sendMessage(mail);
    session.close();
}

}  // namespace sohub
