// Writes a JSON reply as the client asked: plain, pretty inside HTML, gzip or deflate.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>

namespace sohub {

// Text for HTML element content or a double-quoted attribute value (&, <, >, ").
std::string htmlEscape(const std::string& text);

void writeJson(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
               const Poco::Dynamic::Var& body);

// The same for a body that is already JSON text.
void writeJsonText(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
                   std::string json);

// A body that is not JSON (a CSV file), with its media type; compressed as the client asks.
void writeText(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
               const std::string& contentType, std::string text);

// {"error": {"message", "details"?}}
Poco::Dynamic::Var errorBody(const std::string& message, const Poco::Dynamic::Var& details = Poco::Dynamic::Var());

}  // namespace sohub
