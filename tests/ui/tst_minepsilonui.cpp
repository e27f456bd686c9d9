// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 11's GUI parts on tiny models and a tiny dataset built here:
// - an ensemble loaded in the compute engine attacks as the weighted fusion
//   (weights (1, 0) give the first model's images bit for bit; other weights
//   are a different model to the cache);
// - the triptych's minimal-ε line shows what core's runMinEpsilon finds;
// - the evaluation window's robust-accuracy curve is the search's curve.
// Each check compares with an independent computation, so wrong data fails.
#include "ComputeEngine.h"
#include "ExplorerSession.h"
#include "MainWindow.h"
#include "MinEpsilonPresenter.h"
#include "ObserverList.h"
#include "TinyExplorer.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "core/FileFixtures.h"
#include "core/TinyModel.h"
#include "eval/EvaluationWindow.h"
#include "fragility/FragilityPresenter.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <advlab/MinEpsilon.h>
#include <advlab/TorchRuntime.h>

using namespace advlab;
using namespace advlab::ui;

namespace {

constexpr int kTimeoutMs = 120000;

} // namespace

class TestMinEpsilonUi : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_a, m_b, m_dataset;
    std::vector<Image8> m_images; // as Dataset loads them
    std::vector<int> m_labels, m_targets;

    // The Evaluation window's minimal-ε search as both window tests run it:
    // 4 images, I-FGSM with 3 steps, non-targeted and targeted, up to ε 32.
    static bool configureIfgsmSearch(EvaluationWindow& w) {
        auto* limit = w.findChild<QSpinBox*>(QStringLiteral("imageLimit"));
        auto* iterations = w.findChild<QSpinBox*>(QStringLiteral("iterations"));
        auto* maxEps = w.findChild<QSpinBox*>(QStringLiteral("maxEpsilon"));
        auto* targeted = w.findChild<QCheckBox*>(QStringLiteral("targetedMinEpsilon"));
        if (!limit || !iterations || !maxEps || !targeted)
            return false;
        limit->setValue(4);
        iterations->setValue(3);
        maxEps->setValue(32);
        targeted->setChecked(true);
        for (const char* name : {"attack_fgsm", "attack_ifgsm", "attack_mifgsm", "attack_pgd"}) {
            auto* box = w.findChild<QCheckBox*>(QString::fromLatin1(name));
            if (!box)
                return false;
            box->setChecked(QByteArray(name) == "attack_ifgsm");
        }
        return true;
    }
    // Clicks Find minimal ε and waits: empty when it finished, else why not.
    static QString runSearchAndWait(EvaluationWindow& w) {
        auto* run = w.findChild<QPushButton*>(QStringLiteral("runMinEpsilonButton"));
        if (!run)
            return QStringLiteral("no runMinEpsilonButton");
        w.show();
        QSignalSpy done(&w, &EvaluationWindow::minEpsilonFinished);
        QSignalSpy failed(&w, &EvaluationWindow::runFailed);
        QTest::mouseClick(run, Qt::LeftButton);
        if (done.wait(kTimeoutMs))
            return {};
        return failed.isEmpty() ? QStringLiteral("no result") : failed.first().at(0).toString();
    }
    // The same search in this process.
    static MinEpsilonRequest ifgsmSearch() {
        MinEpsilonRequest search;
        search.maxEpsilon = 32;
        for (bool t : {false, true}) {
            AttackConfig c;
            c.method = AttackMethod::Ifgsm;
            c.targeted = t;
            c.iterations = 3;
            search.attacks.push_back(c);
        }
        return search;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        initTorchRuntime();
        QVERIFY(m_tmp.isValid());
        m_a = m_tmp.filePath("a.pt");
        m_b = m_tmp.filePath("b.pt");
        advlab::test::saveTinyClassifier(m_a.toStdString(), 1000, 7);
        advlab::test::saveTinyClassifier(m_b.toStdString(), 1000, 23);
        // A competition-layout dataset whose TrueLabel is the tiny model's
        // own prediction (so the attack has something to do) and whose
        // TargetClass is a mid-ranked class.
        m_dataset = m_tmp.filePath("data");
        m_images = advlab::ui::test::writeTinyDataset(m_dataset, m_a, 4);
        const Dataset d = Dataset::open(m_dataset.toStdString());
        for (std::size_t i = 0; i < d.size(); ++i) {
            m_labels.push_back(d.entry(i).trueLabel);
            m_targets.push_back(d.entry(i).targetClass);
        }
    }

    void engineAttacksTheWeightedEnsemble() {
        ComputeEngine engine;
        TriptychRequest r;
        r.datasetRoot = m_dataset;
        r.imageIndex = 0;
        r.original = m_images[0];
        r.trueLabel = m_labels[0];
        r.targetClass = m_targets[0];
        r.config.method = AttackMethod::MiFgsm;
        r.config.epsilon = 8;
        r.config.iterations = 4;
        auto run = [&](const QStringList& paths, const QList<float>& weights) -> TriptychResultPtr {
            QSignalSpy loaded(&engine, &ComputeEngine::modelLoaded);
            engine.loadModels(paths, weights);
            if (!loaded.wait(kTimeoutMs))
                return nullptr;
            QSignalSpy ready(&engine, &ComputeEngine::triptychReady);
            engine.requestTriptych(r);
            if (ready.isEmpty() && !ready.wait(kTimeoutMs))
                return nullptr;
            return ready.first().at(0).value<TriptychResultPtr>();
        };
        const auto single = run({m_a}, {});
        const auto first = run({m_a, m_b}, {1, 0});
        const auto second = run({m_a, m_b}, {0, 1});
        QVERIFY(single && first && second);
        QVERIFY(engine.isEnsemble());
        QVERIFY(engine.modelPath() != ComputeEngine::modelKey({m_a, m_b}, {1, 0})); // the latest load: (0, 1)
        QVERIFY(!second->fromCache); // other weights never reuse the (1, 0) results
        QVERIFY(single->untargeted->image.rgb == first->untargeted->image.rgb);
        QVERIFY(single->targeted->image.rgb == first->targeted->image.rgb);
        QVERIFY(single->untargeted->image.rgb != second->untargeted->image.rgb);
        // A failing member is named.
        QSignalSpy failed(&engine, &ComputeEngine::modelFailed);
        engine.loadModels({m_a, m_tmp.filePath("missing.pt")}, {});
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(failed.first().at(1).toString().contains("missing.pt"));
    }

    void triptychShowsTheSearchedMinimalEpsilon() {
        MainWindow w;
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset, kTimeoutMs));
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        w.selectImage(1);
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);
        auto* label = w.findChild<QLabel*>(QStringLiteral("minEpsilonLabel"));
        QVERIFY(label);
        QVERIFY(label->isHidden()); // nothing known yet
        auto* action = w.findChild<QAction*>(QStringLiteral("actionFindMinEpsilon"));
        QVERIFY(action);
        QSignalSpy found(w.minEpsilon(), &MinEpsilonPresenter::searchFinished);
        action->trigger();
        QVERIFY(found.wait(kTimeoutMs));

        // The same search, here: the window's settings on image 1.
        TriptychRequest req;
        QString error;
        QVERIFY(w.session()->buildRequest(1, &req, &error));
        QCOMPARE(req.targetClass, m_targets[1]);
        const Classifier model = Classifier::load(m_a.toStdString(), DevicePreference::Cpu);
        MinEpsilonRequest search;
        for (bool targeted : {false, true}) {
            AttackConfig c = req.config;
            c.targeted = targeted;
            search.attacks.push_back(c);
        }
        const MinEpsilonResult expected =
            runMinEpsilon(model, {req.original}, {req.trueLabel}, {req.targetClass}, search);
        const int u = expected.minEpsilon[0][0], t = expected.minEpsilon[1][0];
        QVERIFY(u > 0); // the attack had to work for it
        const QString text = label->text();
        QVERIFY2(!label->isHidden(), qPrintable(text));
        auto shown = [](int e) { return e < 0 ? QStringLiteral("> 64") : QString::number(e); };
        QVERIFY2(text.contains(QStringLiteral("non-targeted %1 · targeted %2").arg(shown(u), shown(t))),
                 qPrintable(text + QString(" (expected %1, %2)").arg(u).arg(t)));
        // Another image hides it; coming back shows the remembered answer.
        w.selectImage(2);
        QVERIFY(label->isHidden());
        w.selectImage(1);
        QCOMPARE(label->text(), text);
        QVERIFY(!label->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);
    }

    void evaluationWindowDrawsTheRobustCurve() {
        EvaluationWindow w;
        w.setDatasetPath(m_dataset);
        w.setModelPath(m_a + "," + m_b); // an ensemble, weights 3:1
        w.setModelWeights({3, 1});
        QVERIFY(configureIfgsmSearch(w));
        QVERIFY(w.findChild<QWidget*>(QStringLiteral("robustCurvePlot")));
        const QString searchError = runSearchAndWait(w);
        QVERIFY2(searchError.isEmpty(), qPrintable(searchError));

        std::vector<Classifier> members;
        members.push_back(Classifier::load(m_a.toStdString(), DevicePreference::Cpu));
        members.push_back(Classifier::load(m_b.toStdString(), DevicePreference::Cpu));
        const Classifier ens = Classifier::ensemble(std::move(members), {3, 1});
        const MinEpsilonResult expected = runMinEpsilon(ens, m_images, m_labels, m_targets, ifgsmSearch());
        QVERIFY(w.minEpsilonResult().has_value());
        QCOMPARE(w.minEpsilonResult()->minEpsilon, expected.minEpsilon);
        const auto drawn = w.robustCurves();
        QCOMPARE(drawn.size(), 2);
        for (int a = 0; a < 2; ++a) {
            const auto curve = expected.robustAccuracyCurve(static_cast<std::size_t>(a));
            QCOMPARE(drawn[a].size(), 33);
            for (int e = 0; e <= 32; ++e) {
                QCOMPARE(drawn[a][e].x(), double(e));
                QCOMPARE(drawn[a][e].y(), 100.0 * curve[static_cast<std::size_t>(e)]);
            }
        }
        // Not a flat line: the curve carries information.
        QVERIFY(drawn[1][0].y() > drawn[1][32].y()); // targeted: none at the target without an attack
        const QString csv = m_tmp.filePath("robust.csv");
        QString error;
        QVERIFY2(w.exportRobustCurveCsv(csv, &error), qPrintable(error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().toStdString(), minEpsilonCurveToCsv(expected));
    }

    // "Judged by" scores the search through a defence (here 4-bit colour in
    // front of the attacked model): the answers are runMinEpsilon's with
    // that defence, they differ from the white-box ones, and the plot says so.
    // Scan dataset → Judged by also judges the per-image search: the line
    // names the judge and holds runMinEpsilon's answers with it, and the
    // white-box answer comes back when the judge is the attacked model again.
    void perImageSearchFollowsTheJudge() {
        const QString judgeFile = m_tmp.filePath("judge.pt");
        advlab::test::saveTinyVariant(judgeFile.toStdString(), "Judge",
                                      "    return out + 3.0 * torch.sin(torch.arange(1000) * 7.3)\n");
        const QString judge = QStringLiteral("model:") + QFileInfo(judgeFile).canonicalFilePath();
        MainWindow w;
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, m_dataset, kTimeoutMs));
        QVERIFY(advlab::ui::test::openModelAndWait(w, m_a, kTimeoutMs));
        QVERIFY(w.observers()->addObserver(judge));
        w.fragility()->setJudge(judge);
        QCOMPARE(w.minEpsilon()->judge(), judge);
        w.selectImage(1);
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);
        auto* label = w.findChild<QLabel*>(QStringLiteral("minEpsilonLabel"));
        QSignalSpy found(w.minEpsilon(), &MinEpsilonPresenter::searchFinished);
        w.findChild<QAction*>(QStringLiteral("actionFindMinEpsilon"))->trigger();
        QVERIFY(found.wait(kTimeoutMs));

        TriptychRequest req;
        QString error;
        QVERIFY(w.session()->buildRequest(1, &req, &error));
        const Classifier model = Classifier::load(m_a.toStdString(), DevicePreference::Cpu);
        MinEpsilonRequest search;
        for (bool targeted : {false, true}) {
            AttackConfig c = req.config;
            c.targeted = targeted;
            search.attacks.push_back(c);
        }
        search.defence = judge.toStdString();
        const MinEpsilonResult judged =
            runMinEpsilon(model, {req.original}, {req.trueLabel}, {req.targetClass}, search);
        auto shown = [](int e) { return e < 0 ? QStringLiteral("> 64") : QString::number(e); };
        const QString text = label->text();
        QVERIFY2(text.contains(QStringLiteral("non-targeted %1 · targeted %2")
                                   .arg(shown(judged.minEpsilon[0][0]), shown(judged.minEpsilon[1][0]))),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("judged by model judge")), qPrintable(text));

        // The attacked model as the judge: not this answer (none searched yet).
        w.fragility()->setJudge(QStringLiteral("none"));
        QCOMPARE(w.minEpsilon()->judge(), QStringLiteral("none"));
        QTRY_VERIFY(!label->text().contains(QStringLiteral("judged by")));
        // Back to the judge: its remembered answer.
        w.fragility()->setJudge(judge);
        QTRY_COMPARE(label->text(), text);
        w.fragility()->setJudge(QStringLiteral("none"));
        w.observers()->removeObserver(judge);
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);
    }

    void evaluationWindowJudgesThroughADefence() {
        EvaluationWindow w;
        w.setDatasetPath(m_dataset);
        w.setModelPath(m_a);
        QVERIFY(configureIfgsmSearch(w));
        auto* judge = w.findChild<QComboBox*>(QStringLiteral("minEpsilonDefence"));
        QVERIFY(judge);
        QCOMPARE(judge->itemData(0).toString(), QStringLiteral("none")); // white-box first
        const int bits = judge->findData(QStringLiteral("bits4"));
        QVERIFY(bits >= 0);
        judge->setCurrentIndex(bits);
        const QString searchError = runSearchAndWait(w);
        QVERIFY2(searchError.isEmpty(), qPrintable(searchError));

        const Classifier model = Classifier::load(m_a.toStdString(), DevicePreference::Cpu);
        MinEpsilonRequest search = ifgsmSearch();
        const MinEpsilonResult whiteBox = runMinEpsilon(model, m_images, m_labels, m_targets, search);
        search.defence = "bits4";
        const MinEpsilonResult expected = runMinEpsilon(model, m_images, m_labels, m_targets, search);
        QVERIFY(w.minEpsilonResult().has_value());
        QCOMPARE(w.minEpsilonResult()->defence, std::string("bits4"));
        QCOMPARE(w.minEpsilonResult()->minEpsilon, expected.minEpsilon);
        QVERIFY2(expected.minEpsilon != whiteBox.minEpsilon,
                 "the defence changes nothing: the test checks little");
        QVERIFY2(w.robustCurveTitle().contains(QStringLiteral("judged by 4-bit")),
                 qPrintable(w.robustCurveTitle()));
    }
};

QTEST_MAIN(TestMinEpsilonUi)
#include "tst_minepsilonui.moc"
