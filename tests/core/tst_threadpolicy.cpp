// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive thread policy's arithmetic: competing cores from /proc
// counters, the threads left for the next job, and the window it waits for.
#include <QtTest>
#include <advlab/ThreadPolicy.h>

using namespace advlab;

namespace {
CpuTimes times(std::uint64_t total, std::uint64_t idle, std::uint64_t self) {
    CpuTimes t;
    t.total = total;
    t.idle = idle;
    t.self = self;
    t.valid = true;
    return t;
}
} // namespace

class TestThreadPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void competingCoresSubtractsOwnTime() {
        // 2 cores, 1 s (200 ticks): 100 idle, 100 busy of which 100 ours: no competition.
        QCOMPARE(competingCores(times(1000, 500, 10), times(1200, 600, 110), 2), 0.0);
        // 100 busy, none ours: one core taken by another process.
        QCOMPARE(competingCores(times(1000, 500, 10), times(1200, 600, 10), 2), 1.0);
        // Fully busy, half ours: one competing core.
        QCOMPARE(competingCores(times(0, 0, 0), times(200, 0, 100), 2), 1.0);
        // Our time above the busy time (tick skew between the two files) is never negative.
        QCOMPARE(competingCores(times(0, 0, 0), times(200, 150, 60), 2), 0.0);
        // Four cores, a quarter of their time busy elsewhere: one core.
        QCOMPARE(competingCores(times(0, 0, 0), times(400, 300, 0), 4), 1.0);
    }

    void competingCoresRejectsBadSamples() {
        QCOMPARE(competingCores(CpuTimes{}, times(200, 0, 0), 2), 0.0);
        QCOMPARE(competingCores(times(200, 0, 0), times(200, 0, 0), 2), 0.0); // no time passed
        QCOMPARE(competingCores(times(300, 0, 0), times(200, 0, 0), 2), 0.0); // counters went back
        QCOMPARE(competingCores(times(0, 0, 0), times(200, 0, 0), 0), 0.0);
    }

    void threadsLeftRoundsAtHalfACore() {
        QCOMPARE(threadsLeft(0.0, 2), 2);
        QCOMPARE(threadsLeft(0.49, 2), 2);
        QCOMPARE(threadsLeft(0.5, 2), 1);
        QCOMPARE(threadsLeft(1.0, 2), 1);
        QCOMPARE(threadsLeft(2.0, 2), 1); // never below one
        QCOMPARE(threadsLeft(5.0, 2), 1);
        QCOMPARE(threadsLeft(-1.0, 2), 2);
        QCOMPARE(threadsLeft(1.6, 8), 6);
        QCOMPARE(threadsLeft(0.0, 0), 1);
    }

    void adaptiveThreadsFollowsTheLoad() {
        AdaptiveThreads policy(2, 15); // a window of at least 15 ticks per core
        QCOMPARE(policy.threads(), 2);
        QCOMPARE(policy.update(times(1000, 500, 0)), 2); // first sample: a baseline only
        // 10 ticks later: too short a window, the decision stays.
        QCOMPARE(policy.update(times(1010, 500, 0)), 2);
        // 200 ticks after the baseline, 100 of them busy elsewhere (the short
        // window above was not a new baseline): one core taken.
        QCOMPARE(policy.update(times(1200, 600, 0)), 1);
        QCOMPARE(policy.lastCompeting(), 1.0);
        // The competitor stops: ours only.
        QCOMPARE(policy.update(times(1400, 700, 100)), 2);
        QCOMPARE(policy.lastCompeting(), 0.0);
        // Invalid samples change nothing.
        QCOMPARE(policy.update(CpuTimes{}), 2);
    }

    void readsThisMachine() {
        const CpuTimes a = readCpuTimes();
#ifdef __linux__
        QVERIFY(a.valid);
        QVERIFY(a.total > 0);
        QVERIFY(a.idle <= a.total);
        // Burn some CPU: our own counter must move with it.
        volatile double x = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120)
            x = x + 1.0;
        const CpuTimes b = readCpuTimes();
        QVERIFY(b.self >= a.self + 5);
        QVERIFY(b.total > a.total);
#else
        QVERIFY(!a.valid);
#endif
    }
};

QTEST_APPLESS_MAIN(TestThreadPolicy)
#include "tst_threadpolicy.moc"
