// Serialisation, content negotiation and compression of replies.
#include "api/ResponseWriter.h"

#include "domain/Json.h"

#include <Poco/DeflatingStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>

namespace sohub {
namespace {

enum class Encoding { Identity, Gzip, Deflate };

const std::string noHeader;

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool sameToken(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The weight of one item of an Accept or Accept-Encoding list: its q parameter, 1 without one.
double weightOf(std::string_view parameters) {
    while (!parameters.empty()) {
        const auto end = parameters.find(';');
        const std::string_view parameter = trimmed(parameters.substr(0, end));
        if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
            double weight = 0, scale = 1;
            bool fraction = false;
            for (const char c : parameter.substr(2)) {
                if (c == '.' && !fraction) fraction = true;
                else if (c < '0' || c > '9') break;
                else if (!fraction) weight = weight * 10 + (c - '0');
                else weight += (c - '0') * (scale /= 10);
            }
            return weight;
        }
        if (end == std::string_view::npos) break;
        parameters.remove_prefix(end + 1);
    }
    return 1;
}

// Calls visit(token, weight) for each item of a comma-separated preference list, without copying it.
template <typename Visit>
void forEachPreference(std::string_view header, Visit visit) {
    while (!header.empty()) {
        const auto end = header.find(',');
        const std::string_view item = header.substr(0, end);
        const auto semicolon = item.find(';');
        const std::string_view token = trimmed(item.substr(0, semicolon));
        if (!token.empty()) visit(token, semicolon == std::string_view::npos ? 1.0 : weightOf(item.substr(semicolon + 1)));
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
}

// gzip or deflate by their q-values (a "*" stands for both when not named); gzip on a tie; q=0 refuses.
Encoding chooseEncoding(const Poco::Net::HTTPServerRequest& request) {
    const std::string& header = request.get("Accept-Encoding", noHeader);
    if (header.empty()) return Encoding::Identity;
    double gzip = -1, deflate = -1, any = -1;
    forEachPreference(header, [&](std::string_view coding, double weight) {
        if (sameToken(coding, "gzip") || sameToken(coding, "x-gzip")) gzip = std::max(gzip, weight);
        else if (sameToken(coding, "deflate")) deflate = std::max(deflate, weight);
        else if (coding == "*") any = weight;
    });
    if (gzip < 0) gzip = any;
    if (deflate < 0) deflate = any;
    if (gzip > 0 && gzip >= deflate) return Encoding::Gzip;
    return deflate > 0 ? Encoding::Deflate : Encoding::Identity;
}

// The HTML page when the client asks for text/html and does not prefer JSON to it; "*/*" alone is JSON. As Express
// negotiates (the negotiator package): the higher q-value wins, then the exact type over application/*, then the
// type the client listed first ("application/json, text/html" is JSON, "text/html, application/json" HTML).
bool wantsHtml(const Poco::Net::HTTPServerRequest& request) {
    const std::string& accept = request.get("Accept", noHeader);
    if (accept.find("text/html") == std::string::npos) return false;
    struct Preference {
        double weight = 0;
        int exact = 0;       // 1: named exactly, 0: through application/*
        int order = 1 << 30;  // its place in the header
        bool over(const Preference& other) const {
            if (weight != other.weight) return weight > other.weight;
            if (exact != other.exact) return exact > other.exact;
            return order < other.order;
        }
    };
    Preference html, json;
    int order = 0;
    forEachPreference(accept, [&](std::string_view type, double weight) {
        Preference seen;
        seen.weight = weight;
        seen.exact = sameToken(type, "application/*") ? 0 : 1;
        seen.order = order++;
        if (sameToken(type, "text/html")) {
            if (seen.over(html)) html = seen;
        } else if (sameToken(type, "application/json") || sameToken(type, "application/*")) {
            if (seen.over(json)) json = seen;
        }
    });
    return html.weight > 0 && html.over(json);
}

std::string compress(const std::string& payload, Encoding encoding) {
    std::ostringstream out;
    Poco::DeflatingOutputStream deflater(out, encoding == Encoding::Gzip ? Poco::DeflatingStreamBuf::STREAM_GZIP
                                                                          : Poco::DeflatingStreamBuf::STREAM_ZLIB);
    deflater.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    deflater.close();
    return out.str();
}

// Compressed as the client asks, with its status line, in one write.
void send(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
          std::string payload) {
    const Encoding encoding = chooseEncoding(request);
    if (encoding != Encoding::Identity) {
        payload = compress(payload, encoding);
        response.set("Content-Encoding", encoding == Encoding::Gzip ? "gzip" : "deflate");
    }
    response.set("Vary", "Accept-Encoding, Accept");
    // With its reason phrase: setStatus alone would leave the default "OK" on every error.
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    // Head with Content-Length, then the body (a stream would send a large body in 4 KiB pieces); nothing for HEAD.
    // HubResponse's sendBuffer writes both in one system call.
    response.sendBuffer(payload.data(), payload.size());
}

}  // namespace

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

Poco::Dynamic::Var errorBody(const std::string& message, const Poco::Dynamic::Var& details) {
    Poco::JSON::Object::Ptr error = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    error->set("message", message);
    if (!details.isEmpty()) error->set("details", details);
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    body->set("error", error);
    return body;
}

void writeJson(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
               const Poco::Dynamic::Var& body) {
    if (!wantsHtml(request)) {
        writeJsonText(request, response, status, toJsonText(body));
        return;
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(body, out, 2);
    writeJsonText(request, response, status, out.str());
}

void writeJsonText(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
                   std::string payload) {
    const bool html = wantsHtml(request);
    if (html) {
        if (payload.find('\n') == std::string::npos) {  // compact text: pretty-print it for the page
            std::ostringstream pretty;
            Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keeps the keys in their order
            Poco::JSON::Stringifier::stringify(parser.parse(payload), pretty, 2);
            payload = pretty.str();
        }
        payload = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>sohub</title></head>\n<body><pre>" +
                  htmlEscape(payload) + "</pre></body></html>\n";
        response.setContentType("text/html; charset=utf-8");
    } else {
        response.setContentType("application/json; charset=utf-8");
    }
    send(request, response, status, std::move(payload));
}

void writeText(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
               const std::string& contentType, std::string text) {
    response.setContentType(contentType);
    send(request, response, status, std::move(text));
}

}  // namespace sohub
