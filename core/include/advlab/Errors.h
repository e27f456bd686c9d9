// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Text.h"

#include <stdexcept>
#include <string>

namespace advlab {

// Bad input data (CSV, images, folders). The message always names the file
// and, where one applies, the line, so a user can go and fix it. what() has
// control characters escaped (see printable()); file() and problem() are raw.
class DataError : public std::runtime_error {
public:
    DataError(std::string file, int line, const std::string& problem)
        : std::runtime_error(format(file, line, problem)), m_file(std::move(file)), m_line(line),
          m_problem(problem) {}

    const std::string& file() const { return m_file; }
    int line() const { return m_line; } // 0 when no line applies
    const std::string& problem() const { return m_problem; }

private:
    static std::string format(const std::string& file, int line, const std::string& problem) {
        const std::string where = printable(file) + (line > 0 ? ":" + std::to_string(line) : std::string());
        return where + ": " + printable(problem);
    }
    std::string m_file;
    int m_line;
    std::string m_problem;
};

// A model file that cannot be loaded or does not follow the classifier
// contract (N x 3 x H x W in [0,1] -> N x 1000 logits). The problem may span
// several lines (a TorchScript error report); control characters other than
// newlines are escaped in what().
class ModelError : public std::runtime_error {
public:
    ModelError(std::string file, const std::string& problem)
        : std::runtime_error(printable(file) + ": " + printable(problem, true)), m_file(std::move(file)) {}
    const std::string& file() const { return m_file; }

private:
    std::string m_file;
};

} // namespace advlab
