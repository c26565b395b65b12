// Serialisation, content negotiation and compression of replies.
#include "api/ResponseWriter.h"

#include "domain/Json.h"

#include <Poco/DeflatingStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <sstream>

namespace sohub {
namespace {

enum class Encoding { Identity, Gzip, Deflate };

// Picks gzip or deflate from Accept-Encoding, honouring q=0 refusals; gzip when both are welcome.
Encoding chooseEncoding(const Poco::Net::HTTPServerRequest& request) {
    const std::string header = request.get("Accept-Encoding", "");
    if (header.empty()) return Encoding::Identity;
    bool gzip = false, deflate = false;
    const Poco::StringTokenizer items(header, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& item : items) {
        const Poco::StringTokenizer parts(item, ";", Poco::StringTokenizer::TOK_TRIM);
        const std::string coding = Poco::toLower(parts[0]);
        bool refused = false;
        for (std::size_t i = 1; i < parts.count(); ++i) {
            const std::string param = Poco::toLower(Poco::replace(parts[i], " ", ""));
            if (param.rfind("q=", 0) == 0 && std::strtod(param.c_str() + 2, nullptr) <= 0.0) refused = true;
        }
        if (refused) continue;
        if (coding == "gzip" || coding == "x-gzip") gzip = true;
        if (coding == "deflate") deflate = true;
    }
    return gzip ? Encoding::Gzip : deflate ? Encoding::Deflate : Encoding::Identity;
}

bool wantsHtml(const Poco::Net::HTTPServerRequest& request) {
    const std::string accept = request.get("Accept", "");
    return accept.find("text/html") != std::string::npos;
}

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

std::string compress(const std::string& payload, Encoding encoding) {
    std::ostringstream out;
    Poco::DeflatingOutputStream deflater(out, encoding == Encoding::Gzip ? Poco::DeflatingStreamBuf::STREAM_GZIP
                                                                          : Poco::DeflatingStreamBuf::STREAM_ZLIB);
    deflater.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    deflater.close();
    return out.str();
}

}  // namespace

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
    const Encoding encoding = chooseEncoding(request);
    if (encoding != Encoding::Identity) {
        payload = compress(payload, encoding);
        response.set("Content-Encoding", encoding == Encoding::Gzip ? "gzip" : "deflate");
    }
    response.set("Vary", "Accept-Encoding, Accept");
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    // Header, then the body in one write (a stream would send a large body in 4 KiB pieces); nothing for HEAD.
    response.sendBuffer(payload.data(), payload.size());
}

}  // namespace sohub
