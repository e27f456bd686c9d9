// SPDX-License-Identifier: GPL-3.0-or-later
#include <advlab/JobRunner.h>

#include <QtTest>

#include <atomic>
#include <thread>

using advlab::CancelToken;
using advlab::JobRunner;

class TestJobRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsInOrderOffTheCallingThread() {
        JobRunner runner(1);
        std::vector<int> order;
        std::mutex m;
        std::atomic<bool> sawCaller{false};
        const auto caller = std::this_thread::get_id();
        for (int i = 0; i < 5; ++i)
            runner.submit([&, i](const CancelToken&) {
                sawCaller = sawCaller || std::this_thread::get_id() == caller;
                std::lock_guard<std::mutex> lock(m);
                order.push_back(i);
            });
        runner.waitIdle();
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
        QVERIFY(!sawCaller);
        QCOMPARE(runner.pending(), size_t(0));
    }

    void cancelReachesRunningAndQueuedJobs() {
        JobRunner runner(1);
        std::atomic<bool> started{false};
        std::atomic<int> iterations{0};
        std::atomic<bool> secondSawCancel{false};
        auto first = runner.submit([&](const CancelToken& token) {
            started = true;
            while (!token.isCancelled())
                ++iterations, std::this_thread::yield();
        });
        auto second = runner.submit([&](const CancelToken& token) { secondSawCancel = token.isCancelled(); });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        QVERIFY(!first.token.isCancelled());
        runner.cancelAll();
        runner.waitIdle();
        QVERIFY(first.token.isCancelled());
        QVERIFY(second.token.isCancelled());
        QVERIFY(secondSawCancel.load());
        QVERIFY(second.id > first.id);
    }

    void singleTicketCancelLeavesOthersAlone() {
        JobRunner runner(1);
        std::atomic<int> completed{0};
        std::atomic<bool> release{false};
        // Hold the worker so `a` is still queued when it is cancelled.
        runner.submit([&](const CancelToken&) {
            while (!release)
                std::this_thread::yield();
        });
        auto a = runner.submit([&](const CancelToken& t) { completed += t.isCancelled() ? 0 : 1; });
        a.token.cancel();
        runner.submit([&](const CancelToken& t) { completed += t.isCancelled() ? 0 : 10; });
        release = true;
        runner.waitIdle();
        QCOMPARE(completed.load(), 10);
    }

    void jobExceptionsDoNotKillTheWorker() {
        JobRunner runner(1);
        std::atomic<bool> ran{false};
        runner.submit([](const CancelToken&) { throw std::runtime_error("boom (expected by the test)"); });
        runner.submit([&](const CancelToken&) { ran = true; });
        runner.waitIdle();
        QVERIFY(ran.load());
    }

    void destructorCancelsAndJoins() {
        std::atomic<bool> exited{false};
        std::atomic<bool> started{false};
        {
            JobRunner runner(2);
            runner.submit([&](const CancelToken& token) {
                started = true;
                while (!token.isCancelled())
                    std::this_thread::yield();
                exited = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        }
        QVERIFY(exited.load());
    }
};

QTEST_APPLESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
