// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 9: hostile datasets and images. Decompression bombs refused from
// their headers, colliding file names refused, FIFOs and directories refused
// without blocking, symlink loops skipped per image, CR-only CSVs read,
// control characters escaped, and huge CSVs read only up to a row limit.
#include "ExpectError.h"
#include "FileFixtures.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/Dataset.h>
#include <advlab/Errors.h>
#include <advlab/ImageIo.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sys/stat.h>

using namespace advlab;
using advlab::test::categoriesCsv;
using advlab::test::writeFile;
using advlab::test::expectDataError;

namespace {

void writeImage(const QString& path, int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    cv::randu(m, 0, 255);
    QVERIFY(cv::imwrite(path.toStdString(), m));
}

quint32 crc32(const QByteArray& data) {
    quint32 c = 0xFFFFFFFFu;
    for (char ch : data) {
        c ^= static_cast<quint8>(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

QByteArray be32(quint32 v) {
    const char b[] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    return QByteArray(b, 4);
}

QByteArray le32(quint32 v) {
    const char b[] = {char(v), char(v >> 8), char(v >> 16), char(v >> 24)};
    return QByteArray(b, 4);
}

// A PNG whose IHDR (with a valid CRC) claims width x height 8-bit RGB,
// followed by a tiny IDAT: 40 bytes that used to make OpenCV allocate
// width * height * 3 bytes before failing.
QByteArray pngBomb(quint32 width, quint32 height) {
    QByteArray ihdr = "IHDR" + be32(width) + be32(height) + QByteArray("\x08\x02\x00\x00\x00", 5);
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += be32(13) + ihdr + be32(crc32(ihdr));
    const QByteArray idat = "IDAT" + QByteArray("\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9);
    png += be32(9) + idat + be32(crc32(idat));
    return png;
}

QByteArray jpegBomb() { // SOI, then SOF0 claiming 65000 x 65000
    return QByteArray("\xFF\xD8\xFF\xC0\x00\x11\x08\xFD\xE8\xFD\xE8\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01",
                      21);
}

QByteArray bmpBomb() {
    QByteArray b = "BM" + le32(0) + le32(0) + le32(54) + le32(40) + le32(30000) + le32(30000);
    b += QByteArray("\x01\x00\x18\x00", 4) + QByteArray(24, '\0');
    return b;
}

} // namespace

class TestHostileData : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString competition(const QString& name, const QByteArray& imagesCsv) {
        const QString root = m_tmp.filePath(name);
        QDir().mkpath(root + "/images");
        writeFile(root + "/images.csv", imagesCsv);
        writeFile(root + "/categories.csv", categoriesCsv());
        return root;
    }

private Q_SLOTS:
    // D1: a 20000 x 20000 PNG of 1 MB decoded to 2.6 GB. The header is read
    // first and anything over 16,777,216 pixels is refused, per image.
    void decompressionBombsAreRefusedFromTheHeader_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("format");
        QTest::newRow("png 20000x20000") << pngBomb(20000, 20000) << "PNG";
        QTest::newRow("png 32000x32000") << pngBomb(32000, 32000) << "PNG";
        QTest::newRow("png 4097x4096") << pngBomb(4097, 4096) << "PNG";
        QTest::newRow("png 1x4294967295") << pngBomb(1, 0xFFFFFFFFu) << "PNG";
        QTest::newRow("jpeg 65000x65000") << jpegBomb() << "JPEG";
        QTest::newRow("bmp 30000x30000") << bmpBomb() << "BMP";
        QTest::newRow("ppm 30000x30000") << QByteArray("P6\n# comment\n30000 30000\n255\n") << "PNM";
        QTest::newRow("pam")
            << QByteArray("P7\nWIDTH 20000\nHEIGHT 20000\nDEPTH 3\nMAXVAL 255\nTUPLTYPE RGB\nENDHDR\n")
            << "PNM";
    }
    void decompressionBombsAreRefusedFromTheHeader() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, format);
        const QString path = m_tmp.filePath("bomb." + format.toLower());
        writeFile(path, bytes);
        QElapsedTimer timer;
        timer.start();
        const auto e = expectDataError([&] { readImage(path.toStdString()); });
        QCOMPARE(e.file(), path.toStdString());
        QVERIFY2(e.problem().find("larger than the limit of 16777216 pixels") != std::string::npos, e.what());
        QVERIFY2(e.problem().find(format.toStdString()) != std::string::npos, e.what());
        QVERIFY(timer.elapsed() < 2000); // refused, not decoded
    }

    void imagesAtTheLimitStillLoad() {
        const QString path = m_tmp.filePath("big-ok.png");
        cv::Mat m(4096, 4096, CV_8UC3, cv::Scalar(10, 20, 30)); // exactly 16,777,216 pixels
        QVERIFY(cv::imwrite(path.toStdString(), m));
        const Image8 im = readImage(path.toStdString(), 299);
        QCOMPARE(im.width, 299);
    }

