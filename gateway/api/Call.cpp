// Parameter names, the error type and the request's JSON body.
#include "api/Call.h"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>

#include "domain/Json.h"
#include "domain/NumberText.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace sohub {

ApiError::ApiError(int status, const std::string& message, Poco::Dynamic::Var details)
    : std::runtime_error(message), status_(status), details_(std::move(details)) {}

ApiError ApiError::noAccess() { return ApiError(403, "No access"); }

ApiError ApiError::notFound(const std::string& message) { return ApiError(404, message); }

ApiError ApiError::invalidField(const std::string& field, const std::string& problem) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
    problems->add(problem);
    details->set(field, problems);
    return ApiError(400, "Fields validation failed", details);
}

namespace {

enum class Sort { Separator, Lower, Upper, Digit };

// Bytes of UTF-8 sequences count as lower-case letters: part of a word, never changed.
Sort sortOf(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'a' && byte <= 'z') || byte >= 0x80) return Sort::Lower;
    if (byte >= 'A' && byte <= 'Z') return Sort::Upper;
    if (byte >= '0' && byte <= '9') return Sort::Digit;
    return Sort::Separator;
}

// Where the word that starts at `begin` ends.
std::size_t wordEnd(const std::string& name, std::size_t begin) {
    const auto runOf = [&name](std::size_t from, Sort sort) {
        while (from < name.size() && sortOf(name[from]) == sort) ++from;
        return from;
    };
    const Sort first = sortOf(name[begin]);
    if (first != Sort::Upper) return runOf(begin, first);
    const std::size_t capitals = runOf(begin, Sort::Upper);
    if (capitals - begin == 1) return runOf(capitals, Sort::Lower);  // Type
    // XMLHttp: the last capital starts the next word; TYPE at the end, or before a separator, is one word.
    return capitals < name.size() && sortOf(name[capitals]) == Sort::Lower ? capitals - 1 : capitals;
}

}  // namespace

// As lodash's camelCase reads a name: words are runs of letters and digits, split where a lower-case letter meets
// a capital and where a run of capitals meets a lower-case letter; the first word in lower case, each next one
// capitalised. So service_type, service-type, ServiceType, SERVICE_TYPE and "service type" are all serviceType.
std::string QueryParams::canonicalName(const std::string& name) {
    // Most names come in camelCase already (ASCII letters, a lower-case first, no two capitals in a row): as they are.
    const auto isAscii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
    bool camel = !name.empty() && isAscii(name[0]) && sortOf(name[0]) == Sort::Lower;
    for (std::size_t i = 1; camel && i < name.size(); ++i) {
        const Sort sort = sortOf(name[i]);
        const bool capitalAfterCapital = sort == Sort::Upper && sortOf(name[i - 1]) == Sort::Upper;
        camel = isAscii(name[i]) && (sort == Sort::Lower || sort == Sort::Upper) && !capitalAfterCapital;
    }
    if (camel) return name;
    std::string canonical;
    canonical.reserve(name.size());
    std::size_t at = 0;
    while (at < name.size()) {
        if (sortOf(name[at]) == Sort::Separator) {
            ++at;
            continue;
        }
        const std::size_t end = wordEnd(name, at);
        for (std::size_t i = at; i < end; ++i) {
            const auto byte = static_cast<unsigned char>(name[i]);
            const bool capital = i == at && !canonical.empty();
            canonical += static_cast<char>(byte >= 0x80 ? byte : capital ? std::toupper(byte) : std::tolower(byte));
        }
        at = end;
    }
    return canonical;
}

void QueryParams::add(std::string name, std::string value) {
    std::string canonical = canonicalName(name);
    if (canonical.empty()) return;  // "a=1&&b=2" or a trailing "&": no parameter at all
    if (params_.empty()) params_.reserve(8);  // a request's handful, without growing the vector for each
    const auto at = std::lower_bound(params_.begin(), params_.end(), canonical,
                                     [](const Param& p, const std::string& c) { return p.canonical < c; });
    if (at != params_.end() && at->canonical == canonical) {
        at->value = std::move(value);  // the last value counts, the first spelling names it
        return;
    }
    params_.insert(at, Param{std::move(canonical), std::move(name), std::move(value)});
}

