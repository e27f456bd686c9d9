// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"
#include "advlab/Classifier.h"
#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <map>
#include <string>
#include <vector>

namespace advlab {

// The classifiers that watch an attack without taking part in it (issue 12's
// observers), forward only. An observer is a defence key (parseDefence):
// "model:/path/other.pt" is another classifier (transfer), "jpeg75" the
// attacked model behind JPEG, "jpeg75+model:other.pt" both. Observer models
// are loaded once, on the attacked model's device, and kept.
class ObserverModels {
public:
    // The observer's predictions for each image (any 8-bit RGB size: final
    // results or an attack's intermediate steps). Throws std::invalid_argument
    // for a malformed key (naming it) and ModelError naming the file for a
    // model that does not load. Returns an empty vector when `cancel` fires.
    std::vector<Prediction> classify(const Classifier& attacked, const std::string& key,
                                     const std::vector<Image8>& images, const CancelToken* cancel = nullptr);
    // Loads the key's model now (or throws as classify would).
    void preload(const Classifier& attacked, const std::string& key);
    std::size_t loadedModels() const { return m_loaded.size(); }

private:
    const Classifier& modelFor(const Classifier& attacked, const std::string& modelPath);

    std::map<std::string, Classifier> m_loaded; // by model path
};

} // namespace advlab
