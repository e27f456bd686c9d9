// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Submission.h"

#include "advlab/Errors.h"
#include "advlab/InputFile.h"
#include "advlab/JsonObject.h"

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace advlab {

std::string submissionTypeKey(SubmissionType t) {
    switch (t) {
    case SubmissionType::Attack:
        return "attack";
    case SubmissionType::TargetedAttack:
        return "targeted_attack";
    case SubmissionType::Defence:
        return "defense";
    }
    return "attack";
}

std::string Submission::entryPath() const {
    return (fs::path(folder) / entryPoint).string();
}

std::string Submission::entryProblem() const {
    const std::string path = entryPath();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return "entry point " + path + " is missing";
    if (!S_ISREG(st.st_mode))
        return "entry point " + path + " is not a regular file";
    if (::access(path.c_str(), X_OK) != 0)
        return "entry point " + path + " is not executable (chmod +x it)";
    return {};
}

Submission readSubmission(const std::string& folder) {
    std::error_code ec;
    const fs::path dir = fs::absolute(fs::path(folder), ec).lexically_normal();
    if (!fs::is_directory(dir, ec))
        throw DataError(folder, 0, "is not a folder (a submission is a folder with metadata.json)");
    const std::string metaPath = (dir / "metadata.json").string();
    if (!fs::exists(metaPath, ec))
        throw DataError(metaPath, 0,
                        "missing: a submission folder needs metadata.json with type and entry_point");
    const auto members = parseJsonObject(readInputFile(metaPath, 1 << 20), metaPath);
    auto stringMember = [&](const char* key, bool required) -> std::string {
        const auto it = members.find(key);
        if (it == members.end()) {
            if (required)
                throw DataError(metaPath, 0, std::string("no \"") + key + "\" member");
            return {};
        }
        if (it->second.kind != JsonMember::Kind::String)
            throw DataError(metaPath, 0, std::string("\"") + key + "\" must be a string");
        return it->second.text;
    };
    Submission s;
    std::string name = dir.filename().string();
    if (name.empty() || name == ".")
        name = dir.parent_path().filename().string();
    s.name = name;
    s.folder = dir.string();
    const std::string type = stringMember("type", true);
    if (type == "attack")
        s.type = SubmissionType::Attack;
    else if (type == "targeted_attack")
        s.type = SubmissionType::TargetedAttack;
    else if (type == "defense" || type == "defence")
        s.type = SubmissionType::Defence;
    else
        throw DataError(metaPath, 0,
                        "\"type\" is \"" + type + "\"; it must be attack, targeted_attack or defense");
    s.entryPoint = stringMember("entry_point", true);
    s.container = stringMember("container", false);
    const fs::path entry(s.entryPoint);
    if (s.entryPoint.empty())
        throw DataError(metaPath, 0, "\"entry_point\" is empty");
    if (entry.is_absolute())
        throw DataError(metaPath, 0,
                        "\"entry_point\" " + s.entryPoint + " must be relative to the submission folder");
    for (const auto& part : entry)
        if (part == "..")
            throw DataError(metaPath, 0, "\"entry_point\" " + s.entryPoint + " leaves the submission folder");
    return s;
}

} // namespace advlab
