// A chunked body decoded from the connection (see ChunkedBody.h).
#include "api/ChunkedBody.h"

#include "api/ConnectionSession.h"

#include <algorithm>

namespace sohub {

bool ChunkedBody::line(std::string& text) {
    text.clear();
    for (int c = session_.nextByte(); c != -1; c = session_.nextByte()) {
        if (c == '\n') {
            if (!text.empty() && text.back() == '\r') text.pop_back();
            return true;
        }
        if (text.size() >= 4096) {
            malformed_ = true;
            return false;
        }
        text += static_cast<char>(c);
    }
    return false;
}

ChunkedBody::int_type ChunkedBody::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (complete_ || malformed_) return traits_type::eof();
    std::string text;
    if (left_ == 0) {
        if (started_ && (!line(text) || !text.empty())) {  // the CR LF after a chunk's data
            malformed_ = malformed_ || !text.empty();
            return traits_type::eof();
        }
        started_ = true;
        if (!line(text)) return traits_type::eof();
        // chunk-size [; chunk-ext]: hexadecimal digits, then an extension or blanks, both ignored.
        const std::size_t digits = text.find_first_not_of("0123456789abcdefABCDEF");
        const std::string size = text.substr(0, digits);
        if (size.empty() || size.size() > 15 ||
            (digits != std::string::npos && text[digits] != ';' && text[digits] != ' ' && text[digits] != '\t')) {
            malformed_ = true;
            return traits_type::eof();
        }
        left_ = std::stoll(size, nullptr, 16);
        if (left_ == 0) {
            // The last chunk: trailer fields (ignored) up to an empty line.
            while (line(text))
                if (text.empty()) {
                    complete_ = true;
                    break;
                }
            return traits_type::eof();
        }
    }
    const int n = session_.readSome(buffer_, static_cast<std::size_t>(std::min<Poco::Int64>(left_, sizeof buffer_)));
    if (n <= 0) return traits_type::eof();
    left_ -= n;
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(*gptr());
}

}  // namespace sohub
