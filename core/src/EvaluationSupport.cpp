// SPDX-License-Identifier: GPL-3.0-or-later
#include "EvaluationSupport.h"

#include <algorithm>

namespace advlab {

void DefenceModels::preload(const std::vector<DefenceConfig>& defences) {
    for (const auto& d : defences)
        modelFor(d);
}

const Classifier& DefenceModels::modelFor(const DefenceConfig& defence) {
    if (!defence.usesOwnModel())
        return m_source;
    auto it = m_loaded.find(defence.modelPath);
    if (it == m_loaded.end()) {
        const bool cuda = m_source.deviceName().rfind("cuda", 0) == 0;
        it =
            m_loaded
                .emplace(defence.modelPath, Classifier::load(defence.modelPath, cuda ? DevicePreference::Cuda
                                                                                     : DevicePreference::Cpu))
                .first;
    }
    return it->second;
}

std::vector<Prediction> classifyDefended(const Classifier& model, const std::vector<Image8>& images,
                                         const DefenceConfig& defence, int batchSize,
                                         const CancelToken* cancel, const std::function<void()>& afterBatch) {
    std::vector<Prediction> out;
    out.reserve(images.size());
    const std::size_t step = static_cast<std::size_t>(std::max(1, batchSize));
    for (std::size_t begin = 0; begin < images.size(); begin += step) {
        if (cancel && cancel->isCancelled())
            return {};
        const std::size_t end = std::min(images.size(), begin + step);
        std::vector<Image8> batch;
        batch.reserve(end - begin);
        for (std::size_t i = begin; i < end; ++i)
            batch.push_back(applyDefence(images[i], defence));
        auto preds = model.classify(batch, static_cast<int>(batch.size()), cancel);
        if (preds.size() != batch.size())
            return {}; // cancelled inside classify
        std::move(preds.begin(), preds.end(), std::back_inserter(out));
        if (afterBatch)
            afterBatch();
    }
    return out;
}

bool scoresWithAttackedModel(const DefenceConfig& defence) {
    return defence.isAttackedModelAlone();
}

int batchCount(std::size_t items, int batchSize) {
    const std::size_t b = static_cast<std::size_t>(std::max(1, batchSize));
    return static_cast<int>((items + b - 1) / b);
}

double fractionEqual(const std::vector<Prediction>& predictions, const std::vector<int>& expected) {
    return equalTally(predictions, expected).fraction();
}

Tally equalTally(const std::vector<Prediction>& predictions, const std::vector<int>& expected) {
    long long hits = 0, counted = 0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (!predictions[i].isValid())
            continue; // failed (NaN from the model): neither a hit nor a miss
        ++counted;
        hits += i < expected.size() && expected[i] >= 0 && predictions[i].label() == expected[i] ? 1 : 0;
    }
    return {hits, counted};
}

} // namespace advlab
