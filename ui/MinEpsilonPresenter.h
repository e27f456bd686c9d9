// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace advlab::ui {

class ComputeEngine;
class ExplorerSession;
class TriptychView;

// The triptych's "minimal ε" line: asks the compute thread to search the
// current image (core's runMinEpsilon, non-targeted and targeted with the
// current settings) and shows the answer whenever the image and settings it
// was found for are on screen again. The engine remembers the answers.
class MinEpsilonPresenter : public QObject {
    Q_OBJECT

public:
    MinEpsilonPresenter(ComputeEngine* engine, ExplorerSession* session, TriptychView* triptych,
                        QObject* parent = nullptr);

    // Starts the search for the current image; false (and `error`) when there
    // is nothing to search.
    bool findForCurrent(QString* error = nullptr);
    // Shows the known answer for the current image and settings, or nothing.
    void refresh();
    bool isSearching() const { return m_searching >= 0; }

    // Whose decision counts (Scan dataset → Judged by): "none", the attacked
    // model, or an observer's defence key. Shows that judge's known answer.
    void setJudge(const QString& key);
    QString judge() const { return m_judge; }
    // "Minimal ε: non-targeted 3 · targeted 9 (I-FGSM, 10 steps)"; "> 64" when not found.
    static QString describe(int untargeted, int targeted, int maxEpsilon, const QString& settings);

Q_SIGNALS:
    void searchFinished(int imageIndex);
    void searchFailed(const QString& message);

private:
    ComputeEngine* m_engine;
    ExplorerSession* m_session;
    TriptychView* m_triptych;
    int m_searching = -1; // image index being searched, -1 when idle
    QString m_judge = QStringLiteral("none");
};

} // namespace advlab::ui
