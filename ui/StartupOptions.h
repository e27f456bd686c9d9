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
    void addTo(QCommandLineParser& parser) const;
    // Opens the flagged (or default) dataset and model in `window`, and
    // selects the --image index once the dataset has opened.
    void open(MainWindow& window, const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_dataset, m_model, m_image;
};

} // namespace advlab::ui
