// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>

class QCommandLineParser;

namespace advlab::ui {

class MainWindow;

// The window's own command-line options (--dataset, --model, --image), shared
// by adversarial-lab and the programs that drive its window
// (adversarial-lab-tools), so both open the same data the same way.
class StartupOptions {
public:
    StartupOptions();
    // Call before QApplication: --help and --version need no display, so for
    // them the offscreen platform is used (without one, Qt aborted with "could
    // not load the Qt platform plugin" before printing the help).
    static void allowHelpWithoutDisplay(int argc, char** argv);
    void addTo(QCommandLineParser& parser) const;
    // What is wrong with the options' values ("" when nothing): checked before
    // the window opens. (--image must be a non-negative integer.)
    QString problem(const QCommandLineParser& parser) const;
    // Opens the flagged (or default) dataset and model in `window`, and
    // selects the --image index once the dataset has opened.
    void open(MainWindow& window, const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_dataset, m_model, m_image;
};

} // namespace advlab::ui
