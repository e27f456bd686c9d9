// SPDX-License-Identifier: GPL-3.0-or-later
// Minimal ε per image (runMinEpsilon) on a tiny model: the answer is a
// verified edge (fooled at minEps, not at minEps - 1), equals an upward scan
// wherever the attack is monotone in ε, costs fewer runs than that scan; the
// CSVs and curves match the answers; cancellation and validation work.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QTemporaryDir>
#include <QtTest>
#include <advlab/AtomicFile.h>
#include <advlab/Attack.h>
#include <advlab/CsvTable.h>
#include <advlab/CsvWriter.h>
#include <advlab/Errors.h>
#include <advlab/MinEpsilon.h>
#include <algorithm>
#include <random>
#include <set>

using namespace advlab;

class TestMinEpsilon : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Classifier> m_model;
    std::vector<Image8> m_images;
    std::vector<int> m_labels, m_targets;
    static constexpr int kMaxEps = 16;

    static AttackConfig config(AttackMethod m, bool targeted) {
        AttackConfig c;
        c.method = m;
        c.targeted = targeted;
        c.iterations = 3;
        c.batchSize = 4;
        return c;
    }

    // Does the attack at ε fool image i? Run on that image alone.
    bool fools(const AttackConfig& base, int eps, std::size_t i) {
        if (eps == 0) {
            const int p = m_model->classify({m_images[i]})[0].label();
            return base.targeted ? p == m_targets[i] : p != m_labels[i];
        }
        AttackConfig c = base;
        c.epsilon = static_cast<float>(eps);
        const auto out = runAttack(*m_model, {m_images[i]}, {m_labels[i]},
                                   base.targeted ? std::vector<int>{m_targets[i]} : std::vector<int>{}, c);
        const int p = out.predictions[0].label();
        return base.targeted ? p == m_targets[i] : p != m_labels[i];
    }

