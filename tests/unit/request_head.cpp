// Unit tests of the request head reader: what Poco's HTTPRequest::read reads, with its limits and words.
#define BOOST_TEST_MODULE unit_request_head
#include <boost/test/unit_test.hpp>

#include "api/ConnectionSession.h"
#include "api/RequestHead.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace sohub;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields fieldsOf(const Poco::Net::HTTPRequest& request) {
    Fields fields;
    for (const auto& field : request) fields.emplace_back(field.first, field.second);
    return fields;
}

// The words of the MessageException a head throws; "" when it is read.
std::string refusal(const std::string& head) {
    Poco::Net::HTTPRequest request;
    try {
        requestHead::read(head, request);
    } catch (const Poco::Net::MessageException& error) {
        return error.message();
    }
    return "";
}

}  // namespace

// Poco's own reading of the same text (its HTTPRequest::read over a plain stream) gives the same request.
BOOST_AUTO_TEST_CASE(a_head_reads_as_poco_reads_it) {
    const std::vector<std::string> heads = {
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
        "POST /api/v3/case/create?accessToken=x HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        "X-Hub-Api-Token:   demo  \r\n\r\n{}",
        "GET   /a%20b?c=d\tHTTP/1.1   \r\nHost:\r\nx-empty: \r\nFolded: one\r\n two\r\n\tthree\r\n\r\n",
        "GET / HTTP/1.1\nHost: lf-only\nAccept: */*\n\nGET /next HTTP/1.1\n\n",
        "OPTIONS * HTTP/1.1\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\nno colon here\r\nA: 1\r\nA: 2\r\n\r\n",
    };
    for (const std::string& head : heads) {
        Poco::Net::HTTPRequest ours;
        const std::size_t taken = requestHead::read(head, ours);
        Poco::Net::HTTPRequest poco;
        std::istringstream in(head);
        poco.read(in);
        BOOST_TEST(ours.getMethod() == poco.getMethod());
        BOOST_TEST(ours.getURI() == poco.getURI());
        BOOST_TEST(ours.getVersion() == poco.getVersion());
        BOOST_TEST((fieldsOf(ours) == fieldsOf(poco)), head);
        BOOST_TEST(static_cast<std::streamoff>(taken) == static_cast<std::streamoff>(in.tellg()), head);
    }
    Poco::Net::HTTPRequest folded;
    requestHead::read(heads[2], folded);
    BOOST_TEST(folded.get("Folded") == "one two\tthree");
    BOOST_TEST(folded.getURI() == "/a%20b?c=d");
    Poco::Net::HTTPRequest encoded;
    requestHead::read(heads[4], encoded);
    BOOST_TEST(encoded.get("Subject") == "caf\xC3\xA9");
    BOOST_TEST(!encoded.has("no colon here"));
}

// The head ends at its empty line; the body or the next request stays for the next reading.
BOOST_AUTO_TEST_CASE(the_head_takes_its_own_bytes_only) {
    const std::string first = "POST /a HTTP/1.1\r\nContent-Length: 4\r\n\r\n";
    const std::string pipelined = first + "body" + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
    Poco::Net::HTTPRequest request;
    BOOST_TEST(requestHead::read(pipelined, request) == first.size());
    Poco::Net::HTTPRequest next;
    BOOST_TEST(requestHead::read(pipelined.substr(first.size() + 4), next) == pipelined.size() - first.size() - 4);
    BOOST_TEST(next.getURI() == "/b");
    BOOST_TEST(next.get("Host") == "h");
}

BOOST_AUTO_TEST_CASE(heads_past_pocos_limits_are_refused_with_its_words) {
    BOOST_TEST(refusal(std::string(33, 'G') + " / HTTP/1.1\r\n\r\n") == "HTTP request method invalid or too long");
    BOOST_TEST(refusal(std::string(32, 'G') + " / HTTP/1.1\r\n\r\n") == "");
    BOOST_TEST(refusal("GET /" + std::string(16384, 'a') + " HTTP/1.1\r\n\r\n") ==
               "HTTP request URI invalid or too long");
    BOOST_TEST(refusal("GET /" + std::string(16383, 'a') + " HTTP/1.1\r\n\r\n") == "");
    BOOST_TEST(refusal("GET / HTTP/1.1.1\r\n\r\n") == "Invalid HTTP version string");
    std::string many;
    for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    BOOST_TEST(refusal("GET / HTTP/1.1\r\n" + many + "\r\n") == "");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\n" + many + "X-last: 1\r\n\r\n") == "Too many header fields");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\n" + std::string(257, 'N') + ": 1\r\n\r\n") ==
               "Field name too long/no colon found");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\n" + std::string(256, 'N') + ": 1\r\n\r\n") == "");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\nA: " + std::string(8193, 'v') + "\r\n\r\n") ==
               "Field value too long/no CRLF found");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\nA: " + std::string(8192, 'v') + "\r\n\r\n") == "");
    BOOST_TEST(refusal("GET / HTTP/1.1\r\nA: v\r\n " + std::string(8192, 'v') + "\r\n\r\n") ==
               "Folded field value too long/no CRLF found");
}

