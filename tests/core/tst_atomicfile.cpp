// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 9 D2, D3, D4: atomic writes with short, unpredictable temporary names
// that never follow a planted symlink, cleanup of temporaries a killed run
// left, and the one CSV writer's quoting.
#include "ExpectError.h"
#include "FileFixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/AtomicFile.h>
#include <advlab/CsvTable.h>
#include <advlab/CsvWriter.h>
#include <advlab/ImageIo.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace advlab;
using advlab::test::writeFile;
using advlab::test::expectDataError;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A PID that belonged to a process that has exited.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString freshDir(const QString& name) {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir);
        return dir;
    }

private Q_SLOTS:
    // D2: the old temporary ".<name>.tmp-PID-N" exceeded NAME_MAX for
    // ImageIds of 245-251 characters and aborted the run.
    void longFileNamesWork() {
        const QString dir = freshDir("long");
        Image8 im(3, 2);
        im.rgb.assign(im.rgb.size(), 200);
        for (int len : {245, 250, 251}) {
            const std::string name = std::string(static_cast<std::size_t>(len - 4), 'n') + ".png";
            const std::string path = (dir + "/").toStdString() + name;
            writePngAtomic(path, im);
            QCOMPARE(readImage(path, 0), im);
        }
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 3); // no temporaries left
    }

    // D3: a symlink planted at the old predictable temporary name, or at the
    // target itself, must never be written through.
    void plantedSymlinksAreNeverFollowed() {
        const QString dir = freshDir("planted");
        const QString victim = m_tmp.filePath("victim.txt");
        writeFile(victim, "precious");
        for (int n = 0; n < 8; ++n)
            QVERIFY(QFile::link(victim, dir + QString("/.x.png.tmp-%1-%2").arg(::getpid()).arg(n)));
        QVERIFY(QFile::link(victim, dir + "/y.csv"));

        writeFileAtomic((dir + "/x.png").toStdString(), "new contents");
        writeFileAtomic((dir + "/y.csv").toStdString(), "a,b\n");
        QCOMPARE(readAll(victim), QByteArray("precious"));
        QCOMPARE(readAll(dir + "/x.png"), QByteArray("new contents"));
        // The link at the target was replaced by a file, not written through.
        QVERIFY(!QFileInfo(dir + "/y.csv").isSymLink());
        QCOMPARE(readAll(dir + "/y.csv"), QByteArray("a,b\n"));
    }

    // D2: the message says what the system said.
    void errorsCarryTheSystemReason() {
        const std::string missing = m_tmp.filePath("no/such/dir/x.png").toStdString();
        const auto e = expectDataError([&] { writeFileAtomic(missing, "x"); });
        QCOMPARE(e.file(), missing);
        QVERIFY2(e.problem().find("No such file or directory") != std::string::npos, e.what());

        const QString dir = freshDir("target-is-dir");
        QDir().mkpath(dir + "/out.png");
        const auto d = expectDataError([&] { writeFileAtomic((dir + "/out.png").toStdString(), "x"); });
        QVERIFY2(d.problem().find("Is a directory") != std::string::npos, d.what());
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 0); // temporary removed

        if (::geteuid() != 0) { // root writes anywhere
            const QString ro = freshDir("readonly");
            QCOMPARE(::chmod(ro.toLocal8Bit().constData(), 0555), 0);
            const auto p = expectDataError([&] { writeFileAtomic((ro + "/x").toStdString(), "x"); });
            QVERIFY2(p.problem().find("Permission denied") != std::string::npos, p.what());
        }
    }

    // kill -9 between write and rename left a hidden temporary that no later
    // run removed. Only our own names of dead processes are removed.
    void staleTemporariesAreRemoved() {
        const QString dir = freshDir("stale");
        const pid_t dead = deadPid();
        const QString victim = m_tmp.filePath("stale-victim.txt");
        writeFile(victim, "keep me");
        const QString staleNew = dir + QString("/.advlab-%1-abcd1234.tmp").arg(dead);
        const QString staleOld = dir + QString("/.img.png.tmp-%1-7").arg(dead);
        const QString staleLink = dir + QString("/.advlab-%1-zzzz9999.tmp").arg(dead);
        const QString live = dir + QString("/.advlab-%1-abcd1234.tmp").arg(::getpid());
        const QString liveParent = dir + QString("/.advlab-%1-abcd1234.tmp").arg(::getppid());
        const QString unrelated[] = {dir + "/.advlab-notes.tmp", dir + "/image.png",
                                     dir + QString("/.advlab-%1-short.tmp").arg(dead),
                                     dir + "/.hidden.tmp-x-1"};
        writeFile(staleNew, "half");
        writeFile(staleOld, "half");
        QVERIFY(QFile::link(victim, staleLink));
        writeFile(live, "in flight");
        writeFile(liveParent, "in flight");
        for (const auto& f : unrelated)
            writeFile(f, "user data");

        QCOMPARE(removeStaleTemporaries(dir.toStdString()), 3);
        QVERIFY(!QFile::exists(staleNew));
        QVERIFY(!QFile::exists(staleOld));
        QVERIFY(!QFileInfo(staleLink).isSymLink());
        QCOMPARE(readAll(victim), QByteArray("keep me")); // the link was removed, not followed
        QVERIFY(QFile::exists(live));
        QVERIFY(QFile::exists(liveParent));
        for (const auto& f : unrelated)
            QVERIFY2(QFile::exists(f), qPrintable(f));
        QCOMPARE(removeStaleTemporaries(m_tmp.filePath("does-not-exist").toStdString()), 0);

        // The first atomic write into a folder cleans it too.
        const QString other = freshDir("stale-first-write");
        const QString leftover = other + QString("/.advlab-%1-abcd1234.tmp").arg(dead);
        writeFile(leftover, "half");
        writeFileAtomic((other + "/result.csv").toStdString(), "a\n");
        QVERIFY(!QFile::exists(leftover));
        QCOMPARE(QDir(other).entryList(QDir::Files | QDir::Hidden), QStringList{"result.csv"});
    }

    // D4: one writer, RFC 4180 quoting; what it writes reads back unchanged.
    void csvWriterQuotesAndRoundTrips() {
        const std::vector<std::string> nasty = {"plain",    "a,b",      "say \"hi\"", "two\nlines",
                                                "cr\ronly", "crlf\r\n", "",           " spaced ",
                                                "\"",       ",",        "id\x1b[31m"};
        CsvWriter csv({"ImageId", "Note", "Value"});
        for (const auto& f : nasty)
            csv.field(f).field("x" + f).number(0.5).endRow();
        csv.field("nan").field("").number(std::nan("")).endRow();
        QCOMPARE(CsvWriter::quote("a,b"), std::string("\"a,b\""));
        QCOMPARE(CsvWriter::quote("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(CsvWriter::quote("plain"), std::string("plain"));
        QCOMPARE(CsvWriter::formatNumber(1.0 / 3.0, 3), std::string("0.333"));

        const QString dir = freshDir("csv");
        const std::string path = (dir + "/out.csv").toStdString();
        csv.writeAtomic(path);
        const CsvTable t = CsvTable::read(path);
        QCOMPARE(t.header(), (std::vector<std::string>{"ImageId", "Note", "Value"}));
        QCOMPARE(t.rowCount(), nasty.size() + 1);
        for (std::size_t i = 0; i < nasty.size(); ++i) {
            QCOMPARE(t.row(i)[0], nasty[i]);
            QCOMPARE(t.row(i)[1], "x" + nasty[i]);
            QCOMPARE(t.row(i)[2], std::string("0.5000"));
        }
        QCOMPARE(t.row(nasty.size())[2], std::string()); // never "nan"
    }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