private Q_SLOTS:
    void initTestCase() {
        const std::string path = m_tmp.filePath("tiny.pt").toStdString();
        test::saveTinyClassifier(path);
        m_model = std::make_unique<Classifier>(Classifier::load(path, DevicePreference::Cpu));
        std::mt19937 rng(9);
        for (int i = 0; i < 10; ++i) {
            Image8 im(32, 32);
            // Smooth-ish images: a base grey per channel plus a little noise,
            // so some images need a larger ε than others.
            const int base = static_cast<int>(rng() % 200) + 20;
            for (auto& v : im.rgb)
                v = static_cast<std::uint8_t>(base + static_cast<int>(rng() % 30));
            m_images.push_back(im);
        }
        const auto clean = m_model->classify(m_images);
        for (std::size_t i = 0; i < clean.size(); ++i) {
            // Two images start misclassified (minimal ε 0 when untargeted).
            m_labels.push_back(i < 2 ? (clean[i].label() + 1) % 1000 : clean[i].label());
            m_targets.push_back(clean[i].topK(1000)[50 + i].first); // a mid-ranked class
        }
    }

    void answerIsAVerifiedEdge_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<bool>("targeted");
        QTest::newRow("I-FGSM") << static_cast<int>(AttackMethod::Ifgsm) << false;
        QTest::newRow("I-FGSM targeted") << static_cast<int>(AttackMethod::Ifgsm) << true;
        QTest::newRow("MI-FGSM targeted") << static_cast<int>(AttackMethod::MiFgsm) << true;
    }
    void answerIsAVerifiedEdge() {
        QFETCH(int, method);
        QFETCH(bool, targeted);
        const AttackConfig c = config(static_cast<AttackMethod>(method), targeted);
        MinEpsilonRequest req;
        req.attacks = {c};
        req.maxEpsilon = kMaxEps;
        const MinEpsilonResult r = runMinEpsilon(*m_model, m_images, m_labels, m_targets, req);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.minEpsilon.size(), std::size_t(1));
        QCOMPARE(r.minEpsilon[0].size(), m_images.size());

        // The upward scan, image by image: what an exhaustive search finds.
        int scanRuns = 0;
        std::set<int> distinct;
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            std::vector<bool> fooled;
            for (int e = 0; e <= kMaxEps; ++e)
                fooled.push_back(fools(c, e, i));
            int first = -1;
            for (int e = 0; e <= kMaxEps && first < 0; ++e)
                if (fooled[static_cast<std::size_t>(e)])
                    first = e;
            scanRuns += first < 0 ? kMaxEps : first;
            const bool monotone =
                first < 0 || std::all_of(fooled.begin() + first, fooled.end(), [](bool b) { return b; });
            const int m = r.minEpsilon[0][i];
            distinct.insert(m);
            const QString what = QString("image %1: minEps %2, scan %3").arg(i).arg(m).arg(first);
            if (m > 0) {
                QVERIFY2(fooled[static_cast<std::size_t>(m)], qPrintable(what + ": not fooled at minEps"));
                QVERIFY2(!fooled[static_cast<std::size_t>(m - 1)],
                         qPrintable(what + ": fooled at minEps - 1"));
                QCOMPARE(r.predicted[0][i] == m_labels[i], false);
            } else if (m == 0) {
                QVERIFY2(fooled[0], qPrintable(what));
            } else {
                QVERIFY2(!fooled[static_cast<std::size_t>(kMaxEps)],
                         qPrintable(what + ": fooled at the largest ε"));
            }
            if (monotone) // then the edge is the first fooled ε
                QVERIFY2(m == first, qPrintable(what));
        }
        // The search never spends more attack runs than the scan, and fewer
        // when answers are larger (targeted); the answers are spread out,
        // so the comparison checks something.
        const QString runs = QString("%1 runs vs %2 for the scan").arg(r.totalRuns).arg(scanRuns);
        QVERIFY2(targeted ? r.totalRuns < scanRuns : r.totalRuns <= scanRuns, qPrintable(runs));
        QVERIFY2(distinct.size() >= (targeted ? 3u : 2u),
                 qPrintable(QString("%1 distinct answers").arg(distinct.size())));
        qInfo("%s: %zu distinct answers, %s", c.describe().c_str(), distinct.size(), qPrintable(runs));
        if (!targeted)
            QCOMPARE(r.minEpsilon[0][0], 0); // misclassified from the start
    }

    void csvAndCurvesMatchTheAnswers() {
        MinEpsilonRequest req;
        req.attacks = {config(AttackMethod::Ifgsm, false), config(AttackMethod::Ifgsm, true)};
        req.attackNames = {"ifgsm", "ifgsm-t"};
        req.maxEpsilon = kMaxEps;
        const MinEpsilonResult r = runMinEpsilon(*m_model, m_images, m_labels, m_targets, req);
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < m_images.size(); ++i)
            ids.push_back("img" + std::to_string(i));
        const CsvTable t = CsvTable::parse(minEpsilonToCsv(r, ids, m_labels, m_targets), "minEps.csv");
        QCOMPARE(t.rowCount(), 2 * m_images.size());
        const int idCol = t.requireColumn("ImageId"), attackCol = t.requireColumn("attack"),
                  epsCol = t.requireColumn("min_eps"), trueCol = t.requireColumn("true_label"),
                  targetCol = t.requireColumn("target_class"),
                  predCol = t.requireColumn("predicted_at_min_eps");
        for (std::size_t row = 0; row < t.rowCount(); ++row) {
            const std::size_t i = row / 2, a = row % 2;
            const auto& f = t.row(row);
            QCOMPARE(f[static_cast<std::size_t>(idCol)], ids[i]);
            QCOMPARE(f[static_cast<std::size_t>(attackCol)], req.attackNames[a]);
            const int m = r.minEpsilon[a][i];
            QCOMPARE(f[static_cast<std::size_t>(epsCol)], m < 0 ? std::string() : std::to_string(m));
            QCOMPARE(f[static_cast<std::size_t>(trueCol)], std::to_string(m_labels[i] + 1));
            QCOMPARE(f[static_cast<std::size_t>(targetCol)],
                     a == 1 ? std::to_string(m_targets[i] + 1) : std::string());
            QCOMPARE(f[static_cast<std::size_t>(predCol)],
                     m < 0 ? std::string() : std::to_string(r.predicted[a][i] + 1));
            if (a == 1 && m >= 0)
                QCOMPARE(r.predicted[a][i], m_targets[i]);
        }
        // Curves: success at ε is the share of answers <= ε.
        for (std::size_t a = 0; a < 2; ++a) {
            const auto s = r.successCurve(a);
            const auto robust = r.robustAccuracyCurve(a);
            QCOMPARE(s.size(), std::size_t(kMaxEps + 1));
            for (int e = 0; e <= kMaxEps; ++e) {
                const auto n = std::count_if(r.minEpsilon[a].begin(), r.minEpsilon[a].end(),
                                             [e](int m) { return m >= 0 && m <= e; });
                QCOMPARE(s[static_cast<std::size_t>(e)], static_cast<double>(n) / m_images.size());
                QCOMPARE(robust[static_cast<std::size_t>(e)], 1.0 - s[static_cast<std::size_t>(e)]);
            }
        }
        QCOMPARE(r.robustAccuracyCurve(0)[0], 0.8); // clean accuracy: two of ten start misclassified
        const CsvTable curve = CsvTable::parse(minEpsilonCurveToCsv(r), "curve.csv");
        QCOMPARE(curve.rowCount(), std::size_t(kMaxEps + 1));
        QCOMPARE(curve.header(),
                 (std::vector<std::string>{"epsilon", "ifgsm_success", "ifgsm_robust_accuracy",
                                           "ifgsm-t_success", "ifgsm-t_robust_accuracy"}));
        QCOMPARE(curve.row(4)[1], CsvWriter::formatNumber(r.successCurve(0)[4]));
    }

    void progressAndCancel() {
        MinEpsilonRequest req;
        req.attacks = {config(AttackMethod::Ifgsm, true)};
        req.maxEpsilon = kMaxEps;
        int last = -1, total = 0;
        bool monotone = true;
        runMinEpsilon(*m_model, m_images, m_labels, m_targets, req, [&](const EvaluationProgress& p) {
            monotone = monotone && p.done >= last && p.done <= p.total;
            last = p.done;
            total = p.total;
        });
        QVERIFY(monotone);
        QCOMPARE(last, total);

        CancelToken token;
        int callsAfterCancel = 0;
        const MinEpsilonResult r = runMinEpsilon(
            *m_model, m_images, m_labels, m_targets, req,
            [&](const EvaluationProgress& p) {
                if (token.isCancelled())
                    ++callsAfterCancel;
                if (p.stage.find("round 2") != std::string::npos)
                    token.cancel();
            },
            &token);
        QVERIFY(r.cancelled);
        QVERIFY(r.minEpsilon.empty());
        QVERIFY(callsAfterCancel <= 2); // stops within one gradient step
    }

    // With a judge (another classifier), the answer is a verified edge on
    // the judge: the attack, still run on the attacked model, fools the
    // judge at minEps and not at minEps - 1. The attacked model itself as
    // the judge gives the white-box answers.
    void judgedByAnotherModelIsAVerifiedEdgeThere() {
        const std::string judgePath = m_tmp.filePath("judge.pt").toStdString();
        // The attacked model's weights with a fixed pattern added to its
        // logits: another classifier that agrees on most clean images (an
        // unrelated one would disagree on all of them: minimal ε 0 everywhere).
        test::saveTinyVariant(judgePath, "Judge",
                              "    return out + 3.0 * torch.sin(torch.arange(1000) * 7.3)\n");
        const Classifier judge = Classifier::load(judgePath, DevicePreference::Cpu);
        const AttackConfig c = config(AttackMethod::Ifgsm, false);
        MinEpsilonRequest req;
        req.attacks = {c};
        req.maxEpsilon = kMaxEps;
        req.defence = "model:" + judgePath;
        const MinEpsilonResult r = runMinEpsilon(*m_model, m_images, m_labels, m_targets, req);
        QVERIFY(!r.cancelled);
        QCOMPARE(r.defence, "model:" + judgePath);
        auto judgeFooled = [&](int eps, std::size_t i) {
            Image8 image = m_images[i];
            if (eps > 0) {
                AttackConfig at = c;
                at.epsilon = static_cast<float>(eps);
                image = runAttack(*m_model, {m_images[i]}, {m_labels[i]}, {}, at).adversarial[0];
            }
            return judge.classify({image})[0].label() != m_labels[i];
        };
        std::set<int> distinct;
        int differFromWhiteBox = 0;
        MinEpsilonRequest whiteBox = req;
        whiteBox.defence = "none";
        const MinEpsilonResult w = runMinEpsilon(*m_model, m_images, m_labels, m_targets, whiteBox);
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            const int m = r.minEpsilon[0][i];
            distinct.insert(m);
            differFromWhiteBox += m != w.minEpsilon[0][i] ? 1 : 0;
            const QString what = QString("image %1: minEps %2 on the judge").arg(i).arg(m);
            if (m > 0) {
                QVERIFY2(judgeFooled(m, i), qPrintable(what + ": the judge is not fooled at minEps"));
                QVERIFY2(!judgeFooled(m - 1, i), qPrintable(what + ": the judge is fooled at minEps - 1"));
                QVERIFY(r.predicted[0][i] != m_labels[i]); // the judge's prediction
            } else if (m == 0) {
                QVERIFY2(judgeFooled(0, i), qPrintable(what));
            } else {
                QVERIFY2(!judgeFooled(kMaxEps, i), qPrintable(what + ": fooled at the largest ε"));
            }
        }
        // The judge changes answers (else this test would not tell a judge
        // from the attacked model), and they are spread out.
        QVERIFY2(differFromWhiteBox > 0, "the judge gave the white-box answers everywhere");
        QVERIFY2(distinct.size() >= 2u, qPrintable(QString("%1 distinct answers").arg(distinct.size())));
        qInfo("judged: %zu distinct answers, %d of %zu differ from the white-box ones", distinct.size(),
              differFromWhiteBox, m_images.size());

        // The CSV names the judge on every row.
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < m_images.size(); ++i)
            ids.push_back("img" + std::to_string(i));
        const QString csvPath = m_tmp.filePath("judged.csv");
        writeFileAtomic(csvPath.toStdString(), minEpsilonToCsv(r, ids, m_labels, m_targets));
        const CsvTable t = CsvTable::read(csvPath.toStdString());
        const int col = t.requireColumn("defence");
        for (std::size_t row = 0; row < t.rowCount(); ++row)
            QCOMPARE(t.row(row)[static_cast<std::size_t>(col)], "model:" + judgePath);

        // Unknown labels: the attack moves away from the attacked model's own
        // clean prediction (runAttack's rule) and the judge is scored against
        // its own clean prediction; where the two models disagree on the clean
        // image, the answer is still a verified edge on the judge.
        const std::vector<int> unknown(m_images.size(), -1);
        const MinEpsilonResult u = runMinEpsilon(*m_model, m_images, unknown, m_targets, req);
        int disagree = 0;
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            const int judgeClean = judge.classify({m_images[i]})[0].label();
            disagree += judgeClean != m_model->classify({m_images[i]})[0].label() ? 1 : 0;
            QCOMPARE(u.sourceLabels[i], judgeClean);
            auto fooledUnlabelled = [&](int eps) {
                Image8 image = m_images[i];
                if (eps > 0) {
                    AttackConfig at = c;
                    at.epsilon = static_cast<float>(eps);
                    image = runAttack(*m_model, {m_images[i]}, {-1}, {}, at).adversarial[0];
                }
                return judge.classify({image})[0].label() != judgeClean;
            };
            const int m = u.minEpsilon[0][i];
            const QString what = QString("unlabelled image %1: minEps %2 on the judge").arg(i).arg(m);
            if (m > 0) {
                QVERIFY2(fooledUnlabelled(m), qPrintable(what + ": not fooled at minEps"));
                QVERIFY2(!fooledUnlabelled(m - 1), qPrintable(what + ": fooled at minEps - 1"));
            } else if (m == 0) {
                QVERIFY2(fooledUnlabelled(0), qPrintable(what));
            } else {
                QVERIFY2(!fooledUnlabelled(kMaxEps), qPrintable(what + ": fooled at the largest ε"));
            }
        }
        QVERIFY2(disagree > 0, "the two models agree on every clean image: the test checks little");

        // The attacked model's own file as the judge: the white-box answers.
        MinEpsilonRequest self = req;
        self.defence = "model:" + m_tmp.filePath("tiny.pt").toStdString();
        QCOMPARE(runMinEpsilon(*m_model, m_images, m_labels, m_targets, self).minEpsilon, w.minEpsilon);
    }

    // A bad judge fails before any attack runs: a malformed key names
    // itself, a missing model file is named by ModelError.
    void badJudge() {
        MinEpsilonRequest req;
        req.attacks = {config(AttackMethod::Ifgsm, false)};
        req.maxEpsilon = 4;
        int progressCalls = 0;
        auto count = [&](const EvaluationProgress&) { ++progressCalls; };
        req.defence = "jpeg0";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runMinEpsilon(*m_model, m_images, m_labels, m_targets, req, count));
        req.defence = "model:" + m_tmp.filePath("missing.pt").toStdString();
        try {
            runMinEpsilon(*m_model, m_images, m_labels, m_targets, req, count);
            QFAIL("a missing judge model was accepted");
        } catch (const ModelError& e) {
            QVERIFY2(QString(e.what()).contains("missing.pt"), e.what());
        }
        QCOMPARE(progressCalls, 0);
    }

    void badRequests() {
        MinEpsilonRequest req;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runMinEpsilon(*m_model, m_images, m_labels, m_targets, req));
        req.attacks = {config(AttackMethod::Ifgsm, true)};
        req.maxEpsilon = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 runMinEpsilon(*m_model, m_images, m_labels, m_targets, req));
        req.maxEpsilon = 8;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runMinEpsilon(*m_model, m_images, m_labels, {}, req));
    }
};

QTEST_APPLESS_MAIN(TestMinEpsilon)
#include "tst_minepsilon.moc"
