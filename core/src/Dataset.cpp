// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Dataset.h"

#include "advlab/CsvTable.h"
#include "advlab/Errors.h"
#include "advlab/ImageIo.h"
#include "advlab/InputFile.h"
#include "advlab/Paths.h"
#include "advlab/Text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace advlab {

namespace {

// Output files are named after ImageIds, and on case-insensitive file
// systems (macOS, Windows, many USB disks) "X" and "x" are one file.
std::string foldCase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

constexpr std::size_t kMaxWarnings = 20;

// Keeps the first kMaxWarnings of one kind of warning and counts the rest,
// so a file with a million bad rows prints a screenful, not a million lines.
class WarningList {
public:
    explicit WarningList(std::vector<std::string>& out) : m_out(out) {}
    void add(const std::string& w) {
        if (m_count++ < kMaxWarnings)
            m_out.push_back(printable(w));
    }
    void finish(const std::string& what) {
        if (m_count > kMaxWarnings)
            m_out.push_back("... and " + std::to_string(m_count - kMaxWarnings) + " more " + what);
    }

private:
    std::vector<std::string>& m_out;
    std::size_t m_count = 0;
};

void openCompetition(const fs::path& root, const DatasetOptions& options, std::vector<DatasetEntry>& entries,
                     std::vector<std::string>& warnings) {
    const std::string csvPath = (root / "images.csv").string();
    const CsvTable csv = CsvTable::read(csvPath, options.rowLimit);
    const int idCol = csv.requireColumn("ImageId");
    const int trueCol = csv.requireColumn("TrueLabel");
    const int targetCol = csv.findColumn("TargetClass");
    if (csv.rowCount() == 0)
        throw DataError(csvPath, 0, "no image rows after the header");
    std::map<std::string, int> seen; // case-folded ImageId -> line
    std::error_code ec;
    const fs::path imageDir = fs::is_directory(root / "images", ec) ? root / "images" : root;
    WarningList missing(warnings);
    for (std::size_t r = 0; r < csv.rowCount(); ++r) {
        DatasetEntry e;
        e.csvLine = csv.lineOf(r);
        e.imageId = csv.row(r)[static_cast<std::size_t>(idCol)];
        if (e.imageId.empty())
            throw DataError(csvPath, e.csvLine, "ImageId is empty");
        if (e.imageId.find('/') != std::string::npos || e.imageId.find('\\') != std::string::npos ||
            e.imageId == "." || e.imageId == ".." || e.imageId.find('\0') != std::string::npos)
            throw DataError(csvPath, e.csvLine, "ImageId \"" + e.imageId + "\" is not a plain file name");
        const auto [it, inserted] = seen.emplace(foldCase(e.imageId), e.csvLine);
        if (!inserted)
            throw DataError(
                csvPath, e.csvLine,
                "ImageId " + e.imageId + " appears twice (first on line " + std::to_string(it->second) +
                    "; ImageIds name output files, so they must differ in more than letter case)");
        // Labels are 1-based CategoryIds (0 was the background class of the
        // competition's 1001-way Inception models); ImageNet index = id - 1.
        e.trueLabel = csv.intField(r, trueCol, 1, 1000) - 1;
        if (targetCol >= 0)
            e.targetClass = csv.intField(r, targetCol, 1, 1000) - 1;
        e.imagePath = (imageDir / (e.imageId + ".png")).string();
        const std::string problem = inputFileProblem(e.imagePath);
        if (!problem.empty()) {
            e.problem = (problem == "not found" ? "image file not found" : problem) + " (listed in " +
                        csvPath + " line " + std::to_string(e.csvLine) + ")";
            missing.add(e.imagePath + ": " + e.problem);
        }
        entries.push_back(std::move(e));
    }
    missing.finish("unusable images listed in " + csvPath);
}

void openFolder(const fs::path& root, std::vector<DatasetEntry>& entries,
                std::vector<std::string>& warnings) {
    std::error_code ec;
    const fs::path dir = fs::is_directory(root / "images", ec) ? root / "images" : root;
    std::vector<fs::path> files;
    // Every name with an image extension is an entry, whatever it points to:
    // a broken link, a symlink loop or a directory called x.png is that
    // entry's problem (skipped when loaded), never the whole dataset's.
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (looksLikeImageFile(it->path().string()))
            files.push_back(it->path());
    if (ec)
        throw DataError(dir.string(), 0, "cannot list the folder: " + ec.message());
    if (files.empty())
        throw DataError(dir.string(), 0, "no images.csv and no image files (.png, .jpg, ...) in this folder");
    std::sort(files.begin(), files.end());

    std::map<std::string, std::vector<std::string>> byId;
    for (const auto& f : files)
        byId[foldCase(f.stem().string())].push_back(f.filename().string());
    std::string clashes;
    int clashCount = 0;
    for (const auto& [id, names] : byId) {
        if (names.size() < 2)
            continue;
        if (++clashCount <= 5) {
            clashes += clashes.empty() ? "" : "; ";
            for (std::size_t i = 0; i < names.size(); ++i)
                clashes += (i ? ", " : "") + names[i];
        }
    }
    if (clashCount > 0)
        throw DataError(
            dir.string(), 0,
            "files with the same name up to extension and letter case would give the same ImageId "
            "and overwrite each other's results: " +
                clashes + (clashCount > 5 ? " (and " + std::to_string(clashCount - 5) + " more)" : "") +
                "; rename or remove all but one of each");

    WarningList unusable(warnings);
    for (const auto& f : files) {
        DatasetEntry e;
        e.imageId = f.stem().string();
        e.imagePath = f.string();
        e.problem = inputFileProblem(e.imagePath);
        if (!e.problem.empty())
            unusable.add(e.imagePath + ": " + e.problem);
        entries.push_back(std::move(e));
    }
    unusable.finish("unusable image files in " + dir.string());
}

} // namespace

Dataset Dataset::open(const std::string& dir, const DatasetOptions& options) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        const std::string problem = inputFileProblem(dir);
        throw DataError(dir, 0, problem == "not found" ? "dataset folder not found" : problem);
    }
    if (!fs::is_directory(dir, ec))
        throw DataError(dir, 0,
                        "not a folder; a dataset is a folder with images.csv and images/, or of images");
    Dataset d;
    const fs::path root = fs::absolute(dir, ec).lexically_normal();
    d.m_root = root.string();
    // symlink_status: a dangling images.csv link is still "there" and gets a
    // clear "not found" from the reader instead of a silent plain-folder scan.
    if (fs::symlink_status(root / "images.csv", ec).type() != fs::file_type::not_found) {
        openCompetition(root, options, d.m_entries, d.m_warnings);
        d.m_hasLabels = true;
    } else {
        openFolder(root, d.m_entries, d.m_warnings);
        if (options.rowLimit > 0 && d.m_entries.size() > options.rowLimit)
            d.m_entries.resize(options.rowLimit);
    }
    // Names come from the dataset's own categories.csv. Without one (a plain
    // folder of images, say) the bundled ImageNet names stand in, since
    // every model of the contract speaks ImageNet-1k; only when those are
    // missing too are classes shown by number.
    const fs::path cats = root / "categories.csv";
    if (fs::symlink_status(cats, ec).type() != fs::file_type::not_found) {
        d.m_categories = Categories::read(cats.string());
    } else if (const PathResolution names = resolveClassNames(); names.found()) {
        d.m_categories = Categories::read(names.path);
    } else {
        d.m_warnings.push_back(printable(cats.string()) + ": not found, and no bundled ImageNet class names (" +
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
