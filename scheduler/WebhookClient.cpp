// HTTP and HTTPS through Poco; API-registered targets connect only to the address checked for this attempt.
#include "scheduler/WebhookClient.h"

#include "domain/Json.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/String.h>

#include <mutex>

namespace sohub {
namespace {

using Poco::Net::IPAddress;
using Poco::Net::SocketAddress;

constexpr std::size_t keptBytes = 2048;
constexpr std::streamsize drainLimit = 1 << 20;  // a longer answer closes the connection instead of being read

// Sessions whose connection goes to the address the target check passed, whatever the name resolves to by then
// (no DNS rebinding between the check and the connect). The Host header and TLS name stay the URL's.
class PinnedSession : public Poco::Net::HTTPClientSession {
public:
    PinnedSession(const std::string& host, Poco::UInt16 port, IPAddress pinned)
        : HTTPClientSession(host, port), pinned_(pinned) {}

protected:
    void connect(const SocketAddress& address) override {
        HTTPClientSession::connect(SocketAddress(pinned_, address.port()));
    }

private:
    IPAddress pinned_;
};

class PinnedSecureSession : public Poco::Net::HTTPSClientSession {
public:
    PinnedSecureSession(const std::string& host, Poco::UInt16 port, Poco::Net::Context::Ptr tls, IPAddress pinned)
        : HTTPSClientSession(host, port, std::move(tls)), pinned_(pinned) {}

protected:
    void connect(const SocketAddress& address) override {
        HTTPSClientSession::connect(SocketAddress(pinned_, address.port()));
    }

private:
    IPAddress pinned_;
};

}  // namespace

Poco::Net::Context::Ptr webhookTls(const std::string& caLocation) {
    static std::once_flag ssl;
    std::call_once(ssl, [] { Poco::Net::initializeSSL(); });
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", caLocation,
                                  Poco::Net::Context::VERIFY_RELAXED, 9, true);
}

const Poco::Net::Context::Ptr& WebhookClient::tls() {
    if (!tls_) tls_ = webhookTls(caLocation_);
    return tls_;
}

// One attempt between its send and its answer.
struct WebhookClient::InFlight {
    std::size_t index = 0;
    std::string key;
    Poco::Net::HTTPClientSession* http = nullptr;
    Poco::Timestamp sentAt;
    bool reused = false;
};

Poco::Net::HTTPClientSession& WebhookClient::session(const std::string& key, const Poco::URI& uri,
                                                     const std::optional<IPAddress>& pinned) {
    const bool secure = Poco::icompare(uri.getScheme(), "https") == 0;
    Kept& kept = sessions_[key];
    if (kept.session && kept.pinned != pinned) kept.session.reset();  // the name moved: a new connection
    if (!kept.session) {
        if (pinned && secure) kept.session = std::make_unique<PinnedSecureSession>(uri.getHost(), uri.getPort(), tls(), *pinned);
        else if (pinned) kept.session = std::make_unique<PinnedSession>(uri.getHost(), uri.getPort(), *pinned);
        else if (secure) kept.session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls());
        else kept.session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        kept.session->setKeepAlive(true);
        kept.session->setTimeout(timeout_, timeout_, timeout_);
        kept.pinned = pinned;
    }
    return *kept.session;
}

