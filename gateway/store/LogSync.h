// Syncs SQLite's write-ahead log on a thread of its own, so that the writer goes on with the next commit while the
// last one reaches the disk; whoever waits for a commit hears of it once it is there.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sohub {

class LogSync {
public:
    // Called on the syncing thread once the commits before it are on disk (nullptr) or their sync failed.
    using Settled = std::function<void(std::exception_ptr)>;

    explicit LogSync(std::string logPath);
    LogSync(const LogSync&) = delete;
    LogSync& operator=(const LogSync&) = delete;
    // Syncs what is still waiting, settles it, then stops.
    ~LogSync();

    // After a commit whose pages are written to the log (not yet synced): `settled` runs once they are on disk.
    // Commits that wait together share one sync.
    void afterCommit(Settled settled);

private:
    void loop();
    // fdatasync of the log file, opened again when the file at its path is no longer the one open.
    void syncLog();

    const std::string logPath_;
    int fd_ = -1;
    std::mutex mutex_;
    std::condition_variable waiting_;
    std::vector<Settled> queued_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace sohub
