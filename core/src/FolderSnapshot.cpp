// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/FolderSnapshot.h"

#include <algorithm>
#include <dirent.h>
#include <functional>
#include <set>
#include <sys/stat.h>

namespace advlab {

namespace {

void walk(const std::string& root, const std::string& rel, const std::set<std::string>& excluded,
          const std::function<void(const std::string&, const struct stat&)>& visit, int depth) {
    if (depth > 64)
        return;
    const std::string dirPath = rel.empty() ? root : root + "/" + rel;
    DIR* d = ::opendir(dirPath.c_str());
    if (!d)
        return;
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..")
            names.push_back(name);
    }
    ::closedir(d);
    for (const auto& name : names) {
        const std::string childRel = rel.empty() ? name : rel + "/" + name;
        if (excluded.count(childRel))
            continue;
        struct stat st {};
        if (::lstat((root + "/" + childRel).c_str(), &st) != 0)
            continue;
        visit(childRel, st);
        if (S_ISDIR(st.st_mode))
            walk(root, childRel, excluded, visit, depth + 1);
    }
}

} // namespace

FolderSnapshot FolderSnapshot::take(const std::string& root, const std::vector<std::string>& excluded) {
    FolderSnapshot s;
    s.m_root = root;
    const std::set<std::string> ex(excluded.begin(), excluded.end());
    struct stat top {};
    if (::lstat(root.c_str(), &top) != 0)
        return s;
    auto record = [&](const std::string& rel, const struct stat& st) {
        Entry e;
        e.mode = st.st_mode;
        e.size = static_cast<long long>(st.st_size);
        e.inode = static_cast<unsigned long long>(st.st_ino);
        e.ctimeNs = static_cast<long long>(st.st_ctim.tv_sec) * 1000000000LL + st.st_ctim.tv_nsec;
        e.mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
        s.m_entries[rel] = e;
    };
    record(".", top);
    if (S_ISDIR(top.st_mode))
        walk(root, "", ex, record, 0);
    return s;
}

std::vector<std::string> FolderSnapshot::changesSince(const FolderSnapshot& before,
                                                      std::size_t maxItems) const {
    std::vector<std::string> all;
    for (const auto& [path, e] : m_entries) {
        const auto it = before.m_entries.find(path);
        if (it == before.m_entries.end())
            all.push_back("created: " + path);
        else if (!(it->second == e))
            all.push_back("modified: " + path);
    }
    for (const auto& [path, e] : before.m_entries)
        if (!m_entries.count(path))
            all.push_back("removed: " + path);
    if (all.size() > maxItems) {
        const std::size_t more = all.size() - maxItems;
        all.resize(maxItems);
        all.push_back("... and " + std::to_string(more) + " more");
    }
    return all;
}

} // namespace advlab
