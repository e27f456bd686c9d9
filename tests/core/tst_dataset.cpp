// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset and image loading: the competition layout, plain folders, and every
// kind of bad input a user may hand us, each with a message naming the file.
#include "ExpectError.h"
#include "FileFixtures.h"
#include "RealData.h"

#include <advlab/Dataset.h>
#include <advlab/Errors.h>
#include <advlab/ImageIo.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace advlab;
using advlab::test::categoriesCsv;
using advlab::test::writeFile;
using advlab::test::expectDataError;

namespace {

cv::Mat gradient(int w, int h, int type) {
    cv::Mat m(h, w, type);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto v = static_cast<uchar>((x * 3 + y * 5) % 256);
            switch (m.channels()) {
            case 1: m.at<uchar>(y, x) = v; break;
            case 3: m.at<cv::Vec3b>(y, x) = cv::Vec3b(v, uchar(255 - v), uchar(x % 256)); break;
            case 4: m.at<cv::Vec4b>(y, x) = cv::Vec4b(v, uchar(255 - v), uchar(x % 256), 128); break;
            }
        }
    return m;
}

// Hash of every file under a folder, to prove loading never modifies input.
QByteArray treeHash(const QString& dir) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const auto& f : files) {
        QFile file(f);
        if (file.open(QIODevice::ReadOnly)) {
            h.addData(f.toUtf8());
            h.addData(file.readAll());
        }
    }
    return h.result();
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString makeCompetition(const QString& name, const QByteArray& imagesCsv) {
        const QString root = m_tmp.filePath(name);
        QDir().mkpath(root + "/images");
        writeFile(root + "/images.csv", imagesCsv);
        writeFile(root + "/categories.csv", categoriesCsv());
        cv::imwrite((root + "/images/a.png").toStdString(), gradient(299, 299, CV_8UC3));
        cv::imwrite((root + "/images/b.png").toStdString(), gradient(299, 299, CV_8UC1));
        return root;
    }

