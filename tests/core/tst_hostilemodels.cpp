// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 9: models that break the contract after the load check, return NaN,
// or carry code that writes files. Each must fail with a clear ModelError
// naming the file, or fail only the images concerned; never over-read, crash
// or report NaN as a result.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/Classifier.h>
#include <advlab/Errors.h>
#include <advlab/Metrics.h>
#include <advlab/Paths.h>
#include <cmath>
#include <sys/stat.h>
#include <unistd.h>

using namespace advlab;

namespace {

Image8 filled(int value, int seed = 0) {
    Image8 im(299, 299);
    for (std::size_t k = 0; k < im.rgb.size(); ++k)
        im.rgb[k] = static_cast<std::uint8_t>(
            std::clamp<int>(value + static_cast<int>((k * (seed + 3)) % 21) - 10, 0, 255));
    return im;
}

template <typename F> ModelError expectModelError(F f) {
    try {
        f();
    } catch (const ModelError& e) {
        return e;
    }
    QTest::qFail("expected a ModelError", __FILE__, __LINE__);
    return ModelError("", "");
}

} // namespace

class TestHostileModels : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    std::string path(const char* name) const { return m_tmp.filePath(name).toStdString(); }

private Q_SLOTS:
    // D0: 1 x 1000 for any batch. Used to pass the 1-image probe, then
    // classify read 4,000 bytes past the output buffer.
    void oneRowForAnyBatchIsRefusedOnLoad() {
        const std::string p = path("onerow.pt");
        test::saveOneRowModel(p);
        const ModelError e = expectModelError([&] { Classifier::load(p, DevicePreference::Cpu); });
        QCOMPARE(e.file(), p);
        QVERIFY2(std::string(e.what()).find("expected output 2 x 1000 logits") != std::string::npos,
                 e.what());
        QVERIFY2(std::string(e.what()).find("got [1 x 1000]") != std::string::npos, e.what());
    }

    // D0: the shape is checked on every forward, not only the probe.
    void wrongBatchAfterTheProbeThrowsInClassifyAndAttack() {
        const std::string p = path("tworows.pt");
        test::saveTwoRowModel(p);
        const Classifier c = Classifier::load(p, DevicePreference::Cpu); // passes the batch-of-2 probe
        const std::vector<Image8> three{filled(90, 1), filled(100, 2), filled(110, 3)};
        QCOMPARE(c.classify(three, 2).size(), std::size_t(3)); // batches of 2 and 1 are fine
        const ModelError e = expectModelError([&] { c.classify(three, 3); });
        QCOMPARE(e.file(), p);
        QVERIFY2(std::string(e.what()).find("expected output 3 x 1000 logits") != std::string::npos,
                 e.what());

        AttackConfig config;
        config.method = AttackMethod::Ifgsm;
        config.epsilon = 4;
        config.iterations = 2;
        config.batchSize = 3;
        for (const std::vector<int>& labels : {std::vector<int>{1, 2, 3}, std::vector<int>{}}) {
            const ModelError a = expectModelError([&] { runAttack(c, three, labels, {}, config); });
            QCOMPARE(a.file(), p);
        }
    }

    // D6: NaN logits for some images: those fail, the others are classified.
    void nanLogitsFailOnlyTheirImages() {
        const std::string p = path("nanbright.pt");
        test::saveNanWhenBrightModel(p);
        const Classifier c = Classifier::load(p, DevicePreference::Cpu);
        const std::vector<Image8> images{filled(60, 1), filled(230, 2), filled(80, 3)};
        const auto preds = c.classify(images, 3);
        QCOMPARE(preds.size(), std::size_t(3));
        QVERIFY(preds[0].isValid());
        QVERIFY(preds[2].isValid());
        QVERIFY(preds[0].failure.empty());
        QVERIFY(!preds[1].isValid());
        QVERIFY2(preds[1].failure.find("NaN") != std::string::npos, preds[1].failure.c_str());
        QVERIFY(std::isfinite(preds[0].confidence()));
        QCOMPARE(preds[1].confidence(), 0.0f); // never "nan"
        // A failed image is neither right nor wrong.
        QCOMPARE(accuracy(preds, {preds[0].label(), 5, preds[2].label()}), 1.0);

        AttackConfig config;
        config.method = AttackMethod::Ifgsm;
        config.epsilon = 8;
        config.iterations = 3;
        config.batchSize = 3;
        for (const std::vector<int>& labels : {std::vector<int>{1, 2, 3}, std::vector<int>{}}) {
            const AttackOutcome out = runAttack(c, images, labels, {}, config);
            QCOMPARE(out.adversarial.size(), std::size_t(3));
            QCOMPARE(out.failures.size(), std::size_t(3));
            QVERIFY(!out.failed(0));
            QVERIFY(out.failed(1));
            QVERIFY(!out.failed(2));
            QVERIFY(!out.predictions[1].isValid());
            QVERIFY(out.sourceProbCurve[1].empty());
            QVERIFY(out.adversarial[0] != images[0]); // the others were attacked
            QVERIFY(linfDistance(out.adversarial[2], images[2]) <= 8);
            for (float v : out.sourceProbCurve[0])
                QVERIFY(std::isfinite(v));
            QCOMPARE(accuracy(out.predictions, {out.predictions[0].label(), 1, out.predictions[2].label()}),
                     1.0);
        }
    }

    // D6: finite logits but NaN gradients: the attack must not report an
    // unchanged image as a success.
    void nanGradientFailsTheImage() {
        const std::string p = path("nangrad.pt");
        test::saveNanGradientModel(p);
        const Classifier c = Classifier::load(p, DevicePreference::Cpu);
        Image8 bright(299, 299);
        std::fill(bright.rgb.begin(), bright.rgb.end(), 220);
        const std::vector<Image8> images{filled(100, 1), bright};
        QVERIFY(c.classify(images)[0].isValid()); // logits are fine
        AttackConfig config;
        config.method = AttackMethod::Fgsm;
        config.epsilon = 8;
        const AttackOutcome out = runAttack(c, images, {1, 2}, {}, config);
        QVERIFY(out.failed(0));
        QVERIFY2(out.failures[0].find("gradient") != std::string::npos, out.failures[0].c_str());
        QVERIFY(!out.predictions[0].isValid());
        QVERIFY(!out.failed(1));
        QVERIFY(out.adversarial[1] != bright);
    }

    // S1: a model whose forward writes a file is refused before it runs.
    void modelThatSavesFilesIsRefused() {
        const std::string victim = path("written-by-forward.pt");
        const std::string p = path("saver.pt");
        test::saveTinyVariant(p, "Saver", "    torch.save(x, '" + victim + "')\n    return out\n");
        const ModelError e = expectModelError([&] { Classifier::load(p, DevicePreference::Cpu); });
        QCOMPARE(e.file(), p);
        QVERIFY2(std::string(e.what()).find("aten::save") != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find("trust") != std::string::npos, e.what());
        QVERIFY(!QFile::exists(QString::fromStdString(victim))); // forward never ran

        // Hidden in a helper method.
        const std::string helper = path("helper-saver.pt");
        test::saveTinyVariant(helper, "HelperSaver", "    self.log(x)\n    return out\n",
                              "def log(self, x):\n    torch.save(x, '" + victim + "')\n\n");
        QVERIFY(std::string(expectModelError([&] { Classifier::load(helper, DevicePreference::Cpu); }).what())
                    .find("aten::save") != std::string::npos);
        QVERIFY(!QFile::exists(QString::fromStdString(victim)));
    }

    // S1: __setstate__ runs inside torch::jit::load, before anything can
    // look at the code (documented in ModelCode.h): the model is still
    // refused, so its forward never runs.
    void modelWithSetStateWriterIsRefused() {
        const std::string victim = path("written-by-setstate.pt");
        const std::string p = path("setstate.pt");
        torch::jit::Module m("SetStateSaver");
        m.register_attribute("v", c10::IntType::get(), 1);
        m.define("def __getstate__(self):\n    return self.v\n\n"
                 "def __setstate__(self, s: int):\n    self.v = s\n    torch.save(s, '" +
                 victim +
                 "')\n\n"
                 "def forward(self, x):\n    return torch.zeros([x.size(0), 1000])\n");
        m.save(p);
        const ModelError e = expectModelError([&] { Classifier::load(p, DevicePreference::Cpu); });
        QVERIFY2(std::string(e.what()).find("__setstate__ calls aten::save") != std::string::npos, e.what());
    }

    // Minor: the whole reason, not just "The following operation failed in
    // the TorchScript interpreter."; control characters escaped.
    void modelErrorKeepsTheWholeReason() {
        const std::string p = path("raises.pt");
        torch::jit::Module m("Raises");
        m.define("def forward(self, x):\n"
                 "    assert x.size(2) == 224, 'needs 224 x 224 input' + chr(27) + '[2J'\n"
                 "    return torch.zeros([x.size(0), 1000])\n");
        m.save(p);
        const ModelError e = expectModelError([&] { Classifier::load(p, DevicePreference::Cpu); });
        const std::string msg = e.what();
        QVERIFY2(msg.find("needs 224 x 224 input") != std::string::npos, e.what());
        QVERIFY2(msg.find('\x1b') == std::string::npos, e.what());
        QVERIFY2(msg.find("\\x1b[2J") != std::string::npos, e.what());
        QVERIFY2(msg.find("frame #") == std::string::npos, e.what()); // no C++ backtrace
        // The raised reason comes first, so a one-line display shows it.
        const std::string first = msg.substr(0, msg.find('\n'));
        QVERIFY2(first.find("needs 224 x 224 input") != std::string::npos, e.what());
    }

    // D15: a FIFO named as the model must not block; a directory, a FIFO and
    // a missing file each get their own message.
    void nonRegularModelFilesAreRefused() {
        const std::string fifo = path("fifo.pt");
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        QVERIFY2(std::string(expectModelError([&] { Classifier::load(fifo, DevicePreference::Cpu); }).what())
                         .find("is not a regular file") != std::string::npos,
                 "FIFO");
        const std::string dir = path("dir.pt");
        QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
        const ModelError d = expectModelError([&] { Classifier::load(dir, DevicePreference::Cpu); });
        QCOMPARE(d.file(), dir);
        QVERIFY2(std::string(d.what()).find("is a directory") != std::string::npos, d.what());
        QVERIFY2(std::string(d.what()).find("not found") == std::string::npos, d.what());
        if (::geteuid() != 0) { // root reads anything
            const std::string locked = path("locked.pt");
            test::saveTinyClassifier(locked);
            QCOMPARE(::chmod(locked.c_str(), 0), 0);
            const ModelError l = expectModelError([&] { Classifier::load(locked, DevicePreference::Cpu); });
            QVERIFY2(std::string(l.what()).find("permission denied") != std::string::npos, l.what());
        }
    }

    // The scan must not refuse ordinary models.
    void ordinaryModelsPass() {
        const std::string p = path("tiny.pt");
        test::saveTinyClassifier(p);
        QCOMPARE(Classifier::load(p, DevicePreference::Cpu).path(), p);
        // Both bundled models pass too (resources/, found as the programs find them).
        for (const PathResolution& real : {resolveModel(), resolveTransferModel()}) {
            QVERIFY2(real.found(), real.errorMessage().c_str());
            QCOMPARE(Classifier::load(real.path, DevicePreference::Cpu).numClasses(), 1000);
        }
    }
};

QTEST_APPLESS_MAIN(TestHostileModels)
#include "tst_hostilemodels.moc"
