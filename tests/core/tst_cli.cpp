// SPDX-License-Identifier: GPL-3.0-or-later
// The advlab command line, run as a user would: real model, real images,
// outputs checked pixel by pixel, bad input answered with clear messages.
#include "CliRunner.h"
#include "RealData.h"

#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <advlab/Metrics.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace advlab;

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 300000); }

private Q_SLOTS:
    void initTestCase() { m_dataset = QString::fromStdString(test::requireDataset()); }

    void attackWritesCompetitionOutputWithinEpsilon() {
        const QString out = m_tmp.filePath("fgsm");
        const auto r = runCli({"attack", "--input_dir", m_dataset, "--output_dir", out, "--max_epsilon", "8",
                               "--attack", "fgsm", "--limit", "4"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("clean accuracy:"));
        QVERIFY(r.out.contains("adversarial accuracy:"));
        QVERIFY(r.out.contains("max Linf (pixels):    8"));
        const Dataset d = Dataset::open(m_dataset.toStdString());
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 4); // no temporaries left
        for (std::size_t i = 0; i < 4; ++i) {
            const std::string png = (out + "/").toStdString() + d.entry(i).imageId + ".png";
            const Image8 adv = readImage(png, 0);
            const Image8 orig = d.loadImage(i);
            QCOMPARE(adv.width, 299);
            QVERIFY(linfDistance(adv, orig) <= 8);
            QVERIFY(adv != orig);
        }
    }

    void targetedAttackReportsHitRate() {
        const auto r = runCli({"attack", "--dataset", m_dataset, "--out", m_tmp.filePath("t"), "--attack", "ifgsm",
                               "--eps", "16", "--iters", "12", "--targeted", "--limit", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("targeted hit rate:    100.0%"), qPrintable(r.out));
    }

    void classifyPrintsCsvAndAccuracy() {
        const auto r = runCli({"classify", "--dataset", m_dataset, "--limit", "3", "--top", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("ImageId,TrueLabel,Predicted"));
        QVERIFY(lines[1].startsWith("0c7ac4a8c9dfa802,306,"));
        QVERIFY(r.err.contains("accuracy:"));
    }

    void refusesToWriteIntoTheDataset() {
        // A private copy, so a regression could never touch the shared set.
        const QString copy = m_tmp.filePath("copy");
        QDir().mkpath(copy + "/images");
        for (const char* f : {"images.csv", "categories.csv"})
            QVERIFY(QFile::copy(m_dataset + "/" + f, copy + "/" + f));
        const int before = int(QDir(copy).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size());
        const auto r = runCli({"attack", "--dataset", copy, "--out", copy + "/images/../adv", "--limit", "1"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("inside the input dataset"), qPrintable(r.err));
        QCOMPARE(int(QDir(copy).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size()), before);
    }

    void badInputsGetClearMessages() {
        auto r = runCli({"classify", "--dataset", m_tmp.filePath("missing")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(m_tmp.filePath("missing")) && r.err.contains("not found"), qPrintable(r.err));

        const QString garbage = m_tmp.filePath("garbage.pt");
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("nope");
        f.close();
        r = runCli({"classify", "--dataset", m_dataset, "--model", garbage, "--limit", "1"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(garbage) && r.err.contains("TorchScript"), qPrintable(r.err));

        r = runCli({"attack", "--dataset", m_dataset, "--out", m_tmp.filePath("x"), "--eps", "300"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--eps: must be in 0..255, got 300"), qPrintable(r.err));
        r = runCli({"attack", "--dataset", m_dataset, "--out", m_tmp.filePath("x"), "--attack", "cw"});
        QCOMPARE(r.code, 2);
        // A repeated flag, even under its competition alias, is refused rather than overriding.
        r = runCli({"attack", "--dataset", m_dataset, "--out", m_tmp.filePath("x"), "--eps", "8", "--max_epsilon",
                    "4"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--eps is given more than once"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("x")));
        r = runCli({"classify", "--bogus"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("not expected: --bogus"), qPrintable(r.err));
        r = runCli({"frobnicate"});
        QCOMPARE(r.code, 2);
    }

    // Ctrl-C and SIGTERM alike: stop after the current step, keep only whole
    // files, exit 128 + signal.
    void interruptStopsCleanlyWithWholeFiles_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }
    void interruptStopsCleanlyWithWholeFiles() {
        QFETCH(int, signal);
        const QString out = m_tmp.filePath(QString("interrupted%1").arg(signal));
        QProcess p;
        p.start(QStringLiteral(ADVLAB_CLI_PATH), {"attack", "--dataset", m_dataset, "--out", out, "--attack", "ifgsm",
                                                   "--iters", "40", "--batch", "1", "--limit", "20"});
        QVERIFY(p.waitForStarted());
        // Interrupt once the first image has been written.
        QTRY_VERIFY_WITH_TIMEOUT(QDir(out).exists() && !QDir(out).entryList({"*.png"}, QDir::Files).isEmpty(), 120000);
        ::kill(static_cast<pid_t>(p.processId()), signal);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 128 + signal);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("interrupted:") || err.contains("every file written is whole"), qPrintable(err));
        QCOMPARE(err.count("stopping after the current step"), 1);
        const auto files = QDir(out).entryList(QDir::Files | QDir::Hidden);
        QVERIFY(files.size() >= 1 && files.size() < 20);
        for (const auto& name : files) {
            QVERIFY2(name.endsWith(".png") && !name.startsWith("."), qPrintable(name)); // no temporaries
            QCOMPARE(readImage((out + "/" + name).toStdString(), 0).width, 299);    // whole, decodable
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
