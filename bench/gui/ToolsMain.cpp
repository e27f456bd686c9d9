// SPDX-License-Identifier: GPL-3.0-or-later
// adversarial-lab-tools: the explorer window driven by a program, not a
// person. --measure-latency is the GUI benchmark (slider release to updated
// triptych); --screenshots is the check scripts/screenshots.sh runs. Kept
// out of the product: adversarial-lab itself is main() around MainWindow.
#include "LatencyProbe.h"
#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "StartupOptions.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QThread>
#include <QTimer>
#include <advlab/AttackConfig.h>
#include <advlab/TorchRuntime.h>
#include <advlab/Version.h>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
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
    QCommandLineOption fragilityOnlyOpt(
        QStringLiteral("fragility-only"),
        QStringLiteral("With --screenshots: only the first triptych, the dataset scan (badges, histogram, "
                       "a bar's filter) and the live score matrix."));
    parser.addOptions({latencyOpt, latencyMethodsOpt, screenshotsOpt, layoutOnlyOpt, fragilityOnlyOpt});
    parser.process(app);
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
        QTimer::singleShot(0, &window, [&window, samples, methods] {
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
