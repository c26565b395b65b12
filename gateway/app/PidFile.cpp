// The pid file: never taken from a running sohubd, written whole, removed only while it still names this process.
#include "app/PidFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>

#include <cerrno>
#include <fstream>

#include <signal.h>
#include <unistd.h>

namespace sohub {
namespace {

long pidIn(const std::string& path) {
    std::ifstream in(path);
    long pid = 0;
    return in >> pid ? pid : 0;
}

// A process that runs under this id and is a sohubd: a stale file's id may have been given to another program since.
bool runsSohubd(long pid) {
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)) return false;
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    return !(comm >> name) || name == "sohubd";  // without /proc, a running process counts
}

}  // namespace

PidFile::PidFile(const std::string& path) : path_(Poco::Path(path).absolute().toString()) {
    const long holder = pidIn(path_);
    if (holder != ::getpid() && runsSohubd(holder))
        throw Poco::ExistsException("sohubd already runs as process " + std::to_string(holder) + " (pid file " + path_ +
                                    ")");
    const std::string temporary = path_ + ".tmp";
    {
        Poco::FileOutputStream out(temporary);
        out << ::getpid() << "\n";
        out.close();
    }
    Poco::File(temporary).renameTo(path_);
}

PidFile::~PidFile() {
    try {
        if (pidIn(path_) == ::getpid()) Poco::File(path_).remove();
    } catch (...) {
        // removed by someone else meanwhile: nothing left to do
    }
}

}  // namespace sohub
