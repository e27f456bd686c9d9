// SPDX-License-Identifier: GPL-3.0-or-later
// Ensembles by logit fusion (Dong et al. 2018, section 3.2) on tiny models:
// a one-model ensemble is that model, bit for bit; weights (1, 0) give the
// first model; the fused logits are the weighted sum; weights are validated;
// members with different layouts and input handling mix.
#include "TinyModel.h" // Torch before Qt: Qt's keyword macros clash with Torch

#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/Errors.h>
#include <advlab/Metrics.h>
#include <cmath>
#include <random>

using namespace advlab;

namespace {

// The same images as torch tensors, as Classifier feeds them.
torch::Tensor toTensor(const std::vector<Image8>& images) {
    std::vector<torch::Tensor> t;
    for (const auto& im : images)
        t.push_back(torch::from_blob(const_cast<std::uint8_t*>(im.rgb.data()), {im.height, im.width, 3},
                                     torch::kUInt8)
                        .permute({2, 0, 1})
                        .to(torch::kFloat32)
                        .div(255.0));
    return torch::stack(t);
}

// A second tiny classifier that pools to 4x4 instead of 8x8: it reads the
// image at another resolution, as a model with another input size does.
void saveCoarseClassifier(const std::string& path) {
    torch::manual_seed(11);
    torch::jit::Module m("CoarseClassifier");
    m.register_parameter("w", torch::randn({3 * 4 * 4, 1000}) * 4.0, false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.adaptive_avg_pool2d(x, [4, 4])
    return torch.matmul(torch.flatten(y, 1) - 0.5, self.w)
)JIT");
    m.save(path);
}

} // namespace

