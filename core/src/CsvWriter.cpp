// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/CsvWriter.h"

#include "advlab/AtomicFile.h"

#include <cmath>
#include <locale>
#include <sstream>

namespace advlab {

std::string CsvWriter::quote(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos)
        return value;
    std::string q = "\"";
    for (char c : value) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

std::string CsvWriter::formatNumber(double value, int decimals) {
    if (!std::isfinite(value))
        return "";
    std::ostringstream ss;
    ss.imbue(std::locale::classic());
    ss.setf(std::ios::fixed);
    ss.precision(decimals);
    ss << value;
    return ss.str();
}

CsvWriter& CsvWriter::field(const std::string& value) {
    if (m_rowStarted)
        m_text += ',';
    m_text += quote(value);
    m_rowStarted = true;
    return *this;
}

CsvWriter& CsvWriter::integer(long long value) {
    return field(std::to_string(value));
}

CsvWriter& CsvWriter::number(double value, int decimals) {
    return field(formatNumber(value, decimals));
}

CsvWriter& CsvWriter::endRow() {
    m_text += '\n';
    m_rowStarted = false;
    return *this;
}

CsvWriter& CsvWriter::row(const std::vector<std::string>& fields) {
    for (const auto& f : fields)
        field(f);
    return endRow();
}

void CsvWriter::writeAtomic(const std::string& path) const {
    writeFileAtomic(path, m_text);
}

} // namespace advlab
