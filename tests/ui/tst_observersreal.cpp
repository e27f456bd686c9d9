// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 §1 on the real models: the default model attacked, the TF
// MobileNetV2 observing (the default observer). Every observer line under the
// adversarial panels must equal `advlab classify --model tf.pt` on the PNG the
// explorer saved for that panel: the same label and the same confidence to
// the four decimals the CLI prints (one image per forward, as the observer). Transfer, image by image,
// checked against the tool a researcher would use.
#include "AttackPanel.h"
#include "ExportController.h"
#include "ImagePanel.h"
#include "MainWindow.h"
#include "ObserverLinesView.h"
#include "ObserverList.h"
#include "TriptychView.h"
#include "UiTestSupport.h"
#include "core/CliRunner.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/Paths.h>

using namespace advlab;
using namespace advlab::ui;

namespace {
constexpr int kTimeoutMs = 300000;

struct CliLine {
    int label = -1; // 0-based
    double confidence = -1.0;
};

// `advlab classify` on a folder of PNGs: ImageId → prediction.
QHash<QString, CliLine> classifyFolder(const QString& dir, const QString& model) {
    const auto r =
        advlab::test::runCli({"classify", "--dataset", dir, "--model", model, "--batch", "1"}, kTimeoutMs);
    QHash<QString, CliLine> out;
    if (r.code != 0) {
        qWarning("advlab classify failed: %s", qPrintable(r.err));
        return out;
    }
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) { // ImageId,TrueLabel,Predicted,Confidence,...
        const QStringList f = lines[i].split(',');
        if (f.size() < 4)
            continue;
        out.insert(f[0], {f[2].toInt() - 1, f[3].toDouble()});
    }
    return out;
}
} // namespace

class TestObserversReal : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() {
        advlab::ui::test::prepareEnvironment();
        QVERIFY(m_tmp.isValid());
    }

    void observerLinesEqualClassifyOnTheSavedPngs() {
        const QString tf = QString::fromStdString(resolveTransferModel().path);
        QVERIFY2(!tf.isEmpty(), "the TF MobileNetV2 transfer model is not in resources/models");
        MainWindow w;
        // The default observer is the TF model, when present.
        QCOMPARE(w.observers()->keys(), QStringList{"model:" + tf});
        QVERIFY(advlab::ui::test::openModelAndWait(w, advlab::ui::test::modelPath(), kTimeoutMs));
        QVERIFY(advlab::ui::test::openDatasetAndWait(w, advlab::ui::test::datasetPath()));
        AttackConfig c;
        c.method = AttackMethod::Ifgsm;
        c.epsilon = 8;
        c.iterations = 5;
        QVERIFY(advlab::ui::test::configureAndWait(w, c));
        TriptychView* t = w.triptychView();
        auto settled = [t] {
            for (int p = 0; p < 3; ++p) {
                const auto& lines = t->panel(p)->observers()->lines();
                if (lines.size() != 1 || lines.front().pending)
                    return false;
            }
            return true;
        };
        QElapsedTimer clock;
        clock.start();
        const QList<int> images = {0, 3};
        for (int index : images) {
            w.selectImage(index);
            QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == index && settled(),
                                     kTimeoutMs);
        }
        qInfo("two images attacked and observed in %.1f s", clock.elapsed() / 1000.0);

        const QString dir = m_tmp.filePath("adv");
        const QString exportError = advlab::ui::test::exportAndWait(
            w, [&] { w.exports()->saveAdversarialImages(images, dir, ExportController::Overwrite::Always); },
            kTimeoutMs);
        QVERIFY2(exportError.isEmpty(), qPrintable(exportError));
        const auto untargeted = classifyFolder(dir + "/non_targeted", tf);
        const auto targeted = classifyFolder(dir + "/targeted", tf);
        QCOMPARE(untargeted.size(), images.size());
        QCOMPARE(targeted.size(), images.size());

        int transferred = 0;
        for (int index : images) {
            w.selectImage(index); // cached: the attack and the observer answer at once
            QTRY_VERIFY_WITH_TIMEOUT(t->result() && t->result()->imageIndex == index && settled(),
                                     kTimeoutMs);
            const QString id = t->result()->imageId;
            for (int p : {1, 2}) {
                const ObserverLine line = t->panel(p)->observers()->lines().front();
                const CliLine cli = (p == 1 ? untargeted : targeted).value(id);
                QCOMPARE(line.label, cli.label);
                QVERIFY2(std::fabs(line.confidence - cli.confidence) <= 0.00006,
                         qPrintable(QString("%1 panel %2: %3 vs %4")
                                        .arg(id)
                                        .arg(p)
                                        .arg(line.confidence)
                                        .arg(cli.confidence)));
                transferred += line.mark == "fooled" || line.mark == "hit" ? 1 : 0;
            }
        }
        qInfo("transfer to the TF model: %d of %d adversarial images fool it", transferred,
              2 * int(images.size()));
    }
};

QTEST_MAIN(TestObserversReal)
#include "tst_observersreal.moc"
