// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §4, the fragility map, on a tiny model and a dataset built here:
// - Tools → Scan dataset's badges are what `advlab eval --min-eps --csv`
//   writes for the same images and settings;
// - the fixed-ε scan marks fooled exactly where runAttack fools the model;
// - a second window shows the cached badges at once, and another attack
//   setting does not;
// - sort puts the most fragile first, and a click on a histogram bar leaves
//   exactly that bar's images in the browser;
// - a scan can be cancelled.
#include "AttackPanel.h"
#include "DatasetBrowser.h"
#include "DatasetModel.h"
#include "ExplorerSession.h"
#include "MainWindow.h"
#include "ObserverList.h"
#include "UiTestSupport.h"
#include "core/CliRunner.h"
#include "core/FileFixtures.h"
#include "eval/EvaluationWindow.h"
#include "eval/FragilityHistogram.h"
#include "fragility/FragilityCache.h"
#include "fragility/FragilityPresenter.h"
#include "fragility/FragilityScanner.h"
#include "fragility/ImageFilterModel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Attack.h>
#include <advlab/CsvTable.h>
#include <advlab/Dataset.h>
#include <advlab/ImageIo.h>
#include <advlab/TorchRuntime.h>
#include <map>
#include <set>

// Torch last, with Qt's keyword macros gone: Torch uses `slots` as a name,
// and qcustomplot.h (the histogram, the sweep plot) needs the keywords.
#undef slots
#undef signals
#undef emit
#include "core/TinyModel.h"

namespace {
// 1000 logits: class 0 at 0, class 1 at 50·(mean(x) − threshold), the rest at −100.
void saveThresholdModel(const std::string& path, double threshold = 0.5) {
    torch::jit::Module m("ThresholdClassifier");
    auto w = torch::zeros({1, 1000});
    w[0][1] = 50.0;
    auto b = torch::full({1000}, -100.0);
    b[0] = 0.0;
    b[1] = 0.0;
    m.register_parameter("w", w, false);
    m.register_parameter("b", b, false);
    m.register_parameter("t", torch::full({1}, threshold), false);
    m.define(R"JIT(
def forward(self, x):
    mean = torch.mean(x, [1, 2, 3]).unsqueeze(1)
    return torch.matmul(mean - self.t, self.w) + self.b
)JIT");
    m.save(path);
}
} // namespace

using namespace advlab;
using namespace advlab::ui;

namespace {

constexpr int kTimeoutMs = 120000;
constexpr int kImages = 8;

// Grey levels: image k is uniform at kLevels[k]. The threshold model below
// calls it class 1 when its mean is above 127.5/255, so the minimal ε of a
// non-targeted L∞ attack is exactly level - 127 (1, 2, 3, 6, 13, 33, and
// 93: not within 64); image 0 is labelled wrong (minimal ε 0).
constexpr int kLevels[] = {200, 128, 129, 130, 133, 140, 160, 220};

Image8 uniformImage(int level) {
    Image8 img(299, 299);
    std::fill(img.rgb.begin(), img.rgb.end(), static_cast<std::uint8_t>(level));
    return img;
}

AttackConfig scanConfig() {
    AttackConfig c;
    c.method = AttackMethod::Ifgsm;
    c.iterations = 4;
    c.epsilon = 2;
    return c;
}

} // namespace

class TestFragility : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_model, m_dataset;
    std::map<std::string, int> m_cliMinEps; // ImageId -> min ε, -1 not found

    bool openWindow(MainWindow& w) {
        if (!advlab::ui::test::openModelAndWait(w, m_model, kTimeoutMs) ||
            !advlab::ui::test::openDatasetAndWait(w, m_dataset, kTimeoutMs))
            return false;
        AttackSettings s = w.attackPanel()->settings();
        s.config = scanConfig();
        w.attackPanel()->setSettings(s);
        return QTest::qWaitFor([&] { return w.session()->settings().config.iterations == 4; }, kTimeoutMs) &&
               QTest::qWaitFor([&] { return !w.engine()->isBusy(); }, kTimeoutMs);
    }

    // The fixed-ε scan of scanConfig() on the test dataset, judged by `judge`;
    // null when it did not finish.
    FragilityResultsPtr scanAtEpsilon(const QString& judge = QStringLiteral("none")) const {
        FragilityScanner scanner;
        FragilityRequest r;
        r.datasetRoot = m_dataset;
        r.modelPaths = {m_model};
        r.config = scanConfig();
        r.mode = FragilityMode::AtEpsilon;
        r.judge = judge;
        QSignalSpy done(&scanner, &FragilityScanner::finished);
        scanner.start(r);
        return done.wait(kTimeoutMs) ? done.first().at(0).value<FragilityResultsPtr>() : nullptr;
    }

    QString expectedBadge(const std::string& id) const {
        const int e = m_cliMinEps.at(id);
        return e < 0 ? QStringLiteral("ε >64") : QStringLiteral("ε %1").arg(e);
    }

