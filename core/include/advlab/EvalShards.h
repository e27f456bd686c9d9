// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/MinEpsilon.h"
#include "advlab/ScoreMatrix.h"
#include "advlab/Sweep.h"

#include <string>
#include <vector>

namespace advlab {

// Sharded `advlab eval` (docs/COMPETITION.md, "Sharded eval"). The fractions
// of a shard's CSV cannot be summed, so a shard also writes the counts they
// are made of into a sidecar, `<csv>.counts.csv`: one `row,name,value` line
// per count (hits and counted images of every fraction, the sums and maxima
// of the distances, the seconds). advlab merge sums the counts of all shards
// and recomputes every fraction with the arithmetic of a one-shot run.

// The sidecar of the eval CSV at `csvPath`.
std::string evalCountsPath(const std::string& csvPath);

// FNV-1a 64 (Fnv1a.h) of `ids` joined by '\n', as 16 hex digits: the
// sidecar's `all/run_ids`. Two selections of the same size (--ids a,b and
// --ids c,d, or one order and another) differ here, not in run_images.
std::string imageIdsDigest(const std::vector<std::string>& ids);

// `shard` is the run's --shard K/N and `runIds` the ImageIds the run split
// into shards (after --limit and --ids, before --shard), in the run's order,
// so merge can tell that it has every shard of one run over one selection.
std::string sweepCountsCsv(const SweepResult& result, const std::string& shard,
                           const std::vector<std::string>& runIds);
std::string scoreMatrixCountsCsv(const ScoreMatrix& matrix, const std::string& shard,
                                 const std::vector<std::string>& runIds);

// The sidecar of an `eval --min-eps --shard` CSV: its split and selection as
// above, the attacks, --max-eps and `settings` (the other options a row
// depends on, as one text merge compares: the CLI records the models' file
// names and digests, iterations, momentum, seed and target class), and for
// each image of the shard its position in the run
// (`image,<position>,<ImageId>`), so merge can put the rows back in the
// run's order. runPositions: one per image of `result`, into `runIds`.
std::string minEpsilonCountsCsv(const MinEpsilonResult& result, const std::string& shard,
                                const std::vector<std::string>& runIds,
                                const std::vector<std::size_t>& runPositions, const std::string& settings);

// Merges the sweep or matrix CSVs of the shards at `csvPaths` (each with its
// sidecar) into the text of the CSV one run over all their images would have
// written. Throws DataError naming the file for a missing or malformed
// sidecar, and std::invalid_argument when the shards are not of the same
// eval command (other attacks, defences, epsilons or kind), or not every
// shard 1/N..N/N of one run over the same images, each once. Sidecars
// without `all/run_ids` (written before it was recorded) are refused.
//
// --min-eps shards (their sidecars say so) merge into the per-image rows of
// all shards in the run's image order, after the same checks and checks of
// every row against the sidecar (none forged, moved or twice); with
// `curveCsv`, it also gets the run's --curve-csv text (std::invalid_argument
// for other shards, which have no curve).
std::string mergeEvalCsvs(const std::vector<std::string>& csvPaths, std::string* curveCsv = nullptr);

} // namespace advlab