BOOST_AUTO_TEST_CASE(a_request_line_cut_short_is_refused) {
    Poco::Net::HTTPRequest request;
    BOOST_CHECK_THROW(requestHead::read("", request), Poco::Net::NoMessageException);
    BOOST_TEST(refusal("\r\n \r\n") == "No HTTP request header");
    BOOST_TEST(refusal("GET") == "HTTP request method invalid or too long");
    BOOST_TEST(refusal("GET\r\n\r\n") == "HTTP request line has no URI");
    BOOST_TEST(refusal("GET /health\r\n\r\n") == "Invalid HTTP version string");
    BOOST_TEST(refusal("GET /health \r\n\r\n") == "Invalid HTTP version string");
    BOOST_TEST(refusal("GET /health HTTP/1.1") == "Invalid HTTP version string");
}

// Where Poco's line reading strayed from RFC 9112, the RFC's reading.
BOOST_AUTO_TEST_CASE(empty_lines_before_a_request_short_lines_and_byte_ff_are_read_as_the_rfc_says) {
    Poco::Net::HTTPRequest request;
    // RFC 9112 2.2: an empty line before the request line is passed over (Poco's head ended at it: 400).
    requestHead::read("\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n", request);
    BOOST_TEST(request.getURI() == "/after");
    // A line of two bytes is not the head's end (Poco's line reading ended the head at "a\n").
    Poco::Net::HTTPRequest shortLine;
    requestHead::read("GET / HTTP/1.1\r\na\nHost: h\r\n\r\n", shortLine);
    BOOST_TEST(shortLine.get("Host", "") == "h");
    // 0xFF is a byte of the value (Poco's session gave it as the end of the stream).
    Poco::Net::HTTPRequest high;
    requestHead::read("GET / HTTP/1.1\r\nX-A: a\xFF" "b\r\n\r\n", high);
    BOOST_TEST(high.get("X-A") == "a\xFF" "b");
}

// From a connection, a head that arrives a few bytes at a time reads as from text, and the bytes after it (the body,
// the next request) are the next ones read.
BOOST_AUTO_TEST_CASE(a_head_arriving_in_pieces_reads_as_its_text_and_leaves_the_rest) {
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::StreamSocket client(listener.address());
    client.setNoDelay(true);
    Poco::Net::StreamSocket served = listener.acceptConnection();
    const std::string first = "POST /a?b=c HTTP/1.1\r\nHost: h\r\nX-Long: " + std::string(5000, 'v') +
                              "\r\nFolded: x\r\n y\r\nContent-Length: 4\r\n\r\n";
    const std::string second = "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
    const std::string bytes = first + "BODY" + second;
    std::thread sender([&] {
        for (std::size_t at = 0; at < bytes.size(); at += 7) {
            client.sendBytes(bytes.data() + at, static_cast<int>(std::min<std::size_t>(7, bytes.size() - at)));
            if (at % 350 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    ConnectionSession session(served, new Poco::Net::HTTPServerParams);
    Poco::Net::HTTPRequest fromConnection;
    requestHead::read(session, fromConnection);
    char body[4];
    std::size_t got = 0;
    while (got < sizeof body) {
        const int n = session.readSome(body + got, sizeof body - got);
        BOOST_TEST_REQUIRE(n > 0);
        got += static_cast<std::size_t>(n);
    }
    Poco::Net::HTTPRequest next;
    requestHead::read(session, next);
    sender.join();
    Poco::Net::HTTPRequest fromText;
    requestHead::read(first, fromText);
    BOOST_TEST(fromConnection.getURI() == "/a?b=c");
    BOOST_TEST((fieldsOf(fromConnection) == fieldsOf(fromText)));
    BOOST_TEST(fromConnection.get("X-Long").size() == 5000);
    BOOST_TEST(std::string(body, sizeof body) == "BODY");
    BOOST_TEST(next.getURI() == "/next");
    BOOST_TEST(session.heldBytes().empty());
}
