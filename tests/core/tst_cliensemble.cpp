// SPDX-License-Identifier: GPL-3.0-or-later
// advlab with an ensemble --model a.pt,b.pt [--model-weights]: weights (1, 0)
// give exactly the first model's adversarial images; bad lists and weights
// are usage errors that say what is wrong; a model that fails to load is
// named. Tiny models and a folder of small PNGs built here.
#include "CliRunner.h"
#include "TinyModel.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/ImageIo.h>

using namespace advlab;

class TestCliEnsemble : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_a, m_b, m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 120000); }

    QByteArray readFile(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            QTest::qFail(qPrintable("cannot read " + path), __FILE__, __LINE__);
        return f.readAll();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_a = m_tmp.filePath("a.pt");
        m_b = m_tmp.filePath("b.pt");
        test::saveTinyClassifier(m_a.toStdString(), 1000, 7);
        test::saveTinyClassifier(m_b.toStdString(), 1000, 23);
        m_dataset = m_tmp.filePath("data");
        QDir().mkpath(m_dataset);
        for (int k = 0; k < 3; ++k) {
            Image8 img(40, 40);
            for (std::size_t i = 0; i < img.rgb.size(); ++i)
                img.rgb[i] = static_cast<std::uint8_t>((i * 37 + static_cast<std::size_t>(k) * 101) % 251);
            writePngAtomic(QDir(m_dataset).filePath(QString("img%1.png").arg(k)).toStdString(), img);
        }
    }

    void weightsOneZeroGiveTheFirstModelsImages() {
        const QStringList base{"attack",   "--dataset", m_dataset, "--threads", "1",
                               "--attack", "mifgsm",    "--eps",   "8"};
        const auto single = runCli(base + QStringList{"--model", m_a, "--out", m_tmp.filePath("single")});
        QCOMPARE(single.code, 0);
        const auto ens = runCli(base + QStringList{"--model", m_a + "," + m_b, "--model-weights", "1,0",
                                                   "--out", m_tmp.filePath("ens10")});
        QVERIFY2(ens.code == 0, qPrintable(ens.err));
        QVERIFY2(ens.err.contains("ensemble"), qPrintable(ens.err)); // the status line says what runs
        const auto other = runCli(base + QStringList{"--model", m_a + "," + m_b, "--model-weights", "0,1",
                                                     "--out", m_tmp.filePath("ens01")});
        QCOMPARE(other.code, 0);
        int differ = 0;
        for (int k = 0; k < 3; ++k) {
            const QString name = QString("img%1.png").arg(k);
            const QByteArray s = readFile(QDir(m_tmp.filePath("single")).filePath(name));
            QVERIFY(!s.isEmpty());
            QCOMPARE(readFile(QDir(m_tmp.filePath("ens10")).filePath(name)), s);
            differ += readFile(QDir(m_tmp.filePath("ens01")).filePath(name)) != s;
        }
        QVERIFY(differ > 0); // the weights chose the model
        // classify takes an ensemble too.
        const auto cls =
            runCli({"classify", "--dataset", m_dataset, "--threads", "1", "--model", m_a + "," + m_b});
        QVERIFY2(cls.code == 0, qPrintable(cls.err));
    }

    void badListsAndWeightsAreExplained() {
        const QStringList base{"classify", "--dataset", m_dataset, "--threads", "1", "-q"};
        auto r = runCli(base + QStringList{"--model", m_a + "," + m_b, "--model-weights", "1,2,3"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("3 weights for 2 models"), qPrintable(r.err));
        r = runCli(base + QStringList{"--model", m_a + ",," + m_b});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("empty entry"), qPrintable(r.err));
        r = runCli(base + QStringList{"--model", m_a + "," + m_b, "--model-weights", "0,0"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("sum to 0"), qPrintable(r.err));
        r = runCli(base + QStringList{"--model", m_a + "," + m_b, "--model-weights", "1,-1"});
        QCOMPARE(r.code, 2);
        const QString missing = m_tmp.filePath("missing.pt");
        r = runCli(base + QStringList{"--model", m_a + "," + missing});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(TestCliEnsemble)
#include "tst_cliensemble.moc"
