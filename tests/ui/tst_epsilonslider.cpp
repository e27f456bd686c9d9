// SPDX-License-Identifier: GPL-3.0-or-later
// The ε slider drives live recomputation on the compute thread: a move gives
// a new result, a rapid sequence ends on the last value's result (stale jobs
// are cancelled and never overwrite it), settings seen before come from the
// cache, and Cancel stops a running job while the window stays responsive.
#include "AttackPanel.h"
#include "ErrorBanner.h"
#include "TriptychView.h"
#include "UiTestSupport.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>
#include <advlab/Metrics.h>

using namespace advlab;
using namespace advlab::ui;

class TestEpsilonSlider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void moveProducesNewResult();
    void rapidMovesEndOnLastValue();
    void seenSettingsComeFromCache();
    void cancelStopsRunningJob();
    void cleanupTestCase();

private:
    TriptychResultPtr waitForEpsilon(int eps);

    std::unique_ptr<MainWindow> m_window;
    QSlider* m_slider = nullptr;
};

void TestEpsilonSlider::initTestCase() {
    test::prepareEnvironment();
    QVERIFY2(!test::datasetPath().isEmpty() && !test::modelPath().isEmpty(),
             "the bundled dev set and model (resources/) are needed");
    m_window = std::make_unique<MainWindow>();
    m_window->attackPanel()->setConfig(test::fastConfig(16.0f));
    m_window->show();
    m_window->openDefaults();
    m_slider = m_window->findChild<QSlider*>(QStringLiteral("epsilonSlider"));
    QVERIFY(m_slider);
    QVERIFY(m_slider->minimum() == 0 && m_slider->maximum() >= 32);
    waitForEpsilon(16);
}

void TestEpsilonSlider::cleanupTestCase() {
    m_window.reset();
}

TriptychResultPtr TestEpsilonSlider::waitForEpsilon(int eps) {
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(m_window->currentResult() && !m_window->engine()->isBusy() &&
                                     static_cast<int>(m_window->currentResult()->config.epsilon) == eps,
                                 test::kResultTimeoutMs);
    }();
    return QTest::currentTestFailed() ? nullptr : m_window->currentResult();
}

void TestEpsilonSlider::moveProducesNewResult() {
    const auto before = m_window->currentResult();
    QSignalSpy updated(m_window.get(), &MainWindow::triptychUpdated);
    // A keyboard move: Left arrow lowers ε by one step.
    m_slider->setFocus();
    QTest::keyClick(m_slider, Qt::Key_Left);
    QCOMPARE(m_slider->value(), 15);
    // Labels follow immediately, before any computation.
    auto* value = m_window->findChild<QLabel*>(QStringLiteral("epsilonValue"));
    QVERIFY2(value->text().contains(QStringLiteral("ε = 15 px")), qPrintable(value->text()));
    QCOMPARE(m_window->findChild<QSpinBox*>(QStringLiteral("epsilonSpin"))->value(), 15);

    QVERIFY(updated.wait(test::kResultTimeoutMs));
    const auto after = waitForEpsilon(15);
    QVERIFY(after);
    QVERIFY(after != before);
    QVERIFY(!after->fromCache);
    QCOMPARE(after->imageIndex, before->imageIndex);
    QVERIFY(linfDistance(after->original, after->untargeted->image) <= 15);
    QVERIFY(linfDistance(after->original, after->targeted->image) <= 15);
    QVERIFY(after->untargeted->image != before->untargeted->image);
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("untargetedPanelTitle"))->text().contains("ε=15"));
}

