// The HTTP edge: route lookup, body limit, authentication, then the endpoint; every failure as JSON.
#pragma once

#include "api/RouteTable.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <functional>

namespace sohub {

class ReferenceCatalog;

class HubRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    HubRequestHandler(const RouteTable& routes, const ReferenceCatalog& catalog, std::size_t maxBodyBytes);
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
    const RouteTable& routes_;
    const ReferenceCatalog& catalog_;
    const std::size_t maxBodyBytes_;
};

class HubRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    HubRequestHandlerFactory(const RouteTable& routes, const ReferenceCatalog& catalog, std::size_t maxBodyBytes);
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    const RouteTable& routes_;
    const ReferenceCatalog& catalog_;
    const std::size_t maxBodyBytes_;
};

}  // namespace sohub
