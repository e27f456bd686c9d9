// SPDX-License-Identifier: GPL-3.0-or-later
// The request bookkeeping the observer and attribution engines share: a new
// interactive request cancels the running interactive job and drops its
// answer; exports (non-interactive) are neither cancelled nor dropped.
#include "InteractiveRequests.h"

#include <QtTest>

using namespace advlab;
using namespace advlab::ui;

class TestInteractiveRequests : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idsAreDistinct() {
        InteractiveRequests r;
        const quint64 a = r.begin(true), b = r.begin(false), c = r.begin(true);
        QVERIFY(a != b && b != c && a != c);
    }

    void aNewInteractiveRequestCancelsAndSupersedesTheLast() {
        InteractiveRequests r;
        const quint64 first = r.begin(true);
        CancelToken firstToken;
        r.started(first, firstToken);
        QVERIFY(r.wanted(first, true));
        const quint64 second = r.begin(true);
        QVERIFY(firstToken.isCancelled());
        QVERIFY(!r.wanted(first, true));
        QVERIFY(r.wanted(second, true));
    }

    void exportsAreNeverCancelledOrDropped() {
        InteractiveRequests r;
        const quint64 exportId = r.begin(false);
        CancelToken exportToken;
        r.started(exportId, exportToken);
        const quint64 view = r.begin(true);
        r.started(view, CancelToken());
        r.begin(true);
        r.cancel();
        QVERIFY(!exportToken.isCancelled());
        QVERIFY(r.wanted(exportId, false));
    }

    void cancelStopsTheJobAndDropsItsAnswer() {
        InteractiveRequests r;
        const quint64 id = r.begin(true);
        CancelToken token;
        r.started(id, token);
        r.cancel();
        QVERIFY(token.isCancelled());
        QVERIFY(!r.wanted(id, true));
        // A second cancel with nothing running is harmless.
        r.cancel();
        const quint64 next = r.begin(true);
        QVERIFY(r.wanted(next, true));
    }
};

QTEST_APPLESS_MAIN(TestInteractiveRequests)
#include "tst_interactiverequests.moc"
