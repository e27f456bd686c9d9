// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §2, attribution overlays in the triptych, on tiny models: the
// colour map is viridis; the overlay paints the most attributed pixel in the
// map's top colour at opacity 1 and leaves the image untouched at 0; the maps
// shown are core's computeAttribution of the panel's image (computed here
// again, independently); turning the overlay off restores every image
// exactly; a newer request supersedes an older one; and the exported figure
// carries the overlay and its colour bar.
#include "AttackPanel.h"
#include "AttributionControls.h"
#include "AttributionEngine.h"
#include "AttributionOverlay.h"
#include "AttributionPresenter.h"
#include "ColourBarLegend.h"
#include "ColourMap.h"
#include "ComputeEngine.h"
#include "ExportController.h"
#include "FigureRenderer.h"
#include "ImageConvert.h"
#include "ImagePanel.h"
#include "ImageView.h"
#include "MainWindow.h"
#include "ObserverList.h"
#include "TinyExplorer.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "core/TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QComboBox>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace advlab;
using namespace advlab::ui;

namespace {
constexpr int kTimeoutMs = 120000;

int channelDistance(QRgb a, QRgb b) {
    return std::max(
        {std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
}

std::pair<int, int> argmaxAbs(const AttributionMap& m) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < m.values.size(); ++i)
        if (std::fabs(m.values[i]) > std::fabs(m.values[best]))
            best = i;
    return {static_cast<int>(best % static_cast<std::size_t>(m.width)),
            static_cast<int>(best / static_cast<std::size_t>(m.width))};
}
} // namespace

class TestAttributionUi : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_a, m_dataset;

    static bool overlaysShown(TriptychView* t) {
        for (int c = 0; c < 3; ++c)
            if (t->panel(c)->view()->overlay().isNull())
                return false;
        return true;
    }

