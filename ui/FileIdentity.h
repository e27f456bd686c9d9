// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace advlab::ui {

// "canonical path:size:modification time (ms)" of a model file: what cache
// keys and reload decisions know it by, so a file rewritten in place (a
// retrained model under the same name) is another model. For a path that
// does not resolve, the path as given.
QString fileIdentity(const QString& path);

} // namespace advlab::ui