private Q_SLOTS:
    void readsCompetitionLayoutWithOneBasedLabels() {
        const QString root = makeCompetition("good", "ImageId,URL,TrueLabel,TargetClass\n"
                                                     "a,http://x,1,1000\n"
                                                     "b,http://y,306,779\n");
        const QByteArray before = treeHash(root);
        const Dataset d = Dataset::open(root.toStdString());
        QVERIFY(d.hasLabels());
        QCOMPARE(d.size(), size_t(2));
        QCOMPARE(d.entry(0).imageId, std::string("a"));
        QCOMPARE(d.entry(0).trueLabel, 0);     // CategoryId 1 -> ImageNet 0
        QCOMPARE(d.entry(0).targetClass, 999); // 1000 -> 999
        QCOMPARE(d.entry(1).trueLabel, 305);
        QCOMPARE(d.entry(1).csvLine, 3);
        QCOMPARE(d.categories().name(0), std::string("class, number 1"));
        QVERIFY(d.categories().hasRealNames());

        std::vector<std::string> notes;
        const Image8 a = d.loadImage(0, &notes);
        QCOMPARE(a.width, 299);
        QCOMPARE(a.height, 299);
        QVERIFY(notes.empty());
        // OpenCV writes BGR; we must hand back RGB.
        const cv::Mat src = gradient(299, 299, CV_8UC3);
        const auto bgr = src.at<cv::Vec3b>(10, 20);
        QCOMPARE(int(a.pixel(20, 10)[0]), int(bgr[2]));
        QCOMPARE(int(a.pixel(20, 10)[2]), int(bgr[0]));

        const Image8 b = d.loadImage(1, &notes);
        QCOMPARE(b.rgb.size(), size_t(299 * 299 * 3));
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(notes[0].find("grayscale") != std::string::npos);
        QVERIFY(notes[0].find("b.png") != std::string::npos);
        QCOMPARE(treeHash(root), before); // loading never writes into the dataset
    }

    void embeddedDatasetLoads() {
        // The dev set ships in resources/, so this never skips.
        const Dataset d = Dataset::open(advlab::test::requireDataset());
        QCOMPARE(d.size(), size_t(100));
        QCOMPARE(d.entry(0).imageId, std::string("0c7ac4a8c9dfa802"));
        QCOMPARE(d.entry(0).trueLabel, 305);   // TrueLabel 306
        QCOMPARE(d.entry(0).targetClass, 778); // TargetClass 779
        QCOMPARE(d.categories().name(0), std::string("tench"));
        const Image8 im = d.loadImage(0);
        QCOMPARE(im.width, 299);
    }

    void convertsRgbaSixteenBitAndResizes() {
        const QString dir = m_tmp.filePath("convert");
        QDir().mkpath(dir);
        cv::imwrite((dir + "/rgba.png").toStdString(), gradient(299, 299, CV_8UC4));
        cv::Mat wide;
        gradient(320, 200, CV_8UC3).convertTo(wide, CV_16UC3, 257.0);
        cv::imwrite((dir + "/wide16.png").toStdString(), wide);

        std::vector<std::string> notes;
        const Image8 rgba = readImage((dir + "/rgba.png").toStdString(), 299, &notes);
        QCOMPARE(rgba.rgb.size(), size_t(299 * 299 * 3));
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(notes[0].find("RGBA") != std::string::npos);

        notes.clear();
        const Image8 w = readImage((dir + "/wide16.png").toStdString(), 299, &notes);
        QCOMPARE(w.width, 299);
        QCOMPARE(w.height, 299);
        QCOMPARE(notes.size(), size_t(2));
        QVERIFY(notes[0].find("8 bits") != std::string::npos);
        QVERIFY(notes[1].find("resized from 320x200 to 299x299") != std::string::npos);
    }

    void rejectsCorruptTruncatedAndEmptyImages() {
        const QString dir = m_tmp.filePath("broken");
        QDir().mkpath(dir);
        cv::imwrite((dir + "/ok.png").toStdString(), gradient(299, 299, CV_8UC3));
        QFile ok(dir + "/ok.png");
        QVERIFY(ok.open(QIODevice::ReadOnly));
        const QByteArray png = ok.readAll();
        writeFile(dir + "/truncated.png", png.left(png.size() / 3));
        writeFile(dir + "/garbage.png", QByteArray("this is not a PNG file at all"));
        writeFile(dir + "/empty.png", QByteArray());

        for (const char* name : {"truncated.png", "garbage.png"}) {
            const std::string path = (dir + "/" + name).toStdString();
            const auto e = expectDataError([&] { readImage(path); });
            QCOMPARE(e.file(), path);
            QVERIFY2(e.problem().find("corrupt or truncated") != std::string::npos, e.what());
        }
        QVERIFY(expectDataError([&] { readImage((dir + "/empty.png").toStdString()); }).problem().find("empty") !=
                std::string::npos);
        QVERIFY(expectDataError([&] { readImage((dir + "/nothere.png").toStdString()); })
                    .problem()
                    .find("not found") != std::string::npos);
    }

    void missingImageIsMarkedNotFatal() {
        const QString root = makeCompetition("missing", "ImageId,TrueLabel,TargetClass\na,1,2\nghost,3,4\nb,5,6\n");
        const Dataset d = Dataset::open(root.toStdString());
        QCOMPARE(d.size(), size_t(3));
        QVERIFY(d.entry(0).problem.empty());
        QVERIFY(d.entry(1).problem.find("not found") != std::string::npos);
        QCOMPARE(d.warnings().size(), size_t(1));
        QVERIFY(d.warnings()[0].find("ghost.png") != std::string::npos);
        QVERIFY(d.warnings()[0].find("line 3") != std::string::npos);
        const auto e = expectDataError([&] { d.loadImage(1); });
        QVERIFY(e.file().find("ghost.png") != std::string::npos);
        QCOMPARE(d.loadImage(2).width, 299); // the others still load
    }

    void malformedCsvsNameFileAndLine() {
        struct Case {
            const char* name;
            QByteArray csv;
            int line;
            const char* problem;
        };
        const std::vector<Case> cases = {
            {"nolabel", "ImageId,TargetClass\na,1\n", 1, "missing column \"TrueLabel\""},
            {"noid", "Id,TrueLabel\na,1\n", 1, "missing column \"ImageId\""},
            {"zero", "ImageId,TrueLabel\na,1\nb,0\n", 3, "TrueLabel 0 is out of range 1..1000"},
            {"big", "ImageId,TrueLabel,TargetClass\na,1,1001\n", 2, "TargetClass 1001 is out of range"},
            {"text", "ImageId,TrueLabel\na,cat\n", 2, "is not an integer"},
            {"fields", "ImageId,TrueLabel\na,1,7\n", 2, "expected 2 fields"},
            {"dup", "ImageId,TrueLabel\na,1\na,2\n", 3, "appears twice"},
            {"path", "ImageId,TrueLabel\n../a,1\n", 2, "not a plain file name"},
            {"norows", "ImageId,TrueLabel\n", 0, "no image rows"},
        };
        for (const auto& c : cases) {
            const QString root = makeCompetition(c.name, c.csv);
            const auto e = expectDataError([&] { Dataset::open(root.toStdString()); });
            QVERIFY2(e.file().find("images.csv") != std::string::npos, e.what());
            QVERIFY2(e.line() == c.line, e.what());
            QVERIFY2(e.problem().find(c.problem) != std::string::npos, e.what());
        }
    }

    void malformedCategoriesAreRejected() {
        const QString root = makeCompetition("cats", "ImageId,TrueLabel\na,1\n");
        writeFile(root + "/categories.csv", "CategoryId,CategoryName\n1,tench\n2,goldfish\n");
        const auto e = expectDataError([&] { Dataset::open(root.toStdString()); });
        QVERIFY(e.file().find("categories.csv") != std::string::npos);
        QVERIFY(e.problem().find("998 of the 1000") != std::string::npos);
    }

    void plainFolderOfImagesHasNoLabels() {
        const QString dir = m_tmp.filePath("plain");
        QDir().mkpath(dir);
        cv::imwrite((dir + "/z.jpg").toStdString(), gradient(64, 64, CV_8UC3));
        cv::imwrite((dir + "/a.png").toStdString(), gradient(299, 299, CV_8UC3));
        writeFile(dir + "/notes.txt", "not an image");
        const Dataset d = Dataset::open(dir.toStdString());
        QVERIFY(!d.hasLabels());
        QCOMPARE(d.size(), size_t(2));
        QCOMPARE(d.entry(0).imageId, std::string("a"));
        QCOMPARE(d.entry(1).trueLabel, -1);
        QCOMPARE(d.loadImage(1).width, 299); // 64x64 JPEG resized
    }

    void badFoldersAreRejected() {
        QVERIFY(expectDataError([&] { Dataset::open(m_tmp.filePath("nope").toStdString()); })
                    .problem()
                    .find("not found") != std::string::npos);
        const QString empty = m_tmp.filePath("empty");
        QDir().mkpath(empty);
        QVERIFY(expectDataError([&] { Dataset::open(empty.toStdString()); }).problem().find("no images.csv") !=
                std::string::npos);
        writeFile(m_tmp.filePath("file.csv"), "x");
        QVERIFY(expectDataError([&] { Dataset::open(m_tmp.filePath("file.csv").toStdString()); })
                    .problem()
                    .find("not a folder") != std::string::npos);
    }

    void pngWritesAreAtomic() {
        const QString dir = m_tmp.filePath("out");
        QDir().mkpath(dir);
        Image8 im(7, 5);
        for (std::size_t i = 0; i < im.rgb.size(); ++i)
            im.rgb[i] = static_cast<std::uint8_t>(i * 13);
        const std::string path = (dir + "/x.png").toStdString();
        writePngAtomic(path, im);
        QCOMPARE(readImage(path, 0), im); // lossless round trip, no resize
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left behind

        const std::string bad = m_tmp.filePath("no/such/dir/x.png").toStdString();
        const auto e = expectDataError([&] { writePngAtomic(bad, im); });
        QCOMPARE(e.file(), bad);
        QVERIFY(!QFile::exists(QString::fromStdString(bad)));
    }
};

QTEST_APPLESS_MAIN(TestDataset)
#include "tst_dataset.moc"
