// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ObserverResult.h"
#include "TriptychResult.h"

#include <QMap>
#include <QObject>
#include <QSet>
#include <advlab/Categories.h>

namespace advlab::ui {

class ObserverEngine;
class ObserverList;
class TriptychView;
struct ObserverLine;

// Puts the observers' lines under the triptych's images (issue 12): once a
// result is shown (never before: the attacked model's answer comes first),
// asks the ObserverEngine for every observer's top-1 of the original and both
// adversarial images and fills each panel's lines with a mark: on the
// original "correct"/"wrong" against the true label, on the adversarial
// panels "fooled"/"not fooled" (top-1 ≠ / = the source label) and, on the
// targeted one, "hit" when the top-1 is the target.
class ObserverPresenter : public QObject {
    Q_OBJECT

public:
    ObserverPresenter(ObserverEngine* engine, ObserverList* list, TriptychView* triptych,
                      QObject* parent = nullptr);

    // Attack replay (issue 12 §3): the observers of the step images the
    // adversarial panels show now, marked against the shown result's labels.
    void showStepImages(int step, const Image8& untargeted, const Image8& targeted);

    // One observer's line for panel `column` (0 original, 1 non-targeted, 2 targeted).
    static ObserverLine lineFor(const ObserverPrediction& o, int column, int trueLabel, int sourceLabel,
                                int targetClass, const Categories& categories);

Q_SIGNALS:
    // Every panel shows the observers' answers for the shown result (or step).
    void linesUpdated();
    // An observer that cannot answer (bad model file): once per observer and message.
    void errorRaised(const QString& message);

private:
    void onResultShown(const TriptychResultPtr& result);
    void clearLines();
    void request(const std::vector<Image8>& images, const QList<int>& columns);
    void onReady(quint64 id, const ObserverRows& rows);

    ObserverEngine* m_engine;
    ObserverList* m_list;
    TriptychView* m_triptych;
    TriptychResultPtr m_result;
    quint64 m_pending = 0;
    QList<int> m_pendingColumns;
    QMap<int, Image8> m_pendingImages; // by column, of the pending request
    QSet<QString> m_reported;
};

} // namespace advlab::ui
