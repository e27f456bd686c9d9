// SPDX-License-Identifier: GPL-3.0-or-later
#include "ObserverEngine.h"

#include "ComputeEngine.h"

#include <QCryptographicHash>
#include <QMetaObject>
#include <advlab/Defence.h>
#include <advlab/ObserverModels.h>
#include <exception>
#include <stdexcept>

namespace advlab::ui {

namespace {

struct Missing {
    int image;
    int observer;
};

// The defence key parsed once on the GUI thread: a bad key is answered
// without a job, with a message naming it.
struct ParsedKey {
    QString key;
    QString name;
    QString error;
    bool ownModel = false;
};

ParsedKey parse(const QString& key) {
    ParsedKey p;
    p.key = key;
    try {
        const DefenceConfig d = parseDefence(key.toStdString());
        p.name = QString::fromStdString(d.describe());
        p.ownModel = d.usesOwnModel();
    } catch (const std::exception& e) {
        p.name = key;
        p.error = QString::fromStdString(e.what());
    }
    return p;
}

} // namespace

ObserverEngine::ObserverEngine(ComputeEngine* engine)
    : QObject(engine), m_engine(engine), m_models(std::make_shared<ObserverModels>()) {
    qRegisterMetaType<ObserverRows>();
    connect(engine, &ComputeEngine::triptychStarted, this, &ObserverEngine::cancelInteractive);
}

void ObserverEngine::cancelInteractive() {
    m_requests.cancel();
}

ObserverEngine::~ObserverEngine() = default;

QByteArray ObserverEngine::imageDigest(const Image8& image) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const int size[2] = {image.width, image.height};
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(size), sizeof size));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(image.rgb.data()),
                                static_cast<qsizetype>(image.rgb.size())));
    return hash.result();
}

QString ObserverEngine::cacheKey(const QByteArray& digest, const QString& key) const {
    // A key without a model of its own watches with the attacked model.
    const bool ownModel = parse(key).ownModel;
    return QString::fromLatin1(digest.toHex()) + QLatin1Char('\n') + key +
           (ownModel ? QString() : QLatin1Char('\n') + m_engine->modelPath());
}

std::optional<ObserverRows> ObserverEngine::cached(const std::vector<Image8>& images,
                                                   const QStringList& keys) const {
    ObserverRows rows;
    for (const Image8& im : images) {
        const QByteArray digest = imageDigest(im);
        ObserverRow row;
        for (const QString& key : keys) {
            const auto it = m_cache.constFind(cacheKey(digest, key));
            if (it == m_cache.constEnd())
                return std::nullopt;
            row << *it;
        }
        rows << row;
    }
    return rows;
}

quint64 ObserverEngine::request(const std::vector<Image8>& images, const QStringList& keys,
                                bool interactive) {
    const quint64 id = m_requests.begin(interactive);
    std::vector<ParsedKey> parsed;
    for (const QString& key : keys)
        parsed.push_back(parse(key));

    auto rows = std::make_shared<ObserverRows>();
    std::vector<QString> cacheKeys;
    std::vector<Missing> missing;
    for (int i = 0; i < static_cast<int>(images.size()); ++i) {
        const QByteArray digest = imageDigest(images[static_cast<std::size_t>(i)]);
        ObserverRow row;
        for (int k = 0; k < static_cast<int>(parsed.size()); ++k) {
            const ParsedKey& p = parsed[static_cast<std::size_t>(k)];
            ObserverPrediction o;
            o.key = p.key;
            o.name = p.name;
            o.error = p.error;
            const QString ck = cacheKey(digest, p.key);
            cacheKeys.push_back(ck);
            if (o.error.isEmpty()) {
                const auto it = m_cache.constFind(ck);
                if (it != m_cache.constEnd())
                    o = *it;
                else
                    missing.push_back({i, k});
            }
            row << o;
        }
        *rows << row;
    }
    if (missing.empty()) {
        QMetaObject::invokeMethod(
            this, [this, id, rows] { Q_EMIT ready(id, *rows); }, Qt::QueuedConnection);
        return id;
    }

    ++m_jobsRun;
    auto models = m_models;
    auto work = [this, models, images, parsed, missing, rows, cacheKeys, id,
                 interactive](const Classifier* attacked, const QString&, const CancelToken& token) {
        // Per observer: its missing images in one call, so its model loads once.
        std::vector<std::pair<Missing, ObserverPrediction>> answers;
        bool wasCancelled = token.isCancelled();
        for (std::size_t k = 0; k < parsed.size() && !wasCancelled; ++k) {
            std::vector<Image8> batch;
            std::vector<Missing> which;
            for (const Missing& m : missing)
                if (m.observer == static_cast<int>(k)) {
                    batch.push_back(images[static_cast<std::size_t>(m.image)]);
                    which.push_back(m);
                }
            if (batch.empty())
                continue;
            std::vector<Prediction> preds;
            QString error;
            try {
                if (!attacked)
                    throw std::runtime_error("no model is loaded");
                preds = models->classify(*attacked, parsed[k].key.toStdString(), batch, &token);
                if (preds.size() != batch.size())
                    wasCancelled = true;
            } catch (const std::exception& e) {
                error =
                    QStringLiteral("observer %1: %2").arg(parsed[k].key, QString::fromStdString(e.what()));
            }
            for (std::size_t j = 0; j < which.size() && !wasCancelled; ++j) {
                ObserverPrediction o;
                o.key = parsed[k].key;
                o.name = parsed[k].name;
                o.error = error;
                if (error.isEmpty())
                    o.prediction = preds[j];
                answers.emplace_back(which[j], o);
            }
        }
        m_engine->postToGui([this, answers, rows, cacheKeys, id, interactive, wasCancelled, parsed] {
            if (!wasCancelled)
                for (const auto& [m, o] : answers) {
                    (*rows)[m.image][m.observer] = o;
                    if (o.error.isEmpty())
                        m_cache.insert(cacheKeys[static_cast<std::size_t>(m.image) * parsed.size() +
                                                 static_cast<std::size_t>(m.observer)],
                                       o);
                }
            if (!m_requests.wanted(id, interactive))
                return; // a newer interactive request owns the display
            if (wasCancelled)
                Q_EMIT cancelled(id);
            else
                Q_EMIT ready(id, *rows);
        });
    };
    m_requests.started(id, m_engine->runWithModel(std::move(work)));
    return id;
}

} // namespace advlab::ui
