// A small SMTP server on loopback for the email tests: accepts every mail and keeps it.
#pragma once

#include <Poco/Net/TCPServer.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sohub::test {

struct ReceivedMail {
    std::string from;
    std::vector<std::string> recipients;
    std::string data;  // headers and body as sent, dot-unstuffed
};

// A certificate and its key (PEM files): given, the server offers STARTTLS and takes mail only after it.
struct SmtpTls {
    std::string certificateFile;
    std::string keyFile;
};

class SmtpServer {
public:
    // refuseRecipients: answer 550 to RCPT TO (to test a refusal).
    explicit SmtpServer(bool refuseRecipients = false, std::optional<SmtpTls> tls = std::nullopt);
    ~SmtpServer();

    int port() const;
    // Each connection after this waits so long before the server's greeting (a slow server).
    void greetAfter(std::chrono::milliseconds delay);
    std::vector<ReceivedMail> mails() const;
    // Waits up to timeoutMs for at least count mails.
    bool waitFor(std::size_t count, int timeoutMs = 5000) const;

    // EHLOs received after STARTTLS (RFC 3207: the client must greet again).
    int ehlosAfterTls() const;
    // The user names and passwords clients logged in with (AUTH LOGIN).
    std::vector<std::pair<std::string, std::string>> logins() const;

    struct State {
        bool refuseRecipients = false;
        std::atomic<long> greetingDelayMs{0};
        std::optional<SmtpTls> tls;
        int ehlosAfterTls = 0;
        mutable std::mutex mutex;
        std::vector<ReceivedMail> mails;
        std::vector<std::pair<std::string, std::string>> logins;  // AUTH LOGIN: user name and password
    };

private:
    std::shared_ptr<State> state_;
    std::unique_ptr<Poco::Net::TCPServer> server_;
};

}  // namespace sohub::test
