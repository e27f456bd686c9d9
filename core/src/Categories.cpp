// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Categories.h"

#include "advlab/CsvTable.h"
#include "advlab/Errors.h"

#include <algorithm>
#include <cctype>

namespace advlab {

Categories::Categories() : m_names(kCount) {
    for (int i = 0; i < kCount; ++i)
        m_names[static_cast<std::size_t>(i)] = "class " + std::to_string(i);
}

Categories Categories::read(const std::string& path) {
    const CsvTable csv = CsvTable::read(path);
    const int idCol = csv.requireColumn("CategoryId");
    const int nameCol = csv.requireColumn("CategoryName");
    Categories c;
    std::vector<bool> seen(kCount, false);
    for (std::size_t r = 0; r < csv.rowCount(); ++r) {
        const int id = csv.intField(r, idCol, 1, kCount);
        if (seen[static_cast<std::size_t>(id - 1)])
            throw DataError(path, csv.lineOf(r), "CategoryId " + std::to_string(id) + " appears twice");
        seen[static_cast<std::size_t>(id - 1)] = true;
        c.m_names[static_cast<std::size_t>(id - 1)] = csv.row(r)[static_cast<std::size_t>(nameCol)];
    }
    const auto missing = std::count(seen.begin(), seen.end(), false);
    if (missing > 0)
        throw DataError(path, 0, std::to_string(missing) + " of the 1000 CategoryIds are missing");
    c.m_real = true;
    return c;
}

const std::string& Categories::name(int index) const {
    static const std::string unknown = "unknown";
    if (index < 0 || index >= kCount)
        return unknown;
    return m_names[static_cast<std::size_t>(index)];
}

std::string Categories::label(int index) const { return index < 0 ? std::string("\xE2\x80\x94") : name(index); }

} // namespace advlab
