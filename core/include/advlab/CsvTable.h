// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace advlab {

// A parsed CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
// Each row remembers its source line so later validation errors can point
// at the exact place in the file.
class CsvTable {
public:
    // CSV files larger than this are refused before they are read.
    static constexpr std::size_t kMaxCsvBytes = std::size_t(1) << 30;

    // Throws DataError (file + line) for a missing, unreadable or
    // non-regular file (a FIFO is refused without blocking), an
    // unterminated quote, or a row whose field count differs from the
    // header's. Lines may end in LF, CRLF or a lone CR. With `maxRows` > 0,
    // parsing stops after that many data rows (truncated() is then true), so
    // a huge file costs nothing beyond the rows wanted.
    static CsvTable read(const std::string& path, std::size_t maxRows = 0);
    static CsvTable parse(const std::string& text, const std::string& nameForErrors, std::size_t maxRows = 0);

    const std::string& path() const { return m_path; }
    const std::vector<std::string>& header() const { return m_header; }
    std::size_t rowCount() const { return m_rows.size(); }
    const std::vector<std::string>& row(std::size_t i) const { return m_rows[i]; }
    int lineOf(std::size_t row) const { return m_lines[row]; }
    // True when maxRows stopped the parse before the end of the text.
    bool truncated() const { return m_truncated; }

    // Index of a column; throws DataError naming the file when it is missing.
    int requireColumn(const std::string& name) const;
    int findColumn(const std::string& name) const; // -1 when absent

    // Parses field `column` of `row` as an integer in [lo, hi]; throws a
    // DataError with file, line and column name otherwise.
    int intField(std::size_t row, int column, int lo, int hi) const;

private:
    std::string m_path;
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<int> m_lines;
    bool m_truncated = false;
};

} // namespace advlab
