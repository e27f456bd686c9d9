// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Subprocess.h"

#include <algorithm>
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

// One of the child's output streams: a pipe read into a log file, bounded.
struct Stream {
    Fd read, log;
    std::size_t bytes = 0, dropped = 0;
    bool eof = false;

    void open(const std::string& path) {
        if (path.empty())
            return;
        log.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (log.fd < 0)
            throw std::runtime_error(path + ": cannot create the log: " + std::strerror(errno));
    }
    void drain(std::size_t maxBytes) {
        char buf[65536];
        while (!eof) {
            const ssize_t got = ::read(read.fd, buf, sizeof buf);
            if (got > 0) {
                const auto g = static_cast<std::size_t>(got);
                const std::size_t room = bytes < maxBytes ? maxBytes - bytes : 0;
                const std::size_t keep = std::min(room, g);
                if (log.fd >= 0 && keep > 0)
                    writeAll(log.fd, buf, keep);
                dropped += g - keep;
                bytes += g;
                continue;
            }
            if (got == 0)
                eof = true;
            return;
        }
    }
    void finish() {
        if (log.fd >= 0 && dropped > 0) {
            const std::string note = "\n[advlab: the log stops here; " + std::to_string(dropped) +
                                     " more bytes of output were dropped]\n";
            writeAll(log.fd, note.data(), note.size());
        }
    }
};

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
    Stream streams[2]; // stdout, stderr
    streams[0].open(o.stdoutPath);
    streams[1].open(o.stderrPath);
    int out[2], errOut[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    Fd outWrite{out[1]};
    streams[0].read.fd = out[0];
    if (::pipe2(errOut, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    Fd errOutWrite{errOut[1]};
    streams[1].read.fd = errOut[0];
    // Reports a failed chdir or exec (close-on-exec: EOF when exec succeeds).
    if (::pipe2(err, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    Fd errRead{err[0]}, errWrite{err[1]};
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
        ::dup2(errOut[1], 2);
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
    errOutWrite.reset();
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

    for (Stream& st : streams)
        ::fcntl(st.read.fd, F_SETFL, O_NONBLOCK);
    bool exited = false;
    int status = 0;
    auto allEof = [&] { return streams[0].eof && streams[1].eof; };
    auto pollAndDrain = [&](int timeoutMs) {
        pollfd p[2];
        nfds_t count = 0;
        for (Stream& st : streams)
            if (!st.eof)
                p[count++] = pollfd{st.read.fd, POLLIN, 0};
        if (count > 0)
            ::poll(p, count, timeoutMs);
        for (Stream& st : streams)
            st.drain(o.maxLogBytes);
    };
    auto killGroup = [&] { ::kill(-pid, SIGKILL); };
    while (!exited) {
        if (!allEof())
            pollAndDrain(100);
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
        } else if (allEof()) {
            // Output closed but still running: wait without spinning.
            ::usleep(20000);
        }
    }
    // Grandchildren left in the group would keep the pipes open and run on.
    killGroup();
    for (int i = 0; i < 50 && !allEof(); ++i)
        pollAndDrain(20);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (WIFEXITED(status))
        r.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        r.signal = WTERMSIG(status);
    for (Stream& st : streams) {
        st.finish();
        r.outputBytes += st.bytes;
        r.droppedBytes += st.dropped;
    }
    return r;
}

} // namespace advlab
