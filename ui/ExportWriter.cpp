// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportWriter.h"

#include "CategoryId.h"
#include "FigureRenderer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <advlab/CsvWriter.h>
#include <advlab/ImageIo.h>
#include <exception>

namespace advlab::ui {

namespace {
QString csvField(const QString& s) {
    return QString::fromStdString(CsvWriter::quote(s.toStdString()));
}
} // namespace

QString ExportWriter::write(QStringList* written) const {
    return kind == Kind::Figure ? writeFigure(written) : writeImages(written);
}

QString ExportWriter::writeFigure(QStringList* written) const {
    FigureRenderer figure(results, categories, modelName, perturbation);
    figure.setExtras(extras);
    QString error;
    if (!figure.writePng(figureFiles.value(0), &error))
        return error;
    *written << figureFiles.value(0);
    if (!figure.writePdf(figureFiles.value(1), &error)) {
        // The figure is the pair: no PNG without its PDF.
        QFile::remove(figureFiles.value(0));
        written->clear();
        return error;
    }
    *written << figureFiles.value(1);
    return {};
}

QString ExportWriter::writeImages(QStringList* written) const {
    const QDir root(directory);
    if (!root.mkpath(QStringLiteral("non_targeted")) || !root.mkpath(QStringLiteral("targeted")))
        return QCoreApplication::translate("ExportWriter", "%1: cannot create the output folders")
            .arg(directory);
    QString csv = QStringLiteral("ImageId,TrueLabel,TargetClass,Attack,Epsilon,Iterations,NonTargetedLabel,"
                                 "NonTargetedConfidence,NonTargetedLinf,TargetedLabel,TargetedConfidence,"
                                 "TargetedLinf,TargetHit\n");
    for (const auto& r : results) {
        try {
            for (const auto& [sub, part] :
                 {std::pair{"non_targeted", r->untargeted}, std::pair{"targeted", r->targeted}}) {
                if (!part)
                    continue;
                const QString f =
                    root.filePath(QStringLiteral("%1/%2.png").arg(QLatin1String(sub), r->imageId));
                writePngAtomic(f.toStdString(), part->image);
                *written << f;
            }
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
        const auto& u = r->untargeted;
        const auto& t = r->targeted;
        csv += QStringList{csvField(r->imageId),
                           categoryId(r->trueLabel),
                           categoryId(r->targetClass()),
                           csvField(QString::fromStdString(methodName(r->config.method))),
                           QString::number(r->config.epsilon),
                           QString::number(r->config.effectiveIterations()),
                           categoryId(u ? u->prediction.label() : -1),
                           QString::number(u ? u->prediction.confidence() : 0.0f),
                           QString::number(u ? u->linf : 0),
                           categoryId(t ? t->prediction.label() : -1),
                           QString::number(t ? t->prediction.confidence() : 0.0f),
                           QString::number(t ? t->linf : 0),
                           t && t->prediction.label() == t->targetClass ? QStringLiteral("1")
                                                                        : QStringLiteral("0")}
                   .join(QLatin1Char(',')) +
               QLatin1Char('\n');
    }
    const QString manifest = root.filePath(QStringLiteral("attack.csv"));
    try {
        writeFileAtomic(manifest.toStdString(), csv.toStdString());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    *written << manifest;
    return {};
}

} // namespace advlab::ui