int QueryParams::pageLimit() const { return wholeNumber("limit", 50, 1, 500); }

int QueryParams::pageOffset() const { return wholeNumber("offset", 0, 0, std::numeric_limits<int>::max()); }

int QueryParams::wholeNumber(const char* name, int fallback, int min, int max) const {
    const std::optional<std::string> text = get(name);
    if (!text || text->empty()) return fallback;
    // No thousands separator: "1,000" is not a number here.
    const std::optional<long long> value = integerNumber(*text);
    if (!value || *value < min || *value > max)
        throw ApiError::invalidField(name, "Must be a whole number from " + std::to_string(min) +
                                               (max < std::numeric_limits<int>::max() ? " to " + std::to_string(max)
                                                                                      : std::string(" up")));
    return static_cast<int>(*value);
}

long long QueryParams::recordId(const char* name) const {
    const std::string text = get(name).value_or("");
    if (text.empty()) throw ApiError::invalidField(name, "Field is required");
    const std::optional<long long> id = integerNumber(text);
    if (!id || *id < 1) throw ApiError::invalidField(name, "Must be a number");
    return *id;
}

std::optional<std::string> QueryParams::oneOf(const char* name, std::initializer_list<const char*> values) const {
    const std::optional<std::string> value = get(name);
    if (!value || value->empty()) return std::nullopt;
    for (const char* allowed : values)
        if (*value == allowed) return value;
    throw ApiError::invalidField(name, "Value is not present in possible options");
}

const QueryParams::Param* QueryParams::find(const std::string& canonical) const {
    const auto at = std::lower_bound(params_.begin(), params_.end(), canonical,
                                     [](const Param& p, const std::string& c) { return p.canonical < c; });
    return at != params_.end() && at->canonical == canonical ? &*at : nullptr;
}

std::optional<std::string> QueryParams::get(const std::string& canonical) const {
    const Param* param = find(canonical);
    if (!param) return std::nullopt;
    return param->value;
}

void QueryParams::allowOnly(std::initializer_list<const char*> names) const {
    refuseOthers(names, "Unknown parameter");
}

void QueryParams::allowNone() const {
    refuseOthers({}, "Parameter is not allowed in the query string of a POST request");
}

void QueryParams::refuseOthers(std::initializer_list<const char*> names, const char* problem) const {
    Poco::JSON::Object::Ptr details;  // made only when something is refused
    for (const Param& param : params_) {
        const std::string& canonical = param.canonical;
        if (canonical == "accessToken") continue;
        const bool known = std::any_of(names.begin(), names.end(), [&](const char* n) { return canonical == n; });
        if (known) continue;
        Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
        problems->add(problem);
        if (!details) details = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        details->set(param.spelledAs, problems);
    }
    if (details) throw ApiError(400, "Fields validation failed", details);
}

namespace {

// The query string's parameters as Poco::URI::getQueryParameters reads them ("+" is a space, then %-escapes are
// decoded; a name without "=" has an empty value), without building them a character at a time.
std::vector<std::pair<std::string, std::string>> queryParameters(const std::string& query) {
    std::vector<std::pair<std::string, std::string>> result;
    const auto decoded = [](const std::string& query, std::size_t from, std::size_t to) {
        std::string raw = query.substr(from, to - from);
        std::replace(raw.begin(), raw.end(), '+', ' ');
        if (raw.find('%') == std::string::npos) return raw;
        std::string out;
        Poco::URI::decode(raw, out);
        return out;
    };
    std::size_t at = 0;
    while (at < query.size()) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::size_t equals = std::min(query.find('=', at), end);
        result.emplace_back(decoded(query, at, equals), equals < end ? decoded(query, equals + 1, end) : std::string());
        at = end + 1;
    }
    return result;
}

// A target in origin form ("/path?query#fragment", nearly every request's) split as Poco::URI splits it: the path up
// to "?" or "#", decoded; the query as sent, up to "#"; the fragment decoded too (a bad escape there is as bad).
// Poco's parse builds each part a character at a time, and every other part of a URI besides.
void splitOriginForm(const std::string& text, std::string& path, std::string& rawQuery) {
    const std::size_t pathEnd = std::min(text.find_first_of("?#"), text.size());
    if (text.find('%') < pathEnd)
        Poco::URI::decode(text.substr(0, pathEnd), path);
    else
        path.assign(text, 0, pathEnd);
    const std::size_t fragment = std::min(text.find('#', pathEnd), text.size());
    if (pathEnd < text.size() && text[pathEnd] == '?') rawQuery.assign(text, pathEnd + 1, fragment - pathEnd - 1);
    if (fragment < text.size()) {
        std::string decoded;
        Poco::URI::decode(text.substr(fragment + 1), decoded);
    }
}

}  // namespace

