// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/CsvTable.h"

#include "advlab/Errors.h"
#include "advlab/InputFile.h"

#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace advlab {

CsvTable CsvTable::read(const std::string& path, std::size_t maxRows) {
    return parse(readInputFile(path, kMaxCsvBytes), path, maxRows);
}

CsvTable CsvTable::parse(const std::string& textIn, const std::string& name, std::size_t maxRows) {
    CsvTable t;
    t.m_path = name;
    std::string_view text(textIn);
    // A UTF-8 byte-order mark is common in CSVs saved by spreadsheets.
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos)
        throw DataError(name, 0, "contains NUL bytes; not a text CSV file");

    std::vector<std::string> fields;
    std::string field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    int line = 1;
    int rowStartLine = 1;
    bool rowHasContent = false;

    bool full = false;
    auto endRow = [&] {
        fields.push_back(std::move(field));
        field.clear();
        const bool blank = fields.size() == 1 && fields[0].empty() && !fieldWasQuoted;
        if (!blank) {
            if (t.m_header.empty()) {
                t.m_header = std::move(fields);
            } else {
                if (fields.size() != t.m_header.size())
                    throw DataError(name, rowStartLine,
                                    "expected " + std::to_string(t.m_header.size()) +
                                        " fields as in the header, found " + std::to_string(fields.size()));
                t.m_rows.push_back(std::move(fields));
                t.m_lines.push_back(rowStartLine);
                full = maxRows > 0 && t.m_rows.size() >= maxRows;
            }
        }
        fields.clear();
        fieldWasQuoted = false;
        rowHasContent = false;
    };

    std::size_t i = 0;
    for (; i < text.size() && !full; ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            continue;
        }
        if (!rowHasContent)
            rowStartLine = line;
        rowHasContent = true;
        if (c == '"') {
            if (!field.empty())
                throw DataError(name, line, "stray quote inside an unquoted field");
            inQuotes = true;
            fieldWasQuoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else if (c == '\r') {
            // CRLF: the '\n' ends the row. A lone CR (classic Mac OS line
            // ends) ends it itself.
            if (i + 1 >= text.size() || text[i + 1] != '\n') {
                endRow();
                ++line;
            }
        } else if (c == '\n') {
            endRow();
            ++line;
        } else {
            field += c;
        }
    }
    if (full) {
        t.m_truncated = text.find_first_not_of("\r\n", i) != std::string_view::npos;
        rowHasContent = false;
    }
    if (inQuotes && !full)
        throw DataError(name, rowStartLine, "unterminated quoted field");
    if (rowHasContent)
        endRow();
    if (t.m_header.empty())
        throw DataError(name, 0, "empty file: expected a header row");
    for (auto& h : t.m_header) {
        // Tolerate "ImageId " style headers; values are kept verbatim.
        while (!h.empty() && (h.back() == ' ' || h.back() == '\t'))
            h.pop_back();
        while (!h.empty() && (h.front() == ' ' || h.front() == '\t'))
            h.erase(h.begin());
    }
    return t;
}

int CsvTable::findColumn(const std::string& columnName) const {
    for (std::size_t i = 0; i < m_header.size(); ++i)
        if (m_header[i] == columnName)
            return static_cast<int>(i);
    return -1;
}

int CsvTable::requireColumn(const std::string& columnName) const {
    const int c = findColumn(columnName);
    if (c < 0)
        throw DataError(m_path, 1, "missing column \"" + columnName + "\" in the header");
    return c;
}

int CsvTable::intField(std::size_t row, int column, int lo, int hi) const {
    const std::string& raw = m_rows[row][static_cast<std::size_t>(column)];
    const std::string& col = m_header[static_cast<std::size_t>(column)];
    std::size_t a = 0, b = raw.size();
    while (a < b && (raw[a] == ' ' || raw[a] == '\t'))
        ++a;
    while (b > a && (raw[b - 1] == ' ' || raw[b - 1] == '\t'))
        --b;
    const std::string s = raw.substr(a, b - a);
    if (s.empty())
        throw DataError(m_path, m_lines[row], col + " is empty");
    char* endp = nullptr;
    errno = 0;
    const long v = std::strtol(s.c_str(), &endp, 10);
    if (errno != 0 || endp != s.c_str() + s.size())
        throw DataError(m_path, m_lines[row], col + " \"" + s + "\" is not an integer");
    if (v < lo || v > hi)
        throw DataError(m_path, m_lines[row],
                        col + " " + s + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
    return static_cast<int>(v);
}

} // namespace advlab
