// SPDX-License-Identifier: GPL-3.0-or-later
// Input-transformation defences: each does what its paper says to the pixels,
// parses and prints its key, and never crashes on any valid image.
#include <QtTest>
#include <advlab/Defence.h>
#include <cmath>
#include <cstdlib>
#include <random>
#include <set>

using namespace advlab;

namespace {

Image8 noiseImage(int w, int h, unsigned seed) {
    std::mt19937 rng(seed);
    Image8 im(w, h);
    for (auto& v : im.rgb)
        v = static_cast<std::uint8_t>(rng() % 256);
    return im;
}

// A smooth gradient with mild noise: closer to a photograph than pure noise.
Image8 photoLike(int w, int h, unsigned seed) {
    std::mt19937 rng(seed);
    Image8 im(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) {
                const int base = (x * 255 / std::max(1, w - 1) + y * 128 / std::max(1, h - 1) + c * 40) % 256;
                const int noisy = base + static_cast<int>(rng() % 17) - 8;
                im.pixel(x, y)[c] = static_cast<std::uint8_t>(std::clamp(noisy, 0, 255));
            }
    return im;
}

double meanAbsDiff(const Image8& a, const Image8& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.rgb.size(); ++i)
        s += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
    return s / static_cast<double>(a.rgb.size());
}

Image8 everyValue() { // 256 pixels, all 8-bit values in every channel
    Image8 im(16, 16);
    for (int i = 0; i < 256; ++i)
        for (int c = 0; c < 3; ++c)
            im.rgb[static_cast<std::size_t>(i) * 3 + c] = static_cast<std::uint8_t>(i);
    return im;
}

} // namespace

