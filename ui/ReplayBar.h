// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QVector>
#include <QWidget>

class QLabel;
class QSlider;
class QTimer;
class QToolButton;

namespace advlab::ui {

// The step scrubber under the triptych (issue 12, attack replay): a play
// button, a slider over the kept steps and the step shown. Only the bar;
// ReplayController decides what the steps are and what they show.
class ReplayBar : public QWidget {
    Q_OBJECT

public:
    explicit ReplayBar(QWidget* parent = nullptr);

    // The kept steps (their numbers, ascending) out of `totalSteps`; shows the last.
    void setSteps(const QVector<int>& steps, int totalSteps);
    // Nothing to replay; `note` says why.
    void clear(const QString& note);
    int currentIndex() const;
    void setCurrentIndex(int index); // emits indexChanged when it changes
    bool isPlaying() const;
    void setPlayInterval(int ms);

    QSlider* slider() const { return m_slider; }
    QToolButton* playButton() const { return m_play; }
    QLabel* stepLabel() const { return m_label; }

Q_SIGNALS:
    void indexChanged(int index);

private:
    void togglePlay();
    void advance();
    void updateLabel();

    QToolButton* m_play;
    QSlider* m_slider;
    QLabel* m_label;
    QTimer* m_timer;
    QVector<int> m_steps;
    int m_total = 0;
};

} // namespace advlab::ui
