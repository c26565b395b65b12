// Translates HTTP to a Call and the Reply (or error) back; holds no business rule.
#include "api/HubRequestHandler.h"

#include "domain/Json.h"

#include "api/HttpFigures.h"
#include "api/RequestBody.h"
#include "api/ResponseWriter.h"
#include "domain/Caller.h"
#include "domain/HubError.h"
#include "domain/NumberText.h"
#include "store/Database.h"
#include "store/ReferenceRepository.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/MediaType.h>
#include <Poco/String.h>
#include <Poco/UTF8Encoding.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>

namespace sohub {
namespace {

const std::string noHeader;

class BodyTooLarge : public std::exception {};

// The whole body, decoded, within `limit` bytes (after decoding: a small gzip body may inflate past it).
std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
    const Poco::Int64 length = request.hasContentLength() ? request.getContentLength64() : -1;  // parsed once
    if (length > static_cast<Poco::Int64>(limit)) throw BodyTooLarge();
    // No body: neither a length nor chunks (RFC 9112, 6.3: a GET as much as a POST), or a length of 0. Nothing to read
    // or check.
    if (!request.getChunkedTransferEncoding() && length <= 0) return std::string();
    RequestBody source(request, length);
    std::string body;
    std::istream& in = source.stream();
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) throw BodyTooLarge();
    }
    source.requireWhole();
    return body;
}


// The path only: the query string may hold an access token, which never goes to the log.
std::string pathOf(const Poco::Net::HTTPServerRequest& request) {
    const std::string& uri = request.getURI();
    return uri.substr(0, uri.find('?'));
}

bool sameSecret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// The account a token authenticates in this snapshot, or null. A keep-alive client sends its token with every
// request, and hashing it (SHA-256) cost more than the rest of the authentication; so each request thread keeps
// the last few tokens that authenticated (never one that failed: nothing an unknown caller sends is kept) with
// their account. Bounded: a handful of slots per thread, the oldest replaced. An entry holds only for the snapshot
// it was made in (a reload that changes or removes the token is seen at once); its weak_ptr keeps that snapshot's
// address from being reused, not the snapshot. Tokens are compared in constant time, as the hashes are.
const Account* authenticate(const ReferenceSnapshot& reference, const std::string& token) {
    struct Entry {
        std::weak_ptr<const ReferenceData> snapshot;
        std::string token;
        const Account* account = nullptr;
    };
    thread_local std::array<Entry, 4> recent;
    thread_local std::size_t next = 0;
    const auto sameSnapshot = [&](const Entry& e) {
        return !e.snapshot.owner_before(reference) && !reference.owner_before(e.snapshot) && !e.snapshot.expired();
    };
    const Account* found = nullptr;
    for (const Entry& entry : recent)  // every slot, so the time does not tell which one matched
        if (entry.account && sameSecret(entry.token, token) && sameSnapshot(entry)) found = entry.account;
    if (found) return found;
    found = reference->accountByTokenHash(hashToken(token));
    if (found) {
        Entry& slot = recent[next++ % recent.size()];
        slot.snapshot = reference;
        slot.token = token;
        slot.account = found;
    }
    return found;
}

bool allowed(const Route& route, Role role) {
    return role == Role::Admin || std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
}

// The providers a caller acts for: all of its own, or the one X-Service-Provider names if it may act for that one.
std::vector<int> actingProviders(const Poco::Net::HTTPServerRequest& request, const Account& account,
                                 const ReferenceData& reference) {
    const std::string& header = request.get("X-Service-Provider", noHeader);
    if (header.empty()) return account.providerIds;
    const std::optional<int> id = intNumber(header);  // "1,2" is no id (Poco's parser made it 12)
    if (!id || *id < 1) throw ApiError(400, "X-Service-Provider must be a provider id");
    if (!mayActFor(account, *id, reference)) throw ApiError::noAccess();
    return {*id};
}

// Bodies are UTF-8 JSON. The declared media type is not held against a client (curl -d declares a form, yet
// sends the JSON it was given): the body is read as JSON whatever it says. Another declared charset is 415.
void requireUtf8Body(const Poco::Net::HTTPServerRequest& request) {
    const std::string& declared = request.getContentType();
    if (declared.empty() || declared == "application/json") return;  // the usual case, without parsing
    const Poco::Net::MediaType type(declared);
    if (!type.hasParameter("charset")) return;
    const std::string& charset = type.getParameter("charset");
    if (Poco::icompare(charset, "utf-8") != 0 && Poco::icompare(charset, "utf8") != 0)
        throw ApiError(415, "Only UTF-8 is accepted");
}

// OPTIONS on a known path: which methods it takes, no body.
void answerOptions(Poco::Net::HTTPServerResponse& response, const std::string& allow) {
    response.set("Allow", allow);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response.sendBuffer(nullptr, 0);
}

}  // namespace

// What a request came to, for its record: the route it matched and the account it was made with.
struct HubRequestHandler::Exchange {
    const Route* route = nullptr;
    int accountId = 0;
};

HubRequestHandler::HubRequestHandler(const RouteTable& routes, const ReferenceCatalog& catalog, const BodyLimits& limits,
                                     RequestRecorders recorders)
    : routes_(routes), catalog_(catalog), limits_(limits), recorders_(recorders) {}

void HubRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    Exchange exchange;
    answer(request, response, exchange);
    if (!recorders_.figures && !recorders_.accessLog) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int status = static_cast<int>(response.getStatus());
    if (recorders_.figures) recorders_.figures->record(exchange.route, status, seconds);
    if (recorders_.accessLog)
        recorders_.accessLog->record(request.getMethod(), exchange.route, status, seconds,
                                     response.hasContentLength() ? response.getContentLength64() : 0, exchange.accountId);
}

void HubRequestHandler::answer(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                               Exchange& exchange) {
    bool streamed = false;  // a refused upload's body is left unread: the connection cannot serve another request
    try {
        try {
            QueryParams query;
            const std::string path = parseTarget(request.getURI(), query);
            const RouteTable::Match match = routes_.find(request.getMethod(), path);
            if (!match.route) {
                if (match.pathKnown && request.getMethod() == Poco::Net::HTTPRequest::HTTP_OPTIONS) {
                    answerOptions(response, match.allow);
                    return;
                }
                if (match.pathKnown) {
                    response.set("Allow", match.allow);
                    throw ApiError(405, "Method not allowed");
                }
                throw ApiError(404, "Not found");
            }
            exchange.route = match.route;
            streamed = match.route->streamsBody;
            std::unique_ptr<RequestBody> upload;
            if (streamed) upload = std::make_unique<RequestBody>(request);
            std::string body = streamed ? std::string() : readBody(request, limits_.maxBytes);
            // A byte order mark before the JSON (.NET and PowerShell clients write one) is no part of it: RFC 8259
            // lets a parser ignore it, and a client that sent one should not get "Malformed JSON" for it.
            if (body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.erase(0, 3);

            const ReferenceSnapshot reference = catalog_.current();
            static const Account anonymous{};
            const Account* account = &anonymous;
            const bool open = match.route->openTo && match.route->openTo(request.clientAddress().host());
            if (!match.route->roles.empty() && !open) {
                std::string token = request.get("X-Hub-Api-Token", "");
                if (token.empty()) token = query.get("accessToken").value_or("");
                if (token.empty()) throw ApiError(401, "Access token is required");
                account = authenticate(reference, token);
                if (!account) throw ApiError(401, "Invalid access token");
                if (!allowed(*match.route, account->role)) throw ApiError::noAccess();
                exchange.accountId = account->id;
            }
            if (!body.empty()) requireUtf8Body(request);
            // A public endpoint has no caller to act for anyone, so X-Service-Provider means nothing there.
            Call call{*account, reference,
                      match.route->roles.empty() ? std::vector<int>{} : actingProviders(request, *account, *reference),
                      query, body, nullptr, {}, limits_.json, &request};
            if (streamed) {
                call.upload = upload.get();
                call.uploadType = request.getContentType();
            }
            Reply reply = match.route->endpoint(call);
            for (const auto& [name, value] : reply.headers) response.add(name, value);
            if (!reply.contentType.empty())
                writeText(request, response, reply.status, reply.contentType, std::move(reply.json));
            else if (!reply.json.empty())
                writeJsonText(request, response, reply.status, std::move(reply.json));
            else
                writeJson(request, response, reply.status, reply.body);
        } catch (const ApiError& error) {
            if (streamed) response.setKeepAlive(false);
            writeJson(request, response, error.status(), errorBody(error.what(), error.details()));
        } catch (const HubError& error) {
            if (streamed) response.setKeepAlive(false);
            writeJson(request, response, error.httpStatus(), errorBody(error.what(), error.details()));
        } catch (const BodyTooLarge&) {
            response.setKeepAlive(false);  // the rest of the body is not read
            writeJson(request, response, 413, errorBody("Request body too large"));
        }
    } catch (const std::exception& crash) {
        // Nothing of the change was saved: the client may send it again, after Retry-After seconds.
        const auto unsaved = [&](const char* retryAfter, const std::string& message) {
            if (response.sent()) return;
            response.set("Retry-After", retryAfter);
            writeJson(request, response, 503, errorBody(message));
        };
        if (isStoreFull(crash)) {
            // Once the operator made room.
            Poco::Logger::get("sohub.http").error("%s %s: the store is full, the change was not saved", request.getMethod(),
                                                  pathOf(request));
            return unsaved("60", "The store is full: the change was not saved");
        }
        if (isStoreBusy(crash)) {
            // Another writer (a second daemon, a tool on the store) held it past store.busyTimeoutMs: rolled back.
            Poco::Logger::get("sohub.http")
                .error("%s %s: the store is busy (%s), nothing was saved", request.getMethod(), pathOf(request),
                       describe(crash));
            return unsaved("5", "The store is busy: nothing was saved; try again");
        }
        Poco::Logger::get("sohub.http").error("%s %s failed: %s", request.getMethod(), pathOf(request), describe(crash));
        if (!response.sent()) writeJson(request, response, 500, errorBody("Internal server error"));
    } catch (...) {
        Poco::Logger::get("sohub.http").error("%s %s failed", request.getMethod(), pathOf(request));
        if (!response.sent()) writeJson(request, response, 500, errorBody("Internal server error"));
    }
}

HubRequestHandlerFactory::HubRequestHandlerFactory(const RouteTable& routes, const ReferenceCatalog& catalog,
                                                   const BodyLimits& limits, RequestRecorders recorders)
    : routes_(routes), catalog_(catalog), limits_(limits), recorders_(recorders) {}

Poco::Net::HTTPRequestHandler* HubRequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new HubRequestHandler(routes_, catalog_, limits_, recorders_);  // Poco's server takes ownership
}

}  // namespace sohub
