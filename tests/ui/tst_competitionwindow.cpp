// SPDX-License-Identifier: GPL-3.0-or-later
// Tools → Competition on the real dev set and model: two shell submissions
// (one copies the images, one exits 1) run with a built-in attack, the matrix
// fills once per ε batch, the failed run shows its log, a click on a cell
// opens the pair in the main window's triptych, and Cancel stops a run.
#include "ImagePanel.h"
#include "MainWindow.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "compete/CompetitionWindow.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace advlab;
using namespace advlab::ui;

namespace {

constexpr int kTimeoutMs = 300000;

void writeSubmission(const QString& dir, const QByteArray& script) {
    QDir().mkpath(dir);
    QFile meta(dir + "/metadata.json");
    QVERIFY(meta.open(QIODevice::WriteOnly));
    meta.write("{\"type\": \"attack\", \"container\": \"\", \"entry_point\": \"run.sh\"}\n");
    QFile run(dir + "/run.sh");
    QVERIFY(run.open(QIODevice::WriteOnly));
    run.write(script);
    run.close();
    run.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

#define FIND_CHILD(Type, var, parent, name)                                                                  \
    auto* var = (parent)->findChild<Type*>(QStringLiteral(name));                                            \
    QVERIFY2(var != nullptr, "no child widget named " name)

class TestCompetitionWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    void configure(CompetitionWindow& w, const QString& runDir, const QString& eps, int images) {
        w.setDatasetPath(test::datasetPath());
        w.setModelPath(test::modelPath());
        w.addSubmission(m_tmp.filePath("subs/copycat"));
        w.addSubmission(m_tmp.filePath("subs/broken"));
        w.setBuiltins(QStringLiteral("fgsm"), QStringLiteral("none"));
        w.setEpsilons(eps);
        w.setImageLimit(images);
        w.setRunDir(runDir);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        test::prepareEnvironment();
        writeSubmission(m_tmp.filePath("subs/copycat"), "#!/bin/sh\ncp \"$1\"/*.png \"$2\"/\n");
        writeSubmission(m_tmp.filePath("subs/broken"),
                        "#!/bin/sh\necho 'broken attack says hello' >&2\nexit 1\n");
    }

    void runShowsMatrixProblemsAndOpensAPair() {
        CompetitionWindow w;
        const QString runDir = m_tmp.filePath("run");
        configure(w, runDir, QStringLiteral("4,8"), 3);
        w.show();
        FIND_CHILD(QPushButton, runButton, &w, "runButton");
        FIND_CHILD(QTableWidget, matrix, &w, "matrixTable");
        FIND_CHILD(QTableWidget, problems, &w, "problemsTable");
        FIND_CHILD(QPlainTextEdit, log, &w, "logView");
        FIND_CHILD(QComboBox, image, &w, "imageCombo");
        FIND_CHILD(QComboBox, epsView, &w, "epsilonViewCombo");
        QSignalSpy batches(w.engine(), &CompetitionEngine::batchFinished);
        QSignalSpy done(&w, &CompetitionWindow::runFinished);
        QTest::mouseClick(runButton, Qt::LeftButton);
        QVERIFY(!runButton->isEnabled());
        QVERIFY(done.wait(kTimeoutMs));
        QCOMPARE(batches.count(), 2); // the live matrix: one update per ε batch
        QVERIFY(runButton->isEnabled());
        QVERIFY(QFile::exists(runDir + "/accuracy_on_attacks.csv"));
        QCOMPARE(matrix->rowCount(), 3);
        QCOMPARE(matrix->columnCount(), 1);
        QCOMPARE(matrix->horizontalHeaderItem(0)->text(), QString("advlab_none"));
        QCOMPARE(matrix->verticalHeaderItem(0)->text(), QString("advlab_fgsm"));
        QVERIFY(matrix->item(0, 0)->text().endsWith('%'));
        // copycat hands back the originals: it scores what no attack scores, as does the failed one.
        QCOMPARE(matrix->item(1, 0)->text(), matrix->item(2, 0)->text());
        QCOMPARE(epsView->count(), 3);
        QCOMPARE(image->count(), 3);

        // The failed run is listed once per ε, and a click shows its log.
        QCOMPARE(problems->rowCount(), 2);
        QCOMPARE(problems->item(0, 0)->text(), QString("broken"));
        QVERIFY(problems->item(0, 3)->text().contains("exit code 1"));
        QTest::mouseClick(problems->viewport(), Qt::LeftButton, {},
                          problems->visualItemRect(problems->item(0, 0)).center());
        QVERIFY2(log->toPlainText().contains("broken attack says hello"), qPrintable(log->toPlainText()));

        // A cell opens the attack's image and the defence's label in the main window.
        MainWindow main;
        connect(&w, &CompetitionWindow::pairRequested, &main, &MainWindow::showCompetitionPair);
        QSignalSpy pairs(&w, &CompetitionWindow::pairRequested);
        epsView->setCurrentIndex(1); // ε = 4
        image->setCurrentIndex(1);
        QTest::mouseClick(matrix->viewport(), Qt::LeftButton, {},
                          matrix->visualItemRect(matrix->item(0, 0)).center());
        QCOMPARE(pairs.count(), 1);
        const auto pair = pairs.first().first().value<CompetitionPair>();
        QCOMPARE(pair.attack, QString("advlab_fgsm"));
        QCOMPARE(pair.defence, QString("advlab_none"));
        QCOMPARE(pair.epsilon, 4.0f);
        QCOMPARE(pair.imageId, image->currentText());
        QCOMPARE(pair.adversarial.width, 299);
        QVERIFY(pair.adversarial != pair.original);
        QVERIFY(pair.defenceLabel >= 1 && pair.defenceLabel <= 1000);
        const ImagePanel* panel = main.triptychView()->untargetedPanel();
        QVERIFY(panel->titleLabel()->text().contains("advlab_fgsm"));
        QVERIFY(panel->predictionLabel()->text().contains("advlab_none"));
        QVERIFY(!panel->markLabel()->text().isEmpty());
    }

    void cancelStopsARun() {
        CompetitionWindow w;
        configure(w, m_tmp.filePath("run_cancel"), QStringLiteral("4,8,12,16"), 20);
        FIND_CHILD(QPushButton, runButton, &w, "runButton");
        FIND_CHILD(QPushButton, cancelButton, &w, "cancelButton");
        FIND_CHILD(QLabel, stage, &w, "stageLabel");
        QSignalSpy progress(w.engine(), &CompetitionEngine::progress);
        QSignalSpy done(&w, &CompetitionWindow::runFinished);
        QTest::mouseClick(runButton, Qt::LeftButton);
        QVERIFY(progress.wait(kTimeoutMs));
        QVERIFY(cancelButton->isEnabled());
        QTest::mouseClick(cancelButton, Qt::LeftButton);
        QVERIFY(done.wait(kTimeoutMs));
        QVERIFY2(stage->text().contains("Cancelled"), qPrintable(stage->text()));
        QVERIFY(!QFile::exists(m_tmp.filePath("run_cancel/accuracy_on_attacks.csv")));
        QVERIFY(runButton->isEnabled());
    }
};

QTEST_MAIN(TestCompetitionWindow)
#include "tst_competitionwindow.moc"
