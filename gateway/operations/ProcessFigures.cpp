// /proc/self/status for memory and threads, /proc/self/fd for descriptors, /proc/self/stat for CPU and start time.
#include "operations/ProcessFigures.h"

#include "operations/Metrics.h"

#include <Poco/DirectoryIterator.h>

#include <fstream>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

namespace sohub::metrics {
namespace {

// A "Name:   value kB" line of /proc/self/status, as a number (0 when absent).
double statusField(const std::string& status, const std::string& name) {
    const std::size_t at = status.find("\n" + name + ":");
    if (at == std::string::npos) return 0;
    std::istringstream line(status.substr(at + name.size() + 2));
    double value = 0;
    line >> value;
    return value;
}

std::string readText(const char* path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double bootTime() {
    std::ifstream in("/proc/stat");
    std::string key;
    double value = 0;
    while (in >> key) {
        if (key == "btime") {
            in >> value;
            return value;
        }
        in.ignore(1 << 20, '\n');
    }
    return 0;
}

}  // namespace

void writeProcessFigures(Exposition& out) {
    const std::string status = "\n" + readText("/proc/self/status");
    out.family("process_resident_memory_bytes", "Resident memory size in bytes", "gauge");
    out.sample("process_resident_memory_bytes", "", statusField(status, "VmRSS") * 1024);
    out.family("process_virtual_memory_bytes", "Virtual memory size in bytes", "gauge");
    out.sample("process_virtual_memory_bytes", "", statusField(status, "VmSize") * 1024);
    out.family("process_threads", "Threads of the process", "gauge");
    out.sample("process_threads", "", statusField(status, "Threads"));

    std::uint64_t descriptors = 0;
    try {
        for (Poco::DirectoryIterator it(std::string("/proc/self/fd")), end; it != end; ++it) ++descriptors;
    } catch (const std::exception&) {
    }
    out.family("process_open_fds", "Open file descriptors", "gauge");
    out.sample("process_open_fds", "", descriptors);
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        out.family("process_max_fds", "The limit of open file descriptors", "gauge");
        out.sample("process_max_fds", "", static_cast<double>(limit.rlim_cur));
    }

    // /proc/self/stat: after the command in parentheses, utime and stime are fields 14 and 15, starttime 22.
    const std::string stat = readText("/proc/self/stat");
    const std::size_t close = stat.rfind(')');
    if (close != std::string::npos) {
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        double utime = 0, stime = 0, start = 0;
        for (int i = 3; fields >> field; ++i) {
            if (i == 14) utime = std::stod(field);
            else if (i == 15) stime = std::stod(field);
            else if (i == 22) {
                start = std::stod(field);
                break;
            }
        }
        const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
        out.family("process_cpu_seconds_total", "User and system CPU time spent in seconds", "counter");
        out.sample("process_cpu_seconds_total", "", (utime + stime) / ticks);
        out.family("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds", "gauge");
        out.sample("process_start_time_seconds", "", bootTime() + start / ticks);
    }
}

}  // namespace sohub::metrics
