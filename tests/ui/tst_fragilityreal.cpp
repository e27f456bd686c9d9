// SPDX-License-Identifier: GPL-3.0-or-later
// The dataset scan on the real model (issue 12 §4): on six dev-set images
// (a copy: the scan never touches its input), the minimal-ε badges of an
// I-FGSM-5 scan are what `advlab eval --min-eps --csv` writes for the same
// images and settings. Integration: about half a minute on 2 cores.
#include "DatasetModel.h"
#include "core/CliRunner.h"
#include "core/RealData.h"
#include "fragility/FragilityScanner.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/Dataset.h>
#include <advlab/TorchRuntime.h>
#include <map>

using namespace advlab;
using namespace advlab::ui;

class TestFragilityReal : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badgesEqualTheCliOnTheRealModel() {
        initTorchRuntime(1);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString source = QString::fromStdString(test::requireDataset());
        const QString model = QString::fromStdString(test::requireModel());
        const QString data = tmp.filePath("data");
        QVERIFY(QDir().mkpath(data + "/images"));
        QFile csv(source + "/images.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QByteArray rows = csv.readLine(); // header
        for (int i = 0; i < 6; ++i) {
            const QByteArray line = csv.readLine();
            rows += line;
            const QString id = QString::fromUtf8(line.left(line.indexOf(',')));
            QVERIFY(QFile::copy(source + "/images/" + id + ".png", data + "/images/" + id + ".png"));
        }
        QFile out(data + "/images.csv");
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(rows);
        out.close();
        QVERIFY(QFile::copy(source + "/categories.csv", data + "/categories.csv"));

        FragilityScanner scanner;
        FragilityRequest r;
        r.datasetRoot = data;
        r.modelPaths = {model};
        r.config.method = AttackMethod::Ifgsm;
        r.config.iterations = 5;
        r.mode = FragilityMode::MinEpsilon;
        r.maxEpsilon = 64;
        QSignalSpy done(&scanner, &FragilityScanner::finished);
        QSignalSpy failed(&scanner, &FragilityScanner::failed);
        scanner.start(r);
        QVERIFY(done.wait(600000));
        QVERIFY(failed.isEmpty());
        const auto results = done.first().at(0).value<FragilityResultsPtr>();
        DatasetModel images;
        images.setDataset(std::make_shared<Dataset>(Dataset::open(data.toStdString())));
        images.setFragility(results);
        QVERIFY(images.fragility());

        const QString minEps = tmp.filePath("minEps.csv");
        const auto cli =
            test::runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--iters", "5", "--max-eps", "64",
                          "--dataset", data, "--model", model, "--threads", "1", "--csv", minEps},
                         600000);
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const CsvTable t = CsvTable::read(minEps.toStdString());
        const auto idCol = static_cast<std::size_t>(t.requireColumn("ImageId"));
        const auto epsCol = static_cast<std::size_t>(t.requireColumn("min_eps"));
        std::map<std::string, QString> expected;
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            const std::string& e = t.row(i)[epsCol];
            expected[t.row(i)[idCol]] =
                e.empty() ? QStringLiteral("ε >64") : QStringLiteral("ε %1").arg(QString::fromStdString(e));
        }
        QCOMPARE(static_cast<int>(expected.size()), images.rowCount());
        for (int row = 0; row < images.rowCount(); ++row) {
            const std::string id = images.dataset()->entry(static_cast<std::size_t>(row)).imageId;
            QCOMPARE(images.index(row).data(DatasetModel::FragilityBadgeRole).toString(), expected.at(id));
        }
    }
};

QTEST_MAIN(TestFragilityReal)
#include "tst_fragilityreal.moc"
