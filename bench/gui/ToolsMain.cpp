// SPDX-License-Identifier: GPL-3.0-or-later
// adversarial-lab-tools: the explorer window driven by a program, not a
// person. --measure-latency is the GUI benchmark (slider release to updated
// triptych); --screenshots is the check scripts/screenshots.sh runs. Kept
// out of the product: adversarial-lab itself is main() around MainWindow.
#include "EventWait.h"
#include "LatencyProbe.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "StartupOptions.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QThread>
#include <QTimer>
#include <advlab/AttackConfig.h>
#include <advlab/TorchRuntime.h>
#include <advlab/Version.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>
#if defined(__linux__)
#include <signal.h>
#include <sys/prctl.h>
#endif

namespace {

// --busy-loop: the competing load of --measure-latency, one busy thread
// that never sleeps (a CPU-bound neighbour: another user's build, a
// training run). Dies with its parent.
[[noreturn]] void busyLoop() {
#if defined(__linux__)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    volatile unsigned long long x = 0;
    for (;;)
        x = x + 1;
}

} // namespace

int main(int argc, char** argv) {
    // Before QApplication: the load needs no display and no Qt.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--busy-loop") == 0)
            busyLoop();
    advlab::ui::StartupOptions::allowHelpWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Adversarial Lab Tools"));
    // Its own settings, so a run never reuses or overwrites the user's window and attack settings.
    QApplication::setOrganizationName(QStringLiteral("AdversarialLabTools"));
    QApplication::setApplicationVersion(QStringLiteral(ADVLAB_VERSION));
    advlab::ui::theme::applyStyle(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Drive the Adversarial Lab window: measure its latency or take screenshots, then exit."));
    parser.addHelpOption();
    parser.addVersionOption();
    const advlab::ui::StartupOptions startup;
    startup.addTo(parser);
    QCommandLineOption latencyOpt(QStringLiteral("measure-latency"),
                                  QStringLiteral("Measure slider-release-to-triptych latency "
                                                 "(FGSM; iterative methods with 10 steps) "
                                                 "over <n> releases each, print it and exit."),
                                  QStringLiteral("n"));
    QCommandLineOption screenshotsOpt(
        QStringLiteral("screenshots"),
        QStringLiteral("Take screenshots of the window idle, mid-job and done, export a grid figure "
                       "into <dir>, then exit."),
        QStringLiteral("dir"));
    QCommandLineOption latencyMethodsOpt(
        QStringLiteral("latency-methods"),
        QStringLiteral("Methods for --measure-latency (default fgsm,ifgsm)."), QStringLiteral("list"),
        QStringLiteral("fgsm,ifgsm"));
    QCommandLineOption layoutOnlyOpt(
        QStringLiteral("layout-only"),
        QStringLiteral("With --screenshots: only the first triptych and the evaluation window (how the "
                       "windows fit a small or scaled screen), no long attack and no export."));
    QCommandLineOption latencyLoadsOpt(
        QStringLiteral("latency-loads"),
        QStringLiteral("Competing busy processes for --measure-latency, one pass each (default 0,1: idle, "
                       "then with one busy child process this program starts and kills)."),
        QStringLiteral("list"), QStringLiteral("0,1"));
    QCommandLineOption fragilityOnlyOpt(
        QStringLiteral("fragility-only"),
        QStringLiteral("With --screenshots: only the first triptych, the dataset scan (badges, histogram, "
                       "a bar's filter) and the live score matrix."));
    parser.addOptions(
        {latencyOpt, latencyMethodsOpt, latencyLoadsOpt, screenshotsOpt, layoutOnlyOpt, fragilityOnlyOpt});
    parser.process(app);
    if (const QString problem = startup.problem(parser); !problem.isEmpty()) {
        std::fprintf(stderr, "adversarial-lab-tools: %s\n", qPrintable(problem));
        return 2;
    }
    if (parser.isSet(latencyOpt) == parser.isSet(screenshotsOpt)) {
        std::fprintf(stderr,
                     "adversarial-lab-tools: give one of --measure-latency or --screenshots (see --help)\n");
        return 2;
    }
    {
        QSettings settings; // start from the defaults every time
        settings.clear();
    }

    advlab::initTorchRuntime();
    advlab::ui::MainWindow window;
    window.show();
    startup.open(window, parser);

    if (parser.isSet(latencyOpt)) {
        const int samples = std::max(1, parser.value(latencyOpt).toInt());
        const QStringList methods =
            parser.value(latencyMethodsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
        QList<int> loads;
        for (const QString& l : parser.value(latencyLoadsOpt).split(QLatin1Char(','), Qt::SkipEmptyParts))
            loads << std::clamp(l.toInt(), 0, 64);
        QTimer::singleShot(0, &window, [&window, samples, methods, loads] {
            advlab::ui::LatencyProbe probe(&window);
            QString error;
            int rc = 0;
            // The machine's load matters on a shared 2-core box: print it with the numbers.
            auto loadAverage = [] {
                QFile f(QStringLiteral("/proc/loadavg"));
                return f.open(QIODevice::ReadOnly)
                           ? QString::fromLatin1(f.readLine()).section(QLatin1Char(' '), 0, 2)
                           : QStringLiteral("n/a");
            };
            if (!probe.waitUntilReady(600000, &error)) {
                std::fprintf(stderr, "adversarial-lab-tools: %s\n", qPrintable(error));
                rc = 1;
            } else {
                std::printf("threads: %d, device: %s, image: %s, cores: %d, load average before: %s\n",
                            advlab::torchThreads(), qPrintable(window.engine()->deviceName()),
                            qPrintable(window.currentResult()->imageId), QThread::idealThreadCount(),
                            qPrintable(loadAverage()));
                using advlab::AttackMethod;
                for (int load : loads) {
                    // The competing load: `load` copies of this program spinning
                    // (--busy-loop), started here and killed after the pass.
                    std::vector<std::unique_ptr<QProcess>> busy;
                    for (int i = 0; i < load; ++i) {
                        auto p = std::make_unique<QProcess>();
                        p->start(QCoreApplication::applicationFilePath(), {QStringLiteral("--busy-loop")});
                        if (!p->waitForStarted(10000)) {
                            std::fprintf(stderr, "adversarial-lab-tools: cannot start the competing load\n");
                            rc = 1;
                        }
                        busy.push_back(std::move(p));
                    }
                    if (load > 0) {
                        // Let the load settle (and the thread policy see a full window of it).
                        advlab::ui::waitUntil([] { return false; }, 1500, 100);
                    }
                    std::printf("-- competing busy processes: %d, load average: %s\n", load,
                                qPrintable(loadAverage()));
                    for (const QString& m : methods) {
                        const auto method = advlab::parseMethod(m.toStdString());
                        if (!method) {
                            std::fprintf(stderr, "adversarial-lab-tools: unknown method %s\n", qPrintable(m));
                            rc = 2;
                            continue;
                        }
                        const int iterations = *method == AttackMethod::Fgsm ? 1 : 10;
                        const QString name =
                            QString::fromStdString(advlab::methodName(*method)) +
                            (iterations > 1 ? QStringLiteral(" %1 steps").arg(iterations) : QString());
                        const auto stats = probe.measure({name, int(*method), iterations}, samples, 600000);
                        std::printf("%s\n", qPrintable(advlab::ui::LatencyProbe::format(stats)));
                        std::fflush(stdout);
                    }
                    for (auto& p : busy) {
                        p->kill();
                        p->waitForFinished(5000);
                    }
                }
                std::printf("load average after: %s\n", qPrintable(loadAverage()));
            }
            QCoreApplication::exit(rc);
        });
    }
    if (parser.isSet(screenshotsOpt)) {
        const QString dir = parser.value(screenshotsOpt);
        const bool layoutOnly = parser.isSet(layoutOnlyOpt);
        const bool fragilityOnly = parser.isSet(fragilityOnlyOpt);
        QTimer::singleShot(0, &window, [&window, dir, layoutOnly, fragilityOnly] {
            advlab::ui::ScreenshotTour tour(&window, dir);
            QString error;
            const bool ok = layoutOnly      ? tour.runLayout(&error)
                            : fragilityOnly ? tour.runFragility(&error)
                                            : tour.run(&error);
            for (const QString& f : tour.written())
                std::printf("wrote %s\n", qPrintable(f));
            if (!ok)
                std::fprintf(stderr, "adversarial-lab-tools: %s\n", qPrintable(error));
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