    // D1: the bomb is one image's problem; the good images of the dataset load.
    void aBombIsSkippedPerImage() {
        const QString root = competition("bombset", "ImageId,TrueLabel\nbomb,1\ngood,2\n");
        writeFile(root + "/images/bomb.png", pngBomb(20000, 20000));
        writeImage(root + "/images/good.png", 299, 299);
        const Dataset d = Dataset::open(root.toStdString());
        QVERIFY(expectDataError([&] { d.loadImage(0); }).problem().find("larger than the limit") !=
                std::string::npos);
        QCOMPARE(d.loadImage(1).width, 299);
    }

    void unknownFormatsAreNamed() {
        const QString path = m_tmp.filePath("sun.png"); // Sun raster bytes behind a .png name
        writeFile(path, QByteArray("\x59\xa6\x6a\x95", 4) + QByteArray(28, '\x01'));
        const auto e = expectDataError([&] { readImage(path.toStdString()); });
        QVERIFY2(e.problem().find("not a format this program reads") != std::string::npos, e.what());
    }

    // D5: x.png, x.jpg and X.PNG gave colliding ImageIds: one result
    // overwrote another and the run reported 3 written for 2 files.
    void collidingStemsAreRefused() {
        const QString dir = m_tmp.filePath("collide");
        QDir().mkpath(dir);
        writeImage(dir + "/x.png", 8, 8);
        writeImage(dir + "/x.jpg", 8, 8);
        writeImage(dir + "/X.PNG", 8, 8);
        writeImage(dir + "/y.png", 8, 8);
        const auto e = expectDataError([&] { Dataset::open(dir.toStdString()); });
        for (const char* name : {"x.png", "x.jpg", "X.PNG"})
            QVERIFY2(e.problem().find(name) != std::string::npos, e.what());
        QVERIFY2(e.problem().find("y.png") == std::string::npos, e.what());

        // The same for ImageIds differing only in case in images.csv.
        const QString root = competition("casecsv", "ImageId,TrueLabel\nabc,1\nABC,2\n");
        const auto c = expectDataError([&] { Dataset::open(root.toStdString()); });
        QCOMPARE(c.line(), 3);
        QVERIFY2(c.problem().find("appears twice") != std::string::npos, c.what());
    }

    // D5: a symlink loop among the images was fatal to the whole run.
    void symlinkLoopsAndOddEntriesAreSkippedPerImage() {
        const QString dir = m_tmp.filePath("loops");
        QDir().mkpath(dir);
        writeImage(dir + "/a.png", 299, 299);
        QVERIFY(QFile::link(dir + "/loop.png", dir + "/loop.png"));
        QVERIFY(QFile::link(dir + "/nowhere.png", dir + "/dangling.png"));
        QDir().mkpath(dir + "/folder.png");
        QCOMPARE(::mkfifo((dir + "/pipe.png").toLocal8Bit().constData(), 0600), 0);
        const Dataset d = Dataset::open(dir.toStdString());
        QCOMPARE(d.size(), std::size_t(5));
        std::map<std::string, std::string> problems;
        for (const auto& e : d.entries())
            problems[e.imageId] = e.problem;
        QVERIFY(problems["a"].empty());
        QCOMPARE(problems["loop"], std::string("symbolic link loop"));
        QCOMPARE(problems["dangling"], std::string("not found"));
        QCOMPARE(problems["folder"], std::string("is a directory"));
        QVERIFY(problems["pipe"].find("is not a regular file") != std::string::npos);
        // 4 unusable; no warning for the missing categories.csv, since the
        // bundled ImageNet names stand in for it.
        QCOMPARE(d.warnings().size(), std::size_t(4));
        QVERIFY(d.categories().hasRealNames());
        for (std::size_t i = 0; i < d.size(); ++i) {
            if (d.entry(i).imageId == "a")
                QCOMPARE(d.loadImage(i).width, 299);
            else
                QCOMPARE(expectDataError([&] { d.loadImage(i); }).file(), d.entry(i).imagePath);
        }
    }

    // D15: a FIFO as images.csv blocked forever. Refused without opening it
    // for a blocking read; directories and FIFOs get their own messages.
    void nonRegularDatasetFilesAreRefused() {
        const QString fifoRoot = competition("fifo", "");
        QFile::remove(fifoRoot + "/images.csv");
        QCOMPARE(::mkfifo((fifoRoot + "/images.csv").toLocal8Bit().constData(), 0600), 0);
        const auto f = expectDataError([&] { Dataset::open(fifoRoot.toStdString()); });
        QVERIFY2(f.file().find("images.csv") != std::string::npos, f.what());
        QVERIFY2(f.problem().find("is not a regular file") != std::string::npos, f.what());

        const QString dirRoot = competition("csvdir", "ImageId,TrueLabel\na,1\n");
        QFile::remove(dirRoot + "/categories.csv");
        QDir().mkpath(dirRoot + "/categories.csv");
        const auto d = expectDataError([&] { Dataset::open(dirRoot.toStdString()); });
        QVERIFY2(d.file().find("categories.csv") != std::string::npos, d.what());
        QCOMPARE(d.problem(), std::string("is a directory"));

        const QString fifoImage = m_tmp.filePath("fifo-image.png");
        QCOMPARE(::mkfifo(fifoImage.toLocal8Bit().constData(), 0600), 0);
        QVERIFY(expectDataError([&] { readImage(fifoImage.toStdString()); })
                    .problem()
                    .find("is not a regular file") != std::string::npos);

        // An image listed in images.csv that is a directory: that entry's problem.
        const QString listed = competition("listeddir", "ImageId,TrueLabel\na,1\nb,2\n");
        writeImage(listed + "/images/a.png", 299, 299);
        QDir().mkpath(listed + "/images/b.png");
        const Dataset ds = Dataset::open(listed.toStdString());
        QVERIFY(ds.entry(0).problem.empty());
        QVERIFY2(ds.entry(1).problem.find("is a directory") != std::string::npos,
                 ds.entry(1).problem.c_str());
        QVERIFY(ds.entry(1).problem.find("not found") == std::string::npos);
    }

