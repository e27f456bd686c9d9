// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <vector>

namespace advlab::cli {

// Minimal "--key value" / "--flag" parser. Unknown options are an error so a
// typo never silently runs the default attack.
class CliOptions {
public:
    // `flags` take no value; `valued` take one. Throws std::invalid_argument.
    CliOptions(const std::vector<std::string>& args, const std::vector<std::string>& flags,
               const std::vector<std::string>& valued);

    bool has(const std::string& key) const { return m_values.count(key) > 0; }
    std::string get(const std::string& key, const std::string& fallback = {}) const;
    int getInt(const std::string& key, int fallback, int lo, int hi) const;
    float getFloat(const std::string& key, float fallback, float lo, float hi) const;
    std::vector<float> getFloatList(const std::string& key, const std::vector<float>& fallback) const;
    std::vector<std::string> getList(const std::string& key, const std::vector<std::string>& fallback) const;

private:
    std::map<std::string, std::string> m_values;
};

} // namespace advlab::cli
