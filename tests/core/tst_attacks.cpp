// SPDX-License-Identifier: GPL-3.0-or-later
// Properties every attack must have, checked on a tiny model the test builds:
// L∞ bound, valid range, 8-bit output, FGSM == one-step I-FGSM, targeted
// attacks raise the target's probability, cancellation within one step.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <advlab/Attack.h>
#include <advlab/Metrics.h>

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace advlab;

Q_DECLARE_METATYPE(advlab::AttackMethod)

class TestAttacks : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Classifier> m_model;
    std::vector<Image8> m_images;
    std::vector<int> m_labels, m_targets;

    AttackOutcome attack(const AttackConfig& c, const ProgressCallback& p = {}, const CancelToken* t = nullptr) {
        return runAttack(*m_model, m_images, m_labels, m_targets, c, p, t);
    }

    static void addMethodRows() {
        QTest::addColumn<AttackMethod>("method");
        QTest::addColumn<bool>("targeted");
        for (auto m : {AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::MiFgsm, AttackMethod::Pgd})
            for (bool t : {false, true})
                QTest::newRow((methodName(m) + (t ? " targeted" : "")).c_str()) << m << t;
    }

private Q_SLOTS:
    void initTestCase() {
        const std::string path = m_tmp.filePath("tiny.pt").toStdString();
        test::saveTinyClassifier(path);
        m_model = std::make_unique<Classifier>(Classifier::load(path, DevicePreference::Cpu));
        std::mt19937 rng(3);
        for (int i = 0; i < 6; ++i) {
            Image8 im(64, 48); // attacks do not assume the competition size
            // Include saturated pixels so clipping to [0, 255] is exercised.
            for (auto& v : im.rgb)
                v = static_cast<std::uint8_t>(rng() % 5 == 0 ? (rng() % 2) * 255 : rng() % 256);
            m_images.push_back(im);
        }
        const auto clean = m_model->classify(m_images);
        for (const auto& p : clean) {
            m_labels.push_back(p.label());
            m_targets.push_back(p.topK(1000).back().first); // the least likely class: a hard target
        }
    }

    void boundedRangeAndEightBit_data() { addMethodRows(); }
    void boundedRangeAndEightBit() {
        QFETCH(AttackMethod, method);
        QFETCH(bool, targeted);
        for (float eps : {0.0f, 2.5f, 8.0f}) {
            AttackConfig c;
            c.method = method;
            c.targeted = targeted;
            c.epsilon = eps;
            c.iterations = 4;
            c.batchSize = 4; // two batches, the second partial
            const AttackOutcome out = attack(c);
            QVERIFY(!out.cancelled);
            QCOMPARE(out.adversarial.size(), m_images.size());
            QCOMPARE(out.predictions.size(), m_images.size());
            QCOMPARE(out.stepsRun, 2 * c.effectiveIterations());
            const int bound = static_cast<int>(eps); // ⌊ε⌋: a non-integer ε must not round up
            for (std::size_t i = 0; i < m_images.size(); ++i) {
                QCOMPARE(out.adversarial[i].width, m_images[i].width);
                QCOMPARE(out.adversarial[i].rgb.size(), m_images[i].rgb.size());
                QVERIFY2(linfDistance(out.adversarial[i], m_images[i]) <= bound,
                         qPrintable(QString("L∞ %1 > %2").arg(linfDistance(out.adversarial[i], m_images[i])).arg(bound)));
                // Uint8 storage makes [0,255] structural; the curve has one
                // entry per step plus the final rounded image.
                QCOMPARE(int(out.sourceProbCurve[i].size()), c.effectiveIterations() + 1);
                QCOMPARE(int(out.targetProbCurve[i].size()), targeted ? c.effectiveIterations() + 1 : 0);
            }
            if (eps == 0.0f)
                for (std::size_t i = 0; i < m_images.size(); ++i)
                    QCOMPARE(out.adversarial[i], m_images[i]);
            if (eps == 8.0f) {
                int moved = 0;
                for (std::size_t i = 0; i < m_images.size(); ++i)
                    moved += linfDistance(out.adversarial[i], m_images[i]) == 8 ? 1 : 0;
                QVERIFY2(moved == int(m_images.size()), "every image should use the full budget somewhere");
            }
        }
    }

    void fgsmEqualsOneStepIfgsm_data() {
        QTest::addColumn<bool>("targeted");
        QTest::newRow("untargeted") << false;
        QTest::newRow("targeted") << true;
    }
    void fgsmEqualsOneStepIfgsm() {
        QFETCH(bool, targeted);
        AttackConfig f;
        f.method = AttackMethod::Fgsm;
        f.targeted = targeted;
        f.epsilon = 6;
        AttackConfig i = f;
        i.method = AttackMethod::Ifgsm;
        i.iterations = 1;
        QCOMPARE(f.effectiveStepSize(), i.effectiveStepSize());
        const auto a = attack(f);
        const auto b = attack(i);
        for (std::size_t k = 0; k < m_images.size(); ++k)
            QCOMPARE(a.adversarial[k], b.adversarial[k]);
    }

    void momentumZeroEqualsIfgsm() {
        AttackConfig mi;
        mi.method = AttackMethod::MiFgsm;
        mi.momentum = 0.0f; // g_t = ∇/‖∇‖₁ has the sign of ∇
        mi.epsilon = 8;
        mi.iterations = 5;
        AttackConfig it = mi;
        it.method = AttackMethod::Ifgsm;
        const auto a = attack(mi);
        const auto b = attack(it);
        for (std::size_t k = 0; k < m_images.size(); ++k)
            QCOMPARE(a.adversarial[k], b.adversarial[k]);
    }

    void untargetedLowersSourceProbability_data() { addMethodRows(); }
    void untargetedLowersSourceProbability() {
        QFETCH(AttackMethod, method);
        QFETCH(bool, targeted);
        AttackConfig c;
        c.method = method;
        c.targeted = targeted;
        c.epsilon = 16;
        c.iterations = 10;
        const auto clean = m_model->classify(m_images);
        const auto out = attack(c);
        int flipped = 0;
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            if (targeted) {
                // The target (the least likely class) must become more likely.
                QVERIFY(out.predictions[i].probOf(m_targets[i]) > clean[i].probOf(m_targets[i]));
                QVERIFY(out.targetProbCurve[i].back() > out.targetProbCurve[i].front() || method == AttackMethod::Pgd);
                flipped += out.predictions[i].label() == m_targets[i] ? 1 : 0;
            } else {
                QVERIFY(out.predictions[i].probOf(m_labels[i]) < clean[i].probOf(m_labels[i]));
                flipped += out.predictions[i].label() != m_labels[i] ? 1 : 0;
            }
            QCOMPARE(out.sourceLabels[i], m_labels[i]);
        }
        // Iterative attacks at ε=16 on this linear model succeed on every image.
        if (method != AttackMethod::Fgsm)
            QCOMPARE(flipped, int(m_images.size()));
        else
            QVERIFY(flipped >= int(m_images.size()) / 2);
    }

    void unknownLabelsUseCleanPrediction() {
        AttackConfig c;
        c.epsilon = 16;
        c.iterations = 5;
        const std::vector<int> unknown(m_images.size(), -1);
        const auto out = runAttack(*m_model, m_images, unknown, {}, c);
        QCOMPARE(out.sourceLabels, m_labels);
    }

    void pgdIsDeterministicPerSeed() {
        AttackConfig c;
        c.method = AttackMethod::Pgd;
        c.epsilon = 8;
        c.iterations = 2;
        c.seed = 11;
        const auto a = attack(c);
        const auto b = attack(c);
        c.seed = 12;
        const auto other = attack(c);
        bool anyDifferent = false;
        for (std::size_t k = 0; k < m_images.size(); ++k) {
            QCOMPARE(a.adversarial[k], b.adversarial[k]);
            anyDifferent = anyDifferent || a.adversarial[k] != other.adversarial[k];
        }
        QVERIFY(anyDifferent);
    }

    void cancelStopsWithinOneStep() {
        AttackConfig c;
        c.epsilon = 8;
        c.iterations = 10;
        c.batchSize = 2; // 3 batches x 10 steps
        for (int cancelAt : {1, 3, 14}) {
            CancelToken token;
            int callbacks = 0;
            const auto out = attack(
                c,
                [&](const AttackProgress& p) {
                    ++callbacks;
                    if (p.stepsDone == cancelAt)
                        token.cancel();
                },
                &token);
            QVERIFY(out.cancelled);
            QCOMPARE(out.stepsRun, cancelAt); // not a single gradient step after the request
            QVERIFY(out.adversarial.empty());  // no half results
        }
        CancelToken before;
        before.cancel();
        const auto none = attack(c, {}, &before);
        QVERIFY(none.cancelled);
        QCOMPARE(none.stepsRun, 0);
    }

    void progressCountsEveryStep() {
        AttackConfig c;
        c.iterations = 3;
        c.batchSize = 4;
        std::vector<int> seen;
        int imagesDone = 0;
        const auto out = attack(c, [&](const AttackProgress& p) {
            QCOMPARE(p.stepsTotal, 6);
            QCOMPARE(p.imagesTotal, 6);
            if (seen.empty() || seen.back() != p.stepsDone)
                seen.push_back(p.stepsDone);
            imagesDone = p.imagesDone;
        });
        QCOMPARE(seen, (std::vector<int>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(imagesDone, 6);
        QCOMPARE(out.stepsRun, 6);
    }

    // A triptych's two attacks as one batch: each image must get what a run
    // of its own kind gives it (the deterministic methods).
    void mixedBatchEqualsSeparateRuns_data() {
        QTest::addColumn<AttackMethod>("method");
        for (auto m : {AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::MiFgsm, AttackMethod::DiFgsm,
                       AttackMethod::TiFgsm, AttackMethod::NiFgsm})
            QTest::newRow(methodName(m).c_str()) << m;
    }
    void mixedBatchEqualsSeparateRuns() {
        QFETCH(AttackMethod, method);
        AttackConfig c;
        c.method = method;
        c.epsilon = 8;
        c.iterations = 5;
        c.seed = 5;
        const std::size_t half = 3;
        const std::vector<Image8> some(m_images.begin(), m_images.begin() + half);
        const std::vector<int> labels(m_labels.begin(), m_labels.begin() + half);
        const std::vector<int> targets(m_targets.begin(), m_targets.begin() + half);
        const auto untargeted = runAttack(*m_model, some, labels, targets, c);
        c.targeted = true;
        const auto targeted = runAttack(*m_model, some, labels, targets, c);
        c.targeted = false;
        // Interleaved, as the engine builds them: u0 t0 u1 t1 u2 t2; the
        // untargeted rows' target entries are unused (-1).
        std::vector<Image8> images;
        std::vector<int> mixedLabels, mixedTargets;
        AttackRunOptions options;
        for (std::size_t i = 0; i < half; ++i)
            for (bool t : {false, true}) {
                images.push_back(some[i]);
                mixedLabels.push_back(labels[i]);
                mixedTargets.push_back(t ? targets[i] : -1);
                options.targeted.push_back(t);
            }
        const auto mixed = runAttack(*m_model, images, mixedLabels, mixedTargets, c, options);
        QVERIFY(!mixed.cancelled);
        QCOMPARE(mixed.stepsRun, c.effectiveIterations()); // one batch: one pass per step for all six
        for (std::size_t i = 0; i < half; ++i) {
            const auto& u = mixed.adversarial[2 * i];
            const auto& t = mixed.adversarial[2 * i + 1];
            QCOMPARE(linfDistance(u, untargeted.adversarial[i]), 0);
            QCOMPARE(linfDistance(t, targeted.adversarial[i]), 0);
            QCOMPARE(mixed.predictions[2 * i + 1].label(), targeted.predictions[i].label());
            QCOMPARE(mixed.targetProbCurve[2 * i].size(), std::size_t(0)); // non-targeted: no target curve
            QCOMPARE(mixed.targetProbCurve[2 * i + 1].size(), targeted.targetProbCurve[i].size());
            for (std::size_t k = 0; k < targeted.targetProbCurve[i].size(); ++k)
                QVERIFY(std::abs(mixed.targetProbCurve[2 * i + 1][k] - targeted.targetProbCurve[i][k]) < 1e-5f);
            for (std::size_t k = 0; k < untargeted.sourceProbCurve[i].size(); ++k)
                QVERIFY(std::abs(mixed.sourceProbCurve[2 * i][k] - untargeted.sourceProbCurve[i][k]) < 1e-5f);
        }
    }

    void mixedMaskIsValidated() {
        AttackConfig c;
        AttackRunOptions options;
        options.targeted = {true}; // one flag for six images
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runAttack(*m_model, m_images, m_labels, m_targets, c, options));
        options.targeted.assign(m_images.size(), false);
        options.targeted[2] = true;
        std::vector<int> targets(m_images.size(), -1); // only row 2 is read
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runAttack(*m_model, m_images, m_labels, targets, c, options));
        targets[2] = m_targets[2];
        c.iterations = 1;
        const auto out = runAttack(*m_model, m_images, m_labels, targets, c, options);
        QCOMPARE(out.adversarial.size(), m_images.size());
        QCOMPARE(out.targetProbCurve[2].size(), std::size_t(2));
        QCOMPARE(out.targetProbCurve[1].size(), std::size_t(0));
    }

    // The observer sees every step of every batch as 8-bit images within the
    // bound; its last step is the final image with the final prediction,
    // and its predictions are the curves' numbers.
    void stepObserverSeesEveryStep_data() { addMethodRows(); }
    void stepObserverSeesEveryStep() {
        QFETCH(AttackMethod, method);
        QFETCH(bool, targeted);
        AttackConfig c;
        c.method = method;
        c.targeted = targeted;
        c.epsilon = 5.5f; // non-integer: the bound is ⌊ε⌋ after rounding
        c.iterations = 4;
        c.batchSize = 4; // two batches
        std::vector<AttackStep> seen;
        AttackRunOptions options;
        options.observer = [&](const AttackStep& s) { seen.push_back(s); };
        const auto out = runAttack(*m_model, m_images, m_labels, m_targets, c, options);
        const auto plain = attack(c);
        const int steps = c.effectiveIterations();
        QCOMPARE(int(seen.size()), 2 * (steps + 1));
        for (std::size_t k = 0; k < seen.size(); ++k) {
            const AttackStep& s = seen[k];
            QCOMPARE(s.step, int(k) % (steps + 1));
            QCOMPARE(s.steps, steps);
            QCOMPARE(s.firstImage, k <= std::size_t(steps) ? std::size_t(0) : std::size_t(4));
            QCOMPARE(s.images.size(), k <= std::size_t(steps) ? std::size_t(4) : std::size_t(2));
            QCOMPARE(s.predictions.size(), s.images.size());
            for (std::size_t i = 0; i < s.images.size(); ++i) {
                const std::size_t image = s.firstImage + i;
                QVERIFY(linfDistance(s.images[i], m_images[image]) <= 5);
                if (s.step == 0 && method != AttackMethod::Pgd)
                    QCOMPARE(s.images[i], m_images[image]); // no step taken yet
                if (s.step == steps) {
                    QCOMPARE(s.images[i], out.adversarial[image]);
                    QCOMPARE(s.predictions[i].probs, out.predictions[image].probs);
                }
                // The same numbers as the per-step curve.
                QVERIFY(std::abs(s.predictions[i].probOf(m_labels[image]) -
                                 out.sourceProbCurve[image][static_cast<std::size_t>(s.step)]) < 1e-5f);
            }
        }
        // Observing changes nothing.
        for (std::size_t i = 0; i < m_images.size(); ++i)
            QCOMPARE(out.adversarial[i], plain.adversarial[i]);
    }

    void rejectsInconsistentArguments() {
        AttackConfig c;
        c.targeted = true;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runAttack(*m_model, m_images, m_labels, {}, c));
        c.targeted = false;
        c.epsilon = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runAttack(*m_model, m_images, m_labels, {}, c));
        c.epsilon = 4;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runAttack(*m_model, m_images, {1, 2}, {}, c));
    }

    void configDefaultsFollowThePapers() {
        AttackConfig c;
        c.epsilon = 16;
        c.iterations = 10;
        c.method = AttackMethod::Fgsm;
        QCOMPARE(c.effectiveIterations(), 1);
        QCOMPARE(c.effectiveStepSize(), 16.0f);
        c.method = AttackMethod::Ifgsm;
        QCOMPARE(c.effectiveStepSize(), 1.6f);
        c.method = AttackMethod::Pgd;
        QCOMPARE(c.effectiveStepSize(), 4.0f);
        QVERIFY(c.usesRandomStart());
        c.stepSize = 2;
        QCOMPARE(c.effectiveStepSize(), 2.0f);
        QCOMPARE(parseMethod("MI-FGSM"), std::optional<AttackMethod>(AttackMethod::MiFgsm));
        QCOMPARE(parseMethod("bim"), std::optional<AttackMethod>(AttackMethod::Ifgsm));
        QVERIFY(!parseMethod("cw"));
        AttackConfig d = c;
        d.seed = 99;
        QVERIFY(c.cacheKey() != d.cacheKey()); // PGD: the seed matters
        c.method = d.method = AttackMethod::Ifgsm;
        QCOMPARE(c.cacheKey(), d.cacheKey()); // I-FGSM: it does not
    }
};

QTEST_APPLESS_MAIN(TestAttacks)
#include "tst_attacks.moc"
