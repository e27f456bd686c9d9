// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: advlab::CsvTable::parse on arbitrary bytes. It may reject
// the input with a DataError, and nothing else: no crash, no other exception,
// no sanitizer report, and an accepted table must be rectangular.
#include <advlab/CsvTable.h>
#include <advlab/Errors.h>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const advlab::CsvTable t = advlab::CsvTable::parse(text, "fuzz.csv");
        for (std::size_t r = 0; r < t.rowCount(); ++r) {
            if (t.row(r).size() != t.header().size() || t.lineOf(r) < 1)
                std::abort(); // a ragged row or a bogus line number slipped through
            for (std::size_t c = 0; c < t.header().size(); ++c) {
                if (t.findColumn(t.header()[c]) < 0)
                    std::abort();
                try {
                    (void)t.intField(r, static_cast<int>(c), -1000, 1000);
                } catch (const advlab::DataError&) {
                }
            }
        }
        try {
            (void)t.requireColumn("ImageId");
        } catch (const advlab::DataError&) {
        }
    } catch (const advlab::DataError&) {
        // Rejected with a message naming the file: the expected outcome for junk.
    }
    return 0;
}
