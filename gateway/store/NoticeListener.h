// PostgreSQL LISTEN/NOTIFY between the daemons on one store: what one daemon committed, the others hear of at once
// instead of at their next look at the store.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace sohub {

// The channels; a change announces one with Database::announce, listeners register with Database::onNotice.
namespace notice {
inline const char* const deliveries = "sohub_deliveries";  // deliveries were queued or replayed
inline const char* const reference = "sohub_reference";    // reference data or accounts changed
}  // namespace notice

// One connection of its own that LISTENs on the channels and calls `heard` with each channel named in a notice (on
// its own thread). A broken connection is opened again every second; after that every channel counts as heard, as
// a notice sent in between was lost.
class NoticeListener {
public:
    using Heard = std::function<void(const std::string& channel)>;
    NoticeListener(std::string connect, std::vector<std::string> channels, Heard heard);
    NoticeListener(const NoticeListener&) = delete;
    NoticeListener& operator=(const NoticeListener&) = delete;
    ~NoticeListener();

private:
    void listenLoop();

    const std::string connect_;
    const std::vector<std::string> channels_;
    const Heard heard_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace sohub
