// SPDX-License-Identifier: GPL-3.0-or-later
#include "ObserverPresenter.h"

#include "ImagePanel.h"
#include "ObserverEngine.h"
#include "ObserverLinesView.h"
#include "ObserverList.h"
#include "TriptychView.h"

#include <QMap>

namespace advlab::ui {

ObserverPresenter::ObserverPresenter(ObserverEngine* engine, ObserverList* list, TriptychView* triptych,
                                     QObject* parent)
    : QObject(parent), m_engine(engine), m_list(list), m_triptych(triptych) {
    connect(triptych, &TriptychView::resultShown, this, &ObserverPresenter::onResultShown);
    connect(triptych, &TriptychView::resultCleared, this, [this] {
        m_result.reset();
        m_pending = 0;
        clearLines();
    });
    connect(list, &ObserverList::changed, this, [this] {
        if (m_result)
            onResultShown(m_result);
        else
            clearLines();
    });
    connect(engine, &ObserverEngine::ready, this, &ObserverPresenter::onReady);
}

ObserverLine ObserverPresenter::lineFor(const ObserverPrediction& o, int column, int trueLabel,
                                        int sourceLabel, int targetClass, const Categories& categories) {
    ObserverLine line;
    line.name = o.name.isEmpty() ? ObserverList::displayName(o.key) : o.name;
    if (!o.isValid()) {
        line.error = o.error.isEmpty() ? QString::fromStdString(o.prediction.failure) : o.error;
        if (line.error.isEmpty())
            line.error = tr("no prediction");
        return line;
    }
    line.label = o.prediction.label();
    line.className = QString::fromStdString(categories.label(line.label));
    line.confidence = o.prediction.confidence();
    if (column == 0) {
        if (trueLabel >= 0) {
            line.ok = line.label == trueLabel;
            line.mark = line.ok ? tr("correct") : tr("wrong");
        }
    } else if (column == 2 && targetClass >= 0 && line.label == targetClass) {
        line.ok = true;
        line.mark = tr("hit");
    } else {
        line.ok = line.label != sourceLabel; // the attack transferred
        line.mark = line.ok ? tr("fooled") : tr("not fooled");
    }
    return line;
}

void ObserverPresenter::clearLines() {
    for (int c = 0; c < 3; ++c)
        m_triptych->panel(c)->observers()->setLines({});
}

void ObserverPresenter::onResultShown(const TriptychResultPtr& result) {
    m_result = result;
    if (!result || m_list->keys().isEmpty()) {
        m_pending = 0;
        clearLines();
        return;
    }
    std::vector<Image8> images;
    QList<int> columns;
    for (int c = 0; c < 3; ++c) {
        const Image8 im = m_triptych->panelImage(c);
        if (im.isNull()) {
            m_triptych->panel(c)->observers()->setLines({});
            continue;
        }
        images.push_back(im);
        columns << c;
    }
    request(images, columns);
}

void ObserverPresenter::showStepImages(int, const Image8& untargeted, const Image8& targeted) {
    if (!m_result || m_list->keys().isEmpty())
        return;
    std::vector<Image8> images;
    QList<int> columns;
    if (!untargeted.isNull()) {
        images.push_back(untargeted);
        columns << 1;
    }
    if (!targeted.isNull()) {
        images.push_back(targeted);
        columns << 2;
    }
    request(images, columns);
}

void ObserverPresenter::request(const std::vector<Image8>& images, const QList<int>& columns) {
    const QStringList keys = m_list->keys();
    // Pending lines at once: the previous image's answers must not stand
    // under the new one, and the same number of lines keeps the layout still.
    QList<ObserverLine> pending;
    for (const QString& k : keys) {
        ObserverLine l;
        l.name = ObserverList::displayName(k);
        l.pending = true;
        pending << l;
    }
    for (int c : columns)
        m_triptych->panel(c)->observers()->setLines(pending);
    // The engine drops a superseded interactive request's answer, so a
    // column still waiting for the previous request (e.g. the original,
    // when the replay asks for its step images right after a result) rides
    // along with this one instead of staying pending for ever.
    QMap<int, Image8> wanted;
    if (m_pending != 0)
        wanted = m_pendingImages;
    for (int i = 0; i < columns.size() && i < static_cast<int>(images.size()); ++i)
        wanted.insert(columns[i], images[static_cast<std::size_t>(i)]);
    std::vector<Image8> all;
    m_pendingColumns.clear();
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        m_pendingColumns << it.key();
        all.push_back(it.value());
    }
    m_pendingImages = wanted;
    m_pending = m_engine->request(all, keys, true);
}

void ObserverPresenter::onReady(quint64 id, const ObserverRows& rows) {
    if (id != m_pending || !m_result)
        return;
    m_pending = 0;
    m_pendingImages.clear();
    const TriptychResult& r = *m_result;
    // Every observer's problem in one banner: one message each replaced the
    // last, so only the last bad observer was ever named.
    QStringList newErrors;
    for (int i = 0; i < rows.size() && i < m_pendingColumns.size(); ++i) {
        const int column = m_pendingColumns[i];
        QList<ObserverLine> lines;
        for (const ObserverPrediction& o : rows[i]) {
            lines << lineFor(o, column, r.trueLabel, r.sourceLabel(), r.targetClass(),
                             m_triptych->categories());
            if (!o.error.isEmpty() && !m_reported.contains(o.key + o.error)) {
                m_reported.insert(o.key + o.error);
                newErrors << o.error;
            }
        }
        m_triptych->panel(column)->observers()->setLines(lines);
    }
    if (!newErrors.isEmpty())
        Q_EMIT errorRaised(newErrors.join(QLatin1Char('\n')));
    Q_EMIT linesUpdated();
}

} // namespace advlab::ui
