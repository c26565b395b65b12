// Time-ordered (version 7, RFC 9562) GUIDs: random enough to be unguessable, ordered so store indexes append.
#include "domain/Guid.h"

#include <Poco/Exception.h>

#include <sys/random.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>

namespace sohub {
namespace {

// Random bytes from the system's generator, drawn a block at a time so a GUID costs no system call.
class RandomBytes {
public:
    std::uint64_t next64() {
        if (used_ + 8 > block_.size()) refill();
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(block_[used_++]);
        return value;
    }

private:
    void refill() {
        // getrandom(2): one system call per block (Poco's RandomInputStream opened /dev/urandom for every 256 bytes).
        std::size_t filled = 0;
        while (filled < block_.size()) {
            const ssize_t got = getrandom(block_.data() + filled, block_.size() - filled, 0);
            if (got < 0) {
                if (errno == EINTR) continue;
                throw Poco::SystemException("getrandom", errno);
            }
            filled += static_cast<std::size_t>(got);
        }
        used_ = 0;
    }

    std::array<char, 4096> block_{};
    std::size_t used_ = block_.size();
};

}  // namespace

bool isGuidShape(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (text[i] == '-') || (!dash && !std::isxdigit(static_cast<unsigned char>(text[i])))) return false;
    }
    return true;
}

std::string newGuid() {
    thread_local RandomBytes random;
    const auto millis = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
    // 48 bits of Unix milliseconds first: new rows land at the end of a GUID index instead of on a random page.
    const std::uint64_t high = (millis << 16) | 0x7000ULL | (random.next64() & 0x0FFFULL);
    const std::uint64_t low = (random.next64() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
    static const char* const hex = "0123456789abcdef";
    std::string out(36, '-');
    std::size_t position = 0;
    const auto put = [&](std::uint64_t value) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            if (position == 8 || position == 13 || position == 18 || position == 23) ++position;
            out[position++] = hex[(value >> shift) & 0xF];
        }
    };
    put(high);
    put(low);
    return out;
}

}  // namespace sohub
