// SPDX-License-Identifier: GPL-3.0-or-later
// The compute thread behind the evaluation window and the dataset scan: a new
// job cancels the running one, whose reports never reach the GUI thread, and
// the latest job's reports arrive in order on the receiver's thread.
#include "LatestJobWorker.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>
#include <atomic>

using namespace advlab;
using namespace advlab::ui;

namespace {
// As in the engines, the receiver owns the worker: its destruction joins the
// thread first, and reports still queued die with the receiver.
struct Owner : QObject {
    LatestJobWorker worker{this};
};
} // namespace

class TestLatestJobWorker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aNewJobCancelsTheOldAndDropsItsReports() {
        QStringList delivered;
        std::atomic<bool> firstRunning{false}, firstSawCancel{false};
        Owner owner;
        LatestJobWorker& worker = owner.worker;
        worker.start([&](const CancelToken& token, const LatestJobWorker::Report& report) {
            firstRunning = true;
            // Wait to be cancelled (a long attack between two steps), then report.
            while (!token.isCancelled())
                QThread::yieldCurrentThread();
            firstSawCancel = true;
            // The stale job's last report: were it delivered, its finish()
            // would mark the newer job done while that one still runs.
            report([&] {
                delivered << QStringLiteral("stale");
                worker.finish();
            });
        });
        QTRY_VERIFY(firstRunning.load());
        QVERIFY(worker.isRunning());
        worker.start([&](const CancelToken&, const LatestJobWorker::Report& report) {
            report([&] {
                delivered << QString::fromLatin1(worker.isRunning() ? "one" : "one, but not running");
            });
            report([&] {
                delivered << QStringLiteral("two");
                worker.finish();
            });
        });
        QTRY_VERIFY(!worker.isRunning());
        QVERIFY(firstSawCancel.load());
        QVERIFY(worker.waitIdleFor(10000));
        QCoreApplication::processEvents(); // anything still queued would arrive now
        QCOMPARE(delivered, QStringList({QStringLiteral("one"), QStringLiteral("two")}));
    }

    void reportsRunOnTheReceiversThread() {
        QThread* seen = nullptr;
        QThread* jobThread = nullptr;
        Owner owner;
        LatestJobWorker& worker = owner.worker;
        worker.start([&](const CancelToken&, const LatestJobWorker::Report& report) {
            jobThread = QThread::currentThread();
            report([&] {
                seen = QThread::currentThread();
                worker.finish();
            });
        });
        QTRY_VERIFY(!worker.isRunning());
        QCOMPARE(seen, thread());
        QVERIFY(jobThread != thread());
    }

    void cancelReachesTheRunningJob() {
        std::atomic<bool> started{false}, stopped{false};
        Owner owner;
        LatestJobWorker& worker = owner.worker;
        worker.start([&](const CancelToken& token, const LatestJobWorker::Report& report) {
            started = true;
            while (!token.isCancelled())
                QThread::yieldCurrentThread();
            stopped = true;
            report([&] { worker.finish(); });
        });
        QTRY_VERIFY(started.load());
        worker.cancel();
        QTRY_VERIFY(stopped.load());
        QTRY_VERIFY(!worker.isRunning()); // the cancelled job is still the latest: its report arrives
    }
};

QTEST_MAIN(TestLatestJobWorker)
#include "tst_latestjobworker.moc"
