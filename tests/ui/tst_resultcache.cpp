// SPDX-License-Identifier: GPL-3.0-or-later
// The result cache: keys separate everything that changes a result, and the
// least recently used entries are evicted first.
#include "ResultCache.h"

#include <QtTest>

using namespace advlab;
using namespace advlab::ui;

class TestResultCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysSeparateSettings();
    void evictsLeastRecentlyUsed();
};

void TestResultCache::keysSeparateSettings() {
    AttackConfig a;
    a.method = AttackMethod::Ifgsm;
    a.epsilon = 16;
    const QString base = ResultCache::partKey("m.pt", "/d", 3, a, true, 7);
    QCOMPARE(ResultCache::partKey("m.pt", "/d", 3, a, true, 7), base);
    QVERIFY(ResultCache::partKey("other.pt", "/d", 3, a, true, 7) != base);
    QVERIFY(ResultCache::partKey("m.pt", "/e", 3, a, true, 7) != base);
    QVERIFY(ResultCache::partKey("m.pt", "/d", 4, a, true, 7) != base);
    QVERIFY(ResultCache::partKey("m.pt", "/d", 3, a, false, 7) != base);
    QVERIFY(ResultCache::partKey("m.pt", "/d", 3, a, true, 8) != base);
    AttackConfig b = a;
    b.epsilon = 15;
    QVERIFY(ResultCache::partKey("m.pt", "/d", 3, b, true, 7) != base);
    b = a;
    b.iterations = 11;
    QVERIFY(ResultCache::partKey("m.pt", "/d", 3, b, true, 7) != base);
    // The target does not matter to a non-targeted attack.
    QCOMPARE(ResultCache::partKey("m.pt", "/d", 3, a, false, 7),
             ResultCache::partKey("m.pt", "/d", 3, a, false, 9));
    // Nor does the batch size, which only groups images.
    b = a;
    b.batchSize = 3;
    QCOMPARE(ResultCache::partKey("m.pt", "/d", 3, b, true, 7), base);
}

void TestResultCache::evictsLeastRecentlyUsed() {
    ResultCache cache(2);
    auto part = [](int linf) {
        auto p = std::make_shared<AttackPart>();
        p->linf = linf;
        return AttackPartPtr(p);
    };
    cache.insertPart("a", part(1));
    cache.insertPart("b", part(2));
    QCOMPARE(cache.part("a")->linf, 1); // a is now the most recent
    cache.insertPart("c", part(3));     // evicts b
    QCOMPARE(cache.size(), std::size_t(2));
    QVERIFY(!cache.part("b"));
    QCOMPARE(cache.part("a")->linf, 1);
    QCOMPARE(cache.part("c")->linf, 3);
    Prediction p;
    p.probs = {0.25f, 0.75f};
    cache.insertClean("img", p);
    QCOMPARE(cache.clean("img")->label(), 1);
    cache.clear();
    QVERIFY(!cache.part("a") && !cache.clean("img"));
}

QTEST_MAIN(TestResultCache)
#include "tst_resultcache.moc"
