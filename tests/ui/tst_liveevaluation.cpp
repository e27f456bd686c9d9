// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §5, the live evaluation views, on a tiny model and dataset:
// - the sweep plot gains each point as it finishes, and the score table
//   each cell, before the run ends; every live value equals the final one;
// - a click on a matrix cell asks the main window for that attack under
//   that defence, and the main window switches its attack to it;
// - the sweep offers "score on the transfer model" right after "no
//   defence", and the transfer presets next to the base methods.
#include "AttackPanel.h"
#include "MainWindow.h"
#include "ObserverList.h"
#include "core/FileFixtures.h"
#include "eval/EvaluationWindow.h"
#include "eval/ScoreTable.h"
#include "eval/SweepPlot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/ImageIo.h>
#include <advlab/TorchRuntime.h>

// Torch last, with Qt's keyword macros gone: Torch uses `slots` as a name,
// and qcustomplot.h (the histogram, the sweep plot) needs the keywords.
#undef slots
#undef signals
#undef emit
#include "core/TinyModel.h"

using namespace advlab;
using namespace advlab::ui;

namespace {

constexpr int kTimeoutMs = 120000;

Image8 smoothImage(int k, int size = 40) {
    Image8 img(size, size);
    const int base = 30 + 25 * k;
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>(
            base + static_cast<int>((i * 37 + static_cast<std::size_t>(k) * 101) % 31));
    return img;
}

} // namespace

