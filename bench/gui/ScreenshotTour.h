// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

namespace advlab::ui {

class MainWindow;

// `adversarial-lab-tools --screenshots`, for people and CI logs (scripts/screenshots.sh): drives the real
// window through its states and grabs the whole screen at each, as
// `import -window root` would: idle (first triptych done), mid-job (a long
// attack running, progress and Cancel showing), done, the perturbation view,
// then exports a grid figure of four images, and runs a small competition
// (its window, then a cell opened in the triptych).
class ScreenshotTour {
public:
    ScreenshotTour(MainWindow* window, QString outputDir);

    // Returns false with a message when a state is not reached in time.
    bool run(QString* error);
    // The short tour for screen sizes (scripts/screenshots.sh's laptop and
    // 200 % set-ups): the first triptych, then the evaluation window.
    bool runLayout(QString* error);
    // Issue 12 §4/§5 alone: the first triptych, then fragilityTour.
    bool runFragility(QString* error);
    const QStringList& written() const { return m_written; }

private:
    bool waitFor(const std::function<bool()>& done, int timeoutMs);
    bool grab(const QString& name, QString* error);
    // Exports `images` as DIR/name.png/.pdf through the window's export
    // controller and waits for it; the files join written().
    bool exportFigure(const QList<int>& images, const QString& name, const QString& what, QString* error);
    // Tools → Competition with two shell submissions: the matrix and a pair.
    bool competitionTour(QString* error);
    bool observersAndSaliency(QString* error);
    // Every triptych panel has each observer's line, none still pending.
    bool observersAnswered() const;
    // Tools → Scan dataset (minimal ε of FGSM): running, the badges sorted
    // most fragile first, the histogram, a bar's filter; then a score matrix
    // caught half filled in.
    bool fragilityTour(QString* error);

    MainWindow* m_window;
    QString m_dir;
    QStringList m_written;
};

} // namespace advlab::ui
