// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/ObserverModels.h"

#include "EvaluationSupport.h"
#include "advlab/Defence.h"

namespace advlab {

const Classifier& ObserverModels::modelFor(const Classifier& attacked, const std::string& modelPath) {
    if (modelPath.empty())
        return attacked;
    auto it = m_loaded.find(modelPath);
    if (it == m_loaded.end()) {
        const bool cuda = attacked.deviceName().rfind("cuda", 0) == 0;
        it = m_loaded
                 .emplace(modelPath,
                          Classifier::load(modelPath, cuda ? DevicePreference::Cuda : DevicePreference::Cpu))
                 .first;
    }
    return it->second;
}

void ObserverModels::preload(const Classifier& attacked, const std::string& key) {
    modelFor(attacked, parseDefence(key).modelPath);
}

std::vector<Prediction> ObserverModels::classify(const Classifier& attacked, const std::string& key,
                                                 const std::vector<Image8>& images,
                                                 const CancelToken* cancel) {
    const DefenceConfig defence = parseDefence(key);
    const Classifier& model = modelFor(attacked, defence.modelPath);
    // One image per batch: observed images may differ in size (steps, crops).
    return classifyDefended(model, images, defence, 1, cancel);
}

} // namespace advlab