private Q_SLOTS:
    // The judge is remembered across launches: no test leaves one set for the next.
    void cleanup() { QSettings().remove(QStringLiteral("fragility/judge")); }

    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).removeRecursively();
        initTorchRuntime(1); // the same thread count as the CLI run below: the same arithmetic
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("tiny.pt");
        saveThresholdModel(m_model.toStdString());
        m_dataset = m_tmp.filePath("data");
        QDir().mkpath(m_dataset + "/images");
        for (int k = 0; k < kImages; ++k)
            writePngAtomic((m_dataset + QString("/images/img%1.png").arg(k)).toStdString(),
                           uniformImage(kLevels[k]));
        advlab::test::writeFile(m_dataset + "/categories.csv", advlab::test::categoriesCsv());
        advlab::test::writeFile(m_dataset + "/images.csv", "ImageId,TrueLabel,TargetClass\n");
        std::vector<Image8> images;
        {
            QByteArray rows = "ImageId,TrueLabel,TargetClass\n";
            for (int k = 0; k < kImages; ++k)
                rows += QString("img%1,1,1\n").arg(k).toUtf8();
            advlab::test::writeFile(m_dataset + "/images.csv", rows);
            const Dataset d = Dataset::open(m_dataset.toStdString()); // images as the scan loads them
            for (std::size_t i = 0; i < d.size(); ++i)
                images.push_back(d.loadImage(i));
        }
        // True labels: the model's own clean predictions (class 1: the attack
        // has to move them), except image 0, labelled wrong (minimal ε 0).
        const Classifier model = Classifier::load(m_model.toStdString(), DevicePreference::Cpu);
        const auto clean = model.classify(images);
        QByteArray csv = "ImageId,TrueLabel,TargetClass\n";
        for (int k = 0; k < kImages; ++k) {
            const int label =
                k == 0 ? (clean[0].label() + 1) % 1000 : clean[static_cast<std::size_t>(k)].label();
            csv += QString("img%1,%2,1\n").arg(k).arg(label + 1).toUtf8();
        }
        advlab::test::writeFile(m_dataset + "/images.csv", csv);

        // The reference: the CLI's minimal-ε search with the same settings.
        const QString out = m_tmp.filePath("minEps.csv");
        const auto r = advlab::test::runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--iters", "4",
                                             "--max-eps", "64", "--dataset", m_dataset, "--model", m_model,
                                             "--threads", "1", "--csv", out},
                                            kTimeoutMs);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const CsvTable t = CsvTable::read(out.toStdString());
        const int idCol = t.requireColumn("ImageId"), epsCol = t.requireColumn("min_eps");
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            const std::string& e = t.row(i)[static_cast<std::size_t>(epsCol)];
            m_cliMinEps[t.row(i)[static_cast<std::size_t>(idCol)]] = e.empty() ? -1 : std::stoi(e);
        }
        QCOMPARE(static_cast<int>(m_cliMinEps.size()), kImages);
        // The CLI finds the thresholds the images were made with.
        for (int k = 0; k < kImages; ++k) {
            const int expected = k == 0 ? 0 : (kLevels[k] - 127 <= 64 ? kLevels[k] - 127 : -1);
            QCOMPARE(m_cliMinEps.at("img" + std::to_string(k)), expected);
        }
    }

    void badgesEqualTheCliAndComeBackFromTheCache() {
        {
            MainWindow w;
            QVERIFY(openWindow(w));
            QVERIFY(!w.datasetModel()->fragility()); // nothing scanned yet
            auto* action = w.findChild<QAction*>(QStringLiteral("actionScanMinEpsilon"));
            QVERIFY(action);
            QSignalSpy done(w.fragility(), &FragilityPresenter::scanFinished);
            action->trigger();
            QVERIFY(w.fragility()->isScanning());
            QVERIFY(!w.engine()->isBusy()); // its own thread: the explorer's engine stays free
            QVERIFY(done.wait(kTimeoutMs));
            const DatasetModel* model = w.datasetModel();
            QVERIFY(model->fragility());
            for (int row = 0; row < model->rowCount(); ++row) {
                const std::string id = model->dataset()->entry(static_cast<std::size_t>(row)).imageId;
                QCOMPARE(model->index(row).data(DatasetModel::FragilityBadgeRole).toString(),
                         expectedBadge(id));
                QVERIFY(model->index(row).data(Qt::DisplayRole).toString().contains(expectedBadge(id)));
            }
        }
        // A second launch: the same dataset, model and attack show the badges
        // without a scan.
        MainWindow again;
        QVERIFY(openWindow(again));
        QTRY_VERIFY_WITH_TIMEOUT(again.datasetModel()->fragility() != nullptr, 10000);
        QVERIFY(!again.fragility()->isScanning());
        const DatasetModel* model = again.datasetModel();
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row).data(DatasetModel::FragilityBadgeRole).toString(),
                     expectedBadge(model->dataset()->entry(static_cast<std::size_t>(row)).imageId));
        // Another attack setting: those badges do not belong to it.
        AttackSettings s = again.attackPanel()->settings();
        s.config.iterations = 5;
        again.attackPanel()->setSettings(s);
        QTRY_VERIFY_WITH_TIMEOUT(again.datasetModel()->fragility() == nullptr, 10000);
        // Back: they return.
        s.config.iterations = 4;
        again.attackPanel()->setSettings(s);
        QTRY_VERIFY_WITH_TIMEOUT(again.datasetModel()->fragility() != nullptr, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!again.engine()->isBusy(), kTimeoutMs);

        // A third launch with the cache file damaged: no badges, and the error
        // banner (not the status line, which the next triptych overwrites)
        // names the file once.
        const QString dir = FragilityCache().fileFor(QStringLiteral("x")).section(QLatin1Char('/'), 0, -2);
        const QStringList files = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        QMap<QString, QByteArray> saved;
        for (const QString& f : files) {
            QFile in(QDir(dir).filePath(f));
            QVERIFY(in.open(QIODevice::ReadOnly));
            saved.insert(in.fileName(), in.readAll());
            in.close();
            advlab::test::writeFile(in.fileName(), "{truncated");
        }
        MainWindow third;
        QSignalSpy errors(&third, &MainWindow::errorShown);
        QVERIFY(openWindow(third));
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
        QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("ignored")) &&
                     errors.first().at(0).toString().contains(files.first().left(8)),
                 qPrintable(errors.first().at(0).toString()));
        QVERIFY(!third.datasetModel()->fragility());
        QTRY_VERIFY_WITH_TIMEOUT(!third.engine()->isBusy(), kTimeoutMs);
        for (auto it = saved.cbegin(); it != saved.cend(); ++it) // the next tests start from the scan
            advlab::test::writeFile(it.key(), it.value());
    }

    void sortAndHistogramBarsFilterTheBrowser() {
        MainWindow w;
        QVERIFY(openWindow(w));
        QTRY_VERIFY_WITH_TIMEOUT(w.datasetModel()->fragility() != nullptr, 10000); // from the cache
        const FragilityResultsPtr f = w.datasetModel()->fragility();
        DatasetBrowser* browser = w.browser();
        auto* sort = browser->findChild<QComboBox*>(QStringLiteral("fragilitySort"));
        auto* filter = browser->findChild<QComboBox*>(QStringLiteral("fragilityFilter"));
        QVERIFY(sort && filter);
        QVERIFY(sort->isVisibleTo(browser));

        browser->setFragilityOrder(static_cast<int>(ImageFilterModel::Order::FragileFirst));
        QList<int> order = browser->visibleImages();
        QCOMPARE(order.size(), kImages);
        for (int i = 1; i < order.size(); ++i)
            QVERIFY(f->sortKey(order[i - 1]) <= f->sortKey(order[i]));
        QCOMPARE(order.first(), 0); // minimal ε 0
        browser->setFragilityOrder(static_cast<int>(ImageFilterModel::Order::RobustFirst));
        order = browser->visibleImages();
        for (int i = 1; i < order.size(); ++i)
            QVERIFY(f->sortKey(order[i - 1]) >= f->sortKey(order[i]));
        QCOMPARE(order.last(), 0);

        EvaluationWindow* eval = w.openEvaluationWindow();
        auto* tabs = eval->findChild<QTabWidget*>(QStringLiteral("resultTabs"));
        QVERIFY(tabs);
        FragilityHistogram* histogram = eval->fragilityHistogram();
        tabs->setCurrentWidget(histogram->parentWidget());
        QVERIFY(QTest::qWaitForWindowExposed(eval));
        QVERIFY(histogram->hasResults());
        histogram->replot();
        // Every image is in exactly one bar, counted right.
        int total = 0;
        for (const auto& bin : histogram->bins()) {
            int n = 0;
            for (int i = 0; i < kImages; ++i)
                n += f->sortKey(i) >= bin.low && f->sortKey(i) <= bin.high ? 1 : 0;
            QCOMPARE(bin.count, n);
            total += n;
        }
        QCOMPARE(total, kImages);
        // The cumulative line ends at the share fooled within 64.
        int fooled = 0;
        for (const auto& [id, e] : m_cliMinEps)
            fooled += e >= 0 ? 1 : 0;
        QCOMPARE(histogram->cumulativePercent().last(), 100.0 * fooled / kImages);

        // A click on each non-empty bar: exactly its images remain.
        int clicked = 0;
        for (int b = 0; b < histogram->bins().size(); ++b) {
            const auto bin = histogram->bins()[b];
            if (bin.count == 0)
                continue;
            QSignalSpy spy(histogram, &FragilityHistogram::binClicked);
            QTest::mouseClick(histogram, Qt::LeftButton, {}, histogram->barCentre(b).toPoint());
            QCOMPARE(spy.count(), 1);
            QCOMPARE(spy.first().at(0).toInt(), bin.low);
            QCOMPARE(spy.first().at(1).toInt(), bin.high);
            QList<int> expected;
            for (int i = 0; i < kImages; ++i)
                if (f->sortKey(i) >= bin.low && f->sortKey(i) <= bin.high)
                    expected << i;
            QList<int> shown = browser->visibleImages();
            std::sort(shown.begin(), shown.end());
            QCOMPARE(shown, expected);
            // The filter box names what is shown (its own entry for the same range, or the bar's label).
            QCOMPARE(filter->currentData().toPoint(), QPoint(bin.low, bin.high));
            ++clicked;
        }
        QVERIFY(clicked >= 2);
        browser->clearFragilityFilter();
        QCOMPARE(browser->visibleCount(), kImages);
        eval->close();
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);
    }

    void fixedEpsilonScanMarksWhatRunAttackFools() {
        const FragilityResultsPtr f = scanAtEpsilon();
        QVERIFY(f);

        const Dataset d = Dataset::open(m_dataset.toStdString());
        std::vector<Image8> images;
        std::vector<int> labels;
        for (std::size_t i = 0; i < d.size(); ++i) {
            images.push_back(d.loadImage(i));
            labels.push_back(d.entry(i).trueLabel);
        }
        const Classifier model = Classifier::load(m_model.toStdString(), DevicePreference::Cpu);
        const AttackOutcome o = runAttack(model, images, labels, {}, scanConfig());
        int fooled = 0;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const bool expected = o.predictions[i].label() != labels[i];
            QCOMPARE(f->value(static_cast<int>(i)), expected ? 1 : 0);
            QCOMPARE(f->badge(static_cast<int>(i)),
                     expected ? QStringLiteral("fooled") : QStringLiteral("robust"));
            fooled += expected ? 1 : 0;
        }
        // ε = 2 sits inside the minimal-ε spread: some fooled, some not.
        QVERIFY(fooled > 0 && fooled < kImages);
    }

    // Judged by an observer: the attack runs on the attacked model, and an
    // image counts as fooled when the observer is. The judge below calls
    // class 1 above a mean of 0.52 (132.6/255) instead of 0.5; the attack
    // lowers every pixel by ε, so the minimal ε on the judge is
    // level − 132.6 rounded up (0 at or below it), as the CLI's
    // `--min-eps --defence model:judge.pt` finds. The judge's answers are
    // cached apart from the white-box ones.
    void judgedScanEqualsTheCliWithThatDefence() {
        const QString judgeModel = m_tmp.filePath("judge.pt");
        saveThresholdModel(judgeModel.toStdString(), 0.52);
        const QString judge = QStringLiteral("model:") + QFileInfo(judgeModel).canonicalFilePath();
        const QString out = m_tmp.filePath("judged.csv");
        const auto cli = advlab::test::runCli({"eval", "--min-eps", "--attacks", "ifgsm", "--iters", "4",
                                               "--max-eps", "64", "--dataset", m_dataset, "--model", m_model,
                                               "--defence", judge, "--threads", "1", "--csv", out},
                                              kTimeoutMs);
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const CsvTable t = CsvTable::read(out.toStdString());
        std::map<std::string, QString> cliBadge;
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            const std::string& e = t.row(i)[static_cast<std::size_t>(t.requireColumn("min_eps"))];
            cliBadge[t.row(i)[static_cast<std::size_t>(t.requireColumn("ImageId"))]] =
                e.empty() ? QStringLiteral("ε >64") : QStringLiteral("ε %1").arg(QString::fromStdString(e));
        }
        for (int k = 0; k < kImages; ++k) { // what the judge's threshold gives
            const int level = kLevels[k];
            const int expected = k == 0 || level <= 132 ? 0 : (level - 132 <= 64 ? level - 132 : -1);
            QCOMPARE(cliBadge.at("img" + std::to_string(k)),
                     expected < 0 ? QStringLiteral("ε >64") : QStringLiteral("ε %1").arg(expected));
        }

        MainWindow w;
        QVERIFY(openWindow(w));
        if (!QTest::qWaitFor([&] { return w.datasetModel()->fragility() != nullptr; }, 3000)) {
            // Run alone: make the white-box answers this test switches back to.
            QSignalSpy whiteBox(w.fragility(), &FragilityPresenter::scanFinished);
            w.findChild<QAction*>(QStringLiteral("actionScanMinEpsilon"))->trigger();
            QVERIFY(whiteBox.wait(kTimeoutMs));
        }
        QVERIFY(w.observers()->addObserver(judge));
        // The menu offers the attacked model and every observer as the judge.
        QAction* judgeAction = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QAction* a : w.findChildren<QAction*>(QStringLiteral("actionScanJudge")))
                    if (a->data().toString() == judge && a->actionGroup())
                        judgeAction = a;
                return judgeAction != nullptr;
            }(),
            10000);
        QVERIFY2(judgeAction->text().contains(QStringLiteral("transfer")), qPrintable(judgeAction->text()));
        judgeAction->trigger();
        QCOMPARE(w.fragility()->judge(), judge);
        auto checkedJudge = [&w] {
            QString key;
            for (QAction* a : w.findChildren<QAction*>(QStringLiteral("actionScanJudge")))
                if (a->actionGroup() && a->isChecked())
                    key = a->data().toString();
            return key;
        };
        QTRY_COMPARE(checkedJudge(), judge);
        // Nothing cached for this judge yet: the white-box badges go.
        QTRY_VERIFY_WITH_TIMEOUT(w.datasetModel()->fragility() == nullptr, 10000);

        QSignalSpy done(w.fragility(), &FragilityPresenter::scanFinished);
        w.findChild<QAction*>(QStringLiteral("actionScanMinEpsilon"))->trigger();
        QVERIFY(done.wait(kTimeoutMs));
        const DatasetModel* model = w.datasetModel();
        QVERIFY(model->fragility());
        QVERIFY2(model->fragility()->attack.contains(QStringLiteral("judged by")),
                 qPrintable(model->fragility()->attack));
        for (int row = 0; row < model->rowCount(); ++row) {
            const std::string id = model->dataset()->entry(static_cast<std::size_t>(row)).imageId;
            QCOMPARE(model->index(row).data(DatasetModel::FragilityBadgeRole).toString(), cliBadge.at(id));
        }

        // Back to the attacked model: its own cached badges return, not the judge's.
        for (QAction* a : w.findChildren<QAction*>(QStringLiteral("actionScanJudge")))
            if (a->data().toString() == QLatin1String("none") && a->actionGroup())
                a->trigger();
        QCOMPARE(w.fragility()->judge(), QStringLiteral("none"));
        QTRY_VERIFY_WITH_TIMEOUT(model->fragility() && !model->fragility()->attack.contains("judged by"),
                                 10000);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->index(row).data(DatasetModel::FragilityBadgeRole).toString(),
                     expectedBadge(model->dataset()->entry(static_cast<std::size_t>(row)).imageId));
        QTRY_COMPARE(checkedJudge(), QStringLiteral("none"));
        // Removing the judge's observer leaves the white-box choice, also
        // when the observer comes back: the user chooses the judge again.
        w.fragility()->setJudge(judge);
        QTRY_COMPARE(checkedJudge(), judge);
        w.observers()->removeObserver(judge);
        QCOMPARE(w.fragility()->judge(), QStringLiteral("none"));
        QTRY_COMPARE(checkedJudge(), QStringLiteral("none"));
        QVERIFY(w.observers()->addObserver(judge));
        QCOMPARE(w.fragility()->judge(), QStringLiteral("none"));
        w.observers()->removeObserver(judge);
        // A saved judge that is no observer at start-up falls back to white-box
        // in the settings too, so a later launch does not bring it back unasked.
        QSettings().setValue(QStringLiteral("fragility/judge"), judge);
        {
            MainWindow fresh;
            QCOMPARE(fresh.fragility()->judge(), QStringLiteral("none"));
        }
        QCOMPARE(QSettings().value(QStringLiteral("fragility/judge")).toString(), QStringLiteral("none"));
        QTRY_VERIFY_WITH_TIMEOUT(!w.engine()->isBusy(), kTimeoutMs);

        // The fixed-ε scan takes the same judge: at ε = 2 the judge is fooled
        // exactly where level − 2 is at most 132.
        const FragilityResultsPtr f = scanAtEpsilon(judge);
        QVERIFY(f);
        for (int k = 0; k < kImages; ++k)
            QCOMPARE(f->value(k), k == 0 || kLevels[k] - 2 <= 132 ? 1 : 0);
    }

    // A judge's name makes the title long: it is two lines, each elided to
    // the plot's width, and the whole of it is the tooltip.
    void histogramTitleFitsItsWidth() {
        auto results = std::make_shared<FragilityResults>();
        results->attack =
            QStringLiteral("I-FGSM, 10 steps, judged by model a_rather_long_transfer_model_name_v2");
        results->values = {0, 1, 3, 9, 70, FragilityResults::kNotFound};
        FragilityHistogram h;
        h.resize(460, 320);
        h.setResults(results);
        h.show();
        QVERIFY(QTest::qWaitForWindowExposed(&h));
        const QStringList lines = h.titleText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        const QFontMetrics metrics(h.titleFont());
        for (const QString& line : lines)
            QVERIFY2(metrics.horizontalAdvance(line) <= h.width(), qPrintable(line));
        QVERIFY2(lines[0].endsWith(QChar(0x2026)), qPrintable(lines[0])); // cut, with an ellipsis
        QVERIFY(h.toolTip().contains(results->attack));
        h.resize(1400, 320); // wide enough: whole, no tooltip needed
        QTRY_VERIFY(!h.titleText().contains(QChar(0x2026)));
        QVERIFY(h.titleText().contains(results->attack));
        QVERIFY(h.toolTip().isEmpty());
    }

    void scanIsCancellable() {
        FragilityScanner scanner;
        FragilityRequest r;
        r.datasetRoot = m_dataset;
        r.modelPaths = {m_model};
        r.config = scanConfig();
        r.config.iterations = 200;
        QSignalSpy cancelled(&scanner, &FragilityScanner::cancelled);
        QSignalSpy done(&scanner, &FragilityScanner::finished);
        scanner.start(r);
        QVERIFY(scanner.isRunning());
        scanner.cancel();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QVERIFY(!scanner.isRunning());
        QCOMPARE(done.count(), 0);
    }
};

QTEST_MAIN(TestFragility)
#include "tst_fragility.moc"
