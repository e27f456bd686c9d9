// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelCode.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/ir.h>
#include <vector>

namespace advlab {

namespace {

// Operators with a side effect outside the process, named explicitly in
// case a future schema renames their arguments.
const char* const kForbidden[] = {
    "aten::save",      // torch.save(obj, filename): writes any file
    "aten::from_file", // torch.from_file(filename, shared=True, ...): maps (and may write) any file
};

bool isFileArgument(const c10::Argument& a) {
    if (a.type()->kind() != c10::TypeKind::StringType)
        return false;
    const std::string& n = a.name();
    return n.find("file") != std::string::npos || n.find("path") != std::string::npos;
}

std::string problemOf(const torch::jit::Node* node) {
    const std::string kind = node->kind().toQualString();
    for (const char* f : kForbidden)
        if (kind == f)
            return kind;
    if (const c10::FunctionSchema* schema = node->maybeSchema())
        for (const auto& a : schema->arguments())
            if (isFileArgument(a))
                return kind;
    return {};
}

std::string scanBlock(const torch::jit::Block* block) {
    for (const torch::jit::Node* node : block->nodes()) {
        if (auto p = problemOf(node); !p.empty())
            return p;
        for (const torch::jit::Block* inner : node->blocks())
            if (auto p = scanBlock(inner); !p.empty())
                return p;
    }
    return {};
}

} // namespace

std::string unsafeModelCode(const torch::jit::Module& module) {
    const auto cu = module._ivalue()->compilation_unit();
    if (!cu)
        return {};
    for (torch::jit::Function* fn : cu->get_functions()) {
        if (!fn->isGraphFunction())
            continue;
        const auto graph = torch::jit::toGraphFunction(*fn).graph();
        if (auto op = scanBlock(graph->block()); !op.empty())
            return fn->qualname().qualifiedName() + " calls " + op + ", which reads or writes files";
    }
    return {};
}

} // namespace advlab
