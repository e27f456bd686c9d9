// SPDX-License-Identifier: GPL-3.0-or-later
// `advlab eval` run as a user would, on the real dev set and model: the sweep
// and the score matrix print their tables and write well-formed CSVs; bad
// flags get a usage error naming the problem and write nothing; shards merge
// into the CSV one run writes.
#include "CliRunner.h"
#include "RealData.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>

using namespace advlab;

class TestEvalCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 600000); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_dataset = QString::fromStdString(test::requireDataset());
    }

    void sweepWritesOneRowPerAttackAndEpsilon() {
        const QString csv = m_tmp.filePath("sweep.csv");
        const auto r = runCli({"eval", "--sweep", "--dataset", m_dataset, "--attacks", "fgsm,ifgsm", "--eps",
                               "0,8", "--iters", "2", "--limit", "3", "--csv", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("FGSM"));
        QVERIFY(r.out.contains("I-FGSM"));
        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), std::size_t(4));
        const auto eps = static_cast<std::size_t>(t.requireColumn("epsilon"));
        const auto maxLinf = static_cast<std::size_t>(t.requireColumn("max_linf"));
        const auto success = static_cast<std::size_t>(t.requireColumn("success_rate"));
        const auto clean = static_cast<std::size_t>(t.requireColumn("clean_accuracy"));
        for (std::size_t i = 0; i < 4; ++i) {
            QVERIFY(std::stoi(t.row(i)[maxLinf]) <= std::stod(t.row(i)[eps]));
            // ε = 0: only the images the model already gets wrong count.
            if (std::stod(t.row(i)[eps]) == 0.0)
                QCOMPARE(std::stod(t.row(i)[success]), 1.0 - std::stod(t.row(i)[clean]));
        }
        QVERIFY(std::stod(t.row(1)[success]) >= std::stod(t.row(0)[success]));
    }

    void matrixWritesAttacksByDefences() {
        const QString csv = m_tmp.filePath("matrix.csv");
        const auto r =
            runCli({"eval", "--matrix", "--dataset", m_dataset, "--attacks", "fgsm,fgsm-t", "--eps", "16",
                    "--defences", "none,jpeg75,bits4", "--limit", "2", "--csv", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("defence score"));
        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.header().size(), std::size_t(5 + 3 + 1));
        QCOMPARE(t.rowCount(), std::size_t(2 + 2));
        QCOMPARE(QString::fromStdString(t.row(1)[2]), QString("1")); // the targeted row
        for (std::size_t row = 0; row < t.rowCount(); ++row)
            for (std::size_t c = 5; c < 8; ++c) {
                const double v = std::stod(t.row(row)[c]);
                QVERIFY(v >= 0.0 && v <= 1.0);
            }
    }

    // --shard K/N writes <csv>.counts.csv next to the CSV; advlab merge sums the counts of the shards
    // and writes the CSV one run would have written, byte for byte (the sweep's seconds aside).
    void shardedEvalMergesToTheSameCsv() {
        const QString dir = m_tmp.filePath("shards");
        QDir().mkpath(dir);
        // Two image shards of a matrix and of a sweep, and the one run each would replace.
        const QMap<QString, QStringList> modes{
            {"matrix", {"--matrix", "--attacks", "fgsm,fgsm-t", "--eps", "8", "--defences", "none,jpeg75"}},
            {"sweep", {"--sweep", "--attacks", "fgsm", "--eps", "2,16"}}};
        for (auto it = modes.begin(); it != modes.end(); ++it) {
            const QString name = it.key();
            const bool sweep = name == "sweep";
            const QStringList common =
                QStringList{"eval", "--dataset", m_dataset, "--limit", "4"} + it.value();
            const QString fullCsv = dir + "/" + name + ".csv";
            const auto full = runCli(QStringList(common) << "--csv" << fullCsv);
            QVERIFY2(full.code == 0, qPrintable(full.err));
            QVERIFY(!QFile::exists(fullCsv + ".counts.csv")); // only shards write counts
            QStringList shards;
            for (const QString k : {"1", "2"}) {
                const QString csv = dir + "/" + name + k + ".csv";
                const auto r = runCli(QStringList(common) << "--shard" << k + "/2"
                                                          << "--csv" << csv);
                QVERIFY2(r.code == 0, qPrintable(r.err));
                QVERIFY(QFile::exists(csv + ".counts.csv"));
                shards << csv;
            }
            const QString merged = dir + "/" + name + "_merged.csv";
            const auto m = runCli(QStringList{"merge", "--out", merged} + shards);
            QVERIFY2(m.code == 0, qPrintable(m.err));
            auto bytes = [&](const QString& path) {
                QFile f(path);
                if (!f.open(QIODevice::ReadOnly))
                    return QByteArray();
                const QByteArray all = f.readAll();
                if (!sweep)
                    return all;
                // The sweep's seconds column (the 15th) is wall time: it differs between any two runs.
                QList<QByteArray> lines = all.split('\n');
                for (QByteArray& line : lines) {
                    QList<QByteArray> fields = line.split(',');
                    if (fields.size() > 14)
                        fields[14] = "-";
                    line = fields.join(',');
                }
                return lines.join('\n');
            };
            const QByteArray want = bytes(fullCsv), got = bytes(merged);
            QVERIFY(!want.isEmpty());
            QVERIFY2(want == got, qPrintable(name + ", one run:\n" + want + "merged:\n" + got));
            // Each shard alone counts 2 images: the merge really summed them.
            QVERIFY(bytes(shards[0]) != want);
            // A CSV without its counts cannot be merged; the message names the missing file.
            const auto noCounts = runCli({"merge", "--out", dir + "/bad.csv", shards[0], fullCsv});
            QVERIFY(noCounts.code != 0);
            QVERIFY2(noCounts.err.contains(name + ".csv.counts.csv"), qPrintable(noCounts.err));
        }
        // Shards of different commands are refused, naming the file, and nothing is written.
        const auto bad =
            runCli({"merge", "--out", dir + "/bad.csv", dir + "/matrix1.csv", dir + "/sweep2.csv"});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("sweep2.csv"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(dir + "/bad.csv"));
    }

    void badFlagsAreUsageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no mode") << QStringList{"eval"} << "needs --sweep, --matrix or --min-eps";
        QTest::newRow("both modes") << QStringList{"eval", "--sweep", "--matrix"}
                                    << "--sweep excludes --matrix";
        QTest::newRow("bad attack") << QStringList{"eval", "--sweep", "--attacks", "fgsm,cw"} << "'cw'";
        QTest::newRow("bad defence") << QStringList{"eval", "--matrix", "--defences", "none,jpeg0"}
                                     << "jpeg0";
        QTest::newRow("targeted suffix in sweep")
            << QStringList{"eval", "--sweep", "--attacks", "ifgsm-t"} << "-t";
        QTest::newRow("bad eps") << QStringList{"eval", "--sweep", "--eps", "4,x"} << "'x'";
        QTest::newRow("hex eps") << QStringList{"eval", "--sweep", "--eps", "4,0x10"} << "decimal";
        QTest::newRow("defence with matrix")
            << QStringList{"eval", "--matrix", "--defence", "jpeg75"} << "--sweep";
        // D10: one ImageId twice once moved the same image twice.
        QTest::newRow("duplicate ids")
            << QStringList{"eval", "--sweep", "--ids", "0c7ac4a8c9dfa802,0c7ac4a8c9dfa802"}
            << "listed more than once";
    }
    void badFlagsAreUsageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString csv = m_tmp.filePath("never.csv");
        const auto r = runCli(args + QStringList{"--dataset", m_dataset, "--limit", "1", "--csv", csv});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(csv));
    }

    void refusesCsvInsideTheDataset() {
        const auto r = runCli({"eval", "--sweep", "--dataset", m_dataset, "--limit", "1", "--csv",
                               QDir(m_dataset).filePath("sweep.csv")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("inside the input dataset"));
        QVERIFY(!QFile::exists(QDir(m_dataset).filePath("sweep.csv")));
    }
};

QTEST_APPLESS_MAIN(TestEvalCli)
#include "tst_evalcli.moc"
