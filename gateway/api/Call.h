// What an endpoint sees of a request (caller, parameters, body) and what it answers.
#pragma once

#include "domain/Caller.h"
#include "domain/JsonReader.h"
#include "domain/Reference.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <istream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace Poco::Net {
class NameValueCollection;
}

namespace sohub {

class RequestBody;

// An error that reaches the client as {"error": {"message", "details"}} with its HTTP status.
class ApiError : public std::runtime_error {
public:
    ApiError(int status, const std::string& message, Poco::Dynamic::Var details = Poco::Dynamic::Var());
    int status() const { return status_; }
    const Poco::Dynamic::Var& details() const { return details_; }

    static ApiError noAccess();
    static ApiError notFound(const std::string& message = "Not found");
    // 400 "Fields validation failed" with one field and its problems.
    static ApiError invalidField(const std::string& field, const std::string& problem);

private:
    int status_;
    Poco::Dynamic::Var details_;
};

// Query-string parameters with notation-indifferent names: service_type, service-type and serviceType are one
// (also ServiceType, SERVICE_TYPE: canonicalName).
class QueryParams {
public:
    static std::string canonicalName(const std::string& name);

    void add(std::string name, std::string value);
    std::optional<std::string> get(const std::string& canonical) const;
    bool has(const std::string& canonical) const { return find(canonical) != nullptr; }
    // Throws 400 naming every parameter not in the list (accessToken is always allowed): "Unknown parameter".
    void allowOnly(std::initializer_list<const char*> names) const;
    // For POST: throws 400 when anything but accessToken came in the query string, saying that a POST takes none.
    void allowNone() const;
    // A whole number from min to max (limit, offset), or the fallback when absent; else 400 naming the parameter.
    int wholeNumber(const char* name, int fallback, int min, int max) const;
    // The page of a listing: limit 1-500 (default 50) and offset from 0 (default 0), as wholeNumber reads them.
    int pageLimit() const;
    int pageOffset() const;
    // The id of a record (an import, an export batch): required, a whole number from 1; else 400 naming it.
    long long recordId(const char* name) const;
    // One of the values, or none when absent or empty; else 400 "Value is not present in possible options".
    std::optional<std::string> oneOf(const char* name, std::initializer_list<const char*> values) const;

private:
    struct Param {
        std::string canonical;
        std::string spelledAs;  // as first sent
        std::string value;      // the last one sent
    };
    const Param* find(const std::string& canonical) const;
    // Throws 400 naming every parameter but accessToken not in `names`, each with `problem`.
    void refuseOthers(std::initializer_list<const char*> names, const char* problem) const;
    std::vector<Param> params_;  // sorted by canonical name (a request has a handful: no tree of nodes)
};

// The path of a request target, decoded; its query parameters go into `params`. A bad escape or a query string
// that is not UTF-8 is the client's 400 (ApiError), never a crash.
std::string parseTarget(const std::string& text, QueryParams& params);

struct Call {
    const Account& account;
    ReferenceSnapshot reference;
    std::vector<int> providerIds;  // the providers the caller acts for (X-Service-Provider narrows it)
    const QueryParams& query;
    const std::string& body;
    // Routes that stream their body: the request body not yet read, and its declared media type.
    RequestBody* upload = nullptr;
    std::string uploadType;
    // The json.* limits the body is read within.
    JsonLimits jsonLimits;
    // The request's headers (the status page's session cookie, Origin and Host).
    const Poco::Net::NameValueCollection* headers = nullptr;

    // A request header, empty when absent.
    std::string header(const std::string& name) const;
    // A cookie of the Cookie header, empty when absent.
    std::string cookie(const std::string& name) const;

    // The body as JSON (400 "Malformed JSON" when it is not).
    Poco::Dynamic::Var json() const;
    // The same, but an empty body reads as {} (as Express's JSON body parser hands it to Joi), so a request
    // without a body gets the Joi answer of the Messages and Other documents: child "guid" fails because [...].
    Poco::Dynamic::Var jsonOrEmptyObject() const;
    Poco::JSON::Object::Ptr jsonObject() const;  // 400 unless the body is an object
    Poco::JSON::Object::Ptr jsonObjectOrEmpty() const;  // as jsonObject, but no body at all reads as {}
    // A text field of the body object: 400 "Field is required" when absent or empty, "Must be a string" otherwise.
    std::string requiredText(const char* field) const;
    bool isPartner() const { return account.role == Role::Partner; }
    bool isProvider() const { return account.role == Role::Provider; }
    bool actsFor(int providerId) const;
    Caller caller() const { return Caller{&account, providerIds}; }
};

struct Reply {
    Reply() = default;
    Reply(int status_, Poco::Dynamic::Var body_) : status(status_), body(std::move(body_)) {}

    int status = 200;
    Poco::Dynamic::Var body;  // written as JSON exactly as given (the endpoint chooses the envelope)
    std::string json;         // when not empty: the body, already written as JSON text (body is then ignored)
    std::string contentType;  // when not empty: json holds a body of this media type, not JSON (a CSV file)
    std::vector<std::pair<std::string, std::string>> headers;  // added to the answer (Set-Cookie, Location)

    static Reply data(const Poco::Dynamic::Var& payload, int status = 200);
    // {"data": [...], "pagination": {"total", "limit", "offset"}}: the lists that page.
    static Reply page(const Poco::Dynamic::Var& items, int total, int limit, int offset);
    static Reply raw(int status, std::string json);
    static Reply text(int status, std::string contentType, std::string text);
};

}  // namespace sohub
