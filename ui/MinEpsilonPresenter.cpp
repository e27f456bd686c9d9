// SPDX-License-Identifier: GPL-3.0-or-later
#include "MinEpsilonPresenter.h"

#include "ComputeEngine.h"
#include "ExplorerSession.h"
#include "ObserverList.h"
#include "TriptychView.h"

#include <advlab/MinEpsilon.h>

namespace advlab::ui {

MinEpsilonPresenter::MinEpsilonPresenter(ComputeEngine* engine, ExplorerSession* session,
                                         TriptychView* triptych, QObject* parent)
    : QObject(parent), m_engine(engine), m_session(session), m_triptych(triptych) {
    connect(m_engine, &ComputeEngine::minEpsilonReady, this, [this](int index) {
        m_searching = -1;
        refresh();
        Q_EMIT searchFinished(index);
    });
    connect(m_engine, &ComputeEngine::minEpsilonFailed, this, [this](int, const QString& message) {
        m_searching = -1;
        refresh();
        Q_EMIT searchFailed(message);
    });
}

QString MinEpsilonPresenter::describe(int untargeted, int targeted, int maxEpsilon, const QString& settings) {
    auto value = [maxEpsilon](int e) {
        if (e == MinEpsilonResult::kNoAnswer)
            return tr("no answer (the model failed on the image)");
        return e < 0 ? QStringLiteral("> %1").arg(maxEpsilon) : QString::number(e);
    };
    return tr("Minimal ε: non-targeted %1 · targeted %2 (%3)")
        .arg(value(untargeted), value(targeted), settings);
}

void MinEpsilonPresenter::setJudge(const QString& key) {
    const QString next = key.isEmpty() ? QStringLiteral("none") : key;
    if (next == m_judge)
        return;
    m_judge = next;
    refresh();
}

bool MinEpsilonPresenter::findForCurrent(QString* error) {
    TriptychRequest request;
    QString problem;
    if (!m_session->hasCurrentImage())
        problem = tr("Select an image first.");
    else if (m_engine->modelPath().isEmpty() || m_engine->hasModelError())
        problem = tr("No model is loaded.");
    else
        m_session->buildRequest(m_session->currentIndex(), &request, &problem);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_searching = request.imageIndex;
    m_triptych->setMinimalEpsilonText(tr("Minimal ε: searching…"));
    m_engine->requestMinEpsilon(request, 64, m_judge);
    return true;
}

void MinEpsilonPresenter::refresh() {
    TriptychRequest request;
    QString problem;
    if (!m_session->hasCurrentImage() ||
        !m_session->buildRequest(m_session->currentIndex(), &request, &problem)) {
        m_triptych->setMinimalEpsilonText({});
        return;
    }
    if (const auto known = m_engine->knownMinEpsilon(request, m_judge)) {
        AttackConfig c = request.config;
        const int n = c.effectiveIterations();
        QString settings =
            QString::fromStdString(methodName(c.method)) + (n > 1 ? tr(", %1 steps").arg(n) : QString());
        if (m_judge != QLatin1String("none"))
            settings += tr(", judged by %1").arg(ObserverList::displayName(m_judge));
        m_triptych->setMinimalEpsilonText(
            describe(known->untargeted, known->targeted, known->maxEpsilon, settings));
    } else {
        m_triptych->setMinimalEpsilonText(m_searching == request.imageIndex ? tr("Minimal ε: searching…")
                                                                            : QString());
    }
}

} // namespace advlab::ui
