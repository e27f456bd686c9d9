// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace advlab::ui {

// One observer's line under a triptych image.
struct ObserverLine {
    QString name;      // "model tf_mobilenet_v2_imagenet", "JPEG q75"
    QString className; // the observer's top-1 ("" while pending or on error)
    int label = -1;    // 0-based top-1
    double confidence = 0.0;
    QString mark;    // "fooled", "not fooled", "hit", "correct", "wrong" or ""
    bool ok = false; // the mark's colour: green (the attack worked / the label is right) or red
    QString error;   // no prediction, and why
    bool pending = false;

    // "Observer model tf_mobilenet_v2_imagenet: predicted goldfish, 87.3%, not fooled"
    QString spoken() const;
};

// The observers' lines under one image of the triptych (issue 12): each
// observer's top-1 with its confidence and a fooled / hit mark. Each line is
// a QLabel named <panel>Observer<i> whose accessible name says it in words.
class ObserverLinesView : public QWidget {
    Q_OBJECT

public:
    explicit ObserverLinesView(const QString& panelName, QWidget* parent = nullptr);

    void setLines(const QList<ObserverLine>& lines);
    const QList<ObserverLine>& lines() const { return m_lines; }
    QLabel* lineLabel(int i) const { return m_labels.value(i); }
    int lineCount() const { return static_cast<int>(m_lines.size()); }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void render();

    QString m_panelName;
    QList<ObserverLine> m_lines;
    QList<QLabel*> m_labels;
    QVBoxLayout* m_layout;
};

} // namespace advlab::ui
