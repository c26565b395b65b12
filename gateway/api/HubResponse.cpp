// An answer written through sohub's connection session (see HubResponse.h).
#include "api/HubResponse.h"

#include "api/ConnectionSession.h"

#include <Poco/CountingStream.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/HTTPChunkedStream.h>
#include <Poco/Net/HTTPFixedLengthStream.h>
#include <Poco/Net/HTTPHeaderStream.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPStream.h>
#include <Poco/StreamCopier.h>

#include <string_view>

namespace sohub {

HubResponse::HubResponse(ConnectionSession& session) : session_(session) {}

HubResponse::~HubResponse() = default;

bool HubResponse::answersHead() const {
    return request_ && request_->getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD;
}

std::string HubResponse::head() const {
    std::string text;
    text.reserve(512);
    text.append(getVersion()).append(" ").append(std::to_string(static_cast<int>(getStatus())));
    text.append(" ").append(getReason()).append("\r\n");
    for (const auto& field : *this) text.append(field.first).append(": ").append(field.second).append("\r\n");
    text.append("\r\n");
    return text;
}

void HubResponse::sendContinue() {
    Poco::Net::HTTPHeaderOutputStream continued(session_);
    continued << getVersion() << " 100 Continue\r\n\r\n";
}

// As Poco's HTTPServerResponseImpl::send: a body of Content-Length bytes, chunks, or up to the connection's end.
std::ostream& HubResponse::send() {
    if (sent_) throw Poco::IllegalStateException("The answer was sent already");
    sent_ = true;
    const HTTPStatus status = getStatus();
    if (answersHead() || status < 200 || status == HTTP_NO_CONTENT || status == HTTP_NOT_MODIFIED) {
        Poco::CountingOutputStream counted;
        write(counted);
        stream_ = std::make_unique<Poco::Net::HTTPFixedLengthOutputStream>(session_, counted.chars());
        write(*stream_);
    } else if (getChunkedTransferEncoding()) {
        Poco::Net::HTTPHeaderOutputStream headOut(session_);
        write(headOut);
        stream_ = std::make_unique<Poco::Net::HTTPChunkedOutputStream>(session_);
    } else if (hasContentLength()) {
        Poco::CountingOutputStream counted;
        write(counted);
        stream_ =
            std::make_unique<Poco::Net::HTTPFixedLengthOutputStream>(session_, getContentLength64() + counted.chars());
        write(*stream_);
    } else {
        stream_ = std::make_unique<Poco::Net::HTTPOutputStream>(session_);
        setKeepAlive(false);
        write(*stream_);
    }
    return *stream_;
}

void HubResponse::sendFile(const std::string& path, const std::string& mediaType) {
    if (sent_) throw Poco::IllegalStateException("The answer was sent already");
    const Poco::File file(path);
    set("Last-Modified", Poco::DateTimeFormatter::format(file.getLastModified(), Poco::DateTimeFormat::HTTP_FORMAT));
    setContentLength64(static_cast<Poco::Int64>(file.getSize()));
    setContentType(mediaType);
    setChunkedTransferEncoding(false);
    Poco::FileInputStream in(path);
    if (!in.good()) throw Poco::OpenFileException(path);
    sent_ = true;
    stream_ = std::make_unique<Poco::Net::HTTPHeaderOutputStream>(session_);
    write(*stream_);
    if (!answersHead()) Poco::StreamCopier::copyStream(in, *stream_);
}

void HubResponse::sendBuffer(const void* buffer, std::size_t length) {
    if (sent_) throw Poco::IllegalStateException("The answer was sent already");
    setContentLength64(static_cast<Poco::Int64>(length));
    setChunkedTransferEncoding(false);
    sent_ = true;
    const std::string_view body(static_cast<const char*>(buffer), length);
    session_.writeAnswer(head(), answersHead() ? std::string_view() : body);
}

void HubResponse::redirect(const std::string& uri, HTTPStatus status) {
    setStatusAndReason(status);
    set("Location", uri);
    sendBuffer(nullptr, 0);
}

void HubResponse::requireAuthentication(const std::string& realm) {
    setStatusAndReason(HTTP_UNAUTHORIZED);
    set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
}

}  // namespace sohub
