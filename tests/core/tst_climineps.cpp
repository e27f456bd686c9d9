// SPDX-License-Identifier: GPL-3.0-or-later
// advlab eval --min-eps on a tiny model: the per-image CSV holds exactly what
// runMinEpsilon finds on the same images, the curve CSV agrees with it, and
// the option combinations that make no sense are usage errors.
#include "CliRunner.h"
#include "TinyModel.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/CsvWriter.h>
#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <advlab/MinEpsilon.h>
#include <advlab/TorchRuntime.h>
#include <set>

using namespace advlab;

class TestCliMinEps : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_model, m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 120000); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("tiny.pt");
        test::saveTinyClassifier(m_model.toStdString());
        m_dataset = m_tmp.filePath("data");
        QDir().mkpath(m_dataset);
        for (int k = 0; k < 5; ++k) {
            Image8 img(32, 32);
            const int base = 30 + 40 * k;
            for (std::size_t i = 0; i < img.rgb.size(); ++i)
                img.rgb[i] = static_cast<std::uint8_t>(
                    base + static_cast<int>((i * 37 + static_cast<std::size_t>(k) * 101) % 23));
            writePngAtomic(QDir(m_dataset).filePath(QString("img%1.png").arg(k)).toStdString(), img);
        }
    }

    void csvHoldsTheSearchesAnswers() {
        const QString csv = m_tmp.filePath("minEps.csv"), curve = m_tmp.filePath("robust.csv");
        const auto r = runCli({"eval",      "--min-eps", "--attacks", "ifgsm,ifgsm-t", "--target-class",
                               "5",         "--max-eps", "16",        "--iters",       "4",
                               "--dataset", m_dataset,   "--model",   m_model,         "--threads",
                               "1",         "--csv",     csv,         "--curve-csv",   curve});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("robust accuracy"), qPrintable(r.out));

        // The same search in this process, on the images as the CLI loads them.
        initTorchRuntime(1);
        const Dataset d = Dataset::open(m_dataset.toStdString());
        std::vector<Image8> images;
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < d.size(); ++i) {
            images.push_back(d.loadImage(i));
            ids.push_back(d.entry(i).imageId);
        }
        const Classifier model = Classifier::load(m_model.toStdString(), DevicePreference::Cpu);
        MinEpsilonRequest req;
        for (bool targeted : {false, true}) {
            AttackConfig c;
            c.method = AttackMethod::Ifgsm;
            c.targeted = targeted;
            c.iterations = 4;
            req.attacks.push_back(c);
        }
        req.maxEpsilon = 16;
        const std::vector<int> labels(images.size(), -1), targets(images.size(), 4);
        const MinEpsilonResult expected = runMinEpsilon(model, images, labels, targets, req);

        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), 2 * images.size());
        const int idCol = t.requireColumn("ImageId"), epsCol = t.requireColumn("min_eps"),
                  attackCol = t.requireColumn("attack"), targetCol = t.requireColumn("target_class");
        std::set<std::string> values;
        for (std::size_t row = 0; row < t.rowCount(); ++row) {
            const auto& f = t.row(row);
            const std::size_t i = row / 2, a = row % 2;
            QCOMPARE(f[static_cast<std::size_t>(idCol)], ids[i]);
            QCOMPARE(f[static_cast<std::size_t>(attackCol)], std::string(a ? "ifgsm-t" : "ifgsm"));
            QCOMPARE(f[static_cast<std::size_t>(targetCol)], std::string(a ? "5" : ""));
            const int m = expected.minEpsilon[a][i];
            QCOMPARE(f[static_cast<std::size_t>(epsCol)], m < 0 ? std::string() : std::to_string(m));
            values.insert(f[static_cast<std::size_t>(epsCol)]);
        }
        QVERIFY2(values.size() >= 2, "every answer is the same: the comparison checks little");

        const CsvTable c = CsvTable::read(curve.toStdString());
        QCOMPARE(c.rowCount(), std::size_t(17));
        for (int e = 0; e <= 16; ++e)
            QCOMPARE(c.row(static_cast<std::size_t>(e))[2],
                     CsvWriter::formatNumber(expected.robustAccuracyCurve(0)[static_cast<std::size_t>(e)]));
    }

    // --defence model:FILE judges the search on another classifier: the CSV
    // is what runMinEpsilon gives with that judge, and names it on every row.
    void defenceJudgesTheSearch() {
        const QString judge = m_tmp.filePath("judge.pt");
        test::saveTinyVariant(judge.toStdString(), "Judge",
                              "    return out + 3.0 * torch.sin(torch.arange(1000) * 7.3)\n");
        const QString csv = m_tmp.filePath("judged.csv");
        const auto r = runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--max-eps", "16", "--iters", "4",
                               "--defence", "model:" + judge, "--dataset", m_dataset, "--model", m_model,
                               "--threads", "1", "--csv", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("judged by model judge"), qPrintable(r.err));

        initTorchRuntime(1);
        const Dataset d = Dataset::open(m_dataset.toStdString());
        std::vector<Image8> images;
        for (std::size_t i = 0; i < d.size(); ++i)
            images.push_back(d.loadImage(i));
        const Classifier model = Classifier::load(m_model.toStdString(), DevicePreference::Cpu);
        MinEpsilonRequest req;
        AttackConfig c;
        c.method = AttackMethod::Ifgsm;
        c.iterations = 4;
        req.attacks = {c};
        req.maxEpsilon = 16;
        req.defence = "model:" + judge.toStdString();
        const MinEpsilonResult expected =
            runMinEpsilon(model, images, std::vector<int>(images.size(), -1), {}, req);
        req.defence = "none";
        const MinEpsilonResult whiteBox =
            runMinEpsilon(model, images, std::vector<int>(images.size(), -1), {}, req);
        QVERIFY2(expected.minEpsilon != whiteBox.minEpsilon,
                 "the judge changes nothing: the test checks little");

        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), images.size());
        const int epsCol = t.requireColumn("min_eps"), defenceCol = t.requireColumn("defence");
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            const int m = expected.minEpsilon[0][i];
            QCOMPARE(t.row(i)[static_cast<std::size_t>(epsCol)], m < 0 ? std::string() : std::to_string(m));
            QCOMPARE(t.row(i)[static_cast<std::size_t>(defenceCol)], "model:" + judge.toStdString());
        }
        // A judge that answers NaN for the two bright images (means 0.63 and
        // 0.79): they have no answer, the run says so and names the judge,
        // and their min_eps is empty; the others are answered.
        const QString nanJudge = m_tmp.filePath("nanjudge.pt");
        test::saveNanWhenBrightModel(nanJudge.toStdString());
        const QString nanCsv = m_tmp.filePath("nan.csv");
        const auto nan = runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--max-eps", "4", "--iters", "2",
                                 "--defence", "model:" + nanJudge, "--dataset", m_dataset, "--model", m_model,
                                 "--threads", "1", "--csv", nanCsv});
        QVERIFY2(nan.code == 0, qPrintable(nan.err));
        QVERIFY2(nan.err.contains("2 of 5 images have no answer") && nan.err.contains("nanjudge"),
                 qPrintable(nan.err));
        const CsvTable nanRows = CsvTable::read(nanCsv.toStdString());
        const int nanEps = nanRows.requireColumn("min_eps"), nanRuns = nanRows.requireColumn("attack_runs");
        for (std::size_t i = 3; i < 5; ++i) {
            QCOMPARE(nanRows.row(i)[static_cast<std::size_t>(nanEps)], std::string());
            QCOMPARE(nanRows.row(i)[static_cast<std::size_t>(nanRuns)],
                     std::string("0")); // failed on the clean image
        }
        // The same judge scoring a sweep: the points where it answered for no
        // image say so.
        const auto sweep =
            runCli({"eval", "--sweep", "--attacks", "fgsm", "--eps", "2", "--defence", "model:" + nanJudge,
                    "--dataset", m_dataset, "--model", m_model, "--ids", "img3,img4", "--threads", "1"});
        QVERIFY2(sweep.code == 0, qPrintable(sweep.err));
        QVERIFY2(sweep.err.contains("gave no prediction for any image"), qPrintable(sweep.err));
        // A judge that does not load fails before the search, naming the file.
        const auto missing = runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--defence",
                                     "model:" + m_tmp.filePath("nope.pt"), "--dataset", m_dataset, "--model",
                                     m_model, "--threads", "1"});
        QVERIFY(missing.code != 0);
        QVERIFY2(missing.err.contains("nope.pt"), qPrintable(missing.err));
    }

    void nonsenseCombinationsAreUsageErrors() {
        const QStringList base{"eval", "--dataset", m_dataset, "--model", m_model, "--threads", "1"};
        auto r = runCli(base + QStringList{"--min-eps", "--eps", "4"});
        QCOMPARE(r.code, 2);
        r = runCli(base + QStringList{"--min-eps", "--sweep"});
        QCOMPARE(r.code, 2);
        r = runCli(base + QStringList{"--sweep", "--curve-csv", m_tmp.filePath("c.csv")});
        QCOMPARE(r.code, 2);
        r = runCli(base + QStringList{"--min-eps", "--max-eps", "0"});
        QCOMPARE(r.code, 2);
        r = runCli(base + QStringList{"--min-eps", "--csv", QDir(m_dataset).filePath("x.csv")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("inside the input dataset"), qPrintable(r.err));
        // --defence judges --sweep and --min-eps; --matrix takes --defences.
        r = runCli(base + QStringList{"--matrix", "--defence", "jpeg75"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--defences"), qPrintable(r.err));
        r = runCli(base + QStringList{"--min-eps", "--defence", "jpeg0"});
        QCOMPARE(r.code, 2);
    }
};

QTEST_APPLESS_MAIN(TestCliMinEps)
#include "tst_climineps.moc"
