// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab {

// ImageNet class names indexed 0..999 (ImageNet index = competition
// CategoryId - 1).
class Categories {
public:
    static constexpr int kCount = 1000;

    Categories(); // placeholder names "class 0".."class 999"
    // Reads the competition's categories.csv (CategoryId 1..1000, CategoryName).
    static Categories read(const std::string& path);

    const std::string& name(int index) const;
    // "name" for valid indices, "—" for -1 (unknown), so the GUI can print any label.
    std::string label(int index) const;
    bool hasRealNames() const { return m_real; }
    int count() const { return kCount; }

private:
    std::vector<std::string> m_names;
    bool m_real = false;
};

} // namespace advlab
