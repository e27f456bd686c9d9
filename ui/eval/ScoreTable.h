// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <advlab/ScoreMatrix.h>

#include <QTableWidget>

namespace advlab::ui {

// The attacks x defences score matrix as a colour-coded table. Attack rows
// shade from white (score 0) to red (1): red is where the attack wins. The
// "clean accuracy" and "defence score" rows shade from white to green: green
// is where the defence wins.
class ScoreTable : public QTableWidget {
    Q_OBJECT

public:
    explicit ScoreTable(QWidget* parent = nullptr);

    void setMatrix(const ScoreMatrix& matrix);
    void clearMatrix();
    bool hasMatrix() const { return m_hasMatrix; }

    static QColor attackColour(double score);  // white -> red
    static QColor defenceColour(double score); // white -> green

private:
    bool m_hasMatrix = false;
};

} // namespace advlab::ui
