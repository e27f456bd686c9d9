// SPDX-License-Identifier: GPL-3.0-or-later
// scripts/export_torchvision_model.py: each supported torchvision
// architecture exports to the model contract and classifies in advlab. The
// weights are random (--weights none), because nothing may be downloaded;
// the contract (any size in, 1000 logits out, loadable by LibTorch) is what
// is checked.
#include "ProcessRunner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using advlab::test::runProgram;

namespace {

// Debian's interpreter, which has python3-torchvision; a python3 earlier on
// PATH (pyenv, a venv) may not.
const QString kPython = QStringLiteral("/usr/bin/python3");

} // namespace

class TestExportModel : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void exportsAndClassifies_data() {
        QTest::addColumn<QString>("name");
        for (const char* name : {"inception_v3", "resnet50", "vgg16", "efficientnet_b0", "vit_b_16"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void exportsAndClassifies() {
        QFETCH(QString, name);
        const QString out = m_tmp.filePath(name + ".pt");
        const auto e = runProgram(kPython, {ADVLAB_EXPORT_SCRIPT, name, out, "--weights", "none"}, 15 * 60 * 1000);
        QVERIFY2(e.code == 0, qPrintable(e.err));
        QVERIFY(e.out.contains("wrote " + out));
        QVERIFY(QFile::exists(out));

        const auto c = runProgram(ADVLAB_CLI_PATH, {"classify", "--model", out, "--limit", "2"}, 10 * 60 * 1000);
        QFile::remove(out); // vgg16 alone is half a gigabyte
        QVERIFY2(c.code == 0, qPrintable(c.err));
        const QStringList lines = c.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header + 2 images
        QVERIFY(c.err.contains(out));
    }

    void missingWeightsSayWhereToPutThem() {
        QProcessEnvironment env = advlab::test::cleanEnvironment();
        env.insert("TORCH_HOME", m_tmp.filePath("empty-torch-home"));
        const QString out = m_tmp.filePath("never.pt");
        const auto e = runProgram(kPython, {ADVLAB_EXPORT_SCRIPT, "inception_v3", out}, 5 * 60 * 1000, {}, env);
        QCOMPARE(e.code, 1);
        QVERIFY2(e.err.contains("not in torchvision's cache"), qPrintable(e.err));
        QVERIFY(e.err.contains(m_tmp.filePath("empty-torch-home/hub/checkpoints/inception_v3_google-")));
        QVERIFY(e.err.contains("--weights none"));
        QVERIFY(!QFile::exists(out));
    }

    // Refused before any building or tracing, with one line and no traceback.
    void badRequestsAreRefusedUpFront_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = m_tmp.filePath("x.pt");
        QTest::newRow("unknown name") << QStringList{"no_such_net", out}
                                      << "'no_such_net' is not a torchvision ImageNet classifier";
        QTest::newRow("detection model") << QStringList{"fasterrcnn_resnet50_fpn", out}
                                         << "is not a torchvision ImageNet classifier";
        QTest::newRow("optical flow") << QStringList{"raft_small", out} << "is not a torchvision ImageNet classifier";
        QTest::newRow("output is a folder") << QStringList{"resnet50", m_tmp.path()} << "is a folder";
        QTest::newRow("empty output") << QStringList{"resnet50", ""} << "the output path is empty";
        QTest::newRow("missing folder") << QStringList{"resnet50", m_tmp.filePath("nope/x.pt")} << "does not exist";
    }
    void badRequestsAreRefusedUpFront() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto e = runProgram(kPython, QStringList{ADVLAB_EXPORT_SCRIPT} + args + QStringList{"--weights", "none"},
                                  5 * 60 * 1000);
        QCOMPARE(e.code, 1);
        QVERIFY2(e.err.contains(message), qPrintable(e.err));
        QVERIFY2(!e.err.contains("Traceback"), qPrintable(e.err));
        QCOMPARE(QDir(m_tmp.path()).entryList({".export-*"}, QDir::Files | QDir::Hidden).size(), 0);
    }
};

QTEST_APPLESS_MAIN(TestExportModel)
#include "tst_exportmodel.moc"
