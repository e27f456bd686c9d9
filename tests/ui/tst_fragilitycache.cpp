// SPDX-License-Identifier: GPL-3.0-or-later
// The dataset scan's cache (issue 12 §4): what is saved comes back for the
// same dataset, model and attack, and for nothing else; an edited
// images.csv, a rewritten model file or another attack setting miss it; a
// corrupt, foreign or out-of-range file is ignored with a message naming the
// file, never a crash.
#include "core/FileFixtures.h"
#include "fragility/FragilityCache.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace advlab;
using namespace advlab::ui;

class TestFragilityCache : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_dataset, m_model;

    FragilityRequest request() const {
        FragilityRequest r;
        r.datasetRoot = m_dataset;
        r.modelPaths = {m_model};
        r.config.method = AttackMethod::Ifgsm;
        r.config.iterations = 4;
        r.mode = FragilityMode::MinEpsilon;
        r.maxEpsilon = 16;
        return r;
    }
    static FragilityResults results() {
        FragilityResults f;
        f.mode = FragilityMode::MinEpsilon;
        f.maxEpsilon = 16;
        f.attack = QStringLiteral("I-FGSM, 4 steps");
        f.values = {0, 3, FragilityResults::kNotFound, 16, FragilityResults::kNotScanned};
        return f;
    }

