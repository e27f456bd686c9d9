// SPDX-License-Identifier: GPL-3.0-or-later
// Bad input never crashes the window: a missing folder, a malformed CSV and
// a bad model are reported in the window with the file and the reason, and a
// corrupt image inside a good dataset is marked, skipped, and does not stop
// the other images from working.
#include "AttackPanel.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ErrorBanner.h"
#include "ExportController.h"
#include "RecentFiles.h"
#include "UiTestSupport.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace advlab;
using namespace advlab::ui;

class TestBadDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void missingFolderIsReported();
    void malformedCsvIsReported();
    void corruptImageIsMarkedAndSkipped();
    void badModelIsReported();
    void droppedFilesAreOpenedOrReported();
    void fifoDatasetNeverFreezesTheWindow();
    void cleanupTestCase();

private:
    QString makeDataset(const QString& name, const QByteArray& imagesCsv, int goodImages, bool addCorrupt);

    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    QString m_shared;
};

void TestBadDataset::initTestCase() {
    test::prepareEnvironment();
    m_shared = test::datasetPath();
    QVERIFY2(!m_shared.isEmpty() && !test::modelPath().isEmpty(),
             "the bundled dev set and model (resources/) are needed");
    QVERIFY(m_dir.isValid());
    m_window = std::make_unique<MainWindow>();
    m_window->attackPanel()->setConfig(test::fastConfig(8.0f));
    m_window->show();
    m_window->openModel(test::modelPath());
}

void TestBadDataset::cleanupTestCase() {
    m_window.reset();
}

QString TestBadDataset::makeDataset(const QString& name, const QByteArray& imagesCsv, int goodImages,
                                    bool addCorrupt) {
    // A copy of a few real rows and images, so the source set is never touched.
    QDir root(m_dir.filePath(name));
    root.mkpath(QStringLiteral("images"));
    QFile::copy(QDir(m_shared).filePath(QStringLiteral("categories.csv")),
                root.filePath(QStringLiteral("categories.csv")));
    QFile src(QDir(m_shared).filePath(QStringLiteral("images.csv")));
    src.open(QIODevice::ReadOnly);
    QList<QByteArray> lines = src.readAll().split('\n');
    QByteArray csv = imagesCsv;
    if (csv.isEmpty()) {
        csv = lines[0] + '\n';
        for (int i = 1; i <= goodImages; ++i) {
            csv += lines[i] + '\n';
            const QByteArray id = lines[i].split(',').first();
            QFile::copy(QDir(m_shared).filePath(QStringLiteral("images/%1.png").arg(QString::fromLatin1(id))),
                        root.filePath(QStringLiteral("images/%1.png").arg(QString::fromLatin1(id))));
        }
        if (addCorrupt) {
            // Same columns as a real row, pointing at a file that is not a PNG.
            QList<QByteArray> fields = lines[goodImages + 1].split(',');
            fields[0] = "corrupt0000000000";
            csv += fields.join(',') + '\n';
            QFile bad(root.filePath(QStringLiteral("images/corrupt0000000000.png")));
            bad.open(QIODevice::WriteOnly);
            bad.write("\x89PNG\r\n\x1a\n this is not really a PNG");
        }
    }
    QFile out(root.filePath(QStringLiteral("images.csv")));
    out.open(QIODevice::WriteOnly);
    out.write(csv);
    return root.absolutePath();
}

void TestBadDataset::missingFolderIsReported() {
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    const QString missing = m_dir.filePath(QStringLiteral("no-such-folder"));
    QVERIFY(!test::openDatasetAndWait(*m_window, missing));
    QCOMPARE(errors.count(), 1);
    QVERIFY(m_window->errorBanner()->isVisible());
    QVERIFY2(m_window->errorBanner()->text().contains(missing), qPrintable(m_window->errorBanner()->text()));
    QVERIFY(!m_window->dataset());
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("statusMessage"))->text().contains(missing));
}

void TestBadDataset::malformedCsvIsReported() {
    // A label out of range on line 3 must be named with file and line.
    QByteArray csv = "ImageId,URL,x1,y1,x2,y2,TrueLabel,TargetClass\n"
                     "aaaa,u,0,0,1,1,5,7\n"
                     "bbbb,u,0,0,1,1,5000,7\n";
    const QString dir = makeDataset(QStringLiteral("malformed"), csv, 0, false);
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    QVERIFY(!test::openDatasetAndWait(*m_window, dir));
    QCOMPARE(errors.count(), 1);
    const QString text = m_window->errorBanner()->text();
    QVERIFY2(text.contains(QStringLiteral("images.csv")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(":3")), qPrintable(text));

    // The window still works: a good dataset opens afterwards.
    QVERIFY(test::openDatasetAndWait(*m_window, m_shared));
    QVERIFY(m_window->errorBanner()->isHidden());
    QCOMPARE(m_window->datasetModel()->rowCount(), 100);
    // Remembered as the most recent dataset; the bad one was not.
    const QStringList recent = RecentFiles(QStringLiteral("recent/datasets")).paths();
    QVERIFY(!recent.isEmpty());
    QCOMPARE(QFileInfo(recent.first()).canonicalFilePath(), QFileInfo(m_shared).canonicalFilePath());
    QVERIFY(!recent.contains(dir));
}