class TestEnsemble : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::string m_a, m_b, m_coarse, m_viewOnly;
    std::vector<Image8> m_images;
    std::vector<int> m_labels, m_targets;

    Classifier load(const std::string& p) { return Classifier::load(p, DevicePreference::Cpu); }

    static std::vector<AttackConfig> configs() {
        std::vector<AttackConfig> out;
        for (auto m : {AttackMethod::Fgsm, AttackMethod::Ifgsm, AttackMethod::MiFgsm, AttackMethod::Pgd})
            for (bool t : {false, true}) {
                AttackConfig c;
                c.method = m;
                c.targeted = t;
                c.epsilon = 6;
                c.iterations = 5;
                c.seed = 3;
                c.batchSize = 4; // two batches, the second partial
                out.push_back(c);
            }
        return out;
    }

    void expectSameAttacks(const Classifier& a, const Classifier& b) {
        for (const auto& c : configs()) {
            const AttackOutcome x = runAttack(a, m_images, m_labels, m_targets, c);
            const AttackOutcome y = runAttack(b, m_images, m_labels, m_targets, c);
            QCOMPARE(x.adversarial.size(), m_images.size());
            QCOMPARE(y.adversarial.size(), m_images.size());
            int changed = 0;
            for (std::size_t i = 0; i < m_images.size(); ++i) {
                QVERIFY2(x.adversarial[i].rgb == y.adversarial[i].rgb,
                         qPrintable(QString::fromStdString(c.describe())));
                QCOMPARE(x.predictions[i].probs, y.predictions[i].probs);
                changed += linfDistance(x.adversarial[i], m_images[i]) > 0;
            }
            QVERIFY(changed > 0); // the attack did something, so equality means something
        }
    }

    std::string expectInvalid(const std::function<void()>& f) {
        try {
            f();
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        QTest::qFail("expected std::invalid_argument", __FILE__, __LINE__);
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        m_a = m_tmp.filePath("a.pt").toStdString();
        m_b = m_tmp.filePath("b.pt").toStdString();
        m_coarse = m_tmp.filePath("coarse.pt").toStdString();
        m_viewOnly = m_tmp.filePath("viewonly.pt").toStdString();
        test::saveTinyClassifier(m_a, 1000, 7);
        test::saveTinyClassifier(m_b, 1000, 23);
        saveCoarseClassifier(m_coarse);
        test::saveViewOnlyClassifier(m_viewOnly, 5);
        std::mt19937 rng(5);
        for (int i = 0; i < 6; ++i) {
            Image8 im(40, 32);
            for (auto& v : im.rgb)
                v = static_cast<std::uint8_t>(rng() % 256);
            m_images.push_back(im);
        }
        const auto clean = load(m_a).classify(m_images);
        for (const auto& p : clean) {
            m_labels.push_back(p.label());
            m_targets.push_back(p.topK(1000).back().first);
        }
    }

    void oneModelEnsembleIsThatModel() {
        const Classifier single = load(m_a);
        std::vector<Classifier> members;
        members.push_back(load(m_a));
        const Classifier ens = Classifier::ensemble(std::move(members));
        QVERIFY(ens.isEnsemble());
        QCOMPARE(ens.memberWeights(), std::vector<float>{1.0f});
        QCOMPARE(ens.layoutName(), single.layoutName());
        const auto p = single.classify(m_images), q = ens.classify(m_images);
        for (std::size_t i = 0; i < p.size(); ++i)
            QCOMPARE(p[i].probs, q[i].probs);
        expectSameAttacks(single, ens);
    }

    void weightsOneZeroGiveTheFirstModel() {
        const Classifier first = load(m_a);
        std::vector<Classifier> members;
        members.push_back(load(m_a));
        members.push_back(load(m_b));
        const Classifier ens = Classifier::ensemble(std::move(members), {1.0f, 0.0f});
        QCOMPARE(ens.memberPaths(), (std::vector<std::string>{m_a, m_b}));
        QCOMPARE(ens.path(), m_a + "," + m_b);
        expectSameAttacks(first, ens);
        // And the second model really differs, so the weights did the work.
        QVERIFY(load(m_b).classify(m_images)[0].probs != first.classify(m_images)[0].probs);
    }

    void fusedLogitsAreTheWeightedSum() {
        // Weights 3 and 1 are normalised to 0.75 and 0.25; members pool at
        // different resolutions and one of them needs contiguous input.
        std::vector<Classifier> members;
        members.push_back(load(m_a));
        members.push_back(load(m_coarse));
        members.push_back(load(m_viewOnly));
        QCOMPARE(members[2].layoutName(), std::string("contiguous"));
        const Classifier ens = Classifier::ensemble(std::move(members), {3.0f, 1.0f, 0.0f});
        QCOMPARE(ens.memberWeights(), (std::vector<float>{0.75f, 0.25f, 0.0f}));
        QVERIFY(ens.describe().find("a.pt") != std::string::npos);
        auto ma = torch::jit::load(m_a), mc = torch::jit::load(m_coarse);
        torch::Tensor expected;
        {
            torch::NoGradGuard noGrad; // scoped: the attack below needs gradients on this thread
            const torch::Tensor x = toTensor(m_images);
            expected =
                torch::softmax(0.75 * ma.forward({x}).toTensor() + 0.25 * mc.forward({x}).toTensor(), 1);
        }
        const auto got = ens.classify(m_images);
        for (std::size_t i = 0; i < got.size(); ++i)
            for (int k = 0; k < 1000; k += 37)
                QVERIFY(std::abs(got[i].probs[static_cast<std::size_t>(k)] -
                                 expected[static_cast<long>(i)][k].item<float>()) < 1e-5f);
        // The attack runs through the mixed ensemble and keeps its bounds.
        AttackConfig c;
        c.method = AttackMethod::MiFgsm;
        c.epsilon = 4;
        const AttackOutcome out = runAttack(ens, m_images, m_labels, m_targets, c);
        for (std::size_t i = 0; i < m_images.size(); ++i)
            QVERIFY(linfDistance(out.adversarial[i], m_images[i]) <= 4);
        QVERIFY(summarize(m_images, out.adversarial, got, out.predictions, m_labels, m_targets)
                    .adversarialAccuracy < 1.0);
    }

    void weightsAreValidated() {
        auto make = [this](std::vector<float> w) {
            std::vector<Classifier> members;
            members.push_back(load(m_a));
            members.push_back(load(m_b));
            Classifier::ensemble(std::move(members), w);
        };
        QVERIFY(expectInvalid([&] { make({1.0f}); }).find("1 weights for 2 models") != std::string::npos);
        QVERIFY(expectInvalid([&] { make({1.0f, -0.5f}); }).find("is negative") != std::string::npos);
        const std::string nan = expectInvalid([&] { make({NAN, 1.0f}); });
        QVERIFY2(nan.find("weight 1") != std::string::npos && nan.find("a.pt") != std::string::npos &&
                     nan.find("not a finite number") != std::string::npos,
                 nan.c_str());
        QVERIFY(expectInvalid([&] {
                    make({1.0f, INFINITY});
                }).find("not a finite number") != std::string::npos);
        QVERIFY(expectInvalid([&] { make({0.0f, 0.0f}); }).find("sum to 0") != std::string::npos);
        QVERIFY(expectInvalid([] { Classifier::ensemble({}); }).find("at least one model") !=
                std::string::npos);
        // loadAll checks the count before loading anything, and names a file that fails.
        QVERIFY(expectInvalid([&] {
                    Classifier::loadAll({m_a, m_b}, {1, 2, 3}, DevicePreference::Cpu);
                }).find("3 weights for 2 models") != std::string::npos);
        const std::string missing = m_tmp.filePath("missing.pt").toStdString();
        try {
            Classifier::loadAll({m_a, missing}, {}, DevicePreference::Cpu);
            QFAIL("expected a ModelError");
        } catch (const ModelError& e) {
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        // Equal weights by default; a single path without weights is a plain model.
        QCOMPARE(Classifier::loadAll({m_a, m_b}, {}, DevicePreference::Cpu).memberWeights(),
                 (std::vector<float>{0.5f, 0.5f}));
        QVERIFY(!Classifier::loadAll({m_a}, {}, DevicePreference::Cpu).isEnsemble());
    }
};

QTEST_APPLESS_MAIN(TestEnsemble)
#include "tst_ensemble.moc"
