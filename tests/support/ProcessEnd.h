// Whether a process the test started has ended, asked without reaping it.
#pragma once

#include <Poco/Process.h>

#include <sys/wait.h>

namespace sohub::test {

// Asked with WNOWAIT, so that a later wait() still gets its status: ended but not yet waited for is what
// Poco::Process::isRunning cannot tell from running.
inline bool hasEnded(const Poco::ProcessHandle& process) {
    siginfo_t ended{};
    const auto pid = static_cast<pid_t>(process.id());
    return ::waitid(P_PID, static_cast<id_t>(pid), &ended, WEXITED | WNOHANG | WNOWAIT) == 0 && ended.si_pid == pid;
}

}  // namespace sohub::test