void TestBadDataset::corruptImageIsMarkedAndSkipped() {
    const QString dir = makeDataset(QStringLiteral("corrupt"), {}, 2, true);
    QVERIFY(test::openDatasetAndWait(*m_window, dir));
    DatasetModel* model = m_window->datasetModel();
    QCOMPARE(model->rowCount(), 3);
    // The thumbnail loader finds the corrupt file and marks it.
    QTRY_VERIFY_WITH_TIMEOUT(model->thumbnailsDone() == 3, 60000);
    QVERIFY(model->isBad(2));
    QVERIFY(!model->isBad(0) && !model->isBad(1));
    QVERIFY2(model->problem(2).contains(QStringLiteral("corrupt0000000000.png")),
             qPrintable(model->problem(2)));
    QVERIFY(!(model->flags(model->index(2)) & Qt::ItemIsSelectable)); // keyboard navigation skips it
    QVERIFY(model->index(2).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Unusable")));

    // Keyboard navigation from the last good image does not land on it.
    auto* list = m_window->findChild<QListView*>(QStringLiteral("imageList"));
    m_window->selectImage(1);
    list->setFocus();
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(m_window->currentImage(), 1);

    // Choosing it explicitly shows the reason and no triptych.
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    m_window->selectImage(2);
    QCOMPARE(m_window->currentImage(), 2);
    QVERIFY(errors.count() >= 1);
    QVERIFY(m_window->errorBanner()->isVisible());
    QVERIFY(m_window->errorBanner()->text().contains(QStringLiteral("corrupt0000000000.png")));
    QVERIFY(!m_window->currentResult());

    // The good images keep working.
    m_window->selectImage(0);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentResult() && m_window->currentResult()->imageIndex == 0,
                             test::kResultTimeoutMs);
    QVERIFY(m_window->currentResult()->untargeted && m_window->currentResult()->targeted);
    // Exporting a selection that includes it skips it with a message.
    QSignalSpy finished(m_window->exports(), &ExportController::finished);
    m_window->exports()->exportFigure({0, 2}, m_dir.filePath(QStringLiteral("with-bad")), false,
                                      ExportController::Overwrite::Always);
    QVERIFY(finished.wait(test::kResultTimeoutMs));
    QVERIFY(m_window->errorBanner()->text().contains(QStringLiteral("corrupt0000000000.png")));
}

void TestBadDataset::badModelIsReported() {
    const QString fake = m_dir.filePath(QStringLiteral("not-a-model.pt"));
    QFile f(fake);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("definitely not TorchScript");
    f.close();
    QSignalSpy failed(m_window->engine(), &ComputeEngine::modelFailed);
    m_window->openModel(fake);
    QVERIFY(failed.wait(60000));
    QVERIFY(m_window->errorBanner()->isVisible());
    QVERIFY2(m_window->errorBanner()->text().contains(fake), qPrintable(m_window->errorBanner()->text()));
    QVERIFY(!m_window->engine()->isModelReady());
    // And recovery: the real model loads again and attacks run.
    QVERIFY(test::openModelAndWait(*m_window, test::modelPath(), 120000));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentResult() && !m_window->engine()->isBusy(),
                             test::kResultTimeoutMs);
}

void TestBadDataset::droppedFilesAreOpenedOrReported() {
    auto drop = [this](const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        const QPoint at = m_window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &enter);
        QDropEvent dropEvent(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window.get(), &dropEvent);
        return enter.isAccepted();
    };
    // Something that is neither a dataset nor a model: reported by name.
    const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("hello");
    f.close();
    QSignalSpy errors(m_window.get(), &MainWindow::errorShown);
    QVERIFY(drop(text));
    QCOMPARE(errors.count(), 1);
    QVERIFY(m_window->errorBanner()->text().contains(text));
    // A dataset folder opens.
    const QString dir = makeDataset(QStringLiteral("dropped"), {}, 2, false);
    QSignalSpy opened(m_window.get(), &MainWindow::datasetOpened);
    QVERIFY(drop(dir));
    QVERIFY(opened.count() == 1 || opened.wait(60000));
    QCOMPARE(m_window->datasetModel()->rowCount(), 2);
}

void TestBadDataset::fifoDatasetNeverFreezesTheWindow() {
    // An images.csv that is a FIFO with no writer blocks whoever reads it.
    // Opening datasets off the GUI thread keeps the window painting and
    // usable meanwhile (before, openDataset itself never returned).
    QDir root(m_dir.filePath(QStringLiteral("fifo")));
    QVERIFY(root.mkpath(QStringLiteral(".")));
    const QString fifo = root.filePath(QStringLiteral("images.csv"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    QSignalSpy opened(m_window.get(), &MainWindow::datasetOpened);
    QSignalSpy failed(m_window.get(), &MainWindow::datasetFailed);
    m_window->openDataset(root.absolutePath());
    QVERIFY(m_window->isOpeningDataset() || failed.count() == 1); // returned without reading it
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("statusMessage"))
                ->text()
                .contains(QStringLiteral("Opening")) ||
            failed.count() == 1);
    // The event loop runs: a timer fires while the reader waits on the FIFO.
    bool ticked = false;
    QTimer::singleShot(10, m_window.get(), [&] { ticked = true; });
    QTRY_VERIFY(ticked);
    // Either core refuses a non-regular file at once, or the reader is
    // blocked in open(); each time it is, give it an empty stream (it may
    // open the file more than once), until it reports the dataset unusable.
    auto feedEmptyStream = [&] {
        const int writer = ::open(QFile::encodeName(fifo).constData(), O_WRONLY | O_NONBLOCK);
        if (writer >= 0)
            ::close(writer);
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1 || feedEmptyStream(), 30000);
    QCOMPARE(opened.count(), 0);
    QVERIFY(!m_window->isOpeningDataset());
    QVERIFY2(m_window->errorBanner()->text().contains(QStringLiteral("images.csv")),
             qPrintable(m_window->errorBanner()->text()));
    // And the window still opens a good dataset afterwards.
    QVERIFY(test::openDatasetAndWait(*m_window, m_shared));
    QCOMPARE(m_window->datasetModel()->rowCount(), 100);
}

QTEST_MAIN(TestBadDataset)
#include "tst_baddataset.moc"
