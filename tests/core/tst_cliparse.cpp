// SPDX-License-Identifier: GPL-3.0-or-later
// The advlab command line's parser, run as a user would: help and version
// exit 0, and every kind of bad usage exits 2 with one clear line before any
// data or model is touched (so these run in milliseconds).
#include "CliRunner.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Version.h>

using namespace advlab;

class TestCliParse : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 60000); }

private Q_SLOTS:
    void helpExitsZero_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("--help") << QStringList{"--help"}
                                << QStringList{"classify", "attack", "eval", "--version"};
        QTest::newRow("-h") << QStringList{"-h"} << QStringList{"classify", "attack", "eval"};
        QTest::newRow("help") << QStringList{"help"} << QStringList{"classify", "attack", "eval"};
        QTest::newRow("attack --help")
            << QStringList{"attack", "--help"}
            << QStringList{"--out",          "--eps",        "--max_epsilon", "--input_dir", "--output_dir",
                           "--target-class", "--no-clobber", "ditimifgsm",    "--di",        "--ti",
                           "--ni",           "--si",         "--vt"};
        QTest::newRow("help attack") << QStringList{"help", "attack"}
                                     << QStringList{"--out", "--eps", "--iters"};
        QTest::newRow("eval -h") << QStringList{"eval", "-h"}
                                 << QStringList{"--sweep", "--matrix", "--defences", "--ids",
                                                "--csv",   "vnifgsm",  "--vt"};
        // --top and --quiet existed but were missing from the old usage text.
        QTest::newRow("classify --help")
            << QStringList{"classify", "--help"} << QStringList{"--top", "--quiet", "--dataset", "--model"};
    }
    void helpExitsZero() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        const auto r = runCli(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const auto& m : mentions)
            QVERIFY2(r.out.contains(m), qPrintable(m + " missing from:\n" + r.out));
    }

    void everyOptionIsDescribed_data() {
        QTest::addColumn<QString>("command");
        for (const char* c : {"classify", "attack", "eval"})
            QTest::newRow(c) << QString(c);
    }
    void everyOptionIsDescribed() {
        QFETCH(QString, command);
        const auto r = runCli({command, "--help"});
        QCOMPARE(r.code, 0);
        // CLI11 prints "  --name TYPE   description", or the description on
        // the next, deeper-indented line when the name is long.
        const QStringList lines = r.out.split('\n');
        int options = 0;
        for (int i = 0; i < lines.size(); ++i) {
            if (!lines[i].startsWith("  -"))
                continue;
            ++options;
            const QStringList columns = lines[i].trimmed().split(QRegularExpression("\\s{2,}"));
            const bool described =
                columns.size() >= 2 || (i + 1 < lines.size() && lines[i + 1].startsWith(QString(20, ' ')));
            QVERIFY2(described, qPrintable("no description: " + lines[i]));
        }
        QVERIFY(options >= 8);
    }

    void versionComesFromTheProject() {
        const auto r = runCli({"--version"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("advlab " ADVLAB_VERSION));
    }

    void badUsageExitsTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = m_tmp.filePath("never");
        QTest::newRow("no command") << QStringList{} << "command";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command 'frobnicate'";
        QTest::newRow("unknown option") << QStringList{"classify", "--bogus"} << "--bogus";
        QTest::newRow("attack without --out") << QStringList{"attack"} << "--out";
        QTest::newRow("eps out of range") << QStringList{"attack", "--out", out, "--eps", "300"} << "0..255";
        QTest::newRow("empty dataset path") << QStringList{"classify", "--dataset", ""} << "empty path";
        QTest::newRow("empty model path") << QStringList{"classify", "--model", ""} << "empty path";
        QTest::newRow("empty out path") << QStringList{"attack", "--out", ""} << "empty path";
        QTest::newRow("hex eps") << QStringList{"attack", "--out", out, "--eps", "0x10"} << "decimal";
        QTest::newRow("hex iters") << QStringList{"attack", "--out", out, "--iters", "0x10"} << "decimal";
        QTest::newRow("nan eps") << QStringList{"attack", "--out", out, "--eps", "nan"} << "decimal";
        QTest::newRow("repeated flag") << QStringList{"attack", "--out", out, "--eps", "8", "--eps", "4"}
                                       << "--eps is given more than once";
        QTest::newRow("repeated alias")
            << QStringList{"attack", "--out", out, "--eps", "8", "--max_epsilon", "4"}
            << "--eps is given more than once";
        QTest::newRow("target class without --targeted")
            << QStringList{"attack", "--out", out, "--target-class", "5"} << "--targeted";
        QTest::newRow("unknown attack") << QStringList{"attack", "--out", out, "--attack", "cw"} << "'cw'";
        QTest::newRow("even TI kernel") << QStringList{"attack", "--out", out, "--ti", "4"} << "odd";
        QTest::newRow("DI probability above 1")
            << QStringList{"attack", "--out", out, "--di-prob", "1.5"} << "0..1";
        QTest::newRow("SI scales out of range")
            << QStringList{"attack", "--out", out, "--si", "0"} << "1..16";
        QTest::newRow("unknown preset in eval")
            << QStringList{"eval", "--matrix", "--attacks", "ditimifgsm-t,vmi"} << "'vmi'";
        QTest::newRow("unknown device") << QStringList{"classify", "--device", "tpu"} << "tpu";
        QTest::newRow("top out of range") << QStringList{"classify", "--top", "11"} << "1..10";
        QTest::newRow("no eval mode") << QStringList{"eval"} << "--sweep, --matrix or --min-eps";
        QTest::newRow("both eval modes") << QStringList{"eval", "--sweep", "--matrix"} << "--matrix";
        QTest::newRow("repeated list") << QStringList{"eval", "--sweep", "--eps", "2,4", "--eps", "8"}
                                       << "--eps is given more than once";
        QTest::newRow("hex in a list") << QStringList{"eval", "--sweep", "--eps", "2,0x10"} << "decimal";
        QTest::newRow("defence and defences")
            << QStringList{"eval", "--matrix", "--defence", "jpeg75", "--defences", "none"} << "--defence";
        QTest::newRow("defences with sweep")
            << QStringList{"eval", "--sweep", "--defences", "none"} << "--matrix";
        QTest::newRow("duplicate ids")
            << QStringList{"eval", "--sweep", "--ids", "a,b,a"} << "'a' is listed more than once";
        QTest::newRow("eval target class, nothing targeted")
            << QStringList{"eval", "--sweep", "--target-class", "3"} << "--target-class";
        // CLI11 dropped empty list items silently, and "" failed with "Could not convert".
        QTest::newRow("empty attack entry") << QStringList{"eval", "--sweep", "--attacks", "fgsm,,ifgsm"}
                                            << "--attacks 'fgsm,,ifgsm': an empty entry";
        QTest::newRow("empty attack list")
            << QStringList{"eval", "--sweep", "--attacks", ""} << "--attacks '': an empty entry";
        QTest::newRow("trailing comma, --name=value")
            << QStringList{"eval", "--matrix", "--defences=none,"} << "--defences 'none,': an empty entry";
        QTest::newRow("empty eps entry") << QStringList{"eval", "--sweep", "--eps", ",4"} << "--eps ',4'";
        QTest::newRow("duplicate attack")
            << QStringList{"eval", "--sweep", "--attacks", "fgsm,FGSM"} << "'FGSM' is listed more than once";
        QTest::newRow("duplicate defence")
            << QStringList{"eval", "--matrix", "--defences", "none,jpeg75,jpeg75"}
            << "--defences: 'jpeg75' is listed more than once";
        QTest::newRow("duplicate compete attack")
            << QStringList{"compete", "--out", out, "--builtin-attacks", "mifgsm,ifgsm,MIFGSM"}
            << "--builtin-attacks: 'MIFGSM' is listed more than once";
        QTest::newRow("duplicate compete defence")
            << QStringList{"compete", "--out", out, "--builtin-defences", "bits4,none,bits4"}
            << "--builtin-defences: 'bits4' is listed more than once";
        QTest::newRow("empty compete list entry")
            << QStringList{"compete", "--out", out, "--builtin-attacks", "fgsm,"}
            << "--builtin-attacks 'fgsm,'";
        QTest::newRow("help for an unknown command") << QStringList{"help", "frobnicate"} << "frobnicate";
    }
    void badUsageExitsTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        // Nowhere to find data or a model: a usage error must come first.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("ADVLAB_SHARED", m_tmp.filePath("nothing-here"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(ADVLAB_CLI_PATH), args);
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 2, qPrintable(err));
        QVERIFY2(p.readAllStandardOutput().isEmpty(), "usage errors go to stderr");
        const QStringList lines = err.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].contains(message), qPrintable(err));
        QVERIFY2(lines[1].contains("--help"), qPrintable(err));
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("never")));
    }

    void optionsAfterTheCommandReachTheTopLevel() {
        // --verbose and --version are global, and work after a command too.
        const auto r = runCli({"classify", "--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(ADVLAB_VERSION));
    }
};

QTEST_APPLESS_MAIN(TestCliParse)
#include "tst_cliparse.moc"
