// The HTTP edge: route lookup, body limit, authentication, then the endpoint; every failure as JSON.
#pragma once

#include "api/RouteTable.h"
#include "domain/JsonReader.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>

namespace sohub {

class ReferenceCatalog;
class HttpFigures;
class AccessLog;

// What each answered request is recorded in: the metrics, and the access log when http.accessLog is on.
struct RequestRecorders {
    HttpFigures* figures = nullptr;
    const AccessLog* accessLog = nullptr;
};

// What one request body may be: its size (http.maxBodySize, 413 beyond) and the JSON in it (json.*, 400 beyond).
struct BodyLimits {
    std::size_t maxBytes = 10 * 1024 * 1024;
    JsonLimits json;
};

class HubRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    HubRequestHandler(const RouteTable& routes, const ReferenceCatalog& catalog, const BodyLimits& limits,
                      RequestRecorders recorders);
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    struct Exchange;
    void answer(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, Exchange& exchange);

    const RouteTable& routes_;
    const ReferenceCatalog& catalog_;
    const BodyLimits limits_;
    const RequestRecorders recorders_;
};

class HubRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    HubRequestHandlerFactory(const RouteTable& routes, const ReferenceCatalog& catalog, const BodyLimits& limits,
                             RequestRecorders recorders = {});
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    const RouteTable& routes_;
    const ReferenceCatalog& catalog_;
    const BodyLimits limits_;
    const RequestRecorders recorders_;
};

}  // namespace sohub
