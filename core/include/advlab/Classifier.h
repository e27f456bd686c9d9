// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"
#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <memory>
#include <string>
#include <vector>

namespace advlab {

enum class DevicePreference { Auto, Cpu, Cuda };

// A TorchScript ImageNet classifier following the shared contract: input
// float N x 3 x H x W RGB in [0, 1] (preprocessing inside the module), output
// N x 1000 logits. Torch stays behind the pimpl so ui/ never includes it.
class Classifier {
public:
    // Loads and validates the module: it must run on a 1 x 3 x 299 x 299 input
    // and return 1 x 1000 logits. Throws ModelError naming the file otherwise.
    // Auto picks CUDA when torch::cuda::is_available().
    static Classifier load(const std::string& path, DevicePreference device = DevicePreference::Auto);

    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;
    ~Classifier();

    const std::string& path() const;
    std::string deviceName() const; // "cpu" or "cuda:0"
    int numClasses() const;

    // Softmax probabilities for each image, computed in batches. Returns an
    // empty vector when `cancel` fires.
    std::vector<Prediction> classify(const std::vector<Image8>& images, int batchSize = 32,
                                     const CancelToken* cancel = nullptr) const;

    struct Impl;
    Impl& impl() const { return *m_impl; } // for core's Torch-side code only

private:
    explicit Classifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace advlab
