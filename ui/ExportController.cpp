// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExportController.h"

#include "ExplorerSession.h"
#include "ExportWriter.h"
#include "ObserverEngine.h"
#include "Plural.h"
#include "ReplayStepResult.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QMessageBox>
#include <QThread>
#include <advlab/OutputGuard.h>

namespace advlab::ui {

namespace {

QString stripFigureSuffix(QString base) {
    for (const char* s : {".png", ".pdf", ".PNG", ".PDF"})
        if (base.endsWith(QLatin1String(s)))
            base.chop(4);
    return base;
}

} // namespace

ExportController::ExportController(ComputeEngine* engine, ExplorerSession* session, QWidget* dialogParent)
    : QObject(dialogParent), m_engine(engine), m_session(session), m_dialogParent(dialogParent) {
    connect(m_engine, &ComputeEngine::batchReady, this, &ExportController::onBatchReady);
    connect(m_engine, &ComputeEngine::batchFailed, this, [this](quint64 id, const QString& message) {
        if (m_pending.remove(id))
            fail(tr("Export failed: %1").arg(message));
    });
    connect(m_engine, &ComputeEngine::batchCancelled, this, [this](quint64 id) {
        if (!m_pending.remove(id))
            return;
        Q_EMIT statusChanged(tr("Export cancelled; nothing was written."));
        Q_EMIT failed(tr("Export cancelled"));
    });
    connect(m_engine, &ComputeEngine::batchProgress, this, [this](int done, int total) {
        if (total > 0)
            Q_EMIT statusChanged(tr("Exporting: %1 of %2 attack steps").arg(done).arg(total));
    });
}

ExportController::~ExportController() {
    for (QThread* t : std::as_const(m_writerThreads))
        t->wait(); // an export in progress completes its files rather than leaving them half-written
}

void ExportController::fail(const QString& message, bool banner) {
    if (banner)
        Q_EMIT errorRaised(message);
    Q_EMIT failed(message);
}

bool ExportController::refuseDatasetFolder(const QString& path) {
    // The same check as the CLI's --out: the input dataset is never written to.
    const QString root = m_session->datasetRoot();
    if (root.isEmpty() || !isInsideFolder(path.toStdString(), root.toStdString()))
        return false;
    fail(tr("%1 is inside the dataset folder %2; nothing is ever written into a dataset. "
            "Choose another folder.")
             .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(root)));
    return true;
}

bool ExportController::confirmOverwrite(const QStringList& existing, Overwrite policy) {
    if (existing.isEmpty() || policy == Overwrite::Always)
        return true;
    if (policy == Overwrite::Never) {
        fail(tr("Not overwriting existing files: %1").arg(existing.join(QStringLiteral(", "))));
        return false;
    }
    const QStringList shown = existing.mid(0, 8);
    const auto answer =
        QMessageBox::question(m_dialogParent, tr("Overwrite files?"),
                              tr("%1 already exist:\n%2%3\n\nOverwrite?")
                                  .arg(countOf(existing.size(), "file", "files"), shown.join('\n'),
                                       existing.size() > shown.size() ? QStringLiteral("\n…") : QString()),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        Q_EMIT failed(tr("Export cancelled: files exist"));
        return false;
    }
    return true;
}

void ExportController::startBatch(const QList<int>& indices, Pending pending, const QString& what) {
    if (!m_session->dataset() || indices.isEmpty())
        return fail(tr("Nothing to export: select one or more images first."));
    if (m_engine->modelPath().isEmpty())
        return fail(tr("Nothing to export: no model is loaded."));
    QStringList skipped;
    const std::vector<TriptychRequest> requests = m_session->buildRequests(indices, &skipped);
    if (!skipped.isEmpty())
        Q_EMIT errorRaised(
            tr("Skipped %1:\n%2")
                .arg(countOf(skipped.size(), "unusable image", "unusable images"), skipped.join('\n')));
    if (requests.empty()) {
        Q_EMIT failed(tr("No usable images to export"));
        return;
    }
    const quint64 id = m_engine->requestBatch(requests);
    m_pending.insert(id, std::move(pending));
    Q_EMIT statusChanged(tr("%1: attacking %2…")
                             .arg(what, countOf(static_cast<qsizetype>(requests.size()), "image", "images")));
}