private Q_SLOTS:
    void init() {
        QVERIFY(m_tmp.isValid());
        m_dataset = m_tmp.filePath("data");
        QDir(m_dataset).removeRecursively();
        QDir().mkpath(m_dataset + "/images");
        test::writeFile(m_dataset + "/images.csv", "ImageId,TrueLabel,TargetClass\na,1,2\nb,3,4\n");
        m_model = m_tmp.filePath("model.pt");
        test::writeFile(m_model, QByteArray(100, 'x'));
    }

    void roundTrip() {
        const FragilityCache cache(m_tmp.filePath("cache"));
        QVERIFY(!cache.load(request()).has_value()); // nothing yet, and no warning
        QString error;
        QVERIFY2(cache.save(request(), results(), &error), qPrintable(error));
        QString warning;
        const auto back = cache.load(request(), &warning);
        QVERIFY2(back.has_value(), qPrintable(warning));
        QVERIFY(warning.isEmpty());
        QCOMPARE(back->values, results().values);
        QCOMPARE(back->attack, results().attack);
        QCOMPARE(back->maxEpsilon, 16);
        // The badges read from the values.
        QCOMPARE(back->badge(1), QStringLiteral("ε 3"));
        QCOMPARE(back->badge(2), QStringLiteral("ε >16"));
        QVERIFY(back->badge(4).isEmpty());
        // No temporary left beside it (written atomically).
        QCOMPARE(QDir(cache.directory()).entryList(QDir::Files).size(), 1);
    }

    void invalidatedByWhatChangesTheAnswer() {
        const FragilityCache cache(m_tmp.filePath("cache2"));
        QVERIFY(cache.save(request(), results()));
        QVERIFY(cache.load(request()).has_value());

        FragilityRequest other = request();
        other.config.iterations = 5; // another attack
        QVERIFY(!cache.load(other).has_value());
        other = request();
        other.config.method = AttackMethod::MiFgsm;
        QVERIFY(!cache.load(other).has_value());
        other = request();
        other.maxEpsilon = 32;
        QVERIFY(!cache.load(other).has_value());
        other = request();
        other.mode = FragilityMode::AtEpsilon;
        QVERIFY(!cache.load(other).has_value());
        // ε does not change a minimal-ε search: the same entry.
        other = request();
        other.config.epsilon = 3;
        QVERIFY(cache.load(other).has_value());
        // ...but it does at a fixed ε.
        FragilityRequest at = request();
        at.mode = FragilityMode::AtEpsilon;
        FragilityResults fooled;
        fooled.mode = FragilityMode::AtEpsilon;
        fooled.values = {1, 0, 1, 1, 0};
        QVERIFY(cache.save(at, fooled));
        QVERIFY(cache.load(at).has_value());
        at.config.epsilon = 3;
        QVERIFY(!cache.load(at).has_value());

        // Another judge is another answer, and the judge's model file is
        // part of the key; the white-box entry stays.
        const QString judgeFile = m_tmp.filePath("judge.pt");
        test::writeFile(judgeFile, QByteArray(64, 'j'));
        FragilityRequest judged = request();
        judged.judge = QStringLiteral("model:") + judgeFile;
        QVERIFY(!cache.load(judged).has_value());
        QVERIFY(cache.save(judged, results()));
        QVERIFY(cache.load(judged).has_value());
        QVERIFY(cache.load(request()).has_value());
        FragilityRequest jpeg = request();
        jpeg.judge = QStringLiteral("jpeg75");
        QVERIFY(!cache.load(jpeg).has_value());
        test::writeFile(judgeFile, QByteArray(65, 'j')); // the judge retrained
        QVERIFY(!cache.load(judged).has_value());
        QFile::remove(judgeFile); // a judge that is gone gives no key at all
        QVERIFY(FragilityCache::keyFor(judged).isEmpty());
        judged.judge = QStringLiteral("jpeg0"); // and so does a malformed one
        QVERIFY(FragilityCache::keyFor(judged).isEmpty());

        // Another model file: rewritten (size and time change).
        QTest::qWait(20);
        test::writeFile(m_model, QByteArray(101, 'y'));
        QVERIFY(!cache.load(request()).has_value());
        QVERIFY(cache.save(request(), results()));
        QVERIFY(cache.load(request()).has_value());
        // The same size, a later time.
        QFile f(m_model);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(
            f.setFileTime(QFileInfo(m_model).lastModified().addSecs(5), QFileDevice::FileModificationTime));
        f.close();
        QVERIFY(!cache.load(request()).has_value());
        QVERIFY(cache.save(request(), results()));

        // An edited images.csv is another dataset.
        test::writeFile(m_dataset + "/images.csv", "ImageId,TrueLabel,TargetClass\na,1,2\nb,3,5\n");
        QVERIFY(!cache.load(request()).has_value());

        // The images.csv digest is remembered, but an edit that keeps the
        // size and the time stamp (cp -p, rsync -t) is still another key.
        const QString csv = m_dataset + "/images.csv";
        const QDateTime old = QDateTime::currentDateTime().addSecs(-60);
        auto setTime = [&] {
            QFile f(csv);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(old, QFileDevice::FileModificationTime));
        };
        test::writeFile(csv, "ImageId,TrueLabel,TargetClass\na,1,2\nb,3,5\n");
        setTime();
        const QString before = FragilityCache::keyFor(request());
        QCOMPARE(FragilityCache::keyFor(request()), before);
        test::writeFile(csv, "ImageId,TrueLabel,TargetClass\na,1,2\nb,3,6\n"); // same size
        setTime();
        QCOMPARE(QFileInfo(csv).lastModified(), old);
        QVERIFY(FragilityCache::keyFor(request()) != before);
    }

    void corruptOrForeignFilesAreIgnoredWithAMessage() {
        const FragilityCache cache(m_tmp.filePath("cache3"));
        QVERIFY(cache.save(request(), results()));
        const QString file = cache.fileFor(FragilityCache::keyFor(request()));
        QVERIFY(QFile::exists(file));

        const QList<QByteArray> bad = {
            "{not json",
            "",
            "[1,2,3]",
            "{\"format\":1,\"key\":\"someone else's key\",\"values\":[0,1,2,3,4]}",
            "{\"format\":99,\"key\":\"x\",\"values\":[0]}",
        };
        for (const QByteArray& bytes : bad) {
            test::writeFile(file, bytes);
            QString warning;
            QVERIFY(!cache.load(request(), &warning).has_value());
            QVERIFY2(warning.contains(file), qPrintable(warning));
            QVERIFY2(warning.contains("ignored"), qPrintable(warning));
        }
        // The right key with a value out of range (ε 99 > max 16), not an
        // integer, or none at all.
        QVERIFY(cache.save(request(), results()));
        QFile good(file);
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(good.readAll()).object();
        good.close();
        QVERIFY(cache.load(request()).has_value());
        for (const QJsonArray& values : {QJsonArray{0, 99}, QJsonArray{0, QStringLiteral("3")},
                                         QJsonArray{0, 1.5}, QJsonArray{0, -3}, QJsonArray{}}) {
            QJsonObject o = saved;
            o.insert(QStringLiteral("values"), values);
            test::writeFile(file, QJsonDocument(o).toJson());
            QString warning;
            QVERIFY(!cache.load(request(), &warning).has_value());
            QVERIFY2(warning.contains("ignored"), qPrintable(warning));
        }
        // A good save replaces the bad file.
        QVERIFY(cache.save(request(), results()));
        QVERIFY(cache.load(request()).has_value());
    }

    // A FIFO where the cache file (or images.csv) should be froze the GUI
    // thread on open(); now it is refused at once, with the file named.
    void aFifoOrAFolderNeverBlocks() {
        const FragilityCache cache(m_tmp.filePath("cache5"));
        QVERIFY(cache.save(request(), results()));
        const QString file = cache.fileFor(FragilityCache::keyFor(request()));
        QVERIFY(QFile::remove(file));
        QCOMPARE(::mkfifo(QFile::encodeName(file).constData(), 0600), 0);
        QString warning;
        QVERIFY(!cache.load(request(), &warning).has_value());
        QVERIFY2(warning.contains(file) && warning.contains("ignored"), qPrintable(warning));
        QVERIFY(QFile::remove(file));
        QVERIFY(QDir().mkpath(file));
        warning.clear();
        QVERIFY(!cache.load(request(), &warning).has_value());
        QVERIFY2(warning.contains(file) && warning.contains("ignored"), qPrintable(warning));
        QVERIFY(QDir(file).removeRecursively());

        const QString csv = m_dataset + "/images.csv";
        QVERIFY(QFile::remove(csv));
        QCOMPARE(::mkfifo(QFile::encodeName(csv).constData(), 0600), 0);
        QString error;
        QVERIFY(FragilityCache::keyFor(request(), &error).isEmpty());
        QVERIFY2(error.contains("images.csv"), qPrintable(error));
        QVERIFY(!cache.load(request()).has_value());
    }

    void unreadableInputsGiveNoKey() {
        FragilityRequest r = request();
        r.modelPaths = {m_tmp.filePath("missing.pt")};
        QString error;
        QVERIFY(FragilityCache::keyFor(r, &error).isEmpty());
        QVERIFY2(error.contains("missing.pt"), qPrintable(error));
        const FragilityCache cache(m_tmp.filePath("cache4"));
        QVERIFY(!cache.save(r, results(), &error));
        QVERIFY(!cache.load(r).has_value());
        r = request();
        r.datasetRoot = m_tmp.filePath("nowhere");
        QVERIFY(FragilityCache::keyFor(r, &error).isEmpty());
        QVERIFY2(error.contains("nowhere"), qPrintable(error));
    }
};

QTEST_MAIN(TestFragilityCache)
#include "tst_fragilitycache.moc"
