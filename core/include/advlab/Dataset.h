// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/Categories.h"
#include "advlab/Image8.h"

#include <cstddef>
#include <string>
#include <vector>

namespace advlab {

struct DatasetEntry {
    std::string imageId;   // file name without extension, as in images.csv
    std::string imagePath; // absolute or dataset-relative path of the image
    int trueLabel = -1;    // 0-based ImageNet index, -1 when unknown
    int targetClass = -1;  // 0-based ImageNet index, -1 when unknown
    int csvLine = 0;       // line in images.csv, 0 for plain folders
    std::string problem;   // non-empty when the entry is known to be unusable
};

struct DatasetOptions {
    // Read at most this many images (0: all): images.csv is parsed only up
    // to that many rows, and a plain folder keeps its first ones in name
    // order. The CLI's --limit.
    std::size_t rowLimit = 0;
};

// The NIPS 2017 competition layout (images.csv + categories.csv + images/)
// or a plain folder of images without labels. Read-only: nothing here ever
// writes into the dataset folder.
class Dataset {
public:
    // Opens `dir`: the competition layout when images.csv exists, else a plain
    // folder of images (in `dir` or `dir/images`). Throws DataError naming the
    // file and line for a malformed CSV, missing column, label out of range, or
    // a folder without images, a non-regular images.csv or categories.csv,
    // ImageIds that differ only in letter case, and plain-folder files whose
    // names differ only in extension or case (x.png, x.jpg, X.PNG: they would
    // overwrite each other's results). Entries whose image file is missing or
    // unusable (a directory, FIFO, symlink loop, unreadable) are kept with
    // `problem` set (so one bad file does not hide the other 99); warnings()
    // lists the first 20 of them and counts the rest.
    static Dataset open(const std::string& dir, const DatasetOptions& options = {});

    const std::string& root() const { return m_root; }
    bool hasLabels() const { return m_hasLabels; }
    std::size_t size() const { return m_entries.size(); }
    const DatasetEntry& entry(std::size_t i) const { return m_entries[i]; }
    const std::vector<DatasetEntry>& entries() const { return m_entries; }
    const Categories& categories() const { return m_categories; }
    const std::vector<std::string>& warnings() const { return m_warnings; }

    // Loads image i as 299x299 8-bit RGB; conversions are reported in notes.
    // Throws DataError naming the image file.
    Image8 loadImage(std::size_t i, std::vector<std::string>* notes = nullptr) const;

private:
    std::string m_root;
    bool m_hasLabels = false;
    std::vector<DatasetEntry> m_entries;
    Categories m_categories;
    std::vector<std::string> m_warnings;
};

} // namespace advlab
