// SPDX-License-Identifier: GPL-3.0-or-later
// advlab: the command-line front end of Adversarial Lab.
#include "AttackOptions.h"
#include "ClassifyOptions.h"
#include "CompeteOptions.h"
#include "EvalOptions.h"
#include "ExportSubmissionOptions.h"
#include "Interrupt.h"
#include "MergeOptions.h"
#include "OptionChecks.h"
#include "TextOutput.h"

#include <CLI/CLI.hpp>
#include <advlab/Version.h>
#include <cstdio>
#include <regex>
#include <stdexcept>
#include <string>

namespace {

// Prints a usage error as one line plus a pointer to the help, and returns 2.
int usageError(const std::string& command, std::string message) {
    // CLI11 says "--eps: At Most 1 required but received 2" for a repeated flag.
    static const std::regex repeated(R"((\S+): At Most 1 required but received \d+)");
    std::smatch m;
    if (std::regex_match(message, m, repeated))
        message = m[1].str() + " is given more than once (its aliases count too); give it once";
    const std::string prefix = command.empty() ? "advlab" : "advlab " + command;
    std::fprintf(stderr, "%s: %s\nRun '%s --help' for more information.\n", prefix.c_str(),
                 advlab::cli::printable(message, true).c_str(), prefix.c_str());
    return 2;
}

// The deepest subcommand the parser reached, for messages.
std::string commandName(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands())
        return sub->get_name();
    return {};
}

} // namespace

int main(int argc, char** argv) {
    using namespace advlab::cli;
    CLI::App app("Adversarial Lab: adversarial examples on ImageNet classifiers, in the NIPS 2017 "
                 "competition's conventions.",
                 "advlab");
    app.set_version_flag("--version", "advlab " ADVLAB_VERSION);
    bool verbose = false;
    app.add_flag("--verbose", verbose,
                 "show full error messages, with LibTorch's C++ and TorchScript backtraces");
    app.require_subcommand(1);
    // Subcommands hand options they do not know (--verbose, --version) up
    // to the top level, so they work after the command name too.
    app.fallthrough();

    ClassifyOptions classifyOptions;
    AttackOptions attackOptions;
    EvalOptions evalOptions;
    CompeteOptions competeOptions;
    ExportSubmissionOptions exportOptions;
    MergeOptions mergeOptions;
    CLI::App* classify = setupClassify(app, classifyOptions);
    CLI::App* attack = setupAttack(app, attackOptions);
    CLI::App* eval = setupEval(app, evalOptions);
    CLI::App* compete = setupCompete(app, competeOptions);
    CLI::App* exportSubmission = setupExportSubmission(app, exportOptions);
    CLI::App* merge = setupMerge(app, mergeOptions);
    std::string helpTopic;
    CLI::App* help = app.add_subcommand("help", "show the help of a command: advlab help attack");
    help->add_option("command", helpTopic, "classify, attack, eval, compete, export-submission or merge")
        ->check(CLI::IsMember({"classify", "attack", "eval", "compete", "export-submission", "merge"}));
    for (CLI::App* sub : {classify, attack, eval, compete, exportSubmission, merge})
        refuseRepeatedOptions(*sub);
    app.footer("Run 'advlab COMMAND --help' for a command's options.\n"
               "Exit codes: 0 ok, 1 error or skipped images, 2 usage error, 130 interrupted (Ctrl-C), "
               "143 terminated (SIGTERM).");

    std::string listCommand;
    const std::string emptyEntry =
        emptyListEntry(app, std::vector<std::string>(argv + 1, argv + argc), listCommand);
    if (!emptyEntry.empty())
        return usageError(listCommand, emptyEntry);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::RequiredError& e) {
        // "advlab frobnicate": CLI11 reports the missing subcommand; name the unknown one instead.
        if (app.get_subcommands().empty()) {
            if (argc > 1 && argv[1][0] != '-')
                return usageError(
                    "", std::string("unknown command '") + argv[1] +
                            "' (commands: classify, attack, eval, compete, export-submission, merge, help)");
            return usageError(
                "", "a command is needed: classify, attack, eval, compete, export-submission, merge or help");
        }
        return usageError(commandName(app), e.what());
    } catch (const CLI::ParseError& e) {
        return usageError(commandName(app), e.what());
    }

    if (help->parsed()) {
        CLI::App* topic = helpTopic.empty() ? &app : app.get_subcommand(helpTopic);
        std::fputs(topic->help(helpTopic.empty() ? "" : "advlab").c_str(), stdout);
        return 0;
    }

    installInterruptHandler();
    const std::string command = commandName(app);
    try {
        if (classify->parsed())
            return runClassify(classifyOptions);
        if (attack->parsed())
            return runAttack(attackOptions);
        if (compete->parsed())
            return runCompete(competeOptions);
        if (exportSubmission->parsed())
            return runExportSubmission(exportOptions);
        if (merge->parsed())
            return runMerge(mergeOptions);
        return runEval(evalOptions);
    } catch (const std::invalid_argument& e) {
        return usageError(command, e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "advlab %s: error: %s\n", command.c_str(),
                     printable(conciseError(e.what(), verbose), true).c_str());
        return 1;
    }
}
