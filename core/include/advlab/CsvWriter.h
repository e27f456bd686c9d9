// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace advlab {

// Builds a CSV file (RFC 4180) in memory, row by row, and writes it
// atomically. The one CSV writer of the project: every field goes through
// quote(), so ImageIds, class names or paths with commas, quotes, CR or LF
// never break a row. Rows end in '\n'; numbers use '.' whatever the locale.
//
//   CsvWriter csv({"ImageId", "Predicted", "Confidence"});
//   csv.field(id).integer(label).number(confidence, 4).endRow();
//   csv.writeAtomic(path); // or csv.text()
class CsvWriter {
public:
    CsvWriter() = default;
    explicit CsvWriter(const std::vector<std::string>& header) { row(header); }

    // Appends one field to the current row.
    CsvWriter& field(const std::string& value);
    CsvWriter& integer(long long value);
    // Fixed-point with `decimals` digits; an empty field for NaN or infinity.
    CsvWriter& number(double value, int decimals = 4);
    CsvWriter& empty() { return field(std::string()); }
    // Ends the current row (a row with no fields is an empty line).
    CsvWriter& endRow();
    // A whole row of text fields.
    CsvWriter& row(const std::vector<std::string>& fields);

    const std::string& text() const { return m_text; }
    // writeFileAtomic(path, text()): whole or not at all. Throws DataError.
    void writeAtomic(const std::string& path) const;

    // RFC 4180: a field containing a comma, a double quote, CR or LF is
    // enclosed in double quotes, with its quotes doubled; others are as is.
    static std::string quote(const std::string& value);
    static std::string formatNumber(double value, int decimals = 4);

private:
    std::string m_text;
    bool m_rowStarted = false;
};

} // namespace advlab