std::string parseTarget(const std::string& text, QueryParams& params) {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
    try {
        if (!text.empty() && text[0] == '/') {
            std::string rawQuery;
            splitOriginForm(text, path, rawQuery);
            query = queryParameters(rawQuery);
        } else {  // absolute form (a proxy's "http://host/path"), "*" of OPTIONS
            const Poco::URI uri(text);
            path = uri.getPath();
            query = queryParameters(uri.getRawQuery());
        }
    } catch (const Poco::SyntaxException&) {
        throw ApiError(400, "Malformed request URI");
    }
    for (const auto& [name, value] : query)
        if (!isUtf8(name) || !isUtf8(value)) throw ApiError(400, "Malformed request URI: the query string must be UTF-8");
    for (auto& [name, value] : query) params.add(std::move(name), std::move(value));
    return path;
}

Poco::Dynamic::Var Call::json() const {
    if (body.empty()) throw ApiError(400, "Malformed JSON: the request body is empty");
    try {
        return readJson(body, jsonLimits);  // free objects come back in the order sent
    } catch (const JsonLimitExceeded& limit) {
        throw ApiError(400, limit.what());
    } catch (const MalformedJson&) {
        throw ApiError(400, "Malformed JSON");
    }
}

namespace {
bool blank(const std::string& body) { return body.find_first_not_of(" \t\r\n") == std::string::npos; }
}  // namespace

Poco::Dynamic::Var Call::jsonOrEmptyObject() const {
    if (blank(body)) return Poco::JSON::Object::Ptr(new Poco::JSON::Object);
    return json();
}

Poco::JSON::Object::Ptr Call::jsonObjectOrEmpty() const {
    if (blank(body)) return new Poco::JSON::Object;
    return jsonObject();
}

Poco::JSON::Object::Ptr Call::jsonObject() const {
    const Poco::Dynamic::Var parsed = json();
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw ApiError(400, "The request body must be a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

bool Call::actsFor(int providerId) const {
    return std::find(providerIds.begin(), providerIds.end(), providerId) != providerIds.end();
}

Reply Reply::raw(int status, std::string json) {
    Reply reply;
    reply.status = status;
    reply.json = std::move(json);
    return reply;
}

Reply Reply::text(int status, std::string contentType, std::string text) {
    Reply reply = raw(status, std::move(text));
    reply.contentType = std::move(contentType);
    return reply;
}

Reply Reply::page(const Poco::Dynamic::Var& items, int total, int limit, int offset) {
    Poco::JSON::Object::Ptr pagination = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    pagination->set("total", total);
    pagination->set("limit", limit);
    pagination->set("offset", offset);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("data", items);
    body->set("pagination", pagination);
    return Reply{200, body};
}

Reply Reply::data(const Poco::Dynamic::Var& payload, int status) {
    Poco::JSON::Object::Ptr envelope = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    envelope->set("data", payload);
    return Reply{status, envelope};
}

std::string Call::requiredText(const char* field) const {
    const Poco::Dynamic::Var value = jsonObjectOrEmpty()->get(field);
    if (value.isEmpty() || (value.isString() && value.extract<std::string>().empty()))
        throw ApiError::invalidField(field, "Field is required");
    if (!value.isString()) throw ApiError::invalidField(field, "Must be a string");
    return value.extract<std::string>();
}

std::string Call::header(const std::string& name) const { return headers ? headers->get(name, "") : std::string(); }

std::string Call::cookie(const std::string& name) const {
    Poco::Net::NameValueCollection cookies;
    const std::string text = header("Cookie");
    Poco::Net::MessageHeader::splitParameters(text.begin(), text.end(), cookies);  // "a=1; b=2", as Poco reads them
    return cookies.get(name, "");
}

}  // namespace sohub
