// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: the transfer ordering the papers publish, reproduced on the
// shared models. Adversarial images crafted on mobilenet_v2_imagenet.pt
// (ε = 16, 10 steps) and scored on tf_mobilenet_v2_imagenet.pt must transfer
// in the order DI-MI-FGSM > MI-FGSM > I-FGSM (Xie et al. 2019, table 1;
// Dong et al. 2018, table 2), NI-FGSM >= MI-FGSM and SI-NI-FGSM > NI-FGSM
// (Lin et al. 2020, tables 1-2), VMI-FGSM >= MI-FGSM and VNI-FGSM > NI-FGSM
// (Wang & He 2021, table 1), by the margins measured on these images. The
// first 48 dev-set images keep it short (a plain 10-step attack of 48 images
// takes about 10 s on an idle 2-core machine, 2 minutes at a load average of
// 12; SI-NI costs 5 and VMI/VNI 21 passes per step); the README table has all
// 100.
#include "RealData.h"

#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/Dataset.h>
#include <advlab/Metrics.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>
#include <map>
#include <string>

using namespace advlab;

class TestTransferOrdering : public QObject {
    Q_OBJECT
    static constexpr int kImages = 48;
    // Measured on these 48 images (LibTorch 1.13, CPU, 2026-11-25): I-FGSM
    // transfers on 25, MI-FGSM on 40, DI-MI-FGSM on 45 (52.1 %, 83.3 %,
    // 93.8 %). The margins below are those, less two images of slack each
    // for other thread counts, LibTorch builds and devices.
    static constexpr int kMiMargin = 15 - 2;
    static constexpr int kDiMargin = 5 - 2;
    // Measured on the same 48 images (2026-11-26): NI-FGSM 42, SI-NI-FGSM 47,
    // VMI-FGSM 42, VNI-FGSM 46 (87.5 %, 97.9 %, 87.5 %, 95.8 %). NI and VMI
    // beat MI by 2 images, inside the slack, so those two are asserted as
    // "not worse" (on all 100 images: MI 84 %, NI 87 %, VMI 89 %).
    static constexpr int kNiMargin = 0;
    static constexpr int kSiMargin = 5 - 2;
    static constexpr int kVmiMargin = 0;
    static constexpr int kVniMargin = 4 - 2;
    std::unique_ptr<Classifier> m_source, m_observer;
    std::vector<Image8> m_images;
    std::vector<int> m_labels, m_targets;
    std::map<std::string, int> m_hits; // by AttackConfig::cacheKey(): MI and NI serve two orderings

    // How many crafted images the observer model does not classify as the
    // true label (the competition's non-targeted score).
    int transferred(const AttackConfig& c) {
        if (const auto it = m_hits.find(c.cacheKey()); it != m_hits.end())
            return it->second;
        const auto out = runAttack(*m_source, m_images, m_labels, m_targets, c);
        int whiteBox = 0, hits = 0;
        const auto observed = m_observer->classify(out.adversarial);
        for (std::size_t i = 0; i < m_images.size(); ++i) {
            if (linfDistance(out.adversarial[i], m_images[i]) > 16)
                QTest::qFail("L∞ budget exceeded", __FILE__, __LINE__);
            whiteBox += out.predictions[i].label() != m_labels[i];
            hits += observed[i].label() != m_labels[i];
        }
        qInfo("%-32s white-box %5.1f%%  transfer %5.1f%%  (%d of %d)  %.1f s", c.describe().c_str(),
              100.0 * whiteBox / kImages, 100.0 * hits / kImages, hits, kImages, out.seconds);
        m_hits[c.cacheKey()] = hits;
        return hits;
    }

    static AttackConfig config(AttackMethod m) {
        AttackConfig c;
        c.method = m;
        c.epsilon = 16;
        c.iterations = 10;
        c.seed = 0;
        return c;
    }

private Q_SLOTS:
    void initTestCase() {
        initTorchRuntime();
        const Dataset d = Dataset::open(test::requireDataset());
        m_source = std::make_unique<Classifier>(Classifier::load(test::requireModel()));
        const auto observer = resolveTransferModel();
        if (observer.path.empty())
            QFAIL(("transfer model " + observer.errorMessage()).c_str());
        m_observer = std::make_unique<Classifier>(Classifier::load(observer.path));
        for (std::size_t i = 0; i < d.size() && int(m_images.size()) < kImages; ++i) {
            m_images.push_back(d.loadImage(i));
            m_labels.push_back(d.entry(i).trueLabel);
            m_targets.push_back(d.entry(i).targetClass);
        }
        QCOMPARE(int(m_images.size()), kImages);
    }

    void diMomentumBeatsMomentumBeatsIterative() {
        const int ifgsm = transferred(config(AttackMethod::Ifgsm));
        const int mifgsm = transferred(config(AttackMethod::MiFgsm));
        AttackConfig dimi = config(AttackMethod::MiFgsm);
        dimi.transforms.diversityProb = 0.5f; // Xie et al.'s M-DI²-FGSM
        const int diMifgsm = transferred(dimi);
        QVERIFY2(mifgsm >= ifgsm + kMiMargin, qPrintable(QString("MI %1 vs I %2").arg(mifgsm).arg(ifgsm)));
        QVERIFY2(diMifgsm >= mifgsm + kDiMargin,
                 qPrintable(QString("DI-MI %1 vs MI %2").arg(diMifgsm).arg(mifgsm)));
    }

    void nesterovAndScaleInvarianceBeatMomentum() {
        const int mifgsm = transferred(config(AttackMethod::MiFgsm));
        const int nifgsm = transferred(config(AttackMethod::NiFgsm));
        const int siNifgsm = transferred(config(AttackMethod::SiNiFgsm));
        QVERIFY2(nifgsm >= mifgsm + kNiMargin, qPrintable(QString("NI %1 vs MI %2").arg(nifgsm).arg(mifgsm)));
        QVERIFY2(siNifgsm >= nifgsm + kSiMargin,
                 qPrintable(QString("SI-NI %1 vs NI %2").arg(siNifgsm).arg(nifgsm)));
    }

    void varianceTuningBeatsItsBase() {
        const int mifgsm = transferred(config(AttackMethod::MiFgsm));
        const int nifgsm = transferred(config(AttackMethod::NiFgsm));
        const int vmifgsm = transferred(config(AttackMethod::VmiFgsm));
        const int vnifgsm = transferred(config(AttackMethod::VniFgsm));
        QVERIFY2(vmifgsm >= mifgsm + kVmiMargin,
                 qPrintable(QString("VMI %1 vs MI %2").arg(vmifgsm).arg(mifgsm)));
        QVERIFY2(vnifgsm >= nifgsm + kVniMargin,
                 qPrintable(QString("VNI %1 vs NI %2").arg(vnifgsm).arg(nifgsm)));
    }
};

QTEST_APPLESS_MAIN(TestTransferOrdering)
#include "tst_transferordering.moc"
