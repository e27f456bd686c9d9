// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace advlab {

// 64-bit FNV-1a: a stable, dependency-free digest for records that must
// compare equal across machines and builds (std::hash promises neither).
// Not a cryptographic hash: it catches mistakes, not a determined forger.
class Fnv1a {
public:
    void add(const char* data, std::size_t size) {
        for (std::size_t i = 0; i < size; ++i) {
            m_hash ^= static_cast<unsigned char>(data[i]);
            m_hash *= 1099511628211ULL;
        }
    }
    void add(const std::string& text) { add(text.data(), text.size()); }
    std::uint64_t value() const { return m_hash; }
    // 16 lower-case hex digits.
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(m_hash));
        return buf;
    }

private:
    std::uint64_t m_hash = 1469598103934665603ULL;
};

} // namespace advlab
