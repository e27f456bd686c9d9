// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExpectError.h"

#include <QtTest>
#include <advlab/CsvTable.h>

using advlab::CsvTable;
using advlab::DataError;
using advlab::test::expectDataError;

class TestCsvTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesQuotedFieldsAndLineEndings() {
        const auto t =
            CsvTable::parse("\xEF\xBB\xBF"
                            "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"multi\nline\",z\n3,,\n",
                            "t.csv");
        QCOMPARE(t.header().size(), size_t(3));
        QCOMPARE(t.header()[0], std::string("a")); // BOM stripped
        QCOMPARE(t.rowCount(), size_t(3));
        QCOMPARE(t.row(0)[1], std::string("x, y"));
        QCOMPARE(t.row(0)[2], std::string("say \"hi\""));
        QCOMPARE(t.row(1)[1], std::string("multi\nline"));
        QCOMPARE(t.lineOf(0), 2);
        QCOMPARE(t.lineOf(1), 4); // blank line 3 skipped, line numbers kept
        QCOMPARE(t.lineOf(2), 6); // the quoted newline counted
        QCOMPARE(t.row(2)[2], std::string());
    }

    void rejectsWrongFieldCountWithLine() {
        const auto e = expectDataError([] { CsvTable::parse("a,b\n1,2\n3\n", "bad.csv"); });
        QCOMPARE(e.file(), std::string("bad.csv"));
        QCOMPARE(e.line(), 3);
        QVERIFY(std::string(e.what()).find("bad.csv:3") != std::string::npos);
        QVERIFY(e.problem().find("expected 2 fields") != std::string::npos);
    }

    void rejectsUnterminatedQuote() {
        const auto e = expectDataError([] { CsvTable::parse("a,b\n1,\"open\n2,3\n", "q.csv"); });
        QCOMPARE(e.line(), 2);
        QVERIFY(e.problem().find("unterminated") != std::string::npos);
    }

    void rejectsEmptyAndBinaryFiles() {
        QVERIFY(expectDataError([] { CsvTable::parse("", "empty.csv"); }).problem().find("empty") !=
                std::string::npos);
        QVERIFY(expectDataError([] { CsvTable::parse(std::string("a\0b", 3), "bin.csv"); })
                    .problem()
                    .find("NUL") != std::string::npos);
    }

    void missingFileNamesThePath() {
        const auto e = expectDataError([] { CsvTable::read("/nonexistent/dir/images.csv"); });
        QCOMPARE(e.file(), std::string("/nonexistent/dir/images.csv"));
        QCOMPARE(e.problem(), std::string("not found"));
    }

    void requiredColumnsAndIntegers() {
        const auto t = CsvTable::parse("Id,TrueLabel\nx, 5 \ny,abc\nz,1001\nw,\n", "labels.csv");
        QCOMPARE(t.requireColumn("TrueLabel"), 1);
        QCOMPARE(t.findColumn("TargetClass"), -1);
        const auto missing = expectDataError([&] { t.requireColumn("TargetClass"); });
        QVERIFY(missing.problem().find("missing column \"TargetClass\"") != std::string::npos);
        QCOMPARE(t.intField(0, 1, 1, 1000), 5); // surrounding blanks tolerated
        const auto notInt = expectDataError([&] { t.intField(1, 1, 1, 1000); });
        QCOMPARE(notInt.line(), 3);
        QVERIFY(notInt.problem().find("TrueLabel \"abc\" is not an integer") != std::string::npos);
        const auto range = expectDataError([&] { t.intField(2, 1, 1, 1000); });
        QCOMPARE(range.line(), 4);
        QVERIFY(range.problem().find("out of range 1..1000") != std::string::npos);
        QVERIFY(expectDataError([&] { t.intField(3, 1, 1, 1000); }).problem().find("empty") !=
                std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCsvTable)
#include "tst_csvtable.moc"