void TestEpsilonSlider::rapidMovesEndOnLastValue() {
    // 10-step I-FGSM, so each job lasts long enough to be overtaken.
    AttackConfig c = m_window->attackPanel()->config();
    c.method = AttackMethod::Ifgsm;
    c.iterations = 10;
    m_window->attackPanel()->setConfig(c);
    QSignalSpy started(m_window->engine(), &ComputeEngine::triptychStarted);
    QSignalSpy progress(m_window->engine(), &ComputeEngine::progress);
    QSignalSpy updated(m_window.get(), &MainWindow::triptychUpdated);

    const int values[] = {3, 7, 12, 20, 9, 27};
    for (int i = 0; i < 6; ++i) {
        m_slider->setSliderDown(true);
        m_slider->setValue(values[i]);
        m_slider->setSliderDown(false); // release: requested at once
        if (i < 3) {
            // Let this job get going, so the next move must cancel real work.
            const int seen = progress.count();
            QTRY_VERIFY_WITH_TIMEOUT(progress.count() > seen, test::kResultTimeoutMs);
        }
    }
    const quint64 lastGeneration = m_window->engine()->latestGeneration();
    const auto r = waitForEpsilon(27);
    QVERIFY(r);
    QCOMPARE(r->generation, lastGeneration);
    QCOMPARE(r->config.method, AttackMethod::Ifgsm);
    QVERIFY(linfDistance(r->original, r->untargeted->image) <= 27);
    QVERIFY(started.count() >= 6);
    // Only results of the generation current at their arrival were shown, and
    // the last shown is the last value's.
    QVERIFY(!updated.isEmpty());
    QCOMPARE(static_cast<int>(updated.last().at(0).value<TriptychResultPtr>()->config.epsilon), 27);
    for (const auto& args : updated)
        QVERIFY(args.at(0).value<TriptychResultPtr>()->generation <= lastGeneration);
    // The first jobs were overtaken while running, so they never reached the screen.
    for (const auto& args : updated) {
        const int eps = static_cast<int>(args.at(0).value<TriptychResultPtr>()->config.epsilon);
        QVERIFY2(eps != 3 && eps != 7 && eps != 12, qPrintable(QString::number(eps)));
    }
    // Nothing arrives later to overwrite it.
    QTRY_VERIFY(!m_window->engine()->isBusy());
    QCoreApplication::processEvents();
    QCOMPARE(m_window->currentResult(), r);
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("targetedPanelTitle"))->text().contains("ε=27"));
}

void TestEpsilonSlider::seenSettingsComeFromCache() {
    // ε = 15 FGSM was computed above; going back is answered synchronously.
    AttackConfig c = m_window->attackPanel()->config();
    c.method = AttackMethod::Fgsm;
    c.epsilon = 15;
    QSignalSpy updated(m_window.get(), &MainWindow::triptychUpdated);
    m_window->attackPanel()->setConfig(c);
    const auto r = waitForEpsilon(15);
    QVERIFY(r);
    QVERIFY(r->fromCache);
    QCOMPARE(r->config.method, AttackMethod::Fgsm);
}

void TestEpsilonSlider::cancelStopsRunningJob() {
    const auto shown = m_window->currentResult();
    AttackConfig c = m_window->attackPanel()->config();
    c.method = AttackMethod::Pgd;
    c.iterations = 200; // far longer than the test waits
    c.epsilon = 8;
    QSignalSpy cancelled(m_window->engine(), &ComputeEngine::triptychCancelled);
    QSignalSpy progress(m_window->engine(), &ComputeEngine::progress);
    m_window->attackPanel()->setConfig(c);
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, test::kResultTimeoutMs);
    auto* cancel = m_window->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    auto* bar = m_window->findChild<QProgressBar*>(QStringLiteral("jobProgress"));
    QVERIFY(cancel->isVisible());
    QVERIFY(bar->isVisible());
    // Both attacks run as one batch of two (issue 12): 200 steps in all, not 2 x 200.
    QVERIFY(bar->value() >= 1 && bar->maximum() == 200);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(cancelled.wait(test::kResultTimeoutMs));
    QTRY_VERIFY(!m_window->engine()->isBusy());
    QVERIFY(cancel->isHidden());
    // Stopped within a step or two of the click, far from 200 steps.
    QVERIFY2(progress.last().at(0).toInt() < 100, qPrintable(QString::number(progress.last().at(0).toInt())));
    QCOMPARE(m_window->currentResult(), shown); // the old result stays
}

QTEST_MAIN(TestEpsilonSlider)
#include "tst_epsilonslider.moc"
