// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: conversions between Image8 and Torch tensors.
#pragma once

#include "advlab/Image8.h"

#include <torch/script.h>

#include <vector>

namespace advlab {

// images[begin, end) as float N x 3 x H x W in [0, 1] on `device`, with the
// given strides (channels-last costs no copy: it is the images' own order).
// All images in the range must have the same size.
torch::Tensor imagesToTensor(const std::vector<Image8>& images, std::size_t begin, std::size_t end,
                             const torch::Device& device, torch::MemoryFormat format);

// A N x 3 x H x W tensor of integer pixel values (0..255, any dtype/device)
// back to images.
std::vector<Image8> tensorToImages(const torch::Tensor& pixels);

} // namespace advlab
