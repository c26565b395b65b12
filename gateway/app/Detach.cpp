// --daemon with the start's outcome handed back to the command that started it, over a pipe.
#include "app/Detach.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sohub {
namespace {

int relay = -1;  // the daemon's end of the pipe to its waiting parent, until it serves

// The start's end, as the daemon said it: a NUL byte (never in a log line) once it serves, else the pipe's end when
// the daemon exits. Ends this (the parent) process.
[[noreturn]] void awaitStart(int from, pid_t daemon) {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(from, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        const void* const started = std::memchr(buffer, '\0', static_cast<std::size_t>(got));
        const std::size_t text = started ? static_cast<std::size_t>(static_cast<const char*>(started) - buffer)
                                         : static_cast<std::size_t>(got);
        if (text > 0) {
            const ssize_t written = ::write(STDERR_FILENO, buffer, text);
            (void)written;  // a stderr that is gone: the outcome is still the exit status
        }
        if (started) std::_Exit(0);
    }
    int status = 0;
    while (::waitpid(daemon, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) std::_Exit(WEXITSTATUS(status));
    std::_Exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1);
}

void onto(int fd, int target) {
    while (::dup2(fd, target) < 0 && errno == EINTR) {
    }
}

}  // namespace

void detachIfAsked(int& argc, char** argv) {
    int at = 1;
    while (at < argc && std::strcmp(argv[at], "--daemon") != 0) ++at;
    if (at == argc) return;
    for (int i = at; i + 1 < argc; ++i) argv[i] = argv[i + 1];
    argv[--argc] = nullptr;

    int ends[2];
    if (::pipe(ends) != 0) {
        std::perror("sohubd: cannot make the pipe for --daemon");
        std::exit(71);  // EX_OSERR
    }
    const pid_t daemon = ::fork();
    if (daemon < 0) {
        std::perror("sohubd: cannot fork for --daemon");
        std::exit(71);
    }
    if (daemon > 0) {
        ::close(ends[1]);
        awaitStart(ends[0], daemon);
    }
    ::close(ends[0]);
    // A parent that went (killed while it waited) must not take the daemon with it at its next log line.
    ::signal(SIGPIPE, SIG_IGN);
    ::setsid();
    ::umask(027);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        onto(null, STDIN_FILENO);
        if (null > STDERR_FILENO) ::close(null);
    }
    onto(ends[1], STDOUT_FILENO);
    onto(ends[1], STDERR_FILENO);
    relay = ends[1];
}

void tellStarted() {
    if (relay < 0) return;
    std::cout.flush();
    std::clog.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        onto(null, STDOUT_FILENO);
        onto(null, STDERR_FILENO);
        ::close(null);
    }
    const char started = '\0';
    const ssize_t written = ::write(relay, &started, 1);
    (void)written;  // a parent that is gone waits for nothing
    ::close(relay);
    relay = -1;
}

}  // namespace sohub
