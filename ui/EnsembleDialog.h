// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QWidget;

namespace advlab::ui {

// "Attack with an ensemble…": pick two or more TorchScript models and,
// optionally, one weight each (Dong et al. 2018, logit fusion; core's
// Classifier::ensemble normalises them). Two standard dialogs, no widget
// of its own.
struct EnsembleChoice {
    QStringList paths;    // absolute
    QList<float> weights; // empty: equal
};

// Asks the user; false when cancelled. A bad weight list is asked again
// with the problem shown.
bool askForEnsemble(QWidget* parent, const QString& startDir, EnsembleChoice* choice);

// "1, 3" -> {1, 3} for `models` models; "" -> {} (equal). False and
// `error` for a wrong count, a value that is not a number, a negative or
// non-finite one, or all zero.
bool parseEnsembleWeights(const QString& text, int models, QList<float>* weights, QString* error);

} // namespace advlab::ui
