// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: an ensemble attack (Dong et al. 2018, "Boosting Adversarial
// Attacks with Momentum", section 3.2, logit fusion) against its best
// member, on the two shared models and real dev-set images.
//
// The claim, in the only form two models allow ("ensemble >= its best
// member"): adversarial images made on the ensemble fool every member at
// least as often as those made on any single member. Score of an attack =
// the share of images that fool *both* models (the worst case over the
// members); the single-model attacks pay for the member they do not see
// (transfer), the ensemble sees both. MI-FGSM, ε = 16, 10 steps, as the
// README table; measured on 100 images and asserted on the first
// ADVLAB_REAL_IMAGES (default 48) with the margin measured there.
#include "RealData.h"

#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/Dataset.h>
#include <advlab/Metrics.h>
#include <advlab/TorchRuntime.h>
#include <optional>

using namespace advlab;

class TestEnsembleReal : public QObject {
    Q_OBJECT
    std::string m_pathA, m_pathB;
    std::unique_ptr<Classifier> m_a, m_b;
    std::vector<Image8> m_images;
    std::vector<int> m_labels;

    struct Score {
        double onA = 0, onB = 0, both = 0;
    };
    std::optional<Score> m_onA, m_onB, m_onEnsemble;

    // Untargeted success of adversarial images made on `source`, scored on each member.
    Score attackOn(const Classifier& source, const char* name) {
        AttackConfig c;
        c.method = AttackMethod::MiFgsm;
        c.epsilon = 16;
        c.iterations = 10;
        const AttackOutcome out = runAttack(source, m_images, m_labels, {}, c);
        for (std::size_t i = 0; i < m_images.size(); ++i)
            if (linfDistance(out.adversarial[i], m_images[i]) > 16)
                QTest::qFail("L∞ budget exceeded", __FILE__, __LINE__);
        const auto pa = m_a->classify(out.adversarial), pb = m_b->classify(out.adversarial);
        Score s;
        const double n = static_cast<double>(m_images.size());
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            const bool fa = pa[i].label() != m_labels[i], fb = pb[i].label() != m_labels[i];
            s.onA += fa / n;
            s.onB += fb / n;
            s.both += (fa && fb) / n;
        }
        qInfo("%-28s success on A %5.1f%%  on B %5.1f%%  on both %5.1f%%  (%.1f s)", name, 100 * s.onA,
              100 * s.onB, 100 * s.both, out.seconds);
        return s;
    }

private Q_SLOTS:
    void initTestCase() {
        initTorchRuntime();
        const Dataset d = Dataset::open(test::requireDataset());
        m_pathA = test::requireModel();
        const auto transfer = resolveTransferModel();
        QVERIFY2(!transfer.path.empty(), ("transfer model " + transfer.errorMessage()).c_str());
        m_pathB = transfer.path;
        m_a = std::make_unique<Classifier>(Classifier::load(m_pathA));
        m_b = std::make_unique<Classifier>(Classifier::load(m_pathB));
        const int n = qEnvironmentVariableIsSet("ADVLAB_REAL_IMAGES")
                          ? qEnvironmentVariableIntValue("ADVLAB_REAL_IMAGES")
                          : 48;
        for (std::size_t i = 0; i < d.size() && int(m_images.size()) < n; ++i) {
            m_images.push_back(d.loadImage(i));
            m_labels.push_back(d.entry(i).trueLabel);
        }
        QCOMPARE(int(m_images.size()), n);
        qInfo("A = %s, B = %s, %d images; clean accuracy A %.1f%%, B %.1f%%", m_pathA.c_str(),
              m_pathB.c_str(), n, 100 * accuracy(m_a->classify(m_images), m_labels),
              100 * accuracy(m_b->classify(m_images), m_labels));
    }

    // One function per attack keeps each under Qt Test's per-function limit.
    void attackMemberA() { m_onA = attackOn(*m_a, "MI-FGSM on A"); }
    void attackMemberB() { m_onB = attackOn(*m_b, "MI-FGSM on B"); }
    void attackEnsemble() {
        const Classifier ens = Classifier::loadAll({m_pathA, m_pathB});
        m_onEnsemble = attackOn(ens, "MI-FGSM on ensemble A+B");
    }

    void ensembleFoolsBothMembersMoreThanAnyMemberAlone() {
        QVERIFY2(m_onA && m_onB && m_onEnsemble, "an attack above failed");
        const Score a = *m_onA, b = *m_onB, e = *m_onEnsemble;
        // White-box on its own members: the ensemble gives up little against
        // either single-model attack on that model's own ground.
        QVERIFY2(e.onA >= a.onA - 0.05, "ensemble loses more than 5 points on A against attacking A alone");
        QVERIFY2(e.onB >= b.onB - 0.05, "ensemble loses more than 5 points on B against attacking B alone");
        // The claim: fooling every member. Margin: see kMargin's note.
        const double best = std::max(a.both, b.both);
        qInfo("both members fooled: ensemble %.1f%% vs best single %.1f%% (margin %.1f points)", 100 * e.both,
              100 * best, 100 * (e.both - best));
        QVERIFY2(e.both >= best + kMargin,
                 "the ensemble does not beat its best member by the measured margin");
    }

private:
    // Measured: on the first 48 images the ensemble fools both models on
    // 100 % against 83.3 % for the best single model (A; B: 79.2 %), a
    // margin of 16.7 points; on all 100 images 100 % against 84.0 %. Asserted
    // with 6.7 points (about 3 images) of slack.
    static constexpr double kMargin = 0.10;
};

QTEST_APPLESS_MAIN(TestEnsembleReal)
#include "tst_ensemblereal.moc"
