// SPDX-License-Identifier: GPL-3.0-or-later
// Model loading: any TorchScript module with the contract loads; anything
// else fails at load time with a message naming the file.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/Classifier.h>
#include <advlab/Errors.h>
#include <advlab/TorchRuntime.h>
#include <numeric>

using namespace advlab;

class TestClassifier : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    std::string expectModelError(const std::string& path) {
        try {
            Classifier::load(path, DevicePreference::Cpu);
        } catch (const ModelError& e) {
            if (e.file() != path)
                QTest::qFail("error does not name the file", __FILE__, __LINE__);
            return e.what();
        }
        QTest::qFail("expected a ModelError", __FILE__, __LINE__);
        return {};
    }

private Q_SLOTS:
    void loadsAndClassifiesInBatches() {
        const std::string path = m_tmp.filePath("tiny.pt").toStdString();
        test::saveTinyClassifier(path);
        const Classifier c = Classifier::load(path, DevicePreference::Cpu);
        QCOMPARE(c.deviceName(), std::string("cpu"));
        QCOMPARE(c.path(), path);
        std::vector<Image8> images;
        for (int i = 0; i < 5; ++i) {
            Image8 im(299, 299);
            for (std::size_t k = 0; k < im.rgb.size(); ++k)
                im.rgb[k] = static_cast<std::uint8_t>((k * (i + 3)) % 251);
            images.push_back(im);
        }
        const auto all = c.classify(images, 2); // batches of 2, 2, 1
        QCOMPARE(all.size(), size_t(5));
        for (const auto& p : all) {
            QCOMPARE(p.probs.size(), size_t(1000));
            const double sum = std::accumulate(p.probs.begin(), p.probs.end(), 0.0);
            QVERIFY(std::abs(sum - 1.0) < 1e-4);
            const auto top = p.topK(5);
            QCOMPARE(top.size(), size_t(5));
            QCOMPARE(top[0].first, p.label());
            for (int k = 1; k < 5; ++k)
                QVERIFY(top[k - 1].second >= top[k].second);
        }
        // Batching does not change the answer.
        const auto single = c.classify({images[4]}, 1);
        QCOMPARE(single[0].label(), all[4].label());
        QVERIFY(std::abs(single[0].confidence() - all[4].confidence()) < 1e-5f);

        CancelToken cancel;
        cancel.cancel();
        QVERIFY(c.classify(images, 2, &cancel).empty());
    }

    void rejectsMissingAndGarbageFiles() {
        QVERIFY(expectModelError(m_tmp.filePath("missing.pt").toStdString())
                    .find("cannot open the model file: file not found") != std::string::npos);
        const QString garbage = m_tmp.filePath("garbage.pt");
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("definitely not a TorchScript archive");
        f.close();
        QVERIFY(expectModelError(garbage.toStdString()).find("not a loadable TorchScript module") !=
                std::string::npos);
    }

    void rejectsContractViolations() {
        const std::string ten = m_tmp.filePath("ten.pt").toStdString();
        test::saveTinyClassifier(ten, 10);
        const std::string msg = expectModelError(ten);
        QVERIFY2(msg.find("expected output 2 x 1000 logits") != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("[2 x 10]") != std::string::npos, msg.c_str());

        const std::string tuple = m_tmp.filePath("tuple.pt").toStdString();
        test::saveTupleModel(tuple);
        QVERIFY(expectModelError(tuple).find("did not return a tensor") != std::string::npos);
    }

    // Channels-last is a speed choice only: a model that accepts it gets it
    // on the CPU, one that cannot run with it falls back to NCHW (or says so
    // when it was asked for explicitly), and results agree between layouts.
    void choosesTheInputLayout() {
        const std::string tiny = m_tmp.filePath("layout-tiny.pt").toStdString();
        test::saveTinyClassifier(tiny);
        QCOMPARE(Classifier::load(tiny, DevicePreference::Cpu).layoutName(), std::string("channels-last"));
        QCOMPARE(Classifier::load(tiny, DevicePreference::Cpu, MemoryLayout::Contiguous).layoutName(),
                 std::string("contiguous"));

        const std::string viewOnly = m_tmp.filePath("view-only.pt").toStdString();
        test::saveViewOnlyClassifier(viewOnly);
        const Classifier fallback = Classifier::load(viewOnly, DevicePreference::Cpu);
        QCOMPARE(fallback.layoutName(), std::string("contiguous"));
        Image8 im(299, 299);
        for (std::size_t k = 0; k < im.rgb.size(); ++k)
            im.rgb[k] = static_cast<std::uint8_t>((k * 7) % 253);
        QCOMPARE(fallback.classify({im}).size(), size_t(1)); // and it runs
        try {
            Classifier::load(viewOnly, DevicePreference::Cpu, MemoryLayout::ChannelsLast);
            QFAIL("an explicit channels-last request on a view()-based model must fail");
        } catch (const ModelError& e) {
            QCOMPARE(e.file(), viewOnly);
            QVERIFY2(std::string(e.what()).find("channels-last") != std::string::npos, e.what());
        }

        // The environment variable overrides Auto, not an explicit choice.
        qputenv("ADVLAB_LAYOUT", "contiguous");
        QCOMPARE(Classifier::load(tiny, DevicePreference::Cpu).layoutName(), std::string("contiguous"));
        QCOMPARE(Classifier::load(tiny, DevicePreference::Cpu, MemoryLayout::ChannelsLast).layoutName(),
                 std::string("channels-last"));
        qunsetenv("ADVLAB_LAYOUT");
    }

    void layoutsGiveTheSameAttack() {
        const std::string tiny = m_tmp.filePath("layout-attack.pt").toStdString();
        test::saveTinyClassifier(tiny);
        const Classifier nhwc = Classifier::load(tiny, DevicePreference::Cpu, MemoryLayout::ChannelsLast);
        const Classifier nchw = Classifier::load(tiny, DevicePreference::Cpu, MemoryLayout::Contiguous);
        std::vector<Image8> images;
        for (int i = 0; i < 3; ++i) {
            Image8 im(299, 299);
            for (std::size_t k = 0; k < im.rgb.size(); ++k)
                im.rgb[k] = static_cast<std::uint8_t>((k * (i + 5) + k / 897) % 251);
            images.push_back(im);
        }
        const std::vector<int> labels{1, 2, 3};
        for (AttackMethod method : {AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::Pgd}) {
            AttackConfig config;
            config.method = method;
            config.epsilon = 8.0f;
            config.iterations = 5;
            config.batchSize = 2;
            const AttackOutcome a = runAttack(nhwc, images, labels, {}, config);
            const AttackOutcome b = runAttack(nchw, images, labels, {}, config);
            QCOMPARE(a.adversarial.size(), images.size());
            QCOMPARE(b.adversarial.size(), images.size());
            std::size_t differing = 0;
            for (std::size_t i = 0; i < images.size(); ++i) {
                QCOMPARE(a.predictions[i].label(), b.predictions[i].label());
                for (std::size_t k = 0; k < images[i].rgb.size(); ++k) {
                    const int d = std::abs(int(a.adversarial[i].rgb[k]) - int(b.adversarial[i].rgb[k]));
                    QVERIFY2(d <= 1, "layouts differ by more than rounding");
                    differing += d != 0;
                }
            }
            // Float summation order may flip a rounding, never the attack.
            QVERIFY2(differing * 1000 < images.size() * images[0].rgb.size(),
                     "layouts disagree on many pixels");
        }
    }

    void allocatorIsTunedOnGlibc() {
        initTorchRuntime();
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
        // mallopt is glibc's; sanitizer runtimes replace the allocator.
        if (qgetenv("ADVLAB_MALLOC_TUNING") != "0")
            QVERIFY(mallocTuned());
#else
        QSKIP("glibc allocator tuning only applies to glibc without sanitizers");
#endif
    }

    void predictionHelpers() {
        Prediction p{{0.1f, 0.6f, 0.3f}};
        QCOMPARE(p.label(), 1);
        QCOMPARE(p.confidence(), 0.6f);
        QCOMPARE(p.probOf(2), 0.3f);
        QCOMPARE(p.probOf(-1), 0.0f);
        QCOMPARE(p.probOf(3), 0.0f);
        QCOMPARE(Prediction{}.label(), -1);
    }
};

QTEST_APPLESS_MAIN(TestClassifier)
#include "tst_classifier.moc"
