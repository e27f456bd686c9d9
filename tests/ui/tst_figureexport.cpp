// SPDX-License-Identifier: GPL-3.0-or-later
// Exports: the figure (PNG and PDF) exists, is non-empty, decodes and has
// the size its layout promises, with the original image placed pixel-exact;
// existing files are never overwritten without consent; adversarial PNGs
// decode and stay within ε; nothing half-written is left behind.
#include "AttackPanel.h"
#include "ErrorBanner.h"
#include "ExportController.h"
#include "FigureRenderer.h"
#include "ImageConvert.h"
#include "ObserverList.h"
#include "UiTestSupport.h"

#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <advlab/Metrics.h>

using namespace advlab;
using namespace advlab::ui;

class TestFigureExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportsGridAsPngAndPdf();
    void exportsCurrentTriptych();
    void neverOverwritesWithoutConsent();
    void savesAdversarialImages();
    void neverWritesIntoTheDataset();
    void cleanupTestCase();

private:
    QStringList runExport(const QList<int>& indices, const QString& base, ExportController::Overwrite policy);
    void checkPdf(const QString& path, const QSize& expectedPixels);

    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Dataset> m_dataset;
    QTemporaryDir m_dir;
};

void TestFigureExport::initTestCase() {
    test::prepareEnvironment();
    QVERIFY2(!test::datasetPath().isEmpty() && !test::modelPath().isEmpty(),
             "the bundled dev set and model (resources/) are needed");
    QVERIFY(m_dir.isValid());
    m_dataset = std::make_unique<Dataset>(Dataset::open(test::datasetPath().toStdString()));
    m_window = std::make_unique<MainWindow>();
    // The plain figure's layout is checked here; observer lines and overlays
    // in figures are tst_observersui's and tst_attributionui's.
    m_window->observers()->setObservers({});
    m_window->attackPanel()->setConfig(test::fastConfig(16.0f));
    m_window->show();
    m_window->openDefaults();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentResult() && !m_window->engine()->isBusy(),
                             test::kResultTimeoutMs);
}

void TestFigureExport::cleanupTestCase() {
    m_window.reset();
}

QStringList TestFigureExport::runExport(const QList<int>& indices, const QString& base,
                                        ExportController::Overwrite policy) {
    QSignalSpy finished(m_window->exports(), &ExportController::finished);
    QSignalSpy failed(m_window->exports(), &ExportController::failed);
    m_window->exports()->exportFigure(indices, base, m_window->showPerturbationAction()->isChecked(), policy);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), test::kResultTimeoutMs); }();
    if (finished.isEmpty() && failed.isEmpty())
        return {QStringLiteral("FAILED: timed out")};
    if (!failed.isEmpty())
        return {QStringLiteral("FAILED: ") + failed.first().at(0).toString()};
    return finished.first().at(0).toStringList();
}

void TestFigureExport::checkPdf(const QString& path, const QSize& expectedPixels) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray pdf = f.readAll();
    QVERIFY(pdf.size() > 10000); // it embeds the images
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    // One page whose size is the figure's at 300 dpi, in points.
    const QRegularExpression mediaBox(QStringLiteral("/MediaBox \\[\\s*0 0 ([0-9.]+) ([0-9.]+)\\s*\\]"));
    const auto m = mediaBox.match(QString::fromLatin1(pdf));
    QVERIFY2(m.hasMatch(), "no /MediaBox in the PDF");
    QVERIFY(qAbs(m.captured(1).toDouble() - expectedPixels.width() * 72.0 / 300.0) < 1.0);
    QVERIFY(qAbs(m.captured(2).toDouble() - expectedPixels.height() * 72.0 / 300.0) < 1.0);

    // Decode it for real where poppler is installed (Debian: poppler-utils).
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty()) {
        qWarning("pdftoppm not found: the PDF was checked structurally only");
        return;
    }
    const QString out = m_dir.filePath(QStringLiteral("decoded"));
    QProcess p;
    p.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"),
                       QStringLiteral("-singlefile"), path, out});
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 0);
    QImage decoded(out + QStringLiteral(".png"));
    QVERIFY(!decoded.isNull());
    QVERIFY(qAbs(decoded.width() - expectedPixels.width()) <= 2);
    QVERIFY(qAbs(decoded.height() - expectedPixels.height()) <= 2);
    // The top-left image cell holds the original: compare its mean colour.
    const QRect cell = FigureRenderer::imageRect(0, 0).adjusted(20, 20, -20, -20);
    QVERIFY(!decoded.copy(cell).allGray());
    QFile::remove(out + QStringLiteral(".png"));
}

