// SPDX-License-Identifier: GPL-3.0-or-later
#include "CompetitionEngine.h"

#include <advlab/Classifier.h>
#include <advlab/Dataset.h>
#include <advlab/Errors.h>
#include <filesystem>

namespace advlab::ui {

CompetitionEngine::CompetitionEngine(QObject* parent) : QObject(parent), m_worker(this) {
    qRegisterMetaType<advlab::ui::CompetitionResultPtr>();
}

CompetitionEngine::~CompetitionEngine() = default;

void CompetitionEngine::start(const CompetitionJob& job) {
    m_worker.start([this, job](const CancelToken& token, const LatestJobWorker::Report& report) {
        try {
            const Dataset ds = Dataset::open(job.datasetPath.toStdString());
            CompetitionImages images;
            for (std::size_t i = 0;
                 i < ds.size() && images.images.size() < static_cast<std::size_t>(job.imageLimit); ++i) {
                if (token.isCancelled())
                    break;
                try {
                    images.images.push_back(ds.loadImage(i));
                    images.ids.push_back(ds.entry(i).imageId);
                    images.labels.push_back(ds.entry(i).trueLabel);
                    images.targets.push_back(ds.entry(i).targetClass);
                } catch (const DataError&) {
                }
            }
            if (token.isCancelled()) {
                report([this] {
                    finish();
                    Q_EMIT cancelled();
                });
                return;
            }
            if (images.images.empty())
                throw DataError(job.datasetPath.toStdString(), 0, "no readable images");
            const Classifier model = Classifier::load(job.modelPath.toStdString());
            CompetitionRequest req = job.request;
            req.guardedFolders.push_back(std::filesystem::absolute(ds.root()).lexically_normal().string());
            CompetitionResult r = runCompetition(
                model, images, req,
                [&](const CompetitionProgress& p) {
                    const QString stage = QString::fromStdString(p.stage);
                    report([this, p, stage] { Q_EMIT progress(p.done, p.total, stage); });
                },
                [&](const CompetitionResult& partial) {
                    auto copy = std::make_shared<const CompetitionResult>(partial);
                    report([this, copy] { Q_EMIT batchFinished(copy); });
                },
                &token);
            if (!r.cancelled)
                writeCompetitionResult(r, req.runDir);
            auto result = std::make_shared<const CompetitionResult>(std::move(r));
            report([this, result] {
                finish();
                if (result->cancelled)
                    Q_EMIT cancelled();
                else
                    Q_EMIT finished(result);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromStdString(e.what());
            report([this, message] {
                finish();
                Q_EMIT failed(message.isEmpty() ? tr("unknown error") : message);
            });
        }
    });
}

void CompetitionEngine::cancel() {
    m_worker.cancel();
}

void CompetitionEngine::finish() {
    m_worker.finish();
}

} // namespace advlab::ui
