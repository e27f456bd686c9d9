// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScoreTable.h"

#include "Theme.h"

#include <QHeaderView>
#include <algorithm>

namespace advlab::ui {

namespace {

QColor blend(const QColor& to, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(1.0 + (to.redF() - 1.0) * t),
                            static_cast<float>(1.0 + (to.greenF() - 1.0) * t),
                            static_cast<float>(1.0 + (to.blueF() - 1.0) * t));
}

QTableWidgetItem* scoreItem(double value, const QColor& background) {
    auto* item = new QTableWidgetItem(QStringLiteral("%1%").arg(100.0 * value, 0, 'f', 1));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignCenter);
    item->setBackground(background);
    item->setForeground(Qt::black); // readable on the light shades in any theme
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

} // namespace

QColor ScoreTable::attackColour(double score) {
    return blend(theme::attackScore, 0.85 * score);
}
QColor ScoreTable::defenceColour(double score) {
    return blend(theme::defenceScore, 0.85 * score);
}

ScoreTable::ScoreTable(QWidget* parent) : QTableWidget(parent) {
    setObjectName(QStringLiteral("scoreTable"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    clearMatrix();
}

void ScoreTable::clearMatrix() {
    clear();
    setRowCount(0);
    setColumnCount(0);
    m_hasMatrix = false;
}

void ScoreTable::setHeaders(const std::vector<AttackConfig>& attackList,
                            const std::vector<DefenceConfig>& defenceList) {
    clear();
    const int defences = static_cast<int>(defenceList.size());
    const int attacks = static_cast<int>(attackList.size());
    setColumnCount(defences + 1);
    setRowCount(attacks + 2);
    QStringList columns;
    for (const auto& d : defenceList)
        columns << QString::fromStdString(d.describe());
    columns << tr("mean");
    setHorizontalHeaderLabels(columns);
    for (int c = 0; c < defences; ++c)
        horizontalHeaderItem(c)->setToolTip(
            QString::fromStdString(defenceList[static_cast<std::size_t>(c)].key()));
    QStringList rows;
    m_targeted.clear();
    for (const auto& a : attackList) {
        rows << QString::fromStdString(a.describe());
        m_targeted.push_back(a.targeted);
    }
    rows << tr("clean accuracy") << tr("defence score");
    setVerticalHeaderLabels(rows);
}

void ScoreTable::beginMatrix(const std::vector<AttackConfig>& attacks,
                             const std::vector<DefenceConfig>& defences) {
    setHeaders(attacks, defences);
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < columnCount(); ++c) {
            auto* pending = new QTableWidgetItem(QStringLiteral("…"));
            pending->setTextAlignment(Qt::AlignCenter);
            pending->setFlags(Qt::ItemIsEnabled);
            pending->setToolTip(tr("not computed yet"));
            setItem(r, c, pending);
        }
    m_hasMatrix = false;
}

void ScoreTable::setCell(const ScoreMatrixCell& cell) {
    const int attacks = rowCount() - 2;
    if (cell.defence < 0 || cell.defence >= columnCount() - 1 || cell.attack >= attacks)
        return;
    if (cell.attack < 0) {
        auto* c = scoreItem(cell.defenceAccuracy, defenceColour(cell.defenceAccuracy));
        c->setToolTip(tr("accuracy on the unmodified images"));
        setItem(attacks, cell.defence, c);
        return;
    }
    auto* item = scoreItem(cell.attackScore, attackColour(cell.attackScore));
    item->setToolTip(m_targeted[static_cast<std::size_t>(cell.attack)]
                         ? tr("fraction classified as the target class")
                         : tr("fraction misclassified"));
    setItem(cell.attack, cell.defence, item);
}

int ScoreTable::pendingCells() const {
    int n = 0;
    for (int r = 0; r < rowCount(); ++r)
        for (int c = 0; c < columnCount(); ++c)
            n += item(r, c) && !item(r, c)->data(Qt::UserRole).isValid() &&
                 item(r, c)->text() == QStringLiteral("…");
    return n;
}

void ScoreTable::setMatrix(const ScoreMatrix& m) {
    setHeaders(m.attacks, m.defences);
    const int defences = static_cast<int>(m.defences.size());
    const int attacks = static_cast<int>(m.attackScore.size());

    for (int a = 0; a < attacks; ++a) {
        const auto& scores = m.attackScore[static_cast<std::size_t>(a)];
        for (int d = 0; d < defences; ++d) {
            const double s = scores[static_cast<std::size_t>(d)];
            auto* item = scoreItem(s, attackColour(s));
            item->setToolTip(m.attacks[static_cast<std::size_t>(a)].targeted
                                 ? tr("fraction classified as the target class. Click: show this attack "
                                      "in the explorer under this defence")
                                 : tr("fraction misclassified. Click: show this attack in the explorer "
                                      "under this defence"));
            setItem(a, d, item);
        }
        const double mean = m.attackMeanScore[static_cast<std::size_t>(a)];
        setItem(a, defences, scoreItem(mean, attackColour(mean)));
    }
    for (int d = 0; d < defences; ++d) {
        const double clean = m.cleanAccuracy[static_cast<std::size_t>(d)];
        const double score = m.defenceScore[static_cast<std::size_t>(d)];
        auto* c = scoreItem(clean, defenceColour(clean));
        c->setToolTip(tr("accuracy on the unmodified images"));
        setItem(attacks, d, c);
        auto* s = scoreItem(score, defenceColour(score));
        s->setToolTip(tr("accuracy on the adversarial images of all attacks"));
        setItem(attacks + 1, d, s);
    }
    for (int r : {attacks, attacks + 1}) {
        auto* blank = new QTableWidgetItem();
        blank->setFlags(Qt::ItemIsEnabled);
        setItem(r, defences, blank);
    }
    m_hasMatrix = true;
}

} // namespace advlab::ui
