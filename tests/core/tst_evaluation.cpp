// SPDX-License-Identifier: GPL-3.0-or-later
// Epsilon sweeps and the score matrix, on tiny models the test builds: the
// numbers must equal what an independent recomputation from runAttack and
// classify gives, the CSVs must be well-formed, and cancellation must stop.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <advlab/Attack.h>
#include <advlab/CsvTable.h>
#include <advlab/Errors.h>
#include <advlab/Metrics.h>
#include <advlab/ScoreMatrix.h>
#include <advlab/Sweep.h>

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace advlab;

class TestEvaluation : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::string m_modelPath, m_otherPath;
    std::unique_ptr<Classifier> m_model, m_other;
    std::vector<Image8> m_images;
    std::vector<int> m_labels, m_targets;

    double independentFractionEqual(const std::vector<Prediction>& preds, const std::vector<int>& expected) {
        int hits = 0;
        for (std::size_t i = 0; i < preds.size(); ++i)
            hits += preds[i].label() == expected[i] ? 1 : 0;
        return double(hits) / double(preds.size());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_modelPath = m_tmp.filePath("tiny.pt").toStdString();
        m_otherPath = m_tmp.filePath("other.pt").toStdString();
        test::saveTinyClassifier(m_modelPath, 1000, 7);
        test::saveTinyClassifier(m_otherPath, 1000, 11); // an independently drawn "defending" model
        m_model = std::make_unique<Classifier>(Classifier::load(m_modelPath, DevicePreference::Cpu));
        m_other = std::make_unique<Classifier>(Classifier::load(m_otherPath, DevicePreference::Cpu));
        std::mt19937 rng(5);
        for (int i = 0; i < 6; ++i) {
            Image8 im(40, 32);
            for (auto& v : im.rgb)
                v = static_cast<std::uint8_t>(rng() % 256);
            m_images.push_back(im);
        }
        // True labels: the clean prediction for four images, a wrong label
        // for two, so clean accuracy is a known 4/6.
        const auto clean = m_model->classify(m_images);
        for (std::size_t i = 0; i < clean.size(); ++i) {
            m_labels.push_back(i < 4 ? clean[i].label() : (clean[i].label() + 1) % 1000);
            m_targets.push_back(clean[i].topK(1000).back().first);
        }
    }

    void sweepMatchesIndependentComputation() {
        SweepRequest req;
        req.methods = {AttackMethod::Fgsm, AttackMethod::Ifgsm};
        req.epsilons = {0, 4, 32};
        req.iterations = 2;
        req.batchSize = 4;
        int calls = 0, lastDone = -1, total = 0;
        bool monotonic = true;
        const SweepResult r = runSweep(*m_model, m_images, m_labels, {}, req, [&](const EvaluationProgress& p) {
            ++calls;
            monotonic = monotonic && p.done >= lastDone && p.done <= p.total;
            lastDone = p.done;
            total = p.total;
        });
        QVERIFY(!r.cancelled);
        QCOMPARE(r.rows.size(), std::size_t(6));
        QVERIFY(calls > 6);
        QVERIFY(monotonic);
        QCOMPARE(lastDone, total);
        QCOMPARE(r.images, 6);
        QCOMPARE(r.scoringModelPath, m_modelPath);
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const SweepRow& row = r.rows[i];
            QCOMPARE(row.attack.method, i < 3 ? AttackMethod::Fgsm : AttackMethod::Ifgsm);
            QCOMPARE(row.attack.epsilon, req.epsilons[i % 3]);
            QCOMPARE(row.summary.cleanAccuracy, 4.0 / 6.0);
            QVERIFY(row.summary.maxLinf <= static_cast<int>(row.attack.epsilon));
            QVERIFY(row.summary.meanLinf <= row.summary.maxLinf);
            // The same attack run directly gives the same numbers.
            const AttackOutcome o = runAttack(*m_model, m_images, m_labels, {}, row.attack);
            const double acc = independentFractionEqual(o.predictions, m_labels);
            QCOMPARE(row.summary.adversarialAccuracy, acc);
            QCOMPARE(row.successRate, 1.0 - acc);
        }
        // ε = 0 changes nothing; a large ε fools the tiny model more.
        QCOMPARE(r.rows[0].successRate, 2.0 / 6.0);
        QCOMPARE(r.rows[0].summary.maxLinf, 0);
        QVERIFY(r.rows[2].successRate > r.rows[0].successRate);
        QVERIFY(r.rows[5].successRate > r.rows[3].successRate);
    }

    void targetedSweepCountsTargetHits() {
        SweepRequest req;
        req.methods = {AttackMethod::MiFgsm};
        req.epsilons = {64};
        req.targeted = true;
        req.iterations = 3;
        const SweepResult r = runSweep(*m_model, m_images, m_labels, m_targets, req);
        QCOMPARE(r.rows.size(), std::size_t(1));
        const AttackOutcome o = runAttack(*m_model, m_images, m_labels, m_targets, r.rows[0].attack);
        const double hits = independentFractionEqual(o.predictions, m_targets);
        QCOMPARE(r.rows[0].successRate, hits);
        QCOMPARE(r.rows[0].summary.targetHitRate, hits);
        QVERIFY(hits > 0.0); // the least likely class is reachable with ε = 64 on this model
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(*m_model, m_images, m_labels, {}, req));
    }

    void sweepThroughDefenceAndTransferModel() {
        SweepRequest req;
        req.methods = {AttackMethod::Fgsm};
        req.epsilons = {16};
        req.defence = parseDefence("bits3+model:" + m_otherPath);
        const SweepResult r = runSweep(*m_model, m_images, m_labels, {}, req);
        QCOMPARE(r.scoringModelPath, m_otherPath);
        const AttackOutcome o = runAttack(*m_model, m_images, m_labels, {}, r.rows[0].attack);
        const auto defended = m_other->classify(applyDefence(o.adversarial, req.defence));
        QCOMPARE(r.rows[0].summary.adversarialAccuracy, independentFractionEqual(defended, m_labels));
        const auto clean = m_other->classify(applyDefence(m_images, req.defence));
        QCOMPARE(r.rows[0].summary.cleanAccuracy, independentFractionEqual(clean, m_labels));
    }

    void sweepCsvIsWellFormed() {
        SweepRequest req;
        req.methods = {AttackMethod::Fgsm, AttackMethod::Pgd};
        req.epsilons = {2, 8};
        req.iterations = 2;
        const SweepResult r = runSweep(*m_model, m_images, m_labels, {}, req);
        const CsvTable t = CsvTable::parse(sweepToCsv(r), "sweep.csv");
        QCOMPARE(t.rowCount(), std::size_t(4));
        const int eps = t.requireColumn("epsilon");
        const int success = t.requireColumn("success_rate");
        const int method = t.requireColumn("method");
        QCOMPARE(QString::fromStdString(t.row(3)[static_cast<std::size_t>(method)]), QString("pgd"));
        QCOMPARE(std::stod(t.row(1)[static_cast<std::size_t>(eps)]), 8.0);
        QCOMPARE(std::stod(t.row(1)[static_cast<std::size_t>(success)]), r.rows[1].successRate);
    }

    void sweepCancels() {
        SweepRequest req;
        req.methods = {AttackMethod::Ifgsm};
        req.epsilons = {2, 4, 8, 16};
        req.iterations = 3;
        CancelToken token;
        int stepsAfterCancel = 0;
        const SweepResult r = runSweep(*m_model, m_images, m_labels, {}, req, [&](const EvaluationProgress& p) {
            if (token.isCancelled())
                ++stepsAfterCancel;
            if (p.done >= 3) // a little way into the first attack
                token.cancel();
        }, &token);
        QVERIFY(r.cancelled);
        QVERIFY(r.rows.size() < 4);
        QVERIFY(stepsAfterCancel <= 2); // stops within a step (plus the stage report)

        CancelToken early;
        early.cancel();
        const SweepResult none = runSweep(*m_model, m_images, m_labels, {}, req, {}, &early);
        QVERIFY(none.cancelled);
        QVERIFY(none.rows.empty());
    }

    void sweepRejectsBadRequests() {
        SweepRequest req;
        req.methods.clear();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(*m_model, m_images, m_labels, {}, req));
        req = SweepRequest();
        req.epsilons = {300};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(*m_model, m_images, m_labels, {}, req));
        req = SweepRequest();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(*m_model, {}, {}, {}, req));
        req.defence = parseDefence("model:" + m_tmp.filePath("missing.pt").toStdString());
        QVERIFY_THROWS_EXCEPTION(ModelError, runSweep(*m_model, m_images, m_labels, {}, req));
    }

    void scoreMatrixFollowsCompetitionRules() {
        ScoreMatrixRequest req;
        AttackConfig untargeted;
        untargeted.method = AttackMethod::Fgsm;
        untargeted.epsilon = 24;
        AttackConfig targeted;
        targeted.method = AttackMethod::Ifgsm;
        targeted.targeted = true;
        targeted.epsilon = 48;
        targeted.iterations = 3;
        req.attacks = {untargeted, targeted};
        req.defences = parseDefenceList("none,bits2,model:" + m_otherPath);
        const ScoreMatrix m = runScoreMatrix(*m_model, m_images, m_labels, m_targets, req);
        QVERIFY(!m.cancelled);
        QCOMPARE(m.attackScore.size(), std::size_t(2));
        QCOMPARE(m.attackScore[0].size(), std::size_t(3));
        QCOMPARE(m.cleanAccuracy.size(), std::size_t(3));
        QCOMPARE(m.cleanAccuracy[0], 4.0 / 6.0);
        QCOMPARE(m.cleanAccuracy[2], independentFractionEqual(m_other->classify(m_images), m_labels));

        for (std::size_t a = 0; a < req.attacks.size(); ++a) {
            const AttackConfig& c = req.attacks[a];
            const AttackOutcome o = runAttack(*m_model, m_images, m_labels, c.targeted ? m_targets : std::vector<int>{}, c);
            const std::vector<std::vector<Prediction>> perDefence = {
                o.predictions, m_model->classify(applyDefence(o.adversarial, req.defences[1])),
                m_other->classify(o.adversarial)};
            double meanScore = 0;
            for (std::size_t d = 0; d < 3; ++d) {
                const double acc = independentFractionEqual(perDefence[d], m_labels);
                const double expected = c.targeted ? independentFractionEqual(perDefence[d], m_targets) : 1.0 - acc;
                QCOMPARE(m.attackScore[a][d], expected);
                QCOMPARE(m.defenceAccuracy[a][d], acc);
                meanScore += expected / 3.0;
            }
            QVERIFY(std::abs(m.attackMeanScore[a] - meanScore) < 1e-12);
        }
        for (std::size_t d = 0; d < 3; ++d)
            QVERIFY(std::abs(m.defenceScore[d] - 0.5 * (m.defenceAccuracy[0][d] + m.defenceAccuracy[1][d])) < 1e-12);
        // The white-box column is where the attacks do best.
        QVERIFY(m.attackScore[0][0] >= m.attackScore[0][2]);

        const CsvTable t = CsvTable::parse(scoreMatrixToCsv(m), "matrix.csv");
        QCOMPARE(t.header().size(), std::size_t(5 + 3 + 1));
        QCOMPARE(t.rowCount(), std::size_t(2 + 2));
        QCOMPARE(QString::fromStdString(t.row(2)[0]), QString("clean accuracy"));
        QCOMPARE(QString::fromStdString(t.row(3)[0]), QString("defence score"));
        QCOMPARE(QString::fromStdString(t.header()[7]), QString::fromStdString("model:" + m_otherPath));
    }

    void scoreMatrixFailsEarlyAndCancels() {
        ScoreMatrixRequest req;
        AttackConfig c;
        c.method = AttackMethod::Ifgsm;
        c.iterations = 2;
        req.attacks = {c};
        req.defences = parseDefenceList("none,model:" + m_tmp.filePath("missing.pt").toStdString());
        int progressCalls = 0;
        QVERIFY_THROWS_EXCEPTION(ModelError, runScoreMatrix(*m_model, m_images, m_labels, {}, req,
                                                            [&](const EvaluationProgress&) { ++progressCalls; }));
        QCOMPARE(progressCalls, 0); // nothing ran before the bad model was found

        req.defences = parseDefenceList("none,jpeg50");
        CancelToken token;
        token.cancel();
        const ScoreMatrix m = runScoreMatrix(*m_model, m_images, m_labels, {}, req, {}, &token);
        QVERIFY(m.cancelled);
        QVERIFY(m.attackScore.empty());

        AttackConfig t = c;
        t.targeted = true;
        req.attacks = {t};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runScoreMatrix(*m_model, m_images, m_labels, {}, req));
    }
};

QTEST_APPLESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