void ExportController::exportFigure(const QList<int>& indices, const QString& basePath, bool showPerturbation,
                                    Overwrite policy, ReplayFramePtr replayStep) {
    const QString base = stripFigureSuffix(basePath);
    Pending pending;
    pending.kind = Pending::Figure;
    pending.files = {base + QStringLiteral(".png"), base + QStringLiteral(".pdf")};
    pending.perturbation = showPerturbation;
    if (indices.size() == 1)
        pending.replayStep = std::move(replayStep);
    if (refuseDatasetFolder(pending.files.front()))
        return;
    // A folder (or FIFO, device) where a file should go is refused before any
    // work: otherwise the PNG was written and then the PDF failed.
    for (const QString& f : pending.files) {
        const QFileInfo info(f);
        if (info.exists() && !info.isFile())
            return fail(tr("%1 exists and is not a regular file (a folder?); choose another name.")
                            .arg(QDir::toNativeSeparators(f)));
    }
    QStringList existing;
    for (const QString& f : pending.files)
        if (QFileInfo::exists(f))
            existing << f;
    if (!confirmOverwrite(existing, policy))
        return;
    startBatch(indices, pending, tr("Exporting figure"));
}

void ExportController::saveAdversarialImages(const QList<int>& indices, const QString& dir,
                                             Overwrite policy) {
    const auto& dataset = m_session->dataset();
    if (!dataset)
        return startBatch({}, {}, QString());
    if (refuseDatasetFolder(dir))
        return;
    Pending pending;
    pending.kind = Pending::Images;
    pending.dir = dir;
    const QDir root(dir);
    QStringList existing;
    for (int i : indices) {
        if (i < 0 || i >= static_cast<int>(dataset->size()))
            continue;
        const QString id = QString::fromStdString(dataset->entry(static_cast<std::size_t>(i)).imageId);
        for (const char* sub : {"non_targeted", "targeted"}) {
            const QString f = root.filePath(QStringLiteral("%1/%2.png").arg(QLatin1String(sub), id));
            if (QFileInfo::exists(f))
                existing << f;
        }
    }
    const QString manifest = root.filePath(QStringLiteral("attack.csv"));
    if (QFileInfo::exists(manifest))
        existing << manifest;
    if (!confirmOverwrite(existing, policy))
        return;
    startBatch(indices, pending, tr("Saving adversarial images"));
}

void ExportController::setFigureExtras(ObserverEngine* observers, AttributionEngine* attribution,
                                       std::function<FigureExtrasSettings()> settings) {
    m_observerEngine = observers;
    m_attributionEngine = attribution;
    m_extrasSettings = std::move(settings);
}

