// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/Attack.h"

#include "ClassifierImpl.h"
#include "GaussianKernel.h"
#include "InputDiversity.h"
#include "ModelOutput.h"
#include "TensorImage.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <torch/csrc/autograd/autograd.h>

namespace advlab {

namespace {

// Whether image i is attacked towards a target: the per-image mask, else the config.
bool isTargeted(const AttackRunOptions& options, const AttackConfig& config, std::size_t i) {
    return options.targeted.empty() ? config.targeted : static_cast<bool>(options.targeted[i]);
}

void validate(const std::vector<Image8>& images, const std::vector<int>& labels,
              const std::vector<int>& targets, const AttackConfig& config, const AttackRunOptions& options,
              int classes) {
    if (!(config.epsilon >= 0.0f) || config.epsilon > 255.0f)
        throw std::invalid_argument("epsilon must be in [0, 255] pixel units");
    if (config.method != AttackMethod::Fgsm && config.iterations < 1)
        throw std::invalid_argument("iterations must be at least 1");
    if (config.batchSize < 1)
        throw std::invalid_argument("batch size must be at least 1");
    if (!labels.empty() && labels.size() != images.size())
        throw std::invalid_argument("labels must be empty or one per image");
    for (int l : labels)
        if (l >= classes)
            throw std::invalid_argument("label " + std::to_string(l) + " is out of range");
    if (!options.targeted.empty() && options.targeted.size() != images.size())
        throw std::invalid_argument("the targeted mask must be empty or one flag per image");
    bool anyTargeted = false;
    for (std::size_t i = 0; i < images.size(); ++i)
        anyTargeted = anyTargeted || isTargeted(options, config, i);
    if (anyTargeted) {
        if (targets.size() != images.size())
            throw std::invalid_argument("a targeted attack needs one target class per image");
        for (std::size_t i = 0; i < images.size(); ++i)
            if (isTargeted(options, config, i) && (targets[i] < 0 || targets[i] >= classes))
                throw std::invalid_argument("target class " + std::to_string(targets[i]) +
                                            " is out of range");
    }
    const float di = config.effectiveDiversityProb();
    if (!(di >= 0.0f && di <= 1.0f))
        throw std::invalid_argument("the input diversity probability must be in [0, 1]");
    const int k = config.effectiveTiKernel();
    if (k < 1 || k > 99 || k % 2 == 0)
        throw std::invalid_argument("the TI kernel size must be odd, 1..99, got " + std::to_string(k));
    if (config.effectiveSiScales() < 1 || config.effectiveSiScales() > 16)
        throw std::invalid_argument("the SI scale count must be in 1..16");
    if (config.effectiveVtNeighbours() < 0 || config.effectiveVtNeighbours() > 1000)
        throw std::invalid_argument("the VT neighbour count must be in 0..1000");
    if (!(config.transforms.vtBeta >= 0.0f && config.transforms.vtBeta <= 100.0f))
        throw std::invalid_argument("the VT radius factor beta must be in [0, 100]");
    for (const auto& im : images)
        if (im.isNull() || im.rgb.size() != static_cast<std::size_t>(im.width) * im.height * 3)
            throw std::invalid_argument("every image must be a non-empty 8-bit RGB image");
}

// Uniform noise in [-eps, eps] from a seeded CPU engine, so PGD's random start
// is identical on every device and LibTorch version.
torch::Tensor randomStart(const torch::IntArrayRef shape, float eps, std::uint64_t seed, std::size_t batch) {
    std::mt19937_64 engine(seed * 0x9E3779B97F4A7C15ULL + batch);
    std::uniform_real_distribution<float> dist(-eps, eps);
    auto noise = torch::empty(shape, torch::kFloat32);
    auto* p = noise.data_ptr<float>();
    for (int64_t i = 0, n = noise.numel(); i < n; ++i)
        p[i] = dist(engine);
    return noise;
}

// VT's neighbours are drawn on the model's device from a generator of its
// own, seeded by (seed, batch): no noise crosses from the CPU each step, and
// the global generator's state is neither used nor disturbed.
at::Generator neighbourGenerator(const torch::Device& device, std::uint64_t seed, std::size_t batch) {
    at::Generator gen = at::globalContext().defaultGenerator(device).clone();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL * (batch + 1));
    return gen;
}

} // namespace