class TestDefences : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jpegChangesPixels() {
        const Image8 im = photoLike(299, 299, 1);
        const Image8 q75 = applyDefence(im, parseDefence("jpeg75"));
        const Image8 q10 = applyDefence(im, parseDefence("jpeg10"));
        QCOMPARE(q75.width, im.width);
        QCOMPARE(q75.height, im.height);
        QVERIFY(q75 != im);
        QVERIFY(meanAbsDiff(q75, im) > 0.5);
        // Stronger compression, larger change; but still the same picture.
        QVERIFY(meanAbsDiff(q10, im) > meanAbsDiff(q75, im));
        QVERIFY(meanAbsDiff(q75, im) < 12.0);
        // A deterministic codec: the same input, the same output.
        QVERIFY(applyDefence(im, parseDefence("jpeg75")) == q75);
    }

    void jpegRemovesSmallPerturbation() {
        // The reason for the defence (Dziugaite et al. 2016): a ±2 pixel
        // high-frequency pattern mostly disappears in re-encoding.
        const Image8 im = photoLike(128, 128, 2);
        Image8 perturbed = im;
        for (std::size_t i = 0; i < perturbed.rgb.size(); ++i)
            perturbed.rgb[i] =
                static_cast<std::uint8_t>(std::clamp(int(im.rgb[i]) + ((i / 3) % 2 ? 2 : -2), 0, 255));
        const DefenceConfig d = parseDefence("jpeg50");
        QVERIFY(meanAbsDiff(applyDefence(perturbed, d), applyDefence(im, d)) < meanAbsDiff(perturbed, im));
    }

    void bitDepthMapsToExpectedLevels_data() {
        QTest::addColumn<int>("bits");
        for (int b = 1; b <= 7; ++b)
            QTest::newRow(("bits" + std::to_string(b)).c_str()) << b;
    }
    void bitDepthMapsToExpectedLevels() {
        QFETCH(int, bits);
        const int levels = (1 << bits) - 1;
        std::set<int> expectedLevels;
        for (int k = 0; k <= levels; ++k)
            expectedLevels.insert(static_cast<int>(std::lround(k * 255.0 / levels)));
        const Image8 in = everyValue();
        const Image8 out = applyDefence(in, parseDefence("bits" + std::to_string(bits)));
        std::set<int> seen;
        for (std::size_t i = 0; i < in.rgb.size(); ++i) {
            const int v = in.rgb[i], q = out.rgb[i];
            seen.insert(q);
            // On the grid, and the nearest grid point (within half a step).
            QVERIFY2(expectedLevels.count(q), qPrintable(QString("%1 -> %2 is not a level").arg(v).arg(q)));
            QVERIFY2(std::abs(q - v) <= 255.0 / levels / 2.0 + 0.5,
                     qPrintable(QString("%1 -> %2 is not the nearest level").arg(v).arg(q)));
        }
        QCOMPARE(seen, expectedLevels); // every level is reached from 0..255
        // Quantising twice changes nothing.
        QVERIFY(applyDefence(out, parseDefence("bits" + std::to_string(bits))) == out);
    }

    void bitDepthKnownValues() {
        const Image8 in = everyValue();
        const Image8 one = applyDefence(in, parseDefence("bits1"));
        QCOMPARE(int(one.rgb[127 * 3]), 0);
        QCOMPARE(int(one.rgb[128 * 3]), 255);
        const Image8 two = applyDefence(in, parseDefence("bits2")); // levels 0, 85, 170, 255
        QCOMPARE(int(two.rgb[42 * 3]), 0);
        QCOMPARE(int(two.rgb[43 * 3]), 85);
        QCOMPARE(int(two.rgb[200 * 3]), 170);
        QCOMPARE(int(two.rgb[213 * 3]), 255);
        // bits8 would be the identity on 8-bit images: refused, not a silent no-op.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseDefence("bits8"));
    }

    // Issue 9 D9: randpad10 and randpad299 were accepted and did nothing to
    // 299 x 299 images. Every key the parser accepts, at both ends of its
    // range, must change a competition-sized image.
    void everyAcceptedKeyChangesTheImage_data() {
        QTest::addColumn<QString>("key");
        for (const char* k :
             {"jpeg1", "jpeg100", "bits1", "bits7", "median3", "median15", "blur0.5", "blur10", "randpad300",
              "randpad4096", "jpeg", "bits", "median", "blur", "randpad"})
            QTest::newRow(k) << QString(k);
    }
    void everyAcceptedKeyChangesTheImage() {
        QFETCH(QString, key);
        const Image8 im = photoLike(299, 299, 11);
        QVERIFY(applyDefence(im, parseDefence(key.toStdString())) != im);
    }

    void medianRemovesSaltNoise() {
        Image8 im(21, 21);
        std::fill(im.rgb.begin(), im.rgb.end(), 100);
        im.pixel(10, 10)[0] = 255; // isolated outliers
        im.pixel(3, 17)[2] = 0;
        const Image8 out = applyDefence(im, parseDefence("median3"));
        for (auto v : out.rgb)
            QCOMPARE(int(v), 100);
    }

    void blurSmoothsAndKeepsFlatImages() {
        Image8 flat(30, 20);
        std::fill(flat.rgb.begin(), flat.rgb.end(), 77);
        QVERIFY(applyDefence(flat, parseDefence("blur2")) == flat);
        const Image8 noisy = noiseImage(64, 64, 5);
        const Image8 blurred = applyDefence(noisy, parseDefence("blur1"));
        // Smoothing reduces the difference between neighbours.
        auto roughness = [](const Image8& im) {
            double s = 0;
            for (int y = 0; y < im.height; ++y)
                for (int x = 1; x < im.width; ++x)
                    s += std::abs(int(im.pixel(x, y)[0]) - int(im.pixel(x - 1, y)[0]));
            return s;
        };
        QVERIFY(roughness(blurred) < 0.5 * roughness(noisy));
    }

    void resizePadIsRandomButReproducible() {
        const Image8 im = photoLike(299, 299, 3);
        DefenceConfig d = parseDefence("randpad331");
        const Image8 a = applyDefence(im, d);
        QCOMPARE(a.width, 331);
        QCOMPARE(a.height, 331);
        QVERIFY(applyDefence(im, d) == a); // same image, same seed, same draw
        std::set<std::vector<std::uint8_t>> outcomes;
        for (std::uint64_t seed = 0; seed < 8; ++seed) {
            d.seed = seed;
            outcomes.insert(applyDefence(im, d).rgb);
        }
        QVERIFY(outcomes.size() >= 4); // the seed changes size and position
        // The padding is black and the content keeps its colours: the image
        // is somewhere inside, scaled by at least 1.
        int black = 0;
        for (int y = 0; y < a.height; ++y)
            for (int x = 0; x < a.width; ++x)
                black += (a.pixel(x, y)[0] | a.pixel(x, y)[1] | a.pixel(x, y)[2]) == 0 ? 1 : 0;
        QVERIFY(black <= 331 * 331 - 299 * 299);
    }

    void noneAndModelAreIdentity() {
        const Image8 im = noiseImage(40, 30, 9);
        QVERIFY(applyDefence(im, parseDefence("none")) == im);
        QVERIFY(applyDefence(im, parseDefence("model:/some/where/other.pt")) == im);
    }

    // The guarantee users rely on: any valid image, any defence, no crash and
    // a valid image back.
    void neverCrashesOnValidImages_data() {
        QTest::addColumn<QString>("key");
        for (const char* k : {"none", "jpeg1", "jpeg75", "jpeg100", "bits1", "bits4", "bits7", "median3",
                              "median15", "blur0.5", "blur1", "blur10", "randpad300", "randpad512",
                              "randpad331", "model:x.pt", "bits3+model:x.pt"})
            QTest::newRow(k) << QString(k);
    }
    void neverCrashesOnValidImages() {
        QFETCH(QString, key);
        const DefenceConfig d = parseDefence(key.toStdString());
        const std::pair<int, int> sizes[] = {{1, 1},  {1, 9},   {9, 1},     {2, 2},  {3, 5},
                                             {17, 4}, {64, 48}, {299, 299}, {500, 7}};
        unsigned seed = 0;
        for (auto [w, h] : sizes) {
            for (int fill : {-1, 0, 255}) {
                Image8 im = noiseImage(w, h, ++seed);
                if (fill >= 0)
                    std::fill(im.rgb.begin(), im.rgb.end(), static_cast<std::uint8_t>(fill));
                Image8 out;
                try {
                    out = applyDefence(im, d);
                } catch (const std::exception& e) {
                    QFAIL(qPrintable(QString("%1 on %2x%3 threw: %4").arg(key).arg(w).arg(h).arg(e.what())));
                }
                QVERIFY(!out.isNull());
                QCOMPARE(out.rgb.size(), static_cast<std::size_t>(out.width) * out.height * 3);
                if (d.kind == DefenceKind::ResizePad) {
                    const int side = std::max({w, h, static_cast<int>(d.parameter)});
                    QCOMPARE(out.width, side);
                    QCOMPARE(out.height, side);
                } else {
                    QCOMPARE(out.width, w);
                    QCOMPARE(out.height, h);
                }
                if (fill == 0 && d.kind != DefenceKind::Jpeg) // black stays black
                    for (auto v : out.rgb)
                        QCOMPARE(int(v), 0);
            }
        }
    }

    void rejectsInvalidImages() {
        const DefenceConfig d = parseDefence("jpeg75");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyDefence(Image8(), d));
        Image8 broken(10, 10);
        broken.rgb.resize(17); // inconsistent buffer
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyDefence(broken, d));
    }

    void keysRoundTrip_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("none") << "none"
                              << "none";
        QTest::newRow("jpeg default") << "jpeg"
                                      << "jpeg75";
        QTest::newRow("jpeg upper case") << "JPEG:90"
                                         << "jpeg90";
        QTest::newRow("bits") << " bits3 "
                              << "bits3";
        QTest::newRow("median default") << "median"
                                        << "median3";
        QTest::newRow("blur fraction") << "blur1.5"
                                       << "blur1.5";
        QTest::newRow("randpad default") << "randpad"
                                         << "randpad331";
        QTest::newRow("model") << "model:/a/B c.pt"
                               << "model:/a/B c.pt";
        QTest::newRow("jpeg + model") << "jpeg60+model:/x/y.pt"
                                      << "jpeg60+model:/x/y.pt";
    }
    void keysRoundTrip() {
        QFETCH(QString, key);
        QFETCH(QString, canonical);
        const DefenceConfig d = parseDefence(key.toStdString());
        QCOMPARE(QString::fromStdString(d.key()), canonical);
        QVERIFY(parseDefence(d.key()) == d);
        QVERIFY(!d.describe().empty());
    }

    void rejectsBadKeys_data() {
        QTest::addColumn<QString>("key");
        for (const char* k : {"",        "jpeg0",    "jpeg101",   "jpeg7.5",    "bits0",
                              "bits9",   "median4",  "median1",   "median17",   "blur0",
                              "blur11",  "randpad0", "randpadx",  "model:",     "jpeg75+model:",
                              "gzip",    "nonesuch", "bits4x",    "bits8",      "blur0.1",
                              "blur0.4", "randpad1", "randpad10", "randpad299", "randpad4097",
                              // decimal only, as every numeric option of the CLI
                              "jpeg0x10", "jpeg+75", "jpeg 75", "blur1e0", "bits0x4", "jpeg7..5"})
            QTest::newRow(k[0] ? k : "(empty)") << QString(k);
    }
    void rejectsBadKeys() {
        QFETCH(QString, key);
        try {
            parseDefence(key.toStdString());
            QFAIL("no exception");
        } catch (const std::invalid_argument& e) {
            // The message names the problem, so a CLI user can fix the flag.
            QVERIFY(std::string(e.what()).size() > 10);
        }
    }

    void standardListParses() {
        const auto list = standardDefences();
        QCOMPARE(list.size(), std::size_t(6));
        QCOMPARE(list.front().kind, DefenceKind::None);
        const auto parsed = parseDefenceList("none, jpeg75,bits4 ,median3,blur1,randpad331");
        QCOMPARE(parsed.size(), list.size());
        for (std::size_t i = 0; i < list.size(); ++i)
            QVERIFY(parsed[i] == list[i]);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseDefenceList(" , "));
    }
};

QTEST_APPLESS_MAIN(TestDefences)
#include "tst_defences.moc"