void TestFigureExport::exportsGridAsPngAndPdf() {
    const QList<int> rows = {0, 1, 2};
    const QString base = m_dir.filePath(QStringLiteral("grid"));
    const QStringList files = runExport(rows, base, ExportController::Overwrite::Ask);
    QCOMPARE(files, QStringList({base + ".png", base + ".pdf"}));
    for (const QString& f : files)
        QVERIFY(QFileInfo(f).size() > 0);

    const QImage png(base + ".png");
    QVERIFY(!png.isNull());
    const QSize expected = FigureRenderer::pixelSize(3);
    QCOMPARE(png.size(), expected);
    QCOMPARE(expected.width(), 2 * 60 + 3 * 598 + 2 * 40); // three 2-inch columns at 300 dpi
    QVERIFY(qAbs(png.dotsPerMeterX() - 11811) <= 1);       // tagged 300 dpi for print

    // Each row's original is placed pixel-exact at 2x nearest-neighbour.
    for (int row = 0; row < rows.size(); ++row) {
        const QImage original = toQImage(m_dataset->loadImage(static_cast<std::size_t>(rows[row])));
        const QRect cell = FigureRenderer::imageRect(row, 0);
        for (int y = 5; y < 299; y += 37)
            for (int x = 5; x < 299; x += 41)
                QCOMPARE(png.pixelColor(cell.x() + 2 * x + 1, cell.y() + 2 * y + 1).rgb(),
                         original.pixelColor(x, y).rgb());
    }
    checkPdf(base + ".pdf", expected);
    // Atomic writes leave only the finished files.
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestFigureExport::exportsCurrentTriptych() {
    const QString base = m_dir.filePath(QStringLiteral("triptych.png")); // the suffix is optional
    const QStringList files = runExport({m_window->currentImage()}, base, ExportController::Overwrite::Ask);
    const QString stem = m_dir.filePath(QStringLiteral("triptych"));
    QCOMPARE(files, QStringList({stem + ".png", stem + ".pdf"}));
    const QImage png(stem + ".png");
    QCOMPARE(png.size(), FigureRenderer::pixelSize(1));
    // The non-targeted cell shows the adversarial image of the current result.
    const auto r = m_window->currentResult();
    const QImage adv = toQImage(r->untargeted->image);
    const QRect cell = FigureRenderer::imageRect(0, 1);
    for (int y = 3; y < 299; y += 29)
        for (int x = 3; x < 299; x += 31)
            QCOMPARE(png.pixelColor(cell.x() + 2 * x, cell.y() + 2 * y).rgb(), adv.pixelColor(x, y).rgb());
    checkPdf(stem + ".pdf", FigureRenderer::pixelSize(1));
}

void TestFigureExport::neverOverwritesWithoutConsent() {
    const QString stem = m_dir.filePath(QStringLiteral("triptych"));
    const QByteArray before = [&] {
        QFile f(stem + ".png");
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();
    QVERIFY(!before.isEmpty());
    const QStringList result = runExport({5}, stem, ExportController::Overwrite::Never);
    QVERIFY2(result.value(0).startsWith("FAILED"), qPrintable(result.join(',')));
    QFile f(stem + ".png");
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before); // untouched
    QVERIFY(m_window->errorBanner()->isVisible());
    // With consent it is replaced by the new figure.
    const QStringList again = runExport({5, 6}, stem, ExportController::Overwrite::Always);
    QCOMPARE(again.size(), 2);
    QCOMPARE(QImage(stem + ".png").size(), FigureRenderer::pixelSize(2));

    // A folder where the PDF should go: refused before anything is written
    // (it used to leave the PNG of a figure whose PDF then failed).
    const QString blocked = m_dir.filePath(QStringLiteral("blocked"));
    QVERIFY(QDir().mkpath(blocked + ".pdf"));
    const QStringList refused = runExport({5}, blocked, ExportController::Overwrite::Always);
    QVERIFY2(refused.value(0).startsWith("FAILED") && refused.value(0).contains("blocked.pdf"),
             qPrintable(refused.join(',')));
    QVERIFY(!QFileInfo::exists(blocked + ".png"));
}

void TestFigureExport::savesAdversarialImages() {
    const QString dir = m_dir.filePath(QStringLiteral("adv"));
    QSignalSpy finished(m_window->exports(), &ExportController::finished);
    m_window->exports()->saveAdversarialImages({0, 1}, dir, ExportController::Overwrite::Ask);
    QVERIFY(finished.wait(test::kResultTimeoutMs));
    const QStringList files = finished.first().at(0).toStringList();
    QCOMPARE(files.size(), 5); // 2 images x 2 attacks + attack.csv
    // The status line names all three places it wrote to, not just one.
    const QString status = m_window->findChild<QLabel*>(QStringLiteral("statusMessage"))->text();
    for (const QString& place :
         {QDir(dir).filePath(QStringLiteral("non_targeted")), QDir(dir).filePath(QStringLiteral("targeted")),
          QDir(dir).filePath(QStringLiteral("attack.csv"))})
        QVERIFY2(status.contains(QDir::toNativeSeparators(place)), qPrintable(status));
    const float eps = m_window->attackPanel()->config().epsilon;
    for (int i : {0, 1}) {
        const Image8 original = m_dataset->loadImage(static_cast<std::size_t>(i));
        for (const char* sub : {"non_targeted", "targeted"}) {
            const QString f = QDir(dir).filePath(
                QStringLiteral("%1/%2.png").arg(sub, QString::fromStdString(m_dataset->entry(i).imageId)));
            QVERIFY2(files.contains(f), qPrintable(f));
            const Image8 adv = readImage(f.toStdString(), 0);
            QCOMPARE(adv.width, 299);
            QCOMPARE(adv.height, 299);
            QVERIFY(linfDistance(original, adv) <= static_cast<int>(eps));
            QVERIFY(linfDistance(original, adv) > 0);
        }
    }
    QFile csv(QDir(dir).filePath(QStringLiteral("attack.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].startsWith("ImageId,TrueLabel,TargetClass"));
    QVERIFY(lines[1].startsWith(QByteArray::fromStdString(m_dataset->entry(0).imageId) + ',' +
                                QByteArray::number(m_dataset->entry(0).trueLabel + 1)));
    // A second save into the same folder is refused without consent.
    QSignalSpy failed(m_window->exports(), &ExportController::failed);
    m_window->exports()->saveAdversarialImages({0}, dir, ExportController::Overwrite::Never);
    QCOMPARE(failed.count(), 1);
}

void TestFigureExport::neverWritesIntoTheDataset() {
    // The README's promise, as the CLI keeps it for --out: no export goes
    // into the dataset folder, nor below it, whatever the user picks.
    const QString root = QString::fromStdString(m_window->dataset()->root());
    auto listing = [&] {
        QStringList all;
        QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            all << it.next();
        all.sort();
        return all;
    };
    const QStringList before = listing();
    for (const QString& dir : {root, QDir(root).filePath(QStringLiteral("images")),
                               QDir(root).filePath(QStringLiteral("images/../out"))}) {
        QSignalSpy failed(m_window->exports(), &ExportController::failed);
        QSignalSpy finished(m_window->exports(), &ExportController::finished);
        m_window->exports()->saveAdversarialImages({0}, dir, ExportController::Overwrite::Always);
        QCOMPARE(failed.count(), 1); // refused at once, before any attack
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("dataset folder")),
                 qPrintable(failed.first().at(0).toString()));
        QVERIFY(m_window->errorBanner()->isVisible());
    }
    QSignalSpy failed(m_window->exports(), &ExportController::failed);
    m_window->exports()->exportFigure({0}, QDir(root).filePath(QStringLiteral("figure")), false,
                                      ExportController::Overwrite::Always);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(listing(), before);
}

QTEST_MAIN(TestFigureExport)
#include "tst_figureexport.moc"
