// The SMTP dialogue (EHLO/HELO, STARTTLS, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on Poco's TCPServer.
#include "support/SmtpServer.h"

#include <Poco/Base64Decoder.h>
#include <Poco/StreamCopier.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/String.h>
#include <Poco/Thread.h>

#include <sstream>

namespace sohub::test {
namespace {

class SmtpConnection : public Poco::Net::TCPServerConnection {
public:
    SmtpConnection(const Poco::Net::StreamSocket& socket, std::shared_ptr<SmtpServer::State> state)
        : TCPServerConnection(socket), state_(std::move(state)) {}

    void run() override {
        Poco::Net::StreamSocket connection = socket();
        auto stream = std::make_unique<Poco::Net::SocketStream>(connection);
        const auto say = [&](const std::string& line) { *stream << line << "\r\n" << std::flush; };
        Poco::Thread::sleep(state_->greetingDelayMs.load());
        say("220 localhost test SMTP");
        bool secured = false;
        ReceivedMail mail;
        std::string line;
        while (std::getline(*stream, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::string verb = Poco::toUpper(line.substr(0, 4));
            if (verb == "EHLO" || verb == "HELO") {
                if (secured) {
                    const std::lock_guard<std::mutex> lock(state_->mutex);
                    ++state_->ehlosAfterTls;
                }
                say("250-localhost");
                if (state_->tls && !secured) say("250-STARTTLS");
                say("250 AUTH LOGIN");
            } else if (Poco::toUpper(line) == "STARTTLS" && state_->tls && !secured) {
                say("220 Ready to start TLS");
                stream.reset();
                connection = Poco::Net::SecureStreamSocket::attach(connection, serverContext(*state_->tls));
                stream = std::make_unique<Poco::Net::SocketStream>(connection);
                secured = true;
            } else if (state_->tls && !secured && verb != "QUIT" && verb != "NOOP") {
                say("530 Must issue a STARTTLS command first");
            } else if (Poco::toUpper(line) == "AUTH LOGIN") {
                // RFC 4954's LOGIN: user name and password, each base64, each after a 334 prompt.
                std::string user, password;
                say("334 VXNlcm5hbWU6");
                if (std::getline(*stream, user)) say("334 UGFzc3dvcmQ6");
                if (std::getline(*stream, password)) {
                    const std::lock_guard<std::mutex> lock(state_->mutex);
                    state_->logins.emplace_back(decoded(user), decoded(password));
                }
                say("235 Authentication successful");
            } else if (verb == "MAIL") {
                mail = ReceivedMail{};
                mail.from = address(line);
                say("250 OK");
            } else if (verb == "RCPT") {
                if (state_->refuseRecipients) {
                    say("550 No such user here");
                    continue;
                }
                mail.recipients.push_back(address(line));
                say("250 OK");
            } else if (verb == "DATA") {
                say("354 End data with <CR><LF>.<CR><LF>");
                while (std::getline(*stream, line)) {
                    if (!line.empty() && line.back() == '\r') line.pop_back();
                    if (line == ".") break;
                    if (!line.empty() && line[0] == '.') line.erase(0, 1);
                    mail.data += line + "\n";
                }
                {
                    const std::lock_guard<std::mutex> lock(state_->mutex);
                    state_->mails.push_back(mail);
                }
                say("250 OK queued");
            } else if (verb == "QUIT") {
                say("221 Bye");
                return;
            } else if (verb == "RSET" || verb == "NOOP") {
                say("250 OK");
            } else {
                say("502 Command not implemented");
            }
        }
    }

private:
    static Poco::Net::Context::Ptr serverContext(const SmtpTls& tls) {
        return new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, tls.keyFile, tls.certificateFile, "",
                                      Poco::Net::Context::VERIFY_NONE);
    }

    static std::string decoded(std::string base64) {
        if (!base64.empty() && base64.back() == '\r') base64.pop_back();
        std::istringstream in(base64);
        Poco::Base64Decoder decoder(in);
        std::string text;
        Poco::StreamCopier::copyToString(decoder, text);
        return text;
    }

    static std::string address(const std::string& line) {
        const auto open = line.find('<'), close = line.find('>');
        if (open == std::string::npos || close == std::string::npos || close < open) return "";
        return line.substr(open + 1, close - open - 1);
    }

    std::shared_ptr<SmtpServer::State> state_;
};

class SmtpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit SmtpConnectionFactory(std::shared_ptr<SmtpServer::State> state) : state_(std::move(state)) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new SmtpConnection(socket, state_);  // the server takes ownership
    }

private:
    std::shared_ptr<SmtpServer::State> state_;
};

}  // namespace

SmtpServer::SmtpServer(bool refuseRecipients, std::optional<SmtpTls> tls) : state_(std::make_shared<State>()) {
    state_->refuseRecipients = refuseRecipients;
    state_->tls = std::move(tls);
    if (state_->tls) Poco::Net::initializeSSL();
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    server_ = std::make_unique<Poco::Net::TCPServer>(new SmtpConnectionFactory(state_), socket);
    server_->start();
}

SmtpServer::~SmtpServer() { server_->stop(); }

std::vector<std::pair<std::string, std::string>> SmtpServer::logins() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->logins;
}

int SmtpServer::ehlosAfterTls() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->ehlosAfterTls;
}

void SmtpServer::greetAfter(std::chrono::milliseconds delay) {
    state_->greetingDelayMs = static_cast<long>(delay.count());
}

int SmtpServer::port() const { return server_->socket().address().port(); }

std::vector<ReceivedMail> SmtpServer::mails() const {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->mails;
}

bool SmtpServer::waitFor(std::size_t count, int timeoutMs) const {
    for (int waited = 0; waited <= timeoutMs; waited += 20) {
        if (mails().size() >= count) return true;
        Poco::Thread::sleep(20);
    }
    return false;
}

}  // namespace sohub::test
