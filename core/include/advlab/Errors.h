// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace advlab {

// Bad input data (CSV, images, folders). The message always names the file
// and, where one applies, the line, so a user can go and fix it.
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
        return line > 0 ? file + ":" + std::to_string(line) + ": " + problem : file + ": " + problem;
    }
    std::string m_file;
    int m_line;
    std::string m_problem;
};

// A model file that cannot be loaded or does not follow the classifier
// contract (N x 3 x H x W in [0,1] -> N x 1000 logits).
class ModelError : public std::runtime_error {
public:
    ModelError(std::string file, const std::string& problem)
        : std::runtime_error(file + ": " + problem), m_file(std::move(file)) {}
    const std::string& file() const { return m_file; }

private:
    std::string m_file;
};

} // namespace advlab
