// SPDX-License-Identifier: GPL-3.0-or-later
#include "OptionChecks.h"

#include <advlab/AttackConfig.h>
#include <advlab/Defence.h>
#include <advlab/Shard.h>
#include <cstdlib>
#include <iomanip>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace advlab::cli {

CLI::Option* addShardOption(CLI::App& app, std::string& value) {
    return app
        .add_option("--shard", value,
                    "run part K of N of the images (split by ImageId, deterministic); combine the shards' "
                    "outputs with advlab merge")
        ->type_name("K/N")
        ->check(CLI::Validator(
            [](std::string& s) -> std::string {
                try {
                    parseShard(s);
                } catch (const std::invalid_argument& e) {
                    return std::string(e.what()).substr(std::string("--shard ").size());
                }
                return {};
            },
            "K/N", "shard"));
}

namespace {

std::string formatNumber(double v) {
    // Fixed notation: a range such as 0..1073741824 must not read 1.07374e+09.
    std::ostringstream s;
    s << std::setprecision(15) << v;
    return s.str();
}

} // namespace

CLI::Validator decimalNumber() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            static const std::regex decimal(R"([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)");
            if (!std::regex_match(s, decimal))
                return "must be a decimal number, got '" + s + "'";
            return {};
        },
        "", "DECIMAL");
}

CLI::Validator wholeNumber() {
    return CLI::Validator(
        [](std::string& s) -> std::string {
            static const std::regex integer(R"([+-]?\d+)");
            if (!std::regex_match(s, integer))
                return "must be a whole decimal number, got '" + s + "'";
            const std::size_t digits = (s[0] == '+' || s[0] == '-') ? 1 : 0;
            const std::size_t firstNonZero = s.find_first_not_of('0', digits);
            s.erase(digits, (firstNonZero == std::string::npos ? s.size() - 1 : firstNonZero) - digits);
            return {};
        },
        "", "WHOLE");
}

CLI::Validator nonEmptyPath() {
    // `--dataset "$UNSET"` must not quietly use the default data.
    return CLI::Validator([](std::string& s) -> std::string { return s.empty() ? "empty path" : ""; }, "",
                          "PATH");
}

CLI::Validator inRange(double lo, double hi) {
    return CLI::Validator(
        [lo, hi](std::string& s) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(s.c_str(), &end);
            if (s.empty() || *end || !(v >= lo && v <= hi))
                return "must be in " + formatNumber(lo) + ".." + formatNumber(hi) + ", got " + s;
            return {};
        },
        "", "RANGE");
}

std::string attackKeyList() {
    std::string list;
    for (AttackMethod m : allMethods())
        list += (list.empty() ? "" : ", ") + methodKey(m);
    return list;
}

CLI::Validator attackKey(bool allowTargetedSuffix) {
    return CLI::Validator(
        [allowTargetedSuffix](std::string& key) -> std::string {
            std::string k = key;
            if (allowTargetedSuffix && k.size() > 2 && k.compare(k.size() - 2, 2, "-t") == 0)
                k.resize(k.size() - 2);
            if (!parseMethod(k))
                return "'" + key + "' is not an attack: " + attackKeyList();
            return {};
        },
        "", "ATTACK");
}

CLI::Validator defenceKey() {
    return CLI::Validator(
        [](std::string& key) -> std::string {
            try {
                parseDefence(key);
            } catch (const std::invalid_argument& e) {
                return e.what();
            }
            return {};
        },
        "", "DEFENCE");
}

CLI::Option* addInt(CLI::App& app, const std::string& names, int& value, int lo, int hi,
                    const std::string& what) {
    return app.add_option(names, value, what)
        ->type_name("N")
        ->transform(wholeNumber())
        ->check(inRange(lo, hi));
}

CLI::Option* addNumber(CLI::App& app, const std::string& names, float& value, double lo, double hi,
                       const std::string& what) {
    return app.add_option(names, value, what)->type_name("X")->check(decimalNumber())->check(inRange(lo, hi));
}

std::string emptyListEntry(CLI::App& app, const std::vector<std::string>& args, std::string& command) {
    std::size_t first = 0;
    CLI::App* sub = nullptr;
    for (; first < args.size() && !sub; ++first)
        for (CLI::App* s : app.get_subcommands({}))
            if (s->check_name(args[first]))
                sub = s;
    if (!sub)
        return {};
    command = sub->get_name();
    for (const CLI::Option* o : sub->get_options()) {
        if (o->get_delimiter() != ',')
            continue;
        for (std::size_t i = first; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a.rfind("--", 0) != 0)
                continue;
            const std::size_t equals = a.find('=');
            std::string value;
            if (equals != std::string::npos && o->check_lname(a.substr(2, equals - 2)))
                value = a.substr(equals + 1);
            else if (equals == std::string::npos && o->check_lname(a.substr(2)) && i + 1 < args.size())
                value = args[i + 1];
            else
                continue;
            if (value.empty() || ("," + value + ",").find(",,") != std::string::npos)
                return o->get_name() + " '" + value +
                       "': an empty entry (two commas, or one at an end); give a comma-separated list";
        }
    }
    return {};
}

void refuseDuplicateAttacks(const std::string& flag, const std::vector<std::string>& keys) {
    std::set<std::string> seen;
    for (const auto& a : keys) {
        const bool suffix = a.size() > 2 && a.compare(a.size() - 2, 2, "-t") == 0;
        const auto method = parseMethod(suffix ? a.substr(0, a.size() - 2) : a);
        if (method && !seen.insert(methodKey(*method) + (suffix ? "-t" : "")).second)
            throw CLI::ValidationError(flag, "'" + a + "' is listed more than once");
    }
}

void refuseDuplicateDefences(const std::string& flag, const std::vector<std::string>& keys) {
    std::set<std::string> seen;
    for (const auto& d : keys)
        if (!seen.insert(parseDefence(d).key()).second)
            throw CLI::ValidationError(flag, "'" + d + "' is listed more than once");
}

void refuseRepeatedOptions(CLI::App& app) {
    for (CLI::Option* o : app.get_options())
        if (o->get_expected_max() == 1)
            o->multi_option_policy(CLI::MultiOptionPolicy::Throw);
}

} // namespace advlab::cli
