// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab::cli {

// Each subcommand takes the arguments after its name and returns the
// process exit code: 0 success, 1 failure (message printed), 2 usage error,
// 130 interrupted by Ctrl-C.
int runClassify(const std::vector<std::string>& args);
int runAttack(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);

} // namespace advlab::cli