class TestLiveEvaluation : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_model, m_transfer, m_dataset;

    void setUp(EvaluationWindow& w) {
        w.setDatasetPath(m_dataset);
        w.setModelPath(m_model);
        w.setTransferModelPath(m_transfer);
        w.findChild<QSpinBox*>(QStringLiteral("imageLimit"))->setValue(6);
        w.findChild<QSpinBox*>(QStringLiteral("iterations"))->setValue(3);
        for (auto* box : w.findChildren<QCheckBox*>())
            if (box->objectName().startsWith(QStringLiteral("attack_")))
                box->setChecked(false);
        w.findChild<QCheckBox*>(QStringLiteral("attack_fgsm"))->setChecked(true);
        w.findChild<QCheckBox*>(QStringLiteral("attack_difgsm"))->setChecked(true); // a preset
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        initTorchRuntime();
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("tiny.pt");
        m_transfer = m_tmp.filePath("transfer.pt");
        test::saveTinyClassifier(m_model.toStdString(), 1000, 7);
        test::saveTinyClassifier(m_transfer.toStdString(), 1000, 23);
        m_dataset = m_tmp.filePath("data");
        QDir().mkpath(m_dataset);
        for (int k = 0; k < 6; ++k)
            writePngAtomic((m_dataset + QString("/img%1.png").arg(k)).toStdString(), smoothImage(k));
    }

    void sweepOffersTransferAndPresets() {
        EvaluationWindow w;
        setUp(w);
        auto* scoredBy = w.findChild<QComboBox*>(QStringLiteral("sweepDefence"));
        QVERIFY(scoredBy);
        QCOMPARE(scoredBy->itemData(0).toString(), QStringLiteral("none"));
        QVERIFY2(scoredBy->itemText(1).startsWith(QStringLiteral("score on the transfer model")),
                 qPrintable(scoredBy->itemText(1)));
        QCOMPARE(scoredBy->itemData(1).toString(), QStringLiteral("model:") + m_transfer);
        for (AttackMethod m : allMethods()) {
            auto* box =
                w.findChild<QCheckBox*>(QStringLiteral("attack_") + QString::fromStdString(methodKey(m)));
            QVERIFY2(box, methodKey(m).c_str());
            QCOMPARE(box->text(), QString::fromStdString(methodName(m)));
        }
    }

    void sweepFillsInPointByPoint() {
        EvaluationWindow w;
        setUp(w);
        w.findChild<QLineEdit*>(QStringLiteral("epsilonList"))->setText(QStringLiteral("1, 4, 16"));
        auto* scoredBy = w.findChild<QComboBox*>(QStringLiteral("sweepDefence"));
        scoredBy->setCurrentIndex(1); // the transfer model
        auto* plot = w.findChild<SweepPlot*>(QStringLiteral("sweepPlot"));
        QVERIFY(plot);

        // After each live point: the row, and how many points the plot shows then.
        std::vector<SweepRow> live;
        std::vector<int> pointsShown;
        bool finishedBeforeLast = false;
        connect(w.engine(), &EvaluationEngine::sweepPointFinished, this, [&](const SweepRow& row) {
            live.push_back(row);
            int points = 0;
            for (int g = 0; g < plot->graphCount(); ++g)
                points += plot->graph(g)->dataCount();
            pointsShown.push_back(points);
            finishedBeforeLast = finishedBeforeLast || w.sweepResult().has_value();
        });
        QSignalSpy points(w.engine(), &EvaluationEngine::sweepPointFinished);
        QSignalSpy done(&w, &EvaluationWindow::sweepFinished);
        w.startSweep();
        // The first point arrives while the sweep still runs.
        QVERIFY(points.wait(kTimeoutMs));
        QVERIFY(done.isEmpty());
        QVERIFY(w.isRunning());
        QVERIFY(done.wait(kTimeoutMs));
        QVERIFY(!finishedBeforeLast);
        QCOMPARE(points.count(), 6);
        for (int i = 0; i < points.count(); ++i)
            QCOMPARE(points.at(i).at(0).value<SweepRow>().successRate,
                     w.sweepResult()->rows[static_cast<std::size_t>(i)].successRate);
        const SweepResult& final = *w.sweepResult();
        QCOMPARE(live.size(), final.rows.size());
        QCOMPARE(live.size(), std::size_t(6)); // 2 attacks x 3 ε
        for (std::size_t i = 0; i < live.size(); ++i) {
            QCOMPARE(pointsShown[i], static_cast<int>(i) + 1); // the plot grew by one point each time
            QCOMPARE(live[i].attack.cacheKey(), final.rows[i].attack.cacheKey());
            QCOMPARE(live[i].successRate, final.rows[i].successRate);
            QCOMPARE(live[i].success.hits, final.rows[i].success.hits);
        }
        QCOMPARE(final.scoringModelPath, m_transfer.toStdString());
    }

    void matrixFillsInCellByCellAndCellsOpenTheExplorer() {
        EvaluationWindow w;
        setUp(w);
        w.findChild<QDoubleSpinBox*>(QStringLiteral("matrixEpsilon"))->setValue(4);
        w.findChild<QCheckBox*>(QStringLiteral("targetedMatrix"))->setChecked(false);
        auto* defences = w.findChild<QListWidget*>(QStringLiteral("defenceList"));
        QVERIFY(defences);
        // No defence, JPEG and the transfer model: three columns.
        for (int i = 0; i < defences->count(); ++i) {
            const QString key = defences->item(i)->data(Qt::UserRole).toString();
            defences->item(i)->setCheckState(
                key == "none" || key == "jpeg75" || key.startsWith("model:") ? Qt::Checked : Qt::Unchecked);
        }
        auto* table = w.findChild<ScoreTable*>(QStringLiteral("scoreTable"));
        QVERIFY(table);
        std::vector<ScoreMatrixCell> cells;
        std::vector<QString> shown; // the cell's text in the table right after it arrived
        std::vector<int> pending;
        connect(w.engine(), &EvaluationEngine::matrixCellFinished, this, [&](const ScoreMatrixCell& c) {
            cells.push_back(c);
            const int row = c.attack < 0 ? table->rowCount() - 2 : c.attack;
            shown.push_back(table->item(row, c.defence) ? table->item(row, c.defence)->text() : QString());
            pending.push_back(table->pendingCells());
        });
        QSignalSpy cellSpy(w.engine(), &EvaluationEngine::matrixCellFinished);
        QSignalSpy done(&w, &EvaluationWindow::matrixFinished);
        w.startMatrix();
        QVERIFY(cellSpy.wait(kTimeoutMs));
        QVERIFY(done.isEmpty()); // a cell before the end
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(cellSpy.count(), 9);
        const ScoreMatrix& m = *w.matrixResult();
        QCOMPARE(m.attacks.size(), std::size_t(2));
        QCOMPARE(m.defences.size(), std::size_t(3));
        QCOMPARE(cells.size(), std::size_t(3 + 2 * 3)); // clean row + every attack cell
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& c = cells[i];
            const auto d = static_cast<std::size_t>(c.defence);
            if (c.attack < 0) {
                QCOMPARE(c.defenceAccuracy, m.cleanAccuracy[d]);
                QCOMPARE(shown[i], QStringLiteral("%1%").arg(100.0 * m.cleanAccuracy[d], 0, 'f', 1));
            } else {
                const auto a = static_cast<std::size_t>(c.attack);
                QCOMPARE(c.attackScore, m.attackScore[a][d]);
                QCOMPARE(c.defenceAccuracy, m.defenceAccuracy[a][d]);
                QCOMPARE(shown[i], QStringLiteral("%1%").arg(100.0 * m.attackScore[a][d], 0, 'f', 1));
            }
            if (i > 0)
                QVERIFY(pending[i] < pending[i - 1]); // one fewer "…" each time
        }
        QVERIFY(pending.front() > 0); // cells were still open when the first arrived
        QCOMPARE(table->pendingCells(), 0);

        // A click on attack 1 x defence 2 asks for exactly that pair.
        QSignalSpy requested(&w, &EvaluationWindow::attackUnderDefenceRequested);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* tabs = w.findChild<QTabWidget*>(QStringLiteral("resultTabs"));
        QCOMPARE(tabs->currentWidget(), table->parentWidget());
        const QRect cell = table->visualItemRect(table->item(1, 2));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(requested.count(), 1);
        const auto attack = requested.first().at(0).value<AttackConfig>();
        QCOMPARE(attack.cacheKey(), m.attacks[1].cacheKey());
        QCOMPARE(requested.first().at(1).toString(), QString::fromStdString(m.defences[2].key()));
        // The summary rows belong to no single pair.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualItemRect(table->item(2, 0)).center());
        QCOMPARE(requested.count(), 1);

        // The main window takes the attack and names the defence.
        MainWindow main;
        main.showAttackUnderDefence(attack, QString::fromStdString(m.defences[2].key()));
        QCOMPARE(main.attackPanel()->settings().config.method, m.attacks[1].method);
        QCOMPARE(main.attackPanel()->settings().config.epsilon, m.attacks[1].epsilon);
        QCOMPARE(main.attackPanel()->settings().config.iterations, m.attacks[1].iterations);
        QVERIFY(main.statusBar()->currentMessage().contains(QString::fromStdString(m.defences[2].key())));
        // ... and makes that defence an observer of the triptych.
        QVERIFY(main.observers()->keys().contains(
            ObserverList::normalise(QString::fromStdString(m.defences[2].key()), nullptr)));
    }
};

QTEST_MAIN(TestLiveEvaluation)
#include "tst_liveevaluation.moc"
