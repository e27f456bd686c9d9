// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "advlab/CancelToken.h"
#include "advlab/Image8.h"
#include "advlab/Prediction.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace advlab {

enum class DevicePreference { Auto, Cpu, Cuda };

// How image batches are laid out in memory for the model. Channels-last
// (NHWC strides) lets oneDNN run MobileNet-style convolutions forward and
// backward without reordering every activation: on a 2-core CPU a gradient
// step is 20-45 % faster (bench/RESULTS.md). Results are the same up to float
// rounding. Auto uses channels-last on the CPU when the model accepts it
// (checked on load, with a backward pass), contiguous NCHW otherwise and on
// CUDA. The ADVLAB_LAYOUT environment variable (auto, channels-last,
// contiguous) overrides Auto.
enum class MemoryLayout { Auto, ChannelsLast, Contiguous };

// "auto", "channels-last" (also "channels_last", "nhwc") or "contiguous"
// (also "nchw"); nullopt for anything else. Reads ADVLAB_LAYOUT and --layout.
std::optional<MemoryLayout> parseMemoryLayout(const std::string& name);

// A list of model files as the CLI's --model and the GUI's model path write
// an ensemble: "a.pt,b.pt" -> {a.pt, b.pt}. A path that exists as given (a
// comma in its file name) stays whole; "" stays {""} (the default model).
// An empty entry throws std::invalid_argument.
std::vector<std::string> splitModelList(const std::string& list);

// A TorchScript ImageNet classifier following the shared contract: input
// float N x 3 x H x W RGB in [0, 1] (preprocessing inside the module), output
// N x 1000 logits. Torch stays behind the pimpl so ui/ never includes it.
class Classifier {
public:
    // Loads and validates the module: it must run on a 2 x 3 x 299 x 299 input
    // and return 2 x 1000 finite logits. Throws ModelError naming the file
    // otherwise, for a path that is not a readable regular file (checked
    // before opening, so a FIFO cannot block), and for a module whose code
    // reads or writes files (torch.save, torch.from_file). Loading runs the
    // archive's __setstate__ code before any check can: only load models you
    // trust.
    // Auto picks CUDA when torch::cuda::is_available(). An explicit
    // ChannelsLast throws ModelError when the model cannot run with it.
    static Classifier load(const std::string& path, DevicePreference device = DevicePreference::Auto,
                           MemoryLayout layout = MemoryLayout::Auto);

    // An ensemble attacked as one model by logit fusion (Dong et al. 2018,
    // "Boosting Adversarial Attacks with Momentum", section 3.2): its logits
    // are sum_k w_k * logits_k(x), so runAttack and classify work on it
    // unchanged and the gradient is that of the fused loss. Every member gets
    // the same [0,1] image; each model resizes inside itself, so members with
    // different input sizes mix ("any H x W"). Takes the members over.
    // weights: one per member, >= 0, finite, positive sum; normalised to sum
    // 1; empty means equal. Throws std::invalid_argument naming the problem
    // (and the file, for a device mismatch). One member with weight 1 gives
    // exactly that model's logits and gradients.
    static Classifier ensemble(std::vector<Classifier> members, const std::vector<float>& weights = {});
    // Loads every path (ModelError naming the file that fails) and, for more
    // than one, fuses them with ensemble(). One path and no weights: load().
    static Classifier loadAll(const std::vector<std::string>& paths, const std::vector<float>& weights = {},
                              DevicePreference device = DevicePreference::Auto,
                              MemoryLayout layout = MemoryLayout::Auto);

    Classifier(Classifier&&) noexcept;
    Classifier& operator=(Classifier&&) noexcept;
    ~Classifier();

    // The model file, or for an ensemble its members' files joined by ','.
    const std::string& path() const;
    bool isEnsemble() const;
    std::vector<std::string> memberPaths() const; // {path()} for a single model
    std::vector<float> memberWeights() const;     // normalised; {1} for a single model
    // "a.pt" or "a.pt×0.5 + b.pt×0.5" (file names only), for status lines.
    std::string describe() const;
    std::string deviceName() const; // "cpu" or "cuda:0"
    std::string layoutName() const; // "channels-last" or "contiguous"
    int numClasses() const;

    // Softmax probabilities for each image, computed in batches. Returns an
    // empty vector when `cancel` fires. An image whose logits are not all
    // finite gets a failed Prediction (no probabilities, `failure` says why).
    // Every forward's output shape is checked: a model that does not return
    // N x 1000 logits for N images throws ModelError naming the file.
    std::vector<Prediction> classify(const std::vector<Image8>& images, int batchSize = 32,
                                     const CancelToken* cancel = nullptr) const;

    struct Impl; // defined in core/src/ClassifierImpl.h, with ClassifierAccess

private:
    friend struct ClassifierAccess; // core's Torch-side code reaches Impl through it
    explicit Classifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace advlab
