// SPDX-License-Identifier: GPL-3.0-or-later
// adversarial-lab: the desktop explorer. Finds the dataset and model like the
// CLI does (--dataset/--model, then ADVLAB_DATASET/ADVLAB_MODEL or
// remembered setting, then the bundled data) and opens them. The benchmark and
// screenshot drivers are a separate program: adversarial-lab-tools (bench/gui).
#include "MainWindow.h"
#include "QuitSignals.h"
#include "StartupOptions.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <advlab/TorchRuntime.h>
#include <advlab/Version.h>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    advlab::ui::StartupOptions::allowHelpWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Adversarial Lab"));
    QApplication::setOrganizationName(QStringLiteral("AdversarialLab"));
    QApplication::setApplicationVersion(QStringLiteral(ADVLAB_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/adversarial-lab-128.png")));
    QApplication::setDesktopFileName(QStringLiteral("adversarial-lab"));
    advlab::ui::theme::applyStyle(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Explore adversarial examples (FGSM to VMI-FGSM, ensembles, defences) on ImageNet "
                       "classifiers."));
    parser.addHelpOption();
    parser.addVersionOption();
    const advlab::ui::StartupOptions startup;
    startup.addTo(parser);
    parser.process(app);
    if (const QString problem = startup.problem(parser); !problem.isEmpty()) {
        std::fprintf(stderr, "adversarial-lab: %s\n", qPrintable(problem));
        return 2;
    }

    advlab::initTorchRuntime();
    advlab::ui::MainWindow window;
    window.show();
    startup.open(window, parser);
    advlab::ui::quitOnSignals([&window] { window.close(); });

    const int rc = QApplication::exec();
    // Settings are saved (closeEvent). A compute thread stuck inside one long
    // forward pass cannot be cancelled or joined: give it a moment, then
    // leave without it rather than hang with the window gone.
    if (!window.stopWorkers(3000)) {
        std::fprintf(stderr,
                     "adversarial-lab: the model is still inside a forward pass; exiting without it\n");
        std::fflush(nullptr);
        std::_Exit(rc);
    }
    return rc;
}
