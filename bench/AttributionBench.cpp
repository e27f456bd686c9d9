// SPDX-License-Identifier: GPL-3.0-or-later
// advlab_attribution_bench: what issue 12's overlays and observers cost on
// the real models, and how complete integrated gradients are there.
//
//   advlab_attribution_bench [--model FILE.pt] [--observer FILE.pt] [--threads N] [--runs N] [--image PNG]
//
// Prints, for one 299x299 image: the plain gradient, SmoothGrad (n = 16,
// σ = 0.15) at batch sizes 4, 8 and 16, integrated gradients (m = 16, 32,
// 64) with their completeness error |Σ map − (logit(x) − logit(0))| relative
// to |logit(x) − logit(0)|, and one forward of the observer model. Fastest of
// --runs runs after one warm-up. Synthetic image bytes (as advlab_bench), so
// it builds in the engine-only configuration too.
#include <advlab/Attribution.h>
#include <advlab/Classifier.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>
#ifdef ADVLAB_HAVE_IO
#include <advlab/ImageIo.h>
#endif
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace advlab;

namespace {

Image8 syntheticImage(int size, std::uint64_t k) {
    Image8 im(size, size);
    for (auto& b : im.rgb) {
        b = static_cast<std::uint8_t>(((k * 2654435761ULL) >> 13) & 255u);
        ++k;
    }
    return im;
}

template <typename F> double fastest(int runs, F&& f) {
    f(); // warm-up: first-call allocations and oneDNN primitive creation
    double best = 1e30;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    std::string modelFlag, observerFlag, imagePath;
    int threads = 0, runs = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "advlab_attribution_bench: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--model")
            modelFlag = value();
        else if (a == "--observer")
            observerFlag = value();
#ifdef ADVLAB_HAVE_IO
        else if (a == "--image")
            imagePath = value();
#endif
        else if (a == "--threads")
            threads = std::atoi(value().c_str());
        else if (a == "--runs")
            runs = std::max(1, std::atoi(value().c_str()));
        else {
            std::fprintf(
                stderr,
                "usage: advlab_attribution_bench [--model F] [--observer F] [--threads N] [--runs N]\n");
            return 2;
        }
    }
    try {
        initTorchRuntime(threads);
        const PathResolution m = resolveModel(modelFlag);
        if (!m.found()) {
            std::fprintf(stderr, "advlab_attribution_bench: model %s\n", m.errorMessage().c_str());
            return 1;
        }
        const Classifier model = Classifier::load(m.path);
        std::printf("advlab_attribution_bench\nmodel:    %s on %s, %d intra-op threads, fastest of %d runs\n",
                    m.path.c_str(), model.deviceName().c_str(), torchThreads(), runs);
        Image8 image = syntheticImage(299, 17);
#ifdef ADVLAB_HAVE_IO
        if (!imagePath.empty())
            image = readImage(imagePath);
#endif
        std::printf("image:    %s\n", imagePath.empty() ? "synthetic 299x299" : imagePath.c_str());
        std::printf("%-44s %10s %14s\n", "attribution of the top class, one image", "seconds",
                    "completeness");
        std::printf("%s\n", std::string(70, '-').c_str());

        AttributionOptions o;
        o.method = AttributionMethod::Gradient;
        std::printf("%-44s %10.3f %14s\n", "gradient (1 pass)",
                    fastest(runs, [&] { computeAttribution(model, image, o); }), "");
        for (int batch : {4, 8, 16}) {
            o = {};
            o.batchSize = batch;
            const std::string name = "SmoothGrad n=16 sigma=0.15, batch " + std::to_string(batch);
            std::printf("%-44s %10.3f %14s\n", name.c_str(),
                        fastest(runs, [&] { computeAttribution(model, image, o); }), "");
        }
        for (int steps : {16, 32, 64}) {
            o = {};
            o.method = AttributionMethod::IntegratedGradients;
            o.steps = steps;
            AttributionMap map;
            const double s = fastest(runs, [&] { map = computeAttribution(model, image, o); });
            const double delta = double(map.logitInput) - double(map.logitBaseline);
            const double error = std::fabs(map.sum() - delta) / std::max(1e-12, std::fabs(delta));
            const std::string name = "integrated gradients m=" + std::to_string(steps) + ", batch 8";
            std::printf("%-44s %10.3f %13.2f%%\n", name.c_str(), s, 100.0 * error);
        }
        const PathResolution obs = resolveTransferModel(observerFlag);
        if (obs.found()) {
            const Classifier observer = Classifier::load(obs.path);
            std::printf("%-44s %10.3f\n", "observer forward, 3 images one by one", fastest(runs, [&] {
                            for (int k = 0; k < 3; ++k)
                                observer.classify({image}, 1);
                        }));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "advlab_attribution_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
