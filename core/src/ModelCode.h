// SPDX-License-Identifier: GPL-3.0-or-later
// Internal: a look at what a loaded TorchScript module's code can do.
#pragma once

#include <string>
#include <torch/script.h>

namespace advlab {

// A model file is code: TorchScript can read and write files. This scans the
// graph of every function and method in the module's compilation unit (all
// classes and submodules of the archive, including __setstate__ and free
// functions they call) for operators that touch the file system, and returns
// what it found ("forward calls aten::save (writes files)"), or "" when
// nothing was found.
//
// What this does not cover:
//  - __setstate__ runs inside torch::jit::load, before any check can run; a
//    model whose __setstate__ writes a file has written it by the time this
//    refuses it. Only open models you trust.
//  - It recognises file-system operators by name and by their str
//    "filename"/"path"/"file" arguments in the operator schemas of this
//    LibTorch build; custom operators from extra libraries loaded into the
//    process are not known to it.
//  - Reasoning about what allowed code computes (a model that lies, stalls or
//    returns NaN) is the job of the output checks, not of this scan.
std::string unsafeModelCode(const torch::jit::Module& module);

} // namespace advlab