void ExportController::onBatchReady(quint64 id, const TriptychResultList& results) {
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const Pending pending = *it;
    m_pending.erase(it);
    if (!pending.replayStep || results.size() != 1 || !results.front())
        return withExtras(pending, results);
    // A replay step: the frame's predictions came from the attack's gradient
    // pass (unrounded, and for DI or NI not even on this point), so the
    // step's 8-bit images are classified afresh by the attacked model (the
    // observer key "none") before the figure puts labels beside them.
    const ReplayFramePtr frame = pending.replayStep;
    const TriptychResultPtr finalResult = results.front();
    // A side the frame lacks (its attack came from the cache) keeps its final part.
    std::vector<Image8> images;
    std::vector<int> sides;
    for (int side : {0, 1}) {
        const Image8& image = side == 0 ? frame->untargeted : frame->targeted;
        if (!image.rgb.empty()) {
            images.push_back(image);
            sides.push_back(side);
        }
    }
    if (!m_observerEngine || images.empty())
        return withExtras(pending, {resultAtStep(*finalResult, *frame)});
    const quint64 request = m_observerEngine->request(images, {QStringLiteral("none")}, false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        connect(m_observerEngine, &ObserverEngine::ready, this,
                [this, request, connection, pending, frame, finalResult, sides](quint64 answered,
                                                                                const ObserverRows& rows) {
                    if (answered != request)
                        return;
                    disconnect(*connection);
                    std::optional<Prediction> exact[2];
                    for (std::size_t k = 0; k < sides.size(); ++k) {
                        const ObserverPrediction o = rows.value(static_cast<qsizetype>(k)).value(0);
                        if (!o.error.isEmpty() || !o.prediction.isValid())
                            return fail(tr("Export failed: classifying the replay step: %1")
                                            .arg(o.error.isEmpty() ? tr("no answer") : o.error));
                        exact[sides[k]] = o.prediction;
                    }
                    withExtras(pending, {resultAtStep(*finalResult, *frame, exact[0] ? &*exact[0] : nullptr,
                                                      exact[1] ? &*exact[1] : nullptr)});
                });
}

void ExportController::withExtras(const Pending& pending, const TriptychResultList& results) {
    const FigureExtrasSettings settings = m_extrasSettings ? m_extrasSettings() : FigureExtrasSettings{};
    if (pending.kind == Pending::Figure && settings.any() && m_observerEngine && m_attributionEngine) {
        // Observers and maps first, on the compute thread; then the files.
        auto* builder = new FigureExtrasBuilder(m_observerEngine, m_attributionEngine, this);
        connect(builder, &FigureExtrasBuilder::done, this,
                [this, builder, pending, results](const FigureExtras& extras) {
                    builder->deleteLater();
                    write(pending, results, extras);
                });
        connect(builder, &FigureExtrasBuilder::failed, this, [this, builder](const QString& message) {
            builder->deleteLater();
            fail(tr("Export failed: %1").arg(message));
        });
        Q_EMIT statusChanged(settings.attribution ? tr("Computing attribution maps and observers…")
                                                  : tr("Asking the observers…"));
        builder->start(results, settings,
                       m_session->dataset() ? m_session->dataset()->categories() : Categories());
        return;
    }
    write(pending, results, {});
}

void ExportController::write(const Pending& pending, const TriptychResultList& results,
                             const FigureExtras& extras) {
    auto writer = std::make_shared<ExportWriter>();
    writer->kind = pending.kind == Pending::Figure ? ExportWriter::Kind::Figure : ExportWriter::Kind::Images;
    writer->figureFiles = pending.files;
    writer->directory = pending.dir;
    writer->perturbation = pending.perturbation;
    const QString model = m_engine->modelPath();
    QStringList members;
    for (const QString& m : m_engine->memberPaths())
        members << QFileInfo(m).fileName();
    writer->modelName = model.isEmpty()          ? tr("no model")
                        : m_engine->isEnsemble() ? tr("ensemble %1").arg(members.join(QStringLiteral(" + ")))
                                                 : QFileInfo(model).fileName();
    writer->categories = m_session->dataset() ? m_session->dataset()->categories() : Categories();
    writer->results = results;
    writer->extras = extras;
    Q_EMIT statusChanged(tr("Writing files…"));

    // Encoding a multi-megapixel PNG and a PDF takes a moment: do it off the
    // GUI thread. The destructor waits for these threads, so `this` outlives them.
    QThread* thread = QThread::create([this, writer] {
        QStringList written;
        const QString error = writer->write(&written);
        QMetaObject::invokeMethod(
            this, [this, written, error] { onWritten(written, error); }, Qt::QueuedConnection);
    });
    m_writerThreads.push_back(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_writerThreads.removeAll(thread);
        thread->deleteLater();
    });
    thread->start();
}

void ExportController::onWritten(const QStringList& written, const QString& error) {
    if (!error.isEmpty())
        return fail(tr("Export failed: %1").arg(error));
    Q_EMIT statusChanged(describeWritten(written));
    Q_EMIT finished(written);
}

QString ExportController::describeWritten(const QStringList& files) {
    // Group by folder, in the order written: a folder of several files is
    // named with its count, a lone file by its own path.
    QStringList order;
    QMap<QString, QStringList> byDir;
    for (const QString& f : files) {
        const QString dir = QDir::toNativeSeparators(QFileInfo(f).absolutePath());
        if (!byDir.contains(dir))
            order << dir;
        byDir[dir] << QDir::toNativeSeparators(QFileInfo(f).absoluteFilePath());
    }
    QStringList places;
    for (const QString& dir : order) {
        const QStringList& inDir = byDir[dir];
        if (inDir.size() == 1) {
            places << inDir.front();
        } else {
            QStringList names;
            for (const QString& f : inDir)
                names << QFileInfo(f).fileName();
            places << (inDir.size() <= 2 ? tr("%1 in %2").arg(names.join(QStringLiteral(" and ")), dir)
                                         : tr("%1 in %2").arg(countOf(inDir.size(), "file", "files"), dir));
        }
    }
    return tr("Wrote %1: %2").arg(countOf(files.size(), "file", "files"), places.join(QStringLiteral("; ")));
}

} // namespace advlab::ui
