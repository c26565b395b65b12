// Poco's server session with its reading opened to sohub's own body decoding (see RequestBody: a chunked body read
// here knows whether its last chunk came; Poco 1.11's chunked stream ends the same way whether it came or not).
#pragma once

#include <Poco/Net/HTTPServerSession.h>

namespace sohub {

class ConnectionSession : public Poco::Net::HTTPServerSession {
public:
    using Poco::Net::HTTPServerSession::HTTPServerSession;
    using Poco::Net::HTTPSession::get;
    using Poco::Net::HTTPSession::read;
};

}  // namespace sohub
