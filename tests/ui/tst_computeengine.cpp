// SPDX-License-Identifier: GPL-3.0-or-later
// ComputeEngine on a tiny TorchScript model the test builds itself, so the
// Qt adapter's protocol is checked in seconds: results, the cache,
// generations (stale results never shown), one cancel token per job, and
// batches that a slider move does not abort.
#include "ComputeEngine.h"
#include "TinyRequests.h"
#include "core/TinyModel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Metrics.h>
#include <advlab/TorchRuntime.h>

using namespace advlab;
using namespace advlab::ui;
using advlab::ui::test::tinyRequest;

namespace {} // namespace

class TestComputeEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resultsAreRealAttacks();
    void repeatedRequestComesFromTheCache();
    void onlyTheLatestRequestIsShown();
    void cancelStopsTheInteractiveJobOnly();
    void cancelAllGoesIdle();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ComputeEngine> m_engine;
};

void TestComputeEngine::initTestCase() {
    initTorchRuntime();
    QVERIFY(m_dir.isValid());
    const QString model = m_dir.filePath(QStringLiteral("tiny.pt"));
    advlab::test::saveTinyClassifier(model.toStdString());
    m_engine = std::make_unique<ComputeEngine>();
    QSignalSpy loaded(m_engine.get(), &ComputeEngine::modelLoaded);
    m_engine->loadModel(model);
    QVERIFY(loaded.wait(30000));
    QVERIFY(m_engine->isModelReady());
    QTRY_VERIFY(!m_engine->isBusy());
}

void TestComputeEngine::resultsAreRealAttacks() {
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    QSignalSpy clean(m_engine.get(), &ComputeEngine::cleanPredictionReady);
    const TriptychRequest r = tinyRequest(0);
    const quint64 generation = m_engine->requestTriptych(r);
    QVERIFY(ready.wait(30000));
    QCOMPARE(clean.count(), 1); // the clean prediction arrives before the attacks
    const auto result = ready.first().at(0).value<TriptychResultPtr>();
    QCOMPARE(result->generation, generation);
    QVERIFY(!result->fromCache);
    QVERIFY(result->untargeted && result->targeted);
    QCOMPARE(result->targeted->targetClass, 5);
    QCOMPARE(result->clean.probs.size(), std::size_t(1000));
    for (const auto& part : {result->untargeted, result->targeted}) {
        QVERIFY(part->linf <= 8);
        QCOMPARE(linfDistance(r.original, part->image), part->linf);
        QCOMPARE(part->sourceCurve.size(), std::size_t(3 + 1)); // per step plus the final image
    }
    QTRY_VERIFY(!m_engine->isBusy());
}

void TestComputeEngine::repeatedRequestComesFromTheCache() {
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    m_engine->requestTriptych(tinyRequest(0));
    QCOMPARE(ready.count(), 1); // answered before requestTriptych returned
    const auto first = ready.takeFirst().at(0).value<TriptychResultPtr>();
    QVERIFY(first->fromCache);
    QVERIFY(!m_engine->isBusy());
    // Another target: the non-targeted half is the same cached part, the targeted half is new.
    m_engine->requestTriptych(tinyRequest(0, 8.0f, 3, 9));
    QVERIFY(ready.wait(30000));
    const auto second = ready.first().at(0).value<TriptychResultPtr>();
    QCOMPARE(second->untargeted.get(), first->untargeted.get());
    QVERIFY(second->targeted.get() != first->targeted.get());
    QCOMPARE(second->targeted->targetClass, 9);
    QTRY_VERIFY(!m_engine->isBusy());
}

void TestComputeEngine::onlyTheLatestRequestIsShown() {
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    QSignalSpy cancelled(m_engine.get(), &ComputeEngine::triptychCancelled);
    // Three quick requests, as a slider drag makes: only the last one reports.
    m_engine->requestTriptych(tinyRequest(1, 2.0f, 50));
    m_engine->requestTriptych(tinyRequest(1, 3.0f, 50));
    const quint64 last = m_engine->requestTriptych(tinyRequest(1, 4.0f, 3));
    QCOMPARE(m_engine->latestGeneration(), last);
    QTRY_VERIFY_WITH_TIMEOUT(!m_engine->isBusy(), 30000);
    QCOMPARE(ready.count(), 1);
    QCOMPARE(cancelled.count(), 0); // the superseded jobs' cancellations are not reported either
    const auto result = ready.first().at(0).value<TriptychResultPtr>();
    QCOMPARE(result->generation, last);
    QCOMPARE(result->config.epsilon, 4.0f);
}

void TestComputeEngine::cancelStopsTheInteractiveJobOnly() {
    QSignalSpy batchReady(m_engine.get(), &ComputeEngine::batchReady);
    QSignalSpy batchCancelled(m_engine.get(), &ComputeEngine::batchCancelled);
    QSignalSpy cancelled(m_engine.get(), &ComputeEngine::triptychCancelled);
    QSignalSpy ready(m_engine.get(), &ComputeEngine::triptychReady);
    const quint64 batch = m_engine->requestBatch({tinyRequest(2, 6.0f), tinyRequest(3, 6.0f)});
    const quint64 generation = m_engine->requestTriptych(tinyRequest(4, 6.0f, 200));
    m_engine->cancelTriptych(); // its own token: the batch keeps going
    QVERIFY(cancelled.wait(30000));
    QCOMPARE(cancelled.first().at(0).toULongLong(), generation);
    QVERIFY(batchReady.count() == 1 || batchReady.wait(30000));
    QCOMPARE(batchReady.first().at(0).toULongLong(), batch);
    QCOMPARE(batchReady.first().at(1).value<TriptychResultList>().size(), 2);
    QCOMPARE(batchCancelled.count(), 0);
    QCOMPARE(ready.count(), 0);
    QTRY_VERIFY(!m_engine->isBusy());
}

void TestComputeEngine::cancelAllGoesIdle() {
    QSignalSpy batchCancelled(m_engine.get(), &ComputeEngine::batchCancelled);
    QSignalSpy busy(m_engine.get(), &ComputeEngine::busyChanged);
    const quint64 batch = m_engine->requestBatch({tinyRequest(5, 7.0f, 200), tinyRequest(6, 7.0f, 200)});
    m_engine->requestTriptych(tinyRequest(7, 7.0f, 200));
    QVERIFY(m_engine->isBusy());
    m_engine->cancelAll();
    QVERIFY(m_engine->waitIdleFor(30000)); // each job stops at its next step
    QVERIFY(batchCancelled.wait(30000));
    QCOMPARE(batchCancelled.first().at(0).toULongLong(), batch);
    QTRY_VERIFY(!m_engine->isBusy());
    QCOMPARE(busy.last().at(0).toBool(), false);
}

QTEST_MAIN(TestComputeEngine)
#include "tst_computeengine.moc"