bool WebhookClient::send(InFlight& flight, const WebhookRequest& request, WebhookAnswer& answer) {
    std::optional<IPAddress> pinned;
    if (request.guarded) {
        try {
            pinned = policy_.resolve(request.uri).front();
        } catch (const Poco::InvalidArgumentException& refused) {
            answer.error = "target refused: " + refused.message();
            return false;
        }
    }
    // A kept connection the receiver closed while idle fails at once: that is tried once more on a new connection.
    const auto found = sessions_.find(flight.key);
    flight.reused = found != sessions_.end() && found->second.session && found->second.session->connected() &&
                    found->second.pinned == pinned;
    for (int round = 0; round < 2; ++round) {
        try {
            Poco::Net::HTTPClientSession& http = session(flight.key, request.uri, pinned);
            Poco::Net::HTTPRequest out(request.method, request.uri.getPathEtc().empty() ? "/" : request.uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
            out.setKeepAlive(true);
            out.setContentType("application/json");
            out.setContentLength(static_cast<std::streamsize>(request.body->size()));
            for (const auto& [name, value] : request.headers) out.set(name, value);
            std::ostream& body = http.sendRequest(out);
            body.write(request.body->data(), static_cast<std::streamsize>(request.body->size()));
            body.flush();
            if (!body) throw Poco::IOException("the request could not be sent");
            flight.http = &http;
            flight.sentAt.update();
            return true;
        } catch (const Poco::Exception& error) {
            answer.error = error.displayText();
        } catch (const std::exception& error) {
            answer.error = error.what();
        }
        forget(flight.key);
        if (!flight.reused) break;
        flight.reused = false;
    }
    return false;
}

bool WebhookClient::receive(InFlight& flight, WebhookAnswer& answer) {
    try {
        Poco::Net::HTTPResponse in;
        std::istream& body = flight.http->receiveResponse(in);
        answer.status = static_cast<int>(in.getStatus());
        char buffer[4096];
        std::streamsize read = 0;
        while (body && read <= drainLimit) {
            body.read(buffer, sizeof buffer);
            const std::streamsize got = body.gcount();
            if (got <= 0) break;
            if (answer.response.size() < keptBytes)
                answer.response.append(buffer, static_cast<std::size_t>(std::min<std::streamsize>(
                                                   got, static_cast<std::streamsize>(keptBytes - answer.response.size()))));
            read += got;
        }
        // Kept as text (the store's, the deliveries list's JSON): a body in another charset, or one whose first 2 KiB
        // end inside a character, was stored as it came (invalid UTF-8 in the list's JSON; PostgreSQL refused it).
        answer.response = validUtf8(answer.response, read > static_cast<std::streamsize>(answer.response.size()));
        if (read > drainLimit || !in.getKeepAlive()) forget(flight.key);
    } catch (const Poco::Net::NoMessageException& error) {
        answer.error = error.displayText();
        forget(flight.key);
        return true;
    } catch (const Poco::TimeoutException&) {
        answer.error = "timed out after " + std::to_string(timeout_.totalSeconds()) + "s";
        forget(flight.key);
    } catch (const Poco::Exception& error) {
        answer.error = error.displayText();
        forget(flight.key);
    } catch (const std::exception& error) {
        answer.error = error.what();
        forget(flight.key);
    }
    return false;
}

std::vector<WebhookAnswer> WebhookClient::sendAll(const std::vector<WebhookRequest>& requests) {
    std::vector<WebhookAnswer> answers(requests.size());
    std::vector<InFlight> flights;
    std::map<std::string, int> slots;  // attempts of this batch per host: each on its own connection
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const Poco::URI& uri = requests[i].uri;
        const std::string host = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
        InFlight flight;
        flight.index = i;
        flight.key = host + "#" + std::to_string(slots[host]++);
        if (send(flight, requests[i], answers[i])) flights.push_back(flight);
    }
    // A receiver that closed an idle kept connection answers nothing: such an attempt is sent again on a new one.
    const auto resend = [&](InFlight& flight) {
        WebhookAnswer& answer = answers[flight.index];
        // Field by field: g++ 12 warns of a maybe-uninitialized optional in `answer = WebhookAnswer()` (it is not).
        answer.status.reset();
        answer.error.reset();
        answer.response.clear();
        flight.reused = false;
        forget(flight.key);
        if (send(flight, requests[flight.index], answer)) receive(flight, answer);
    };
    while (!flights.empty()) {
        Poco::Net::Socket::SocketList readable, writable, failed;
        Poco::Timestamp::TimeDiff wait = timeout_.totalMicroseconds();
        for (const InFlight& flight : flights) {
            readable.push_back(flight.http->socket());
            wait = std::min(wait, timeout_.totalMicroseconds() - flight.sentAt.elapsed());
        }
        failed = readable;
        if (wait > 0) {
            try {
                Poco::Net::Socket::select(readable, writable, failed, Poco::Timespan(wait));
            } catch (const Poco::Exception&) {
                failed.clear();  // taken one by one below, each with its own timeout
            }
        } else {
            readable.clear();
            failed.clear();
        }
        std::vector<InFlight> waiting;
        for (InFlight& flight : flights) {
            const Poco::Net::StreamSocket& socket = flight.http->socket();
            const bool ready = std::find(readable.begin(), readable.end(), socket) != readable.end() ||
                               std::find(failed.begin(), failed.end(), socket) != failed.end();
            if (ready) {
                if (receive(flight, answers[flight.index]) && flight.reused) resend(flight);
            } else if (flight.sentAt.elapsed() >= timeout_.totalMicroseconds()) {
                answers[flight.index].error = "timed out after " + std::to_string(timeout_.totalSeconds()) + "s";
                forget(flight.key);
            } else {
                waiting.push_back(flight);
            }
        }
        flights.swap(waiting);
    }
    return answers;
}

}  // namespace sohub
