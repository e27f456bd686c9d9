// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <map>
#include <string>
#include <vector>

namespace advlab {

// What a folder tree looked like: for every entry its type, size, inode,
// mode and change time (ctime, which no user process can set back, so a
// rewrite that restores size and mtime is still seen). Symbolic links are
// recorded, never followed. Used to prove that a submission changed nothing
// outside its own output folder.
class FolderSnapshot {
public:
    // Walks `root`; subtrees whose paths (relative to root, '/'-separated)
    // are in `excluded` are left out. A missing root is an empty snapshot.
    static FolderSnapshot take(const std::string& root, const std::vector<std::string>& excluded = {});

    // Entries created, removed or modified since `before`, as
    // "modified: images/a.png", at most `maxItems` of them plus a count.
    std::vector<std::string> changesSince(const FolderSnapshot& before, std::size_t maxItems = 20) const;

    std::size_t size() const { return m_entries.size(); }

private:
    struct Entry {
        unsigned mode = 0;
        long long size = 0;
        unsigned long long inode = 0;
        long long ctimeNs = 0;
        long long mtimeNs = 0;
        bool operator==(const Entry& o) const {
            return mode == o.mode && size == o.size && inode == o.inode && ctimeNs == o.ctimeNs &&
                   mtimeNs == o.mtimeNs;
        }
    };
    std::string m_root;
    std::map<std::string, Entry> m_entries;
};

} // namespace advlab
