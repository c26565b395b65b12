// The --pidfile of a daemon: claimed at start unless another live sohubd holds it, removed at the end if still ours.
#pragma once

#include <string>

namespace sohub {

// Instead of Poco's --pidfile, which wrote over a running daemon's file and removed it when its own start failed.
class PidFile {
public:
    // Writes this process's id into `path` (made absolute, as messages name it). Throws Poco::ExistsException when
    // the file names another sohubd that is running; a file left by one that ended is taken over.
    explicit PidFile(const std::string& path);
    PidFile(const PidFile&) = delete;
    PidFile& operator=(const PidFile&) = delete;
    ~PidFile();

private:
    std::string path_;
};

}  // namespace sohub
