// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/InputFile.h"

#include "advlab/Errors.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace advlab {

namespace {

std::string errnoProblem(int err) {
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return "not found";
    case EACCES:
    case EPERM:
        return "permission denied";
    case ELOOP:
        return "symbolic link loop";
    case EISDIR:
        return "is a directory";
    default:
        return std::strerror(err);
    }
}

std::string modeProblem(mode_t mode) {
    if (S_ISREG(mode))
        return {};
    if (S_ISDIR(mode))
        return "is a directory";
    return "is not a regular file (a FIFO, socket or device)";
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::string inputFileProblem(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return errnoProblem(errno);
    if (auto p = modeProblem(st.st_mode); !p.empty())
        return p;
    if (::access(path.c_str(), R_OK) != 0)
        return errnoProblem(errno);
    return {};
}

std::string readInputFile(const std::string& path, std::size_t maxBytes) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (f.fd < 0)
        throw DataError(path, 0, errnoProblem(errno));
    struct stat st {};
    if (::fstat(f.fd, &st) != 0)
        throw DataError(path, 0, errnoProblem(errno));
    if (auto p = modeProblem(st.st_mode); !p.empty())
        throw DataError(path, 0, p);
    if (static_cast<unsigned long long>(st.st_size) > maxBytes)
        throw DataError(path, 0,
                        "file is " + std::to_string(st.st_size) + " bytes, more than the " +
                            std::to_string(maxBytes) + "-byte limit for this kind of file");
    std::string data;
    data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(f.fd, &data[got], data.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw DataError(path, 0, std::string("read error: ") + std::strerror(errno));
        if (n == 0)
            break; // truncated while reading: decode what is there
        got += static_cast<std::size_t>(n);
    }
    data.resize(got);
    return data;
}

} // namespace advlab
