// A per-thread 64-bit Mersenne Twister seeded from std::random_device.
#include "domain/Guid.h"

#include <random>

namespace sohub {

std::string newGuid() {
    thread_local std::mt19937_64 generator([] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }());
    std::uint64_t high = generator(), low = generator();
    high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // variant 10
    static const char* const hex = "0123456789abcdef";
    std::string out(36, '-');
    std::size_t position = 0;
    const auto put = [&](std::uint64_t value, int nibbles) {
        for (int shift = (nibbles - 1) * 4; shift >= 0; shift -= 4) {
            if (position == 8 || position == 13 || position == 18 || position == 23) ++position;
            out[position++] = hex[(value >> shift) & 0xF];
        }
    };
    put(high, 16);
    put(low, 16);
    return out;
}

}  // namespace sohub
