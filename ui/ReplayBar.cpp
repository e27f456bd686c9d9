// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReplayBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace advlab::ui {

ReplayBar::ReplayBar(QWidget* parent)
    : QWidget(parent), m_play(new QToolButton(this)), m_slider(new QSlider(Qt::Horizontal, this)),
      m_label(new QLabel(this)), m_timer(new QTimer(this)) {
    setObjectName(QStringLiteral("replayBar"));
    m_play->setObjectName(QStringLiteral("replayPlayButton"));
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_label->setObjectName(QStringLiteral("replayStepLabel"));
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_play->setToolTip(tr("Play the attack's steps"));
    m_play->setAccessibleName(tr("Play attack replay"));
    m_slider->setAccessibleName(tr("Attack step"));
    m_slider->setToolTip(tr("Step through the attack's iterations: image, top-5 and curve cursor follow"));
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_label->setMinimumWidth(m_label->fontMetrics().horizontalAdvance(tr("Replay: step 1000/1000")));
    m_timer->setInterval(300);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_play);
    row->addWidget(m_slider, 1);
    row->addWidget(m_label);
    connect(m_play, &QToolButton::clicked, this, &ReplayBar::togglePlay);
    connect(m_timer, &QTimer::timeout, this, &ReplayBar::advance);
    connect(m_slider, &QSlider::valueChanged, this, [this](int index) {
        updateLabel();
        Q_EMIT indexChanged(index);
    });
    clear(tr("Replay: no steps yet"));
}

void ReplayBar::setSteps(const QVector<int>& steps, int totalSteps) {
    m_timer->stop();
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_steps = steps;
    m_total = totalSteps;
    {
        const QSignalBlocker block(m_slider); // showing the last step is not a scrub
        m_slider->setRange(0, std::max(0, static_cast<int>(steps.size()) - 1));
        m_slider->setValue(m_slider->maximum());
    }
    const bool any = steps.size() > 1;
    m_slider->setEnabled(any);
    m_play->setEnabled(any);
    updateLabel();
}

void ReplayBar::clear(const QString& note) {
    m_timer->stop();
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_steps.clear();
    m_total = 0;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, 0);
    }
    m_slider->setEnabled(false);
    m_play->setEnabled(false);
    m_label->setText(note);
}

int ReplayBar::currentIndex() const {
    return m_slider->value();
}

void ReplayBar::setCurrentIndex(int index) {
    m_slider->setValue(index);
}

bool ReplayBar::isPlaying() const {
    return m_timer->isActive();
}

void ReplayBar::setPlayInterval(int ms) {
    m_timer->setInterval(ms);
}

void ReplayBar::togglePlay() {
    if (m_timer->isActive()) {
        m_timer->stop();
        m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        return;
    }
    if (m_slider->value() == m_slider->maximum())
        m_slider->setValue(0); // from the start again
    m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_timer->start();
}

void ReplayBar::advance() {
    if (m_slider->value() >= m_slider->maximum()) {
        m_timer->stop();
        m_play->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
        return;
    }
    m_slider->setValue(m_slider->value() + 1);
}

void ReplayBar::updateLabel() {
    const int i = m_slider->value();
    if (i < 0 || i >= m_steps.size())
        return;
    m_label->setText(tr("Replay: step %1/%2").arg(m_steps[i]).arg(m_total));
}

} // namespace advlab::ui
