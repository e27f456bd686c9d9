// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ComputeEngine.h"
#include "FigureExtras.h"

#include <QString>
#include <QStringList>
#include <advlab/Categories.h>

namespace advlab::ui {

// Writes finished results to disk: the figure (PNG + PDF) or the adversarial
// PNGs with a CSV manifest. Touches no widgets, so MainWindow runs it on a
// short-lived thread and the window stays responsive while a large figure is
// encoded. Every file is written atomically.
class ExportWriter {
public:
    enum class Kind { Figure, Images };

    Kind kind = Kind::Figure;
    QStringList figureFiles; // Figure: the .png and the .pdf path
    QString directory;       // Images: output folder
    bool perturbation = false;
    QString modelName;
    Categories categories;
    TriptychResultList results;
    FigureExtras extras; // Figure: observer lines and attribution overlays

    // Returns an empty string on success, else the problem naming the file.
    QString write(QStringList* written) const;

private:
    QString writeFigure(QStringList* written) const;
    QString writeImages(QStringList* written) const;
};

} // namespace advlab::ui
