// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnsembleDialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QObject>
#include <cmath>

namespace advlab::ui {

bool parseEnsembleWeights(const QString& text, int models, QList<float>* weights, QString* error) {
    weights->clear();
    if (text.trimmed().isEmpty())
        return true;
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != models) {
        *error = QObject::tr("%1 weights for %2 models: give one per model, or none for equal weights")
                     .arg(parts.size())
                     .arg(models);
        return false;
    }
    double sum = 0;
    for (const QString& part : parts) {
        bool ok = false;
        const float w = part.trimmed().toFloat(&ok);
        if (!ok || !std::isfinite(w) || w < 0.0f) {
            *error = QObject::tr("weight '%1' is not a number >= 0").arg(part.trimmed());
            weights->clear();
            return false;
        }
        sum += w;
        weights->append(w);
    }
    if (!(sum > 0)) {
        *error = QObject::tr("the weights sum to 0; at least one must be positive");
        weights->clear();
        return false;
    }
    return true;
}

bool askForEnsemble(QWidget* parent, const QString& startDir, EnsembleChoice* choice) {
    QFileDialog dialog(parent, QObject::tr("Attack with an ensemble — choose two or more models you trust"),
                       startDir, QObject::tr("TorchScript models (*.pt *.pth *.ts);;All files (*)"));
    dialog.setFileMode(QFileDialog::ExistingFiles);
    dialog.setLabelText(QFileDialog::Accept, QObject::tr("Next"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return false;
    choice->paths.clear();
    for (const QString& f : dialog.selectedFiles())
        choice->paths << QFileInfo(f).absoluteFilePath();
    QString names;
    for (const QString& p : choice->paths)
        names += QStringLiteral("\n  ") + QFileInfo(p).fileName();
    QString problem, text;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(
            parent, QObject::tr("Ensemble weights"),
            (problem.isEmpty() ? QString() : problem + QStringLiteral("\n\n")) +
                QObject::tr("Weights for%1\ncomma-separated, in this order (empty: equal):").arg(names),
            QLineEdit::Normal, text, &ok);
        if (!ok)
            return false;
        if (parseEnsembleWeights(text, static_cast<int>(choice->paths.size()), &choice->weights, &problem))
            return true;
    }
}

} // namespace advlab::ui
