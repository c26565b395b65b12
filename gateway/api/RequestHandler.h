// The external request endpoints: requests/log, requests/find, requests/reply.
#pragma once

#include "api/RouteTable.h"

namespace sohub {

class LogRequest;
class FindRequests;
class ReplyToDelivery;

class RequestHandler {
public:
    RequestHandler(const LogRequest& log, const FindRequests& find, const ReplyToDelivery& reply)
        : log_(log), find_(find), reply_(reply) {}

    void registerIn(RouteTable& table) const;

    Reply log(const Call& call) const;
    Reply find(const Call& call) const;         // POST: the criteria in the body
    Reply findByQuery(const Call& call) const;  // GET: the same criteria in the query string
    Reply reply(const Call& call) const;

private:
    Reply found(const Call& call, const Poco::Dynamic::Var& criteria) const;

    const LogRequest& log_;
    const FindRequests& find_;
    const ReplyToDelivery& reply_;
};

}  // namespace sohub
