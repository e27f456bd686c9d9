// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace advlab {

// The NIPS 2017 dev toolkit's submission kinds (metadata.json's "type").
enum class SubmissionType { Attack, TargetedAttack, Defence };

std::string submissionTypeKey(SubmissionType t); // "attack", "targeted_attack", "defense"

// A submission folder in the dev toolkit's contract: metadata.json with
// "type" and "entry_point" ("container" is shown but not needed, since
// submissions run as local processes here). The entry point is run as
//   attack:   ENTRY INPUT_DIR OUTPUT_DIR MAX_EPSILON
//   defence:  ENTRY INPUT_DIR OUTPUT_FILE
// with the submission folder as working directory.
struct Submission {
    std::string name;   // the folder's name: the row or column in the result CSVs
    std::string folder; // absolute
    SubmissionType type = SubmissionType::Attack;
    std::string entryPoint; // as written in metadata.json, relative to folder
    std::string container;  // informational

    bool isAttack() const { return type != SubmissionType::Defence; }
    // The entry point's absolute path.
    std::string entryPath() const;
    // Empty when the entry point is a regular executable file; otherwise why
    // it cannot run ("missing", "not executable", ...), naming the file.
    std::string entryProblem() const;
};

// Reads `folder`/metadata.json. Throws DataError naming the file for a
// missing or malformed metadata.json, an unknown type, or an entry point that
// is empty, absolute or leaves the folder ("..").
Submission readSubmission(const std::string& folder);

} // namespace advlab
