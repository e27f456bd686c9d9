// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Dataset.h"

#include "advlab/CsvTable.h"
#include "advlab/Errors.h"
#include "advlab/ImageIo.h"
#include "advlab/Paths.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace advlab {

namespace {

void openCompetition(const fs::path& root, std::vector<DatasetEntry>& entries, std::vector<std::string>& warnings) {
    const std::string csvPath = (root / "images.csv").string();
    const CsvTable csv = CsvTable::read(csvPath);
    const int idCol = csv.requireColumn("ImageId");
    const int trueCol = csv.requireColumn("TrueLabel");
    const int targetCol = csv.findColumn("TargetClass");
    if (csv.rowCount() == 0)
        throw DataError(csvPath, 0, "no image rows after the header");
    std::set<std::string> seen;
    const fs::path imageDir = fs::is_directory(root / "images") ? root / "images" : root;
    for (std::size_t r = 0; r < csv.rowCount(); ++r) {
        DatasetEntry e;
        e.csvLine = csv.lineOf(r);
        e.imageId = csv.row(r)[static_cast<std::size_t>(idCol)];
        if (e.imageId.empty())
            throw DataError(csvPath, e.csvLine, "ImageId is empty");
        if (e.imageId.find('/') != std::string::npos || e.imageId.find('\\') != std::string::npos ||
            e.imageId == "." || e.imageId == "..")
            throw DataError(csvPath, e.csvLine, "ImageId \"" + e.imageId + "\" is not a plain file name");
        if (!seen.insert(e.imageId).second)
            throw DataError(csvPath, e.csvLine, "ImageId " + e.imageId + " appears twice");
        // Labels are 1-based CategoryIds (0 was the background class of the
        // competition's 1001-way Inception models); ImageNet index = id - 1.
        e.trueLabel = csv.intField(r, trueCol, 1, 1000) - 1;
        if (targetCol >= 0)
            e.targetClass = csv.intField(r, targetCol, 1, 1000) - 1;
        e.imagePath = (imageDir / (e.imageId + ".png")).string();
        std::error_code ec;
        if (!fs::is_regular_file(e.imagePath, ec)) {
            e.problem = "image file not found (listed in " + csvPath + " line " + std::to_string(e.csvLine) + ")";
            warnings.push_back(e.imagePath + ": " + e.problem);
        }
        entries.push_back(std::move(e));
    }
}

void openFolder(const fs::path& root, std::vector<DatasetEntry>& entries) {
    const fs::path dir = fs::is_directory(root / "images") ? root / "images" : root;
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec))
        if (f.is_regular_file() && looksLikeImageFile(f.path().string()))
            files.push_back(f.path());
    if (ec)
        throw DataError(dir.string(), 0, "cannot list the folder: " + ec.message());
    if (files.empty())
        throw DataError(dir.string(), 0, "no images.csv and no image files (.png, .jpg, ...) in this folder");
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        DatasetEntry e;
        e.imageId = f.stem().string();
        e.imagePath = f.string();
        entries.push_back(std::move(e));
    }
}

} // namespace

Dataset Dataset::open(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw DataError(dir, 0, "dataset folder not found");
    if (!fs::is_directory(dir, ec))
        throw DataError(dir, 0, "not a folder; a dataset is a folder with images.csv and images/, or of images");
    Dataset d;
    const fs::path root = fs::absolute(dir, ec).lexically_normal();
    d.m_root = root.string();
    if (fs::exists(root / "images.csv")) {
        openCompetition(root, d.m_entries, d.m_warnings);
        d.m_hasLabels = true;
    } else {
        openFolder(root, d.m_entries);
    }
    // Names come from the dataset's own categories.csv. Without one (a plain
    // folder of images, say) the bundled ImageNet names stand in, since
    // every model of the contract speaks ImageNet-1k; only when those are
    // missing too are classes shown by number.
    const fs::path cats = root / "categories.csv";
    if (fs::exists(cats)) {
        d.m_categories = Categories::read(cats.string());
    } else if (const PathResolution names = resolveClassNames(); names.found()) {
        d.m_categories = Categories::read(names.path);
    } else {
        d.m_warnings.push_back(cats.string() + ": not found, and no bundled ImageNet class names (" +
                               names.errorMessage() + "); classes are shown by number");
    }
    return d;
}

Image8 Dataset::loadImage(std::size_t i, std::vector<std::string>* notes) const {
    const DatasetEntry& e = m_entries.at(i);
    if (!e.problem.empty())
        throw DataError(e.imagePath, 0, e.problem);
    return readImage(e.imagePath, kCompetitionImageSize, notes);
}

} // namespace advlab
