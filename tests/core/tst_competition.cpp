// SPDX-License-Identifier: GPL-3.0-or-later
// The pieces of `advlab compete` without a model: metadata.json, running a
// submission (exit codes, time-out of the whole process group, bounded
// logs), the snapshot that catches writes outside the output folder,
// validation of attack images and defence labels, the toolkit's CSV formats
// and the shard split.
#include "FileFixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CompetitionScores.h>
#include <advlab/Errors.h>
#include <advlab/FolderSnapshot.h>
#include <advlab/ImageIo.h>
#include <advlab/JsonObject.h>
#include <advlab/Shard.h>
#include <advlab/Submission.h>
#include <advlab/SubmissionOutput.h>
#include <advlab/Subprocess.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <thread>

using namespace advlab;

namespace {

void writeScript(const QString& path, const QByteArray& text) {
    test::writeFile(path, text);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

Image8 gradientImage(int side = kCompetitionImageSize) {
    Image8 img(side, side);
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>((i * 7) % 256);
    return img;
}

} // namespace

// Expects `expr` to throw `Type` with `text` in its message.
#define EXPECT_THROWS_WITH(expr, Type, text)                                                                 \
    do {                                                                                                     \
        bool thrown = false;                                                                                 \
        try {                                                                                                \
            (void)(expr);                                                                                    \
        } catch (const Type& e) {                                                                            \
            thrown = true;                                                                                   \
            QVERIFY2(QString::fromUtf8(e.what()).contains(text), e.what());                                  \
        }                                                                                                    \
        QVERIFY2(thrown, "expected " #Type);                                                                 \
    } while (0)

class TestCompetition : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void jsonObjectReadsFlatMembers() {
        const auto m =
            parseJsonObject("{\"type\": \"attack\", \"entry_point\": \"run.sh\", \"n\": -1.5e3,\n"
                            "                                           \"gpu\": true, \"x\": null, "
                            "\"nested\": {\"a\": [1, {\"b\": \"c\"}]}, \"u\": \"\\u00e9\\ud83d\\ude00\"}",
                            "meta.json");
        QCOMPARE(QString::fromStdString(m.at("type").text), QString("attack"));
        QCOMPARE(QString::fromStdString(m.at("n").text), QString("-1.5e3"));
        QVERIFY(m.at("gpu").kind == JsonMember::Kind::Bool);
        QVERIFY(m.at("nested").kind == JsonMember::Kind::Object);
        QCOMPARE(m.at("u").text, std::string("\xc3\xa9\xf0\x9f\x98\x80"));
    }

    void jsonObjectRefusesWhatIsNotStrictJson_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("trailing comma") << "{\"a\": 1,}"
                                        << "member name";
        QTest::newRow("duplicate") << "{\"a\": 1,\n\"a\": 2}"
                                   << ":2: member \"a\" appears twice";
        QTest::newRow("array at top") << "[1]"
                                      << "JSON object";
        QTest::newRow("garbage after") << "{\"a\": 1} x"
                                       << "after the closing";
        QTest::newRow("single quotes") << "{'a': 1}"
                                       << "member name";
        QTest::newRow("control char") << "{\"a\": \"x\ty\"}"
                                      << "control character";
        QTest::newRow("leading zero") << "{\"a\": 01}"
                                      << "expected '}'";
        QTest::newRow("unterminated") << "{\"a\": \"x"
                                      << "unterminated";
        QTest::newRow("deep") << QString("{\"a\": ") + QString("[").repeated(100) << "64 levels";
        QTest::newRow("lone surrogate") << "{\"a\": \"\\ud800\"}"
                                        << "surrogate";
        QTest::newRow("empty") << ""
                               << "JSON object";
    }

