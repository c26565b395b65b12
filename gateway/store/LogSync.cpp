// One fdatasync for every commit that waits for it, on its own thread.
#include "store/LogSync.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sohub {

LogSync::LogSync(std::string logPath) : logPath_(std::move(logPath)), thread_([this] { loop(); }) {}

LogSync::~LogSync() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    waiting_.notify_one();
    thread_.join();
    if (fd_ >= 0) ::close(fd_);
}

void LogSync::afterCommit(Settled settled) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        queued_.push_back(std::move(settled));
    }
    waiting_.notify_one();
}

void LogSync::loop() {
    std::vector<Settled> settling;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            waiting_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
            if (queued_.empty()) return;  // stopping, and every commit was settled
            settling.swap(queued_);
        }
        std::exception_ptr failure;
        try {
            syncLog();
        } catch (const Poco::Exception& error) {
            failure = std::current_exception();
            // The reason (the system's) is the operator's to mend: a full or failing disk, a log file taken away.
            Poco::Logger::get("sohub.store")
                .error("%s: %d commit(s) fail, not known to be on disk", error.displayText(),
                       static_cast<int>(settling.size()));
        } catch (...) {
            failure = std::current_exception();
        }
        for (Settled& settled : settling) settled(failure);
        settling.clear();
    }
}

void LogSync::syncLog() {
    // SQLite keeps the log file while any connection is open (a checkpoint truncates it, never removes it); the
    // check that the open file is still the one at the path costs two stat calls beside a sync's milliseconds.
    struct stat atPath {};
    if (::stat(logPath_.c_str(), &atPath) != 0)
        throw Poco::IOException("cannot find the store's write-ahead log " + logPath_, std::strerror(errno));
    struct stat open {};
    if (fd_ >= 0 && (::fstat(fd_, &open) != 0 || open.st_dev != atPath.st_dev || open.st_ino != atPath.st_ino)) {
        ::close(fd_);
        fd_ = -1;
    }
    if (fd_ < 0) {
        fd_ = ::open(logPath_.c_str(), O_RDWR | O_CLOEXEC);
        if (fd_ < 0)
            throw Poco::IOException("cannot open the store's write-ahead log " + logPath_, std::strerror(errno));
    }
    // Syncs every page written to the file before the call, the commits' among them, whichever descriptor wrote it.
    if (::fdatasync(fd_) != 0)
        throw Poco::IOException("cannot sync the store's write-ahead log " + logPath_, std::strerror(errno));
}

}  // namespace sohub
