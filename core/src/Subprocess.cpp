// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Subprocess.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace advlab {

namespace {

// Closes a descriptor once.
struct Fd {
    int fd = -1;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

void writeAll(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return; // a full disk loses log text, never the run
        data += w;
        n -= static_cast<std::size_t>(w);
    }
}

} // namespace

std::string ProcessResult::describe() const {
    if (!started)
        return "did not start: " + startError;
    if (cancelled)
        return "cancelled (process group killed)";
    if (timedOut) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "timed out after %.0f s (process group killed)", seconds);
        return buf;
    }
    if (signal != 0)
        return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
    return "exit code " + std::to_string(exitCode);
}

ProcessResult runProcess(const ProcessOptions& o, const CancelToken* cancel) {
    ProcessResult r;
    if (o.argv.empty())
        throw std::invalid_argument("runProcess: no program");
    Fd log;
    if (!o.logPath.empty()) {
        log.fd = ::open(o.logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (log.fd < 0)
            throw std::runtime_error(o.logPath + ": cannot create the log: " + std::strerror(errno));
    }
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    Fd outRead{out[0]}, outWrite{out[1]}, errRead{err[0]}, errWrite{err[1]};
    // Everything the child needs is prepared before fork: after it, the child
    // of a multi-threaded process may only call async-signal-safe functions.
    std::vector<char*> argv;
    for (const auto& a : o.argv)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const char* cwd = o.workingDir.empty() ? nullptr : o.workingDir.c_str();
    const auto start = std::chrono::steady_clock::now();

    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::setpgid(0, 0);
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0)
            ::dup2(devNull, 0);
        ::dup2(out[1], 1);
        ::dup2(out[1], 2);
        const char* what = "chdir";
        if (cwd == nullptr || ::chdir(cwd) == 0) {
            what = "exec";
            ::execv(argv[0], argv.data());
        }
        // Report errno through the close-on-exec pipe: parent reads it.
        const int e = errno;
        const char tag = what[0];
        (void)!::write(err[1], &tag, 1);
        (void)!::write(err[1], &e, sizeof e);
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also here: either call wins the race with exec
    outWrite.reset();
    errWrite.reset();

    // Did exec succeed? EOF on the error pipe without data means yes.
    char tag = 0;
    int childErrno = 0;
    ssize_t n;
    do
        n = ::read(errRead.fd, &tag, 1);
    while (n < 0 && errno == EINTR);
    if (n == 1) {
        (void)!::read(errRead.fd, &childErrno, sizeof childErrno);
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        r.startError =
            std::string(tag == 'c' ? "cannot enter the folder " + o.workingDir : "cannot run " + o.argv[0]) +
            ": " + std::strerror(childErrno);
        return r;
    }
    r.started = true;

    ::fcntl(outRead.fd, F_SETFL, O_NONBLOCK);
    bool exited = false, eof = false;
    int status = 0;
    char buf[65536];
    auto drain = [&] {
        for (;;) {
            const ssize_t got = ::read(outRead.fd, buf, sizeof buf);
            if (got > 0) {
                const auto g = static_cast<std::size_t>(got);
                const std::size_t room = r.outputBytes < o.maxLogBytes ? o.maxLogBytes - r.outputBytes : 0;
                const std::size_t keep = std::min(room, g);
                if (log.fd >= 0 && keep > 0)
                    writeAll(log.fd, buf, keep);
                r.droppedBytes += g - keep;
                r.outputBytes += g;
                continue;
            }
            if (got == 0)
                eof = true;
            return;
        }
    };
    auto killGroup = [&] { ::kill(-pid, SIGKILL); };
    while (!exited) {
        pollfd p{outRead.fd, POLLIN, 0};
        ::poll(&p, eof ? 0 : 1, 100);
        if (!eof)
            drain();
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            exited = true;
            break;
        }
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (o.timeoutSeconds > 0 && elapsed > o.timeoutSeconds && !r.timedOut) {
            r.timedOut = true;
            killGroup();
        } else if (cancel && cancel->isCancelled() && !r.cancelled) {
            r.cancelled = true;
            killGroup();
        } else if (eof) {
            // Output closed but still running: wait without spinning.
            ::usleep(20000);
        }
    }
    // Grandchildren left in the group would keep the pipe open and run on.
    killGroup();
    for (int i = 0; i < 50 && !eof; ++i) {
        pollfd p{outRead.fd, POLLIN, 0};
        ::poll(&p, 1, 20);
        drain();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (WIFEXITED(status))
        r.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.signal = WTERMSIG(status);
    if (log.fd >= 0 && r.droppedBytes > 0) {
        const std::string note = "\n[advlab: the log stops here; " + std::to_string(r.droppedBytes) +
                                 " more bytes of output were dropped]\n";
        writeAll(log.fd, note.data(), note.size());
    }
    return r;
}

} // namespace advlab
