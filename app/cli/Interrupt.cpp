// SPDX-License-Identifier: GPL-3.0-or-later
#include "Interrupt.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace advlab::cli {

namespace {

// How long SIGTERM waits for the current step before exiting regardless.
constexpr auto kTermGrace = std::chrono::seconds(2);

CancelToken g_interrupt;
std::atomic<int> g_signal{0};
int g_wakePipe[2] = {-1, -1};

// Never destroyed: the watchdog thread may still use it while the process
// runs its static destructors on a normal exit.
std::mutex& writeMutex() {
    static auto* m = new std::mutex;
    return *m;
}

void writeStderr(const char* s, std::size_t n) {
    // write() is async-signal-safe; stdio is not. Nothing to do on failure.
    while (n > 0) {
        const ssize_t w = ::write(STDERR_FILENO, s, n);
        if (w <= 0 && errno != EINTR)
            return;
        if (w > 0) {
            s += w;
            n -= static_cast<std::size_t>(w);
        }
    }
}

extern "C" void onSignal(int sig) {
    const int savedErrno = errno;
    int none = 0;
    if (!g_signal.compare_exchange_strong(none, sig)) {
        static const char kNow[] = "\nadvlab: second signal, exiting now\n";
        writeStderr(kNow, sizeof kNow - 1);
        ::_exit(128 + sig);
    }
    g_interrupt.cancel(); // a lock-free atomic store: async-signal-safe
    static const char kWaiting[] =
        "\nadvlab: stopping after the current step (waiting for the model)\xe2\x80\xa6 "
        "a second Ctrl-C quits at once\n";
    writeStderr(kWaiting, sizeof kWaiting - 1);
    const char byte = static_cast<char>(sig);
    [[maybe_unused]] const ssize_t w = ::write(g_wakePipe[1], &byte, 1);
    errno = savedErrno;
}

// Waits for the first signal; after SIGTERM, gives the command kTermGrace
// to finish its step and then exits, once no output file is being written.
void watchdog() {
    char sig = 0;
    while (::read(g_wakePipe[0], &sig, 1) < 0 && errno == EINTR) {
    }
    if (sig != SIGTERM)
        return; // after SIGINT a user is there to press Ctrl-C again
    std::this_thread::sleep_for(kTermGrace);
    writeMutex().lock(); // held until _exit: no write starts after this
    std::fprintf(stderr,
                 "advlab: the model did not return within %lld s of SIGTERM; exiting (every file written "
                 "is whole)\n",
                 static_cast<long long>(kTermGrace.count()));
    ::_exit(128 + SIGTERM);
}

} // namespace

const CancelToken& interruptToken() {
    return g_interrupt;
}

int interruptedExitCode() {
    const int sig = g_signal.load();
    return sig == 0 ? 0 : 128 + sig;
}

void installInterruptHandler() {
    if (::pipe(g_wakePipe) != 0) {
        std::perror("advlab: pipe");
    } else {
        std::thread(watchdog).detach();
    }
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
}

OutputWriteGuard::OutputWriteGuard() : m_lock(writeMutex()) {}

} // namespace advlab::cli