    void jsonObjectRefusesWhatIsNotStrictJson() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        EXPECT_THROWS_WITH(parseJsonObject(text.toStdString(), "meta.json"), DataError, message);
    }

    void submissionFolderFollowsTheToolkitContract() {
        const QString dir = m_tmp.filePath("sub_ok");
        QDir().mkpath(dir);
        test::writeFile(
            dir + "/metadata.json",
            "{\"type\": \"targeted_attack\", \"container\": \"gcr.io/x\", \"entry_point\": \"run.sh\"}");
        const Submission s = readSubmission(dir.toStdString());
        QCOMPARE(QString::fromStdString(s.name), QString("sub_ok"));
        QVERIFY(s.type == SubmissionType::TargetedAttack);
        QCOMPARE(QString::fromStdString(s.container), QString("gcr.io/x"));
        QVERIFY(QString::fromStdString(s.entryProblem()).contains("is missing"));
        test::writeFile(dir + "/run.sh", "#!/bin/sh\n");
        QVERIFY(QString::fromStdString(s.entryProblem()).contains("not executable"));
        writeScript(dir + "/run.sh", "#!/bin/sh\n");
        QVERIFY(s.entryProblem().empty());
    }

    void badMetadataNamesTheFile_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("no type") << QByteArray("{\"entry_point\": \"a\"}") << "no \"type\"";
        QTest::newRow("bad type") << QByteArray("{\"type\": \"defence2\", \"entry_point\": \"a\"}")
                                  << "attack, targeted_attack or defense";
        QTest::newRow("escape") << QByteArray("{\"type\": \"defense\", \"entry_point\": \"../x.sh\"}")
                                << "leaves the submission folder";
        QTest::newRow("absolute") << QByteArray("{\"type\": \"defense\", \"entry_point\": \"/bin/sh\"}")
                                  << "relative";
        QTest::newRow("number") << QByteArray("{\"type\": \"defense\", \"entry_point\": 3}")
                                << "must be a string";
    }

    void badMetadataNamesTheFile() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString dir = m_tmp.filePath("sub_bad");
        QDir().mkpath(dir);
        test::writeFile(dir + "/metadata.json", json);
        EXPECT_THROWS_WITH(readSubmission(dir.toStdString()), DataError, message);
    }

    void subprocessReportsExitCodeAndLogs() {
        const QString script = m_tmp.filePath("exit3.sh");
        writeScript(script, "#!/bin/sh\necho \"out $1 in $(pwd)\"\necho err >&2\nexit 3\n");
        ProcessOptions o;
        o.argv = {script.toStdString(), "arg1"};
        o.workingDir = m_tmp.path().toStdString();
        o.stdoutPath = m_tmp.filePath("exit3.out").toStdString();
        o.stderrPath = m_tmp.filePath("exit3.err").toStdString();
        const ProcessResult r = runProcess(o);
        QVERIFY(r.started);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!r.succeeded());
        QCOMPARE(QString::fromStdString(r.describe()), QString("exit code 3"));
        // stdout and stderr each in their own log.
        QFile out(m_tmp.filePath("exit3.out")), err(m_tmp.filePath("exit3.err"));
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(err.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll(), "out arg1 in " + m_tmp.path().toUtf8() + "\n");
        QCOMPARE(err.readAll(), QByteArray("err\n"));
    }

    void subprocessThatCannotStartSaysWhy() {
        const QString script = m_tmp.filePath("noexec.sh");
        test::writeFile(script, "#!/bin/sh\n");
        ProcessOptions o;
        o.argv = {script.toStdString()};
        const ProcessResult r = runProcess(o);
        QVERIFY(!r.started);
        QVERIFY2(QString::fromStdString(r.describe()).contains("Permission denied") ||
                     QString::fromStdString(r.describe()).contains("cannot run"),
                 r.describe().c_str());
    }

    void timeOutKillsTheWholeProcessGroup() {
        const QString script = m_tmp.filePath("sleeper.sh");
        const QString pidFile = m_tmp.filePath("grandchild.pid");
        writeScript(script, "#!/bin/sh\nsleep 300 &\necho $! > '" + pidFile.toUtf8() + "'\nsleep 300\n");
        ProcessOptions o;
        o.argv = {script.toStdString()};
        o.timeoutSeconds = 1;
        const auto start = std::chrono::steady_clock::now();
        const ProcessResult r = runProcess(o);
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY(r.timedOut);
        QVERIFY(QString::fromStdString(r.describe()).contains("timed out"));
        QVERIFY2(took < 10, std::to_string(took).c_str());
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const pid_t grandchild = f.readAll().trimmed().toInt();
        QVERIFY(grandchild > 0);
        // The grandchild was in the group: killed, and reaped by init soon.
        QTRY_VERIFY_WITH_TIMEOUT(::kill(grandchild, 0) != 0, 5000);
    }

    void aChildThatExitsLeavesNoGrandchildBehind() {
        const QString script = m_tmp.filePath("forker.sh");
        const QString pidFile = m_tmp.filePath("forker.pid");
        writeScript(script, "#!/bin/sh\nsleep 300 &\necho $! > '" + pidFile.toUtf8() + "'\nexit 0\n");
        ProcessOptions o;
        o.argv = {script.toStdString()};
        o.timeoutSeconds = 30;
        const ProcessResult r = runProcess(o);
        QVERIFY(r.succeeded());
        QVERIFY(r.seconds < 10);
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const pid_t grandchild = f.readAll().trimmed().toInt();
        QTRY_VERIFY_WITH_TIMEOUT(::kill(grandchild, 0) != 0, 5000);
    }

    void megabytesOfOutputGiveABoundedLog() {
        const QString script = m_tmp.filePath("chatty.sh");
        // 5 MB on stdout, 3 MB on stderr: each log bounded on its own.
        writeScript(script, "#!/bin/sh\nhead -c 5000000 /dev/zero | tr '\\0' 'x'\n"
                            "head -c 3000000 /dev/zero | tr '\\0' 'e' >&2\n");
        ProcessOptions o;
        o.argv = {script.toStdString()};
        o.stdoutPath = m_tmp.filePath("chatty.out").toStdString();
        o.stderrPath = m_tmp.filePath("chatty.err").toStdString();
        o.maxLogBytes = 64 * 1024;
        const ProcessResult r = runProcess(o);
        QVERIFY(r.succeeded());
        QCOMPARE(r.outputBytes, std::size_t(8000000));
        QCOMPARE(r.droppedBytes, std::size_t(8000000 - 2 * 64 * 1024));
        for (const char* name : {"chatty.out", "chatty.err"}) {
            const QFileInfo log(m_tmp.filePath(name));
            QVERIFY(log.size() > 64 * 1024 && log.size() < 64 * 1024 + 200);
            QFile f(log.filePath());
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            QVERIFY(text.contains("bytes of output were dropped"));
            // No mixing: the kept part is one stream's bytes only.
            const char c = QByteArray(name).endsWith(".out") ? 'x' : 'e';
            QCOMPARE(text.left(64 * 1024), QByteArray(64 * 1024, c));
        }
    }

    void snapshotSeesCreatedModifiedAndRemovedFiles() {
        const QString root = m_tmp.filePath("snap");
        QDir().mkpath(root + "/out");
        QDir().mkpath(root + "/keep");
        test::writeFile(root + "/keep/a.png", "aaaa");
        test::writeFile(root + "/keep/b.png", "bbbb");
        const auto before = FolderSnapshot::take(root.toStdString(), {"out"});
        test::writeFile(root + "/out/mine.png", "x"); // excluded: the run's own output
        QVERIFY(FolderSnapshot::take(root.toStdString(), {"out"}).changesSince(before).empty());
        // Same size, mtime set back: the change time still tells.
        struct stat st {};
        QCOMPARE(::stat((root + "/keep/a.png").toUtf8().constData(), &st), 0);
        test::writeFile(root + "/keep/a.png", "AAAA");
        const struct timespec times[2] = {st.st_atim, st.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, (root + "/keep/a.png").toUtf8().constData(), times, 0), 0);
        QFile::remove(root + "/keep/b.png");
        test::writeFile(root + "/evil.txt", "x");
        const auto changes = FolderSnapshot::take(root.toStdString(), {"out"}).changesSince(before);
        const std::set<std::string> got(changes.begin(), changes.end());
        QVERIFY(got.count("modified: keep/a.png"));
        QVERIFY(got.count("removed: keep/b.png"));
        QVERIFY(got.count("created: evil.txt"));
    }

    void clippingCountsPixelsBeyondEpsilon() {
        const Image8 original = gradientImage(4);
        Image8 adv = original;
        adv.rgb[0] = static_cast<std::uint8_t>(std::min(255, original.rgb[0] + 7)); // ε 4 + 3
        adv.rgb[4] = static_cast<std::uint8_t>(std::max(0, original.rgb[4] - 4));   // within
        adv.rgb[5] = static_cast<std::uint8_t>(original.rgb[5] > 5 ? original.rgb[5] - 5 : 255);
        int excess = 0;
        QCOMPARE(clipToEpsilonBox(adv, original, 4.9f, &excess), 2LL);
        QVERIFY(excess >= 1);
        for (std::size_t i = 0; i < adv.rgb.size(); ++i)
            QVERIFY(std::abs(int(adv.rgb[i]) - int(original.rgb[i])) <= 4);
    }

    void attackImagesMustBe299RgbOrAreReplaced() {
        const Image8 original = gradientImage();
        const QString dir = m_tmp.filePath("outputs");
        QDir().mkpath(dir);
        Image8 over = original;
        for (int i = 0; i < 3; ++i)
            over.rgb[static_cast<std::size_t>(i) * 3] =
                static_cast<std::uint8_t>(std::min(255, original.rgb[static_cast<std::size_t>(i) * 3] + 11));
        writePngAtomic((dir + "/over.png").toStdString(), over);
        writePngAtomic((dir + "/small.png").toStdString(), gradientImage(100));
        test::writeFile(dir + "/garbage.png", "not a png at all");
        const auto ok = checkAttackImage((dir + "/over.png").toStdString(), original, 8);
        QVERIFY(ok.status == AttackImageCheck::Status::Ok);
        QCOMPARE(ok.clippedPixels, 3LL);
        QCOMPARE(ok.maxExcess, 3);
        const auto small = checkAttackImage((dir + "/small.png").toStdString(), original, 8);
        QVERIFY(small.status == AttackImageCheck::Status::Broken);
        QVERIFY(small.problem.find("100x100") != std::string::npos);
        QVERIFY(small.image == original);
        QVERIFY(checkAttackImage((dir + "/garbage.png").toStdString(), original, 8).status ==
                AttackImageCheck::Status::Broken);
        QVERIFY(checkAttackImage((dir + "/none.png").toStdString(), original, 8).status ==
                AttackImageCheck::Status::Missing);
    }

    void defenceLabelsCountEveryKindOfGarbage() {
        const QString path = m_tmp.filePath("labels.csv");
        test::writeFile(path, "filename,label\n00000000.png,5\n00000001.png,17\n00000001.png,17\n"
                              "00000002,1001\nnot-an-image.png,3\njunk\n00000003.jpg, 0\n");
        const DefenceLabels l = readDefenceLabels(
            path.toStdString(), {"00000000", "00000001", "00000002", "00000003", "00000004"});
        QCOMPARE(l.labels, (std::vector<int>{5, 0, 0, 0, 0}));
        QCOMPARE(l.duplicate, 1);
        QCOMPARE(l.outOfRange, 2);
        QCOMPARE(l.unknownId, 1);
        QCOMPARE(l.malformed, 1);
        QCOMPARE(l.missing, 1);
        QVERIFY(!l.problems.empty());
        const DefenceLabels none = readDefenceLabels(m_tmp.filePath("absent.csv").toStdString(), {"a", "b"});
        QCOMPARE(none.missing, 2);
    }

    void countsAreWrittenInTheToolkitsFormat() {
        CompetitionCounts c = CompetitionCounts::zeros({"a1", "a2"}, {"t1"}, {"d1", "d2"});
        c.images = 10;
        c.accuracyOnAttacks = {{7, 9}, {2, 9}};
        c.accuracyOnTargetedAttacks = {{5, 6}};
        c.hitTargetClass = {{4, 1}};
        QCOMPARE(QString::fromStdString(countMatrixCsv(c.accuracyOnAttacks, c.attacks, c.defences)),
                 QString(",d1,d2\na1,7,9\na2,2,9\n"));
        // attack score: images * defences - correct; defence score: correct over all attacks.
        QCOMPARE(QString::fromStdString(rankingCsv("AttackName", c.attacks, c.attackScores())),
                 QString("AttackName,Score\na2,9\na1,4\n"));
        QCOMPARE(QString::fromStdString(rankingCsv("DefenseName", c.defences, c.defenceScores())),
                 QString("DefenseName,Score\nd2,24\nd1,14\n"));
        QCOMPARE(c.targetedAttackScores(), (std::vector<long long>{5}));
        QCOMPARE(c.attackScore(0, 0), 0.3);
        QCOMPARE(c.targetedAttackScore(0, 0), 0.4);
        const QString dir = m_tmp.filePath("csvs");
        QDir().mkpath(dir);
        writeCompetitionCsvs(c, dir.toStdString());
        CompetitionCounts back = readCompetitionCsvs(dir.toStdString());
        back.images = 10;
        QCOMPARE(back.accuracyOnAttacks, c.accuracyOnAttacks);
        QCOMPARE(back.hitTargetClass, c.hitTargetClass);
        QCOMPARE(back.defences, c.defences);
        back.add(c);
        QCOMPARE(back.accuracyOnAttacks[1][0], 4LL);
        QCOMPARE(back.images, 20LL);
        EXPECT_THROWS_WITH(back.add(CompetitionCounts::zeros({"x"}, {}, {"d1"})), std::invalid_argument,
                           "different");
    }

    void shardsAreDisjointBalancedAndIndependentOfOrder() {
        std::vector<std::string> ids;
        for (int i = 0; i < 23; ++i)
            ids.push_back("img" + std::to_string((i * 7919) % 97));
        std::vector<std::string> reversed(ids.rbegin(), ids.rend());
        std::set<std::string> seen;
        for (int k = 1; k <= 3; ++k) {
            const Shard s = parseShard(std::to_string(k) + "/3");
            const auto pos = shardPositions(ids, s);
            QVERIFY(pos.size() == 7 || pos.size() == 8);
            QVERIFY(std::is_sorted(pos.begin(), pos.end()));
            std::set<std::string> a, b;
            for (auto p : pos)
                a.insert(ids[p]);
            for (auto p : shardPositions(reversed, s))
                b.insert(reversed[p]);
            QVERIFY(a == b);
            for (const auto& id : a)
                QVERIFY(seen.insert(id).second);
        }
        QCOMPARE(seen.size(), ids.size());
        EXPECT_THROWS_WITH(parseShard("3/2"), std::invalid_argument, "at most N");
        EXPECT_THROWS_WITH(parseShard("0/2"), std::invalid_argument, "K/N");
        EXPECT_THROWS_WITH(parseShard("1/x"), std::invalid_argument, "K/N");
    }
};

QTEST_APPLESS_MAIN(TestCompetition)
#include "tst_competition.moc"
