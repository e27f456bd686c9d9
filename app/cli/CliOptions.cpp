// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliOptions.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace advlab::cli {

CliOptions::CliOptions(const std::vector<std::string>& args, const std::vector<std::string>& flags,
                       const std::vector<std::string>& valued) {
    auto contains = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        if (a.rfind("--", 0) != 0)
            throw std::invalid_argument("unexpected argument '" + a + "'");
        std::string key = a.substr(2), value;
        const auto eq = key.find('=');
        const bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = key.substr(eq + 1);
            key = key.substr(0, eq);
        }
        if (contains(flags, key)) {
            if (inlineValue)
                throw std::invalid_argument("--" + key + " takes no value");
            m_values[key] = "1";
        } else if (contains(valued, key)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    throw std::invalid_argument("--" + key + " needs a value");
                value = args[++i];
            }
            m_values[key] = value;
        } else {
            throw std::invalid_argument("unknown option --" + key);
        }
    }
}

std::string CliOptions::get(const std::string& key, const std::string& fallback) const {
    auto it = m_values.find(key);
    return it == m_values.end() ? fallback : it->second;
}

int CliOptions::getInt(const std::string& key, int fallback, int lo, int hi) const {
    if (!has(key))
        return fallback;
    const std::string s = get(key);
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || errno || *end || v < lo || v > hi)
        throw std::invalid_argument("--" + key + " must be an integer in " + std::to_string(lo) + ".." +
                                    std::to_string(hi) + ", got '" + s + "'");
    return static_cast<int>(v);
}

float CliOptions::getFloat(const std::string& key, float fallback, float lo, float hi) const {
    if (!has(key))
        return fallback;
    const std::string s = get(key);
    char* end = nullptr;
    errno = 0;
    const float v = std::strtof(s.c_str(), &end);
    if (s.empty() || errno || *end || !(v >= lo && v <= hi)) {
        std::ostringstream m;
        m << "--" << key << " must be a number in " << lo << ".." << hi << ", got '" << s << "'";
        throw std::invalid_argument(m.str());
    }
    return v;
}

std::vector<std::string> CliOptions::getList(const std::string& key, const std::vector<std::string>& fallback) const {
    if (!has(key))
        return fallback;
    std::vector<std::string> out;
    std::stringstream ss(get(key));
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(item);
    if (out.empty())
        throw std::invalid_argument("--" + key + " needs a comma-separated list");
    return out;
}

std::vector<float> CliOptions::getFloatList(const std::string& key, const std::vector<float>& fallback) const {
    if (!has(key))
        return fallback;
    std::vector<float> out;
    for (const auto& item : getList(key, {})) {
        char* end = nullptr;
        const float v = std::strtof(item.c_str(), &end);
        if (*end || !(v >= 0.0f && v <= 255.0f))
            throw std::invalid_argument("--" + key + ": '" + item + "' is not a number in 0..255");
        out.push_back(v);
    }
    return out;
}

} // namespace advlab::cli
