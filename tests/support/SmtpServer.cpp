// The SMTP dialogue (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on Poco's TCPServer.
#include "support/SmtpServer.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/String.h>
#include <Poco/Thread.h>

namespace sohub::test {
namespace {

class SmtpConnection : public Poco::Net::TCPServerConnection {
public:
    SmtpConnection(const Poco::Net::StreamSocket& socket, std::shared_ptr<SmtpServer::State> state)
        : TCPServerConnection(socket), state_(std::move(state)) {}

    void run() override {
        Poco::Net::SocketStream stream(socket());
        const auto say = [&](const std::string& line) { stream << line << "\r\n" << std::flush; };
        say("220 localhost test SMTP");
        ReceivedMail mail;
        std::string line;
        while (std::getline(stream, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::string verb = Poco::toUpper(line.substr(0, 4));
            if (verb == "EHLO" || verb == "HELO") {
                say("250 localhost");
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
                while (std::getline(stream, line)) {
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

SmtpServer::SmtpServer(bool refuseRecipients) : state_(std::make_shared<State>()) {
    state_->refuseRecipients = refuseRecipients;
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    server_ = std::make_unique<Poco::Net::TCPServer>(new SmtpConnectionFactory(state_), socket);
    server_->start();
}

SmtpServer::~SmtpServer() { server_->stop(); }

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
