// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/AtomicFile.h"

#include "advlab/Errors.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <random>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace advlab {

namespace {

constexpr const char* kPrefix = ".advlab-";
constexpr const char* kSuffix = ".tmp";

std::string systemError(const std::string& what, int err) {
    return what + ": " + std::strerror(err);
}

std::string parentOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// 8 characters from [a-z0-9] drawn from a seeded engine: unpredictable to
// another user, and O_EXCL makes a collision a retry, not a hazard.
std::string randomTag() {
    static std::atomic<std::uint64_t> counter{0};
    thread_local std::mt19937_64 engine([] {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
               static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    }());
    std::uint64_t v = engine() ^ (counter++ * 0x9E3779B97F4A7C15ULL);
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < 8; ++i, v /= 36)
        s += kChars[v % 36];
    return s;
}

bool writeAll(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool processIsGone(long pid) {
    if (pid <= 0 || pid == static_cast<long>(::getpid()))
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

bool allDigits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 10;
}

// The PID in one of our temporary names, or -1 when `name` is not ours.
long pidOfTemporary(const std::string& name) {
    const std::string prefix = kPrefix, suffix = kSuffix;
    if (name.size() > prefix.size() + suffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        // .advlab-PID-TAG.tmp
        const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        const auto dash = middle.find('-');
        if (dash == std::string::npos || middle.size() - dash - 1 != 8 || !allDigits(middle.substr(0, dash)))
            return -1;
        return std::stol(middle.substr(0, dash));
    }
    // Earlier versions: .<target>.tmp-PID-N
    const auto tmp = name.rfind(".tmp-");
    if (name.size() < 2 || name[0] != '.' || tmp == std::string::npos || tmp == 0)
        return -1;
    const std::string rest = name.substr(tmp + 5);
    const auto dash = rest.find('-');
    if (dash == std::string::npos || !allDigits(rest.substr(0, dash)) || !allDigits(rest.substr(dash + 1)))
        return -1;
    return std::stol(rest.substr(0, dash));
}

// The first write of this process into a folder also removes what killed
// runs left there, so every writer cleans up without having to remember to.
void cleanFolderOnce(const std::string& dir) {
    static std::mutex mutex;
    static std::set<std::string> cleaned;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (!cleaned.insert(dir).second)
            return;
    }
    removeStaleTemporaries(dir);
}

} // namespace

void writeFileAtomic(const std::string& path, const std::string& bytes) {
    const std::string dir = parentOf(path);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0)
        throw DataError(path, 0, systemError("output folder " + dir, errno));
    if (!S_ISDIR(st.st_mode))
        throw DataError(path, 0, "output folder " + dir + " is not a folder");
    cleanFolderOnce(dir);

    std::string tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        tmp = dir + "/" + kPrefix + std::to_string(::getpid()) + "-" + randomTag() + kSuffix;
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            throw DataError(path, 0, systemError("cannot create a temporary file in " + dir, errno));
    }
    if (fd < 0)
        throw DataError(path, 0, "cannot create a temporary file in " + dir + ": every name tried exists");

    int err = 0;
    std::string step;
    if (!writeAll(fd, bytes)) {
        err = errno;
        step = "write failed";
    } else if (::fsync(fd) != 0) {
        err = errno;
        step = "write failed (fsync)";
    }
    if (::close(fd) != 0 && err == 0) {
        err = errno;
        step = "write failed (close)";
    }
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
        err = errno;
        step = "cannot move the finished file into place";
    }
    if (err != 0) {
        ::unlink(tmp.c_str());
        throw DataError(path, 0, systemError(step, err));
    }
    // Make the rename itself durable; a failure here loses nothing written.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

int removeStaleTemporaries(const std::string& dir) {
    DIR* d = ::opendir(dir.c_str());
    if (!d)
        return 0;
    int removed = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        const long pid = pidOfTemporary(name);
        if (pid < 0 || !processIsGone(pid))
            continue;
        struct stat st {};
        const std::string full = dir + "/" + name;
        // lstat: a symlink with our name is removed as a link, never followed.
        if (::lstat(full.c_str(), &st) != 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            continue;
        if (::unlink(full.c_str()) == 0)
            ++removed;
    }
    ::closedir(d);
    return removed;
}

} // namespace advlab
