// SPDX-License-Identifier: GPL-3.0-or-later
// Validators and helpers shared by the subcommands' CLI11 options.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace advlab::cli {

// Decimal notation only. CLI11 converts with strtoll(base 0) and strtold,
// which read "0x10" as 16 and "010" as 8; these refuse hexadecimal, inf and
// nan, and wholeNumber() strips leading zeros so "010" is ten.
CLI::Validator decimalNumber();
CLI::Validator wholeNumber();
// lo <= value <= hi, with the bounds printed as written ("0..255", not
// CLI::Range's "0.000000 to 255.000000").
// Refuses an empty string (a path from an unset shell variable).
CLI::Validator nonEmptyPath();
CLI::Validator inRange(double lo, double hi);

// An attack key: fgsm, ifgsm, mifgsm, pgd or a preset (difgsm, ...; any case); with
// `allowTargetedSuffix`, also NAME-t for the targeted variant.
CLI::Validator attackKey(bool allowTargetedSuffix);
// "fgsm, ifgsm, ..., ditimifgsm": every attack key, for messages.
std::string attackKeyList();
// A defence key as parseDefence reads it (none, jpeg75, model:FILE.pt, ...).
CLI::Validator defenceKey();

// --shard K/N: part K of N of the images, split by ImageId (advlab merge
// combines the outputs).
CLI::Option* addShardOption(CLI::App& app, std::string& value);

// The usual integer and number options, range-checked and decimal only.
CLI::Option* addInt(CLI::App& app, const std::string& names, int& value, int lo, int hi,
                    const std::string& what);
CLI::Option* addNumber(CLI::App& app, const std::string& names, float& value, double lo, double hi,
                       const std::string& what);

// A comma-separated list flag (--eps 2,4,8). Given twice it is refused like
// any other repeated flag instead of silently merging or overriding; `given`
// (optional) is set when the flag was on the command line.
template <class T>
CLI::Option* addList(CLI::App& app, const std::string& names, std::vector<T>& value, const std::string& what,
                     bool* given = nullptr) {
    const std::string name = names.substr(0, names.find(','));
    return app
        .add_option_function<std::vector<std::vector<T>>>(
            names,
            [&value, given, name](const std::vector<std::vector<T>>& lists) {
                if (lists.size() > 1)
                    throw CLI::ArgumentMismatch(name +
                                                " is given more than once; give one comma-separated list");
                value = lists.front();
                if (given)
                    *given = true;
            },
            what)
        ->delimiter(',')
        ->type_name("LIST");
}

// CLI11 drops the empty items of a comma-separated list, so "fgsm,,ifgsm"
// would pass as "fgsm,ifgsm" and "" fail with "Could not convert". Before
// parsing, looks for an empty entry in the value of a list option (addList)
// of the subcommand named in `args`; returns the message (empty: none) and
// sets `command` to the subcommand's name.
std::string emptyListEntry(CLI::App& app, const std::vector<std::string>& args, std::string& command);

// The same attack (NAME or NAME-t) or defence twice in a list would run twice
// and print two identical rows or columns: throws CLI::ValidationError naming
// `flag` and the entry. Compared as parsed, so FGSM and fgsm are one attack.
void refuseDuplicateAttacks(const std::string& flag, const std::vector<std::string>& keys);
void refuseDuplicateDefences(const std::string& flag, const std::vector<std::string>& keys);

// Every option of every subcommand: a repeated flag is a usage error
// (--eps 8 --max_epsilon 4 would otherwise run at one of them silently).
void refuseRepeatedOptions(CLI::App& app);

} // namespace advlab::cli
