// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QWidget>

namespace advlab::ui {

class ColourMap;

// A horizontal colour bar of a ColourMap with its two ends labelled
// ("low" … "high attribution"), the legend of the attribution overlay.
class ColourBarLegend : public QWidget {
    Q_OBJECT

public:
    explicit ColourBarLegend(const ColourMap& colours, QWidget* parent = nullptr);
    void setLabels(const QString& low, const QString& high);
    QRect barRect() const; // where the bar is painted: its left end is the map's 0, its right end 1

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    const ColourMap& m_colours;
    QString m_low, m_high;
};

} // namespace advlab::ui