private Q_SLOTS:
    void initTestCase() {
        advlab::ui::test::prepareEnvironment();
        QSettings().setValue("observers/chosen", true); // no observers here
        QSettings().setValue("observers/keys", QStringList());
        QVERIFY(m_tmp.isValid());
        m_a = m_tmp.filePath("a.pt");
        advlab::test::saveTinyClassifier(m_a.toStdString(), 1000, 7);
        // A non-linear variant, so SmoothGrad's noise changes the map.
        advlab::test::saveTinyVariant(
            m_a.toStdString(), "SmoothTiny",
            "    return 6.0 * torch.tanh(0.25 * out) + 0.5 * out * out.sigmoid()\n");
        m_dataset = m_tmp.filePath("data");
        advlab::ui::test::writeTinyDataset(m_dataset, m_a);
    }

    void colourMapIsViridis() {
        const ColourMap& v = ColourMap::viridis();
        // matplotlib's viridis at 0, ¼, ½, ¾ and 1; the polynomial fit is
        // within 5/255 per channel there (measured).
        QVERIFY(channelDistance(v.at(0), qRgb(68, 1, 84)) <= 6);
        QVERIFY(channelDistance(v.map(0.25), qRgb(59, 82, 139)) <= 6);
        QVERIFY(channelDistance(v.map(0.5), qRgb(33, 145, 140)) <= 6);
        QVERIFY(channelDistance(v.map(0.75), qRgb(94, 201, 98)) <= 6);
        QVERIFY(channelDistance(v.top(), qRgb(253, 231, 37)) <= 6);
        // Perceptual: lightness rises monotonically from bottom to top.
        double previous = -1.0;
        for (int i = 0; i < ColourMap::kSize; i += 8) {
            const QColor c(v.at(i));
            const double luma = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
            QVERIFY2(luma > previous, qPrintable(QString("index %1").arg(i)));
            previous = luma;
        }
    }

    void overlayBlendsTheMap() {
        QImage image(20, 10, QImage::Format_RGB32);
        image.fill(qRgb(10, 200, 30));
        AttributionMap map;
        map.width = 20;
        map.height = 10;
        for (int i = 0; i < 200; ++i)
            map.values.push_back(0.001f * static_cast<float>(i));
        map.values[7 * 20 + 5] = -2.0f; // the largest |value|: signed maps use the magnitude
        // Scaled by the 99th percentile of |value| (the 198th of 200 values here), clipped above.
        const float scale = AttributionOverlay::displayScale(map);
        QCOMPARE(scale, 0.198f);
        const QImage full = AttributionOverlay::render(image, map, 1.0);
        QCOMPARE(full.pixel(5, 7), ColourMap::viridis().top());
        QCOMPARE(full.pixel(0, 0), ColourMap::viridis().bottom());
        QCOMPARE(full.pixel(10, 2), ColourMap::viridis().map(0.050 / 0.198)); // value 0.050 at index 50
        QCOMPARE(full.pixel(19, 9), ColourMap::viridis().top());              // 0.199: above the percentile
        QCOMPARE(AttributionOverlay::render(image, map, 0.0).convertToFormat(QImage::Format_RGB32), image);
        const QRgb half = AttributionOverlay::render(image, map, 0.5).pixel(5, 7);
        const QRgb top = ColourMap::viridis().top();
        QVERIFY(std::abs(qRed(half) - (10 + qRed(top)) / 2) <= 1);
        QVERIFY(std::abs(qGreen(half) - (200 + qGreen(top)) / 2) <= 1);
        // A map of another size covers the whole image (the enlarged perturbation view).
        QImage big(40, 20, QImage::Format_RGB32);
        big.fill(Qt::black);
        QCOMPARE(AttributionOverlay::render(big, map, 1.0).pixel(11, 15), ColourMap::viridis().top());
    }

    void overlayShowsTheMapsAndOffRestores() {
        MainWindow w;
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY(advlab::ui::test::configureAndWait(w, advlab::ui::test::fastConfig(16)));
        w.selectImage(0);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result(), kTimeoutMs);
        QImage before[3];
        for (int c = 0; c < 3; ++c) {
            before[c] = t->panel(c)->view()->displayedImage();
            QCOMPARE(before[c], toQImage(t->panelImage(c)));
        }

        auto* method = t->findChild<QComboBox*>("attributionMethod");
        auto* opacity = t->findChild<QSlider*>("attributionOpacity");
        QVERIFY(method && opacity && t->findChild<ColourBarLegend*>("attributionLegend"));
        opacity->setValue(100);
        QSignalSpy updated(w.attributionPresenter(), &AttributionPresenter::overlaysUpdated);
        method->setCurrentIndex(method->findData("smoothgrad"));
        QTRY_VERIFY_WITH_TIMEOUT(overlaysShown(t), kTimeoutMs);
        QVERIFY(!t->findChild<ColourBarLegend*>("attributionLegend")->isHidden());

        const Classifier model = Classifier::load(m_a.toStdString(), DevicePreference::Cpu);
        for (int c = 0; c < 3; ++c) {
            const AttributionMapPtr shown = w.attributionPresenter()->map(c);
            QVERIFY(shown);
            // The map is SmoothGrad (n = 16, σ = 0.15) of the panel's own image.
            const AttributionMap expected = computeAttribution(model, t->panelImage(c), AttributionOptions{});
            QCOMPARE(shown->targetClass, expected.targetClass);
            QCOMPARE(shown->values.size(), expected.values.size());
            float worst = 0.0f;
            for (std::size_t i = 0; i < expected.values.size(); ++i)
                worst = std::max(worst, std::fabs(shown->values[i] - expected.values[i]));
            QVERIFY2(worst <= 1e-5f * expected.maxAbs(),
                     qPrintable(QString("column %1: %2").arg(c).arg(worst)));
            // Opacity 1: the most attributed pixel shows the colour map's top colour.
            const auto [x, y] = argmaxAbs(*shown);
            const QImage& displayed = t->panel(c)->view()->displayedImage();
            QCOMPARE(displayed.pixel(x, y), ColourMap::viridis().top());
            QVERIFY(displayed != before[c]);
            QCOMPARE(t->panel(c)->view()->image(), before[c]); // the image itself is kept
        }

        // Half opacity blends; the maps are reused (no recomputation).
        opacity->setValue(50);
        const auto [x0, y0] = argmaxAbs(*w.attributionPresenter()->map(0));
        const QRgb blended = t->panel(0)->view()->displayedImage().pixel(x0, y0);
        const QRgb base = before[0].pixel(x0, y0), top = ColourMap::viridis().top();
        QVERIFY(std::abs(qGreen(blended) - (qGreen(base) + qGreen(top)) / 2) <= 1);

        // Off: every panel shows exactly the image again.
        method->setCurrentIndex(0);
        for (int c = 0; c < 3; ++c) {
            QVERIFY(t->panel(c)->view()->overlay().isNull());
            QCOMPARE(t->panel(c)->view()->displayedImage(), before[c]);
        }
        QVERIFY(t->findChild<ColourBarLegend*>("attributionLegend")->isHidden());

        // Integrated gradients: complete on the panel's image.
        method->setCurrentIndex(method->findData("ig"));
        QTRY_VERIFY_WITH_TIMEOUT(overlaysShown(t) && w.attributionPresenter()->map(1) &&
                                     w.attributionPresenter()->map(1)->logitBaseline != 0.0f,
                                 kTimeoutMs);
        const AttributionMapPtr ig = w.attributionPresenter()->map(1);
        const double delta = double(ig->logitInput) - double(ig->logitBaseline);
        QVERIFY(std::fabs(ig->sum() - delta) <= 1e-2 * std::fabs(delta));

        // A new image: overlays go with the old images, and come back for the new ones.
        w.selectImage(1);
        QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == 1 && overlaysShown(t), kTimeoutMs);
        method->setCurrentIndex(0);
        for (int c = 0; c < 3; ++c)
            QCOMPARE(t->panel(c)->view()->displayedImage(), toQImage(t->panelImage(c)));
    }

    void newerRequestSupersedesOlder() {
        ComputeEngine engine;
        QSignalSpy loaded(&engine, &ComputeEngine::modelLoaded);
        engine.loadModel(m_a);
        QVERIFY(loaded.wait(kTimeoutMs));
        auto* attribution = new AttributionEngine(&engine);
        QSignalSpy ready(attribution, &AttributionEngine::ready);
        AttributionOptions slow;
        slow.samples = 64;
        slow.batchSize = 1;
        const quint64 first =
            attribution->request({advlab::ui::test::smoothImage(0), advlab::ui::test::smoothImage(1)}, slow);
        const quint64 second = attribution->request({advlab::ui::test::smoothImage(2)}, AttributionOptions{});
        QVERIFY(ready.wait(kTimeoutMs));
        QVERIFY(engine.waitIdleFor(kTimeoutMs));
        QCoreApplication::processEvents();
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.first().at(0).toULongLong(), second);
        QVERIFY(first != second);
        // Cached: asking again answers without the compute thread.
        QVERIFY(attribution->cached({advlab::ui::test::smoothImage(2)}, AttributionOptions{}).has_value());
    }

    void exportedFigureCarriesTheOverlay() {
        MainWindow w;
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset));
        QVERIFY(advlab::ui::test::configureAndWait(w, advlab::ui::test::fastConfig(16)));
        w.selectImage(2);
        TriptychView* t = w.triptychView();
        QTRY_VERIFY_WITH_TIMEOUT(t->result(), kTimeoutMs);
        t->attributionControls()->setOpacity(1.0);
        t->attributionControls()->setMethod(AttributionMethod::SmoothGrad);
        QTRY_VERIFY_WITH_TIMEOUT(overlaysShown(t), kTimeoutMs);

        const QString base = m_tmp.filePath("overlay");
        const QString exportError = advlab::ui::test::exportAndWait(
            w, [&] { w.exports()->exportFigure({2}, base, false, ExportController::Overwrite::Always); },
            kTimeoutMs);
        QVERIFY2(exportError.isEmpty(), qPrintable(exportError));
        const QImage png(base + ".png");
        QCOMPARE(png.size(), FigureRenderer::pixelSize(1, 0, true));
        for (int c = 0; c < 3; ++c) {
            const AttributionMap& map = *w.attributionPresenter()->map(c);
            const auto [x, y] = argmaxAbs(map);
            const QRect cell = FigureRenderer::imageRect(0, c, 0, true);
            // The centre of that image pixel, enlarged nearest-neighbour into the cell.
            const int fx = cell.left() + static_cast<int>((x + 0.5) * cell.width() / map.width);
            const int fy = cell.top() + static_cast<int>((y + 0.5) * cell.height() / map.height);
            QVERIFY2(channelDistance(png.pixel(fx, fy), ColourMap::viridis().top()) <= 1,
                     qPrintable(QString("column %1").arg(c)));
        }
    }
};

QTEST_MAIN(TestAttributionUi)
#include "tst_attributionui.moc"
