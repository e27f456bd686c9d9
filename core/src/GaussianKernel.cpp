// SPDX-License-Identifier: GPL-3.0-or-later
#include "GaussianKernel.h"

#include <cmath>
#include <vector>

namespace advlab {

torch::Tensor gaussianKernel(int k, int64_t channels, const torch::Device& device) {
    // Dong et al.'s gkern(kernlen, nsig=3): the normal pdf at k points evenly
    // spread over [-3, 3], outer product, normalised.
    std::vector<float> oneD(static_cast<std::size_t>(k));
    for (int i = 0; i < k; ++i) {
        const double z = k == 1 ? 0.0 : -3.0 + 6.0 * i / (k - 1);
        oneD[static_cast<std::size_t>(i)] = static_cast<float>(std::exp(-0.5 * z * z));
    }
    const torch::Tensor v = torch::tensor(oneD);
    torch::Tensor kernel = torch::outer(v, v);
    kernel = kernel / kernel.sum();
    return kernel.expand({channels, 1, k, k}).contiguous().to(device);
}

torch::Tensor smoothGradient(const torch::Tensor& grad, const torch::Tensor& kernel) {
    const int64_t k = kernel.size(2);
    return torch::conv2d(grad, kernel.to(grad.dtype()), {}, 1, k / 2, 1, grad.size(1));
}

} // namespace advlab