AttackOutcome runAttack(const Classifier& model, const std::vector<Image8>& images,
                        const std::vector<int>& labels, const std::vector<int>& targets,
                        const AttackConfig& config, const ProgressCallback& progress,
                        const CancelToken* cancel) {
    return runAttack(model, images, labels, targets, config, AttackRunOptions{}, progress, cancel);
}

AttackOutcome runAttack(const Classifier& model, const std::vector<Image8>& images,
                        const std::vector<int>& labels, const std::vector<int>& targets,
                        const AttackConfig& config, const AttackRunOptions& options,
                        const ProgressCallback& progress, const CancelToken* cancel) {
    const auto started = std::chrono::steady_clock::now();
    validate(images, labels, targets, config, options, model.numClasses());

    auto& impl = ClassifierAccess::impl(model);
    std::lock_guard<std::mutex> lock(impl.mutex);
    const torch::Device device = impl.device;

    const int steps = config.effectiveIterations();
    const float eps = config.epsilon / 255.0f;
    const float alpha = config.effectiveStepSize() / 255.0f;
    const int maxPixelDelta = static_cast<int>(std::floor(config.epsilon + 1e-4f));
    const std::size_t batchSize = static_cast<std::size_t>(config.batchSize);
    const std::size_t batches = (images.size() + batchSize - 1) / batchSize;
    const float diProb = config.effectiveDiversityProb();
    const int siScales = config.effectiveSiScales();
    const int vtNeighbours = config.effectiveVtNeighbours();
    // TI's kernel, built once for the whole run on the model's device.
    const torch::Tensor tiKernel = config.effectiveTiKernel() > 1
                                       ? gaussianKernel(config.effectiveTiKernel(), 3, device)
                                       : torch::Tensor();

    AttackOutcome out;
    AttackProgress prog;
    prog.stepsTotal = static_cast<int>(batches) * steps;
    prog.imagesTotal = static_cast<int>(images.size());
    auto isCancelled = [&] { return cancel && cancel->isCancelled(); };
    auto finishCancelled = [&] {
        AttackOutcome c;
        c.cancelled = true;
        c.stepsRun = out.stepsRun;
        c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return c;
    };

    for (std::size_t b = 0; b < batches; ++b) {
        const std::size_t begin = b * batchSize;
        const std::size_t end = std::min(images.size(), begin + batchSize);
        const auto n = static_cast<int64_t>(end - begin);
        if (isCancelled())
            return finishCancelled();

        const torch::Tensor x0 = impl.input(images, begin, end);

        // Source labels: the true label, or the clean prediction when unknown
        // (the usual convention for unlabeled inputs).
        std::vector<int64_t> src(static_cast<std::size_t>(n));
        bool needPrediction = false;
        for (int64_t i = 0; i < n; ++i) {
            const int l = labels.empty() ? -1 : labels[begin + static_cast<std::size_t>(i)];
            src[static_cast<std::size_t>(i)] = l;
            needPrediction = needPrediction || l < 0;
        }
        // Per image, why it failed ("" while fine). A model that gives NaN
        // or infinity for some inputs (it passed the load check on others)
        // fails those images only; their gradient is zeroed so the NaN does
        // not spread into the iterate.
        std::vector<std::string> failures(static_cast<std::size_t>(n));
        bool anyFailed = false;
        auto markFailed = [&](const torch::Tensor& okRows, const std::string& why) {
            const auto ok = okRows.to(torch::kCPU).contiguous();
            const bool* p = ok.data_ptr<bool>();
            for (int64_t i = 0; i < n; ++i)
                if (!p[i] && failures[static_cast<std::size_t>(i)].empty()) {
                    failures[static_cast<std::size_t>(i)] = why;
                    anyFailed = true;
                }
        };
        if (needPrediction) {
            torch::NoGradGuard noGrad;
            const torch::Tensor clean = impl.forward(x0);
            markFailed(finiteRows(clean), kNonFiniteLogits);
            auto pred = clean.argmax(1).to(torch::kCPU);
            for (int64_t i = 0; i < n; ++i)
                if (src[static_cast<std::size_t>(i)] < 0)
                    src[static_cast<std::size_t>(i)] = std::clamp<int64_t>(pred[i].item<int64_t>(), 0, 999);
        }
        const auto idxOpts = torch::TensorOptions().dtype(torch::kInt64);
        const torch::Tensor srcT = torch::tensor(src, idxOpts).to(device);
        // Which rows aim at a target. A uniform batch keeps the one-sign
        // objective below; a mixed one (a triptych's two attacks) weighs each
        // row's log-probability by +1 (targeted) or -1.
        std::vector<bool> rowTargeted(static_cast<std::size_t>(n));
        int targetedRows = 0;
        for (int64_t i = 0; i < n; ++i) {
            rowTargeted[static_cast<std::size_t>(i)] =
                isTargeted(options, config, begin + static_cast<std::size_t>(i));
            targetedRows += rowTargeted[static_cast<std::size_t>(i)] ? 1 : 0;
        }
        const bool anyTargeted = targetedRows > 0;
        const bool mixed = anyTargeted && targetedRows < n;
        torch::Tensor tgtT; // the target per row; a non-targeted row's entry is its source label
        torch::Tensor rowSign;
        if (anyTargeted) {
            std::vector<int64_t> t(static_cast<std::size_t>(n));
            std::vector<float> sign(static_cast<std::size_t>(n));
            for (int64_t i = 0; i < n; ++i) {
                const auto k = static_cast<std::size_t>(i);
                t[k] = rowTargeted[k] ? targets[begin + k] : src[k];
                sign[k] = rowTargeted[k] ? 1.0f : -1.0f;
            }
            tgtT = torch::tensor(t, idxOpts).to(device);
            if (mixed)
                rowSign = torch::tensor(sign, torch::TensorOptions().dtype(torch::kFloat32)).to(device);
        }
        const torch::Tensor objectiveLabels = anyTargeted ? tgtT : srcT;

        // The ε-ball intersected with [0, 1], computed once per batch so each
        // step projects with one min and one max.
        const torch::Tensor lower = (x0 - eps).clamp_min(0.0);
        const torch::Tensor upper = (x0 + eps).clamp_max(1.0);
        // Round to 8-bit pixels, then project once more in integer units:
        // rounding alone could cross a non-integer ε, and saved PNGs must not.
        // The final image and every observed step go through this one function.
        const torch::Tensor orig255 = (x0 * 255.0).round();
        auto roundToPixels = [&](const torch::Tensor& x) {
            const torch::Tensor adv255 = (x * 255.0).round();
            return torch::min(torch::max(adv255, orig255 - maxPixelDelta), orig255 + maxPixelDelta)
                .clamp(0.0, 255.0);
        };
        auto toPredictions = [&](const torch::Tensor& probs) {
            const auto cpu = probs.to(torch::kCPU).to(torch::kFloat32).contiguous();
            const auto k = cpu.size(1);
            const auto* p = cpu.data_ptr<float>();
            std::vector<Prediction> preds;
            for (int64_t i = 0; i < cpu.size(0); ++i)
                preds.push_back(Prediction{std::vector<float>(p + i * k, p + (i + 1) * k), {}});
            return preds;
        };
        auto observeStep = [&](int step, const torch::Tensor& x, const torch::Tensor& probs) {
            AttackStep s;
            s.step = step;
            s.steps = steps;
            s.firstImage = begin;
            s.images = tensorToImages(roundToPixels(x.detach()));
            s.predictions = toPredictions(probs);
            options.observer(s);
        };
        torch::Tensor xAdv = x0.clone();
        if (config.usesRandomStart() && eps > 0.0f)
            xAdv =
                (x0 + randomStart(x0.sizes(), eps, config.seed, b).to(device).contiguous(impl.memoryFormat))
                    .clamp(0.0, 1.0);
        torch::Tensor velocity = torch::zeros_like(x0);
        torch::Tensor variance; // VT's v, zero before the first step
        InputDiversity diversity(diProb, config.seed, b);
        std::optional<at::Generator> vtGenerator;
        if (vtNeighbours > 0)
            vtGenerator = neighbourGenerator(device, config.seed, b);
        std::vector<torch::Tensor> curveSrc, curveTgt;

        // ∇ₓ of the objective at `at`, averaged over SI's scaled copies, each
        // through DI's random transform. The first pass's log-probabilities
        // (scale 1) are kept for the curves and the finiteness check.
        // Set for the main gradient pass of a step when an observer listens.
        std::function<void(const torch::Tensor& logp)> firstPassHook;
        auto gradientAt = [&](const torch::Tensor& at, torch::Tensor* firstLogits, torch::Tensor* firstLogp) {
            torch::Tensor xVar = at.detach().set_requires_grad(true);
            torch::Tensor total;
            for (int i = 0; i < siScales; ++i) {
                // Lin et al.: the copies x / 2^i; the chain rule keeps the 1/2^i.
                torch::Tensor in = i == 0 ? xVar : xVar * (1.0 / static_cast<double>(1LL << i));
                in = diversity.apply(in);
                const torch::Tensor logits = impl.forward(in).to(torch::kFloat32);
                const torch::Tensor logp = torch::log_softmax(logits, 1);
                const torch::Tensor picked = logp.gather(1, objectiveLabels.unsqueeze(1)).squeeze(1);
                // Summed, not averaged, so an image's gradient does not depend on
                // which batch it is in (FGSM == one-step I-FGSM image by image).
                // Untargeted: raise CE(source) = -log p(source). Targeted: lower
                // CE(target), i.e. raise log p(target) — the flipped sign.
                const torch::Tensor objective = mixed         ? (picked * rowSign).sum()
                                                : anyTargeted ? picked.sum()
                                                              : -picked.sum();
                if (i == 0 && firstPassHook)
                    firstPassHook(logp); // before the backward pass: the step is shown one pass sooner
                torch::Tensor g = torch::autograd::grad({objective}, {xVar})[0];
                if (i == 0) {
                    if (firstLogits)
                        *firstLogits = logits.detach();
                    if (firstLogp)
                        *firstLogp = logp.detach();
                    total = g;
                } else {
                    total = total + g;
                }
            }
            return siScales > 1 ? total / static_cast<double>(siScales) : total;
        };

        for (int step = 0; step < steps; ++step) {
            if (isCancelled())
                return finishCancelled();
            // NI (Lin et al.): the gradient at the look-ahead x + α·µ·g.
            const torch::Tensor point =
                config.usesNesterov() ? (xAdv + (alpha * config.momentum) * velocity).detach() : xAdv;
            torch::Tensor logits, logp;
            if (options.observer)
                firstPassHook = [&, step](const torch::Tensor& stepLogp) {
                    torch::NoGradGuard noGrad;
                    observeStep(step, xAdv, stepLogp.detach().exp());
                };
            const torch::Tensor pointGrad = gradientAt(point, &logits, &logp);
            firstPassHook = nullptr; // not for VT's neighbour passes
            {
                torch::NoGradGuard noGrad;
                // VT (Wang & He): the step follows ĝ + v, v from the previous step.
                torch::Tensor grad = variance.defined() ? pointGrad + variance : pointGrad;
                markFailed(finiteRows(logits), kNonFiniteLogits);
                markFailed(torch::isfinite(grad).flatten(1).all(1),
                           "the model's input gradient contains NaN or infinity (step " +
                               std::to_string(step + 1) + ")");
                if (anyFailed) {
                    std::vector<uint8_t> bad(static_cast<std::size_t>(n));
                    for (int64_t i = 0; i < n; ++i)
                        bad[static_cast<std::size_t>(i)] = !failures[static_cast<std::size_t>(i)].empty();
                    const torch::Tensor mask = torch::tensor(std::vector<int64_t>(bad.begin(), bad.end()))
                                                   .to(torch::kBool)
                                                   .to(device)
                                                   .view({-1, 1, 1, 1});
                    grad = torch::where(mask, torch::zeros_like(grad), grad);
                }
                // Only the two probabilities the curves need, not a full softmax.
                // With DI, SI or NI these are what the gradient pass saw.
                curveSrc.push_back(logp.gather(1, srcT.unsqueeze(1)).squeeze(1).exp());
                if (anyTargeted)
                    curveTgt.push_back(logp.gather(1, tgtT.unsqueeze(1)).squeeze(1).exp());
                // TI (Dong et al. 2019): smooth per channel, before the momentum normalisation.
                if (tiKernel.defined())
                    grad = smoothGradient(grad, tiKernel);
                if (config.usesMomentum()) {
                    // Dong et al.: accumulate the L1-normalised gradient.
                    auto l1 = grad.abs().mean({1, 2, 3}, /*keepdim=*/true).clamp_min(1e-12);
                    velocity = velocity * config.momentum + grad / l1;
                    grad = velocity;
                }
                if (vtNeighbours > 0 && step + 1 < steps) {
                    // v = mean of the gradients at N points uniform in the
                    // β·ε box around the iterate, minus the gradient at the
                    // point (Wang & He, Algorithm 1).
                    const float radius = config.transforms.vtBeta * eps;
                    torch::Tensor sum;
                    for (int j = 0; j < vtNeighbours; ++j) {
                        const torch::Tensor noise =
                            torch::rand(xAdv.sizes(), *vtGenerator, xAdv.options()) * (2.0f * radius) -
                            radius;
                        torch::AutoGradMode enable(true);
                        const torch::Tensor g = gradientAt(xAdv + noise, nullptr, nullptr);
                        sum = j == 0 ? g : sum + g;
                    }
                    variance = sum / static_cast<double>(vtNeighbours) - pointGrad;
                }
                xAdv = torch::max(torch::min(xAdv + alpha * grad.sign(), upper), lower);
            }
            ++out.stepsRun;
            ++prog.stepsDone;
            if (progress)
                progress(prog);
        }
        if (isCancelled())
            return finishCancelled();

        torch::NoGradGuard noGrad;
        const torch::Tensor adv255 = roundToPixels(xAdv);
        const torch::Tensor finalLogits = impl.forward(adv255 / 255.0).to(torch::kFloat32);
        markFailed(finiteRows(finalLogits), kNonFiniteLogits);
        const torch::Tensor finalProbs = torch::softmax(finalLogits, 1);
        curveSrc.push_back(finalProbs.gather(1, srcT.unsqueeze(1)).squeeze(1));
        if (anyTargeted)
            curveTgt.push_back(finalProbs.gather(1, tgtT.unsqueeze(1)).squeeze(1));

        auto advImages = tensorToImages(adv255);
        if (options.observer) {
            AttackStep last;
            last.step = steps;
            last.steps = steps;
            last.firstImage = begin;
            last.images = advImages;
            last.predictions = toPredictions(finalProbs);
            options.observer(last);
        }
        const auto probsCpu = finalProbs.to(torch::kCPU).contiguous();
        const auto classes = probsCpu.size(1);
        const auto* p = probsCpu.data_ptr<float>();
        const auto srcCurveCpu = torch::stack(curveSrc, 1).to(torch::kCPU).contiguous();
        const auto tgtCurveCpu =
            anyTargeted ? torch::stack(curveTgt, 1).to(torch::kCPU).contiguous() : torch::Tensor();
        for (int64_t i = 0; i < n; ++i) {
            const std::string& failure = failures[static_cast<std::size_t>(i)];
            out.failures.push_back(failure);
            out.sourceLabels.push_back(static_cast<int>(src[static_cast<std::size_t>(i)]));
            if (!failure.empty()) {
                // No adversarial image and no prediction: the input is passed
                // through so indices line up, and nothing can count as success.
                out.adversarial.push_back(images[begin + static_cast<std::size_t>(i)]);
                out.predictions.push_back(Prediction::failed(failure));
                out.sourceProbCurve.emplace_back();
                out.targetProbCurve.emplace_back();
                continue;
            }
            out.adversarial.push_back(std::move(advImages[static_cast<std::size_t>(i)]));
            out.predictions.push_back(
                Prediction{std::vector<float>(p + i * classes, p + (i + 1) * classes), {}});
            const auto* sc = srcCurveCpu.data_ptr<float>() + i * srcCurveCpu.size(1);
            out.sourceProbCurve.emplace_back(sc, sc + srcCurveCpu.size(1));
            if (rowTargeted[static_cast<std::size_t>(i)]) {
                const auto* tc = tgtCurveCpu.data_ptr<float>() + i * tgtCurveCpu.size(1);
                out.targetProbCurve.emplace_back(tc, tc + tgtCurveCpu.size(1));
            } else {
                out.targetProbCurve.emplace_back();
            }
        }
        prog.imagesDone = static_cast<int>(end);
        if (progress)
            progress(prog);
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

} // namespace advlab
