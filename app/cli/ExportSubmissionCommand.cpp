// SPDX-License-Identifier: GPL-3.0-or-later
// advlab export-submission: a built-in attack (targeted or not) or defence as a dev-toolkit submission.
#include "CliContext.h"
#include "ExportSubmissionOptions.h"

#include <advlab/AtomicFile.h>
#include <advlab/AttackConfig.h>
#include <advlab/Defence.h>
#include <advlab/Paths.h>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace advlab::cli {

namespace {

// POSIX sh single quotes: nothing inside is special except the quote itself.
std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string selfPath() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw std::runtime_error("cannot find this advlab's own path (/proc/self/exe): " + ec.message());
    return p.string();
}

} // namespace

int runExportSubmission(const ExportSubmissionOptions& o) {
    std::string attackKey = o.attack;
    bool targeted = o.targeted;
    if (attackKey.size() > 2 && attackKey.compare(attackKey.size() - 2, 2, "-t") == 0) {
        targeted = true;
        attackKey.resize(attackKey.size() - 2);
    }
    const auto method = attackKey.empty() ? std::optional<AttackMethod>() : parseMethod(attackKey);
    if (!o.attack.empty() && !method)
        throw std::invalid_argument("--attack '" + o.attack + "' is not fgsm, ifgsm, mifgsm or pgd");
    const PathResolution model = resolveModel(o.model);
    if (model.path.empty())
        throw std::runtime_error("model " + model.errorMessage());
    const std::string modelPath = fs::absolute(model.path).lexically_normal().string();
    const fs::path dir = fs::absolute(o.dir).lexically_normal();
    std::error_code ec;
    if (fs::exists(dir / "metadata.json", ec))
        throw std::invalid_argument(dir.string() +
                                    " already holds a submission (metadata.json); choose a new folder");
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error(dir.string() + ": cannot create the folder");

    if (!o.defence.empty()) {
        DefenceConfig d = parseDefence(o.defence);
        if (d.usesOwnModel()) // the entry point runs elsewhere: its model path must not be relative
            d.modelPath = fs::absolute(d.modelPath).lexically_normal().string();
        const std::string entry = "run_defense.sh";
        const std::string script =
            "#!/bin/sh\n# Written by advlab export-submission: the built-in defence " + d.describe() +
            " as a NIPS 2017 submission.\n# Usage (the dev toolkit's contract): " + entry +
            " INPUT_DIR OUTPUT_FILE\nset -eu\n"
            "if [ $# -ne 2 ]; then echo \"usage: $0 INPUT_DIR OUTPUT_FILE\" >&2; exit 2; fi\n"
            "exec " +
            shellQuote(selfPath()) + " classify --dataset \"$1\" --labels-csv \"$2\" --quiet --defence " +
            shellQuote(d.key()) + " --model " + shellQuote(modelPath) + " --threads " +
            std::to_string(o.threads) + "\n";
        const std::string meta =
            "{\n  \"type\": \"defense\",\n  \"container\": \"\",\n  \"container_gpu\": \"\",\n"
            "  \"entry_point\": " +
            jsonString(entry) + ",\n  \"advlab_defence\": " + jsonString(d.key()) + "\n}\n";
        const std::string entryPath = (dir / entry).string();
        writeFileAtomic(entryPath, script);
        if (::chmod(entryPath.c_str(), 0755) != 0)
            throw std::runtime_error(entryPath + ": cannot make it executable");
        writeFileAtomic((dir / "metadata.json").string(), meta);
        std::printf("wrote %s (metadata.json, %s): defence %s, model %s\n", dir.string().c_str(),
                    entry.c_str(), d.describe().c_str(), modelPath.c_str());
        return 0;
    }

    const std::string entry = "run_attack.sh";
    char eps[32];
    std::snprintf(eps, sizeof eps, "%g", static_cast<double>(o.eps));
    std::string script =
        "#!/bin/sh\n"
        "# Written by advlab export-submission: the built-in " +
        methodName(*method) + (targeted ? " targeted" : "") +
        " attack as a NIPS 2017 submission.\n"
        "# Usage (the dev toolkit's contract): " +
        entry + " INPUT_DIR OUTPUT_DIR MAX_EPSILON\n" +
        (targeted ? "# The targets come from INPUT_DIR/target_class.csv (filename,target; 1-based).\n" : "") +
        "set -eu\n"
        "if [ $# -ne 3 ]; then echo \"usage: $0 INPUT_DIR OUTPUT_DIR MAX_EPSILON\" >&2; exit 2; fi\n"
        "eps=\"$3\"\n";
    if (o.eps > 0)
        script += "eps=$(awk -v a=\"$3\" -v b=" + std::string(eps) +
                  " 'BEGIN { print (a + 0 < b + 0) ? a : b }')\n";
    script += "exec " + shellQuote(selfPath()) +
              " attack --dataset \"$1\" --out \"$2\" --eps \"$eps\" --attack " + methodKey(*method) +
              (targeted ? " --targets-csv \"$1/target_class.csv\"" : "") + " --iters " +
              std::to_string(o.iters) + " --model " + shellQuote(modelPath) + " --threads " +
              std::to_string(o.threads) + "\n";
    const std::string meta = std::string("{\n  \"type\": \"") + (targeted ? "targeted_attack" : "attack") +
                             "\",\n  \"container\": \"\",\n  \"container_gpu\": \"\",\n"
                             "  \"entry_point\": " +
                             jsonString(entry) + ",\n  \"advlab_attack\": " +
                             jsonString(methodKey(*method) + (targeted ? "-t" : "")) + "\n}\n";
    const std::string entryPath = (dir / entry).string();
    writeFileAtomic(entryPath, script);
    if (::chmod(entryPath.c_str(), 0755) != 0)
        throw std::runtime_error(entryPath + ": cannot make it executable");
    writeFileAtomic((dir / "metadata.json").string(), meta);
    std::printf("wrote %s (metadata.json, %s): %s%s, model %s\n", dir.string().c_str(), entry.c_str(),
                methodName(*method).c_str(), targeted ? " targeted" : "", modelPath.c_str());
    return 0;
}

} // namespace advlab::cli
