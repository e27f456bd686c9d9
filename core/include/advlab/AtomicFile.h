// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace advlab {

// Writes `bytes` to `path` whole or not at all. The data goes to a new
// temporary file in the target folder, created with O_CREAT | O_EXCL |
// O_NOFOLLOW under a short unpredictable name (.advlab-PID-XXXXXXXX.tmp), so
// a long target name still fits NAME_MAX and a symlink planted in the folder
// is never followed. The temporary is fsync'ed, then renamed over `path`
// (which replaces a symlink at `path` rather than writing through it).
// Throws DataError naming `path` with the system's reason (strerror) on
// failure, leaving no temporary behind. The first write into a folder also
// removes stale temporaries there (removeStaleTemporaries).
void writeFileAtomic(const std::string& path, const std::string& bytes);

// Removes temporaries of writeFileAtomic's naming scheme that a killed
// process left in `dir` (kill -9 between write and rename): those whose
// process is no longer running. Also removes the previous scheme's
// ".<name>.tmp-PID-N" leftovers of dead processes. Never follows symlinks,
// never touches other files. Returns the number removed; errors are ignored
// (a folder that cannot be listed has nothing we could clean).
// writeFileAtomic calls it on its first write into each folder (once per
// process and folder); call it directly to clean a folder up front.
int removeStaleTemporaries(const std::string& dir);

} // namespace advlab