    void crOnlyLineEndingsAreRead() {
        const CsvTable t = CsvTable::parse("ImageId,TrueLabel\ra,1\rb,2\r", "mac.csv");
        QCOMPARE(t.rowCount(), std::size_t(2));
        QCOMPARE(t.row(1)[0], std::string("b"));
        QCOMPARE(t.lineOf(1), 3);
        const QString root = competition("cronly", "ImageId,TrueLabel\ra,1\rb,2\r");
        QCOMPARE(Dataset::open(root.toStdString()).size(), std::size_t(2));
        // A quoted CR stays part of its field; CRLF is still one line end.
        const CsvTable q = CsvTable::parse("a,b\r\n\"x\ry\",2\r\n", "q.csv");
        QCOMPARE(q.rowCount(), std::size_t(1));
        QCOMPARE(q.row(0)[0], std::string("x\ry"));
    }

    // Terminal control characters from a CSV must not reach the terminal raw.
    void controlCharactersAreEscapedInMessages() {
        const QString root = competition("escape", "ImageId,TrueLabel\n\"evil\x1b]0;pwned\x07/x\",1\n");
        const auto e = expectDataError([&] { Dataset::open(root.toStdString()); });
        const std::string msg = e.what();
        QVERIFY2(msg.find('\x1b') == std::string::npos && msg.find('\x07') == std::string::npos, msg.c_str());
        QVERIFY2(msg.find("evil\\x1b]0;pwned\\x07/x") != std::string::npos, msg.c_str());

        const QString missing = competition("escape2", "ImageId,TrueLabel\n\"gone\x1b[2J\xc2\x9b\",1\n");
        const Dataset d = Dataset::open(missing.toStdString());
        QCOMPARE(d.warnings().size(), std::size_t(1));
        QVERIFY2(d.warnings()[0].find("gone\\x1b[2J\\u009b") != std::string::npos, d.warnings()[0].c_str());
    }

    // A 50 MB images.csv with --limit 2 took 2.1 GB and printed 2.2 million
    // warnings. Parsing stops at the limit; warnings are bounded.
    void rowLimitAndBoundedWarnings() {
        QByteArray csv = "ImageId,TrueLabel\n";
        for (int i = 0; i < 200000; ++i)
            csv += "img" + QByteArray::number(i) + "," + QByteArray::number(i % 1000 + 1) + "\n";
        csv += "broken,row,with,too,many,fields\n";
        const QString root = competition("huge", csv);

        const Dataset limited = Dataset::open(root.toStdString(), DatasetOptions{2});
        QCOMPARE(limited.size(), std::size_t(2));
        QCOMPARE(limited.warnings().size(), std::size_t(2));

        const CsvTable t = CsvTable::parse(csv.toStdString(), "huge.csv", 2);
        QCOMPARE(t.rowCount(), std::size_t(2));
        QVERIFY(t.truncated());

        // Without a limit the broken last row is found; with a limit it is
        // never reached. And 200000 missing images give 21 warnings, not 200000.
        QVERIFY(expectDataError([&] { Dataset::open(root.toStdString()); }).line() == 200002);
        QByteArray fine = csv;
        fine.chop(static_cast<int>(strlen("broken,row,with,too,many,fields\n")));
        writeFile(root + "/images.csv", fine);
        const Dataset all = Dataset::open(root.toStdString());
        QCOMPARE(all.size(), std::size_t(200000));
        QCOMPARE(all.warnings().size(), std::size_t(21));
        QVERIFY2(all.warnings().back().find("and 199980 more") != std::string::npos,
                 all.warnings().back().c_str());

        // Plain folders honour the limit too.
        const QString dir = m_tmp.filePath("plainlimit");
        QDir().mkpath(dir);
        for (const char* n : {"c", "a", "b"})
            writeImage(dir + "/" + n + ".png", 4, 4);
        const Dataset p = Dataset::open(dir.toStdString(), DatasetOptions{2});
        QCOMPARE(p.size(), std::size_t(2));
        QCOMPARE(p.entry(1).imageId, std::string("b"));
    }
};

QTEST_APPLESS_MAIN(TestHostileData)
#include "tst_hostiledata.moc"
