// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTableWidget>
#include <advlab/ScoreMatrix.h>

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
    // The live table of a running matrix: the headers with every cell
    // pending ("…"), then each cell as it finishes (the means follow with
    // the final setMatrix).
    void beginMatrix(const std::vector<AttackConfig>& attacks, const std::vector<DefenceConfig>& defences);
    void setCell(const ScoreMatrixCell& cell);
    int pendingCells() const;
    void clearMatrix();
    bool hasMatrix() const { return m_hasMatrix; }

    static QColor attackColour(double score);  // white -> red
    static QColor defenceColour(double score); // white -> green

private:
    void setHeaders(const std::vector<AttackConfig>& attacks, const std::vector<DefenceConfig>& defences);

    bool m_hasMatrix = false;
    std::vector<bool> m_targeted; // per attack row, for the tooltips
};

} // namespace advlab::ui
