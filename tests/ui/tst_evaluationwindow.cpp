// SPDX-License-Identifier: GPL-3.0-or-later
// The evaluation window on the real dev set and model: a sweep draws one
// curve per attack and exports PNG, PDF and CSV; the score matrix fills a
// colour-coded table; Cancel stops a run and keeps the GUI responsive.
#include "eval/EvaluationWindow.h"
#include "eval/ScoreTable.h"
#include "eval/SweepPlot.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>

using namespace advlab;
using namespace advlab::ui;

namespace {
constexpr int kTimeoutMs = 300000; // a few seconds normally; generous for a loaded 2-core CI machine
} // namespace

// Binds `var` to the child widget called `name`, or fails the test function
// right here (a missing widget is a test failure, not a crash of the run).
#define FIND_CHILD(Type, var, parent, name)                                                                  \
    auto* var = (parent)->findChild<Type*>(QStringLiteral(name));                                            \
    QVERIFY2(var != nullptr, "no child widget named " name)

class TestEvaluationWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    void configureSmallRun(EvaluationWindow& w) {
        FIND_CHILD(QSpinBox, imageLimit, &w, "imageLimit");
        FIND_CHILD(QSpinBox, iterations, &w, "iterations");
        FIND_CHILD(QCheckBox, attack_fgsm, &w, "attack_fgsm");
        FIND_CHILD(QCheckBox, attack_ifgsm, &w, "attack_ifgsm");
        FIND_CHILD(QCheckBox, attack_mifgsm, &w, "attack_mifgsm");
        FIND_CHILD(QCheckBox, attack_pgd, &w, "attack_pgd");
        w.setDatasetPath(QString::fromStdString(resolveDataset().path));
        w.setModelPath(QString::fromStdString(resolveModel().path));
        imageLimit->setValue(2);
        iterations->setValue(2);
        attack_fgsm->setChecked(true);
        attack_ifgsm->setChecked(true);
        attack_mifgsm->setChecked(false);
        attack_pgd->setChecked(false);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        initTorchRuntime();
        QVERIFY(m_tmp.isValid());
        if (resolveDataset().path.empty() || resolveModel().path.empty())
            QFAIL("the bundled dev set and model (resources/) are required");
    }

    void sweepDrawsCurvesAndExports() {
        EvaluationWindow w;
        configureSmallRun(w);
        QVERIFY(!QTest::currentTestFailed());
        FIND_CHILD(QLineEdit, epsilonList, &w, "epsilonList");
        FIND_CHILD(QPushButton, runSweepButton, &w, "runSweepButton");
        FIND_CHILD(QPushButton, cancelButton, &w, "cancelButton");
        FIND_CHILD(SweepPlot, sweepPlot, &w, "sweepPlot");
        epsilonList->setText(QStringLiteral("0, 4, 16"));
        w.show();
        QSignalSpy done(&w, &EvaluationWindow::sweepFinished);
        QSignalSpy failed(&w, &EvaluationWindow::runFailed);
        QTest::mouseClick(runSweepButton, Qt::LeftButton);
        QVERIFY(w.isRunning());
        QVERIFY(!runSweepButton->isEnabled());
        QVERIFY(cancelButton->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() + failed.count() > 0, kTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY(!w.isRunning());

        auto* plot = sweepPlot;
        QCOMPARE(plot->graphCount(), 2); // FGSM and I-FGSM
        for (int g = 0; g < 2; ++g)
            QCOMPARE(plot->graph(g)->data()->size(), 3);
        QVERIFY(w.sweepResult().has_value());
        const auto& rows = w.sweepResult()->rows;
        QCOMPARE(rows.size(), std::size_t(6));
        QCOMPARE(rows[0].summary.maxLinf, 0);                // ε = 0 changes nothing
        QVERIFY(rows[2].successRate >= rows[0].successRate); // ε = 16 fools at least as often
        QVERIFY(rows[2].summary.maxLinf <= 16);

        const QString png = m_tmp.filePath(QStringLiteral("sweep.png"));
        const QString pdf = m_tmp.filePath(QStringLiteral("sweep.pdf"));
        const QString csv = m_tmp.filePath(QStringLiteral("sweep.csv"));
        QString error;
        QVERIFY2(w.exportPlot(png, &error), qPrintable(error));
        QVERIFY2(w.exportPlot(pdf, &error), qPrintable(error));
        QVERIFY2(w.exportSweepCsv(csv, &error), qPrintable(error));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 1000); // 2x scale for print
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), std::size_t(6));
        // Exports never leave temporary files behind.
        QCOMPARE(QDir(m_tmp.path()).entryList(QDir::Files | QDir::Hidden).size(), 3);
        // A folder that does not exist fails with a message, not a crash.
        QVERIFY(!w.exportPlot(m_tmp.filePath(QStringLiteral("missing/x.png")), &error));
        QVERIFY(error.contains(QStringLiteral("missing")));
    }

    void matrixFillsColourCodedTable() {
        EvaluationWindow w;
        configureSmallRun(w);
        QVERIFY(!QTest::currentTestFailed());
        FIND_CHILD(QCheckBox, targetedMatrix, &w, "targetedMatrix");
        FIND_CHILD(QListWidget, defenceList, &w, "defenceList");
        FIND_CHILD(QLineEdit, extraDefences, &w, "extraDefences");
        FIND_CHILD(ScoreTable, scoreTable, &w, "scoreTable");
        targetedMatrix->setChecked(false);
        auto* list = defenceList;
        for (int i = 0; i < list->count(); ++i) {
            const QString key = list->item(i)->data(Qt::UserRole).toString();
            list->item(i)->setCheckState(
                key == QLatin1String("none") || key == QLatin1String("bits4") ? Qt::Checked : Qt::Unchecked);
        }
        extraDefences->setText(QStringLiteral("jpeg50"));
        QSignalSpy done(&w, &EvaluationWindow::matrixFinished);
        QSignalSpy failed(&w, &EvaluationWindow::runFailed);
        w.startMatrix();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() + failed.count() > 0, kTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

        auto* table = scoreTable;
        QCOMPARE(table->columnCount(), 3 + 1); // none, bits4, jpeg50, mean
        QCOMPARE(table->rowCount(), 2 + 2);    // FGSM, I-FGSM, clean accuracy, defence score
        const ScoreMatrix& m = *w.matrixResult();
        for (int a = 0; a < 2; ++a)
            for (int d = 0; d < 3; ++d) {
                const double s = m.attackScore[static_cast<std::size_t>(a)][static_cast<std::size_t>(d)];
                QCOMPARE(table->item(a, d)->data(Qt::UserRole).toDouble(), s);
                QCOMPARE(table->item(a, d)->background().color(), ScoreTable::attackColour(s));
            }
        QCOMPARE(table->item(2, 0)->data(Qt::UserRole).toDouble(), m.cleanAccuracy[0]);
        QCOMPARE(table->item(3, 1)->background().color(), ScoreTable::defenceColour(m.defenceScore[1]));
        QVERIFY(ScoreTable::attackColour(1.0) != ScoreTable::attackColour(0.0));

        const QString csv = m_tmp.filePath(QStringLiteral("matrix.csv"));
        QString error;
        QVERIFY2(w.exportMatrixCsv(csv, &error), qPrintable(error));
        QCOMPARE(CsvTable::read(csv.toStdString()).rowCount(), std::size_t(4));
    }

    void cancelStopsARun() {
        EvaluationWindow w;
        configureSmallRun(w);
        QVERIFY(!QTest::currentTestFailed());
        FIND_CHILD(QSpinBox, iterations, &w, "iterations");
        FIND_CHILD(QLineEdit, epsilonList, &w, "epsilonList");
        FIND_CHILD(QPushButton, cancelButton, &w, "cancelButton");
        FIND_CHILD(QPushButton, runSweepButton, &w, "runSweepButton");
        iterations->setValue(50);
        epsilonList->setText(QStringLiteral("1,2,4,8,16,32"));
        QSignalSpy cancelled(&w, &EvaluationWindow::runCancelled);
        QSignalSpy done(&w, &EvaluationWindow::sweepFinished);
        w.startSweep();
        QVERIFY(w.isRunning());
        QTest::mouseClick(cancelButton, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!cancelled.isEmpty(), kTimeoutMs);
        QVERIFY(done.isEmpty());
        QVERIFY(!w.isRunning());
        QVERIFY(runSweepButton->isEnabled());
    }

    void badInputIsReportedNotRun() {
        EvaluationWindow w;
        configureSmallRun(w);
        QVERIFY(!QTest::currentTestFailed());
        FIND_CHILD(QLineEdit, epsilonList, &w, "epsilonList");
        FIND_CHILD(QLabel, statusLabel, &w, "statusLabel");
        FIND_CHILD(QLineEdit, extraDefences, &w, "extraDefences");
        epsilonList->setText(QStringLiteral("4, lots"));
        w.startSweep();
        QVERIFY(!w.isRunning());
        QVERIFY(statusLabel->text().contains(QStringLiteral("lots")));
        extraDefences->setText(QStringLiteral("jpeg500"));
        w.startMatrix();
        QVERIFY(!w.isRunning());
        QVERIFY(statusLabel->text().contains(QStringLiteral("jpeg500")));
        // A model path that does not exist fails in the worker, with the file named.
        epsilonList->setText(QStringLiteral("4"));
        w.setModelPath(m_tmp.filePath(QStringLiteral("nope.pt")));
        QSignalSpy failed(&w, &EvaluationWindow::runFailed);
        w.startSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeoutMs);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("nope.pt")));
    }
};

QTEST_MAIN(TestEvaluationWindow)
#include "tst_evaluationwindow.moc"
