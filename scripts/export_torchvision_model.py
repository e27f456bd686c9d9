#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a torchvision ImageNet classifier as a TorchScript model that follows
Adversarial Lab's model contract (resources/models/README.md):

  input   float32 N x 3 x H x W, RGB in [0, 1], any H and W;
  inside  the model's own resize (to its crop size, bilinear) and mean/std
          normalisation, so gradients with respect to the [0, 1] input are exact;
  output  float32 N x 1000 logits in the standard ImageNet-1k order.

  scripts/export_torchvision_model.py inception_v3 inception_v3.pt
  build/app/cli/advlab classify --model inception_v3.pt --limit 20

Weights come from torchvision's cache (torch.hub.get_dir()/checkpoints). This
script never downloads anything: when the weights are not cached it says
which file to fetch and where to put it. `--weights none` exports the
architecture with random weights, for tests.

Needs Debian's python3-torchvision (which brings python3-torch).
"""

import argparse
import os
import sys
import tempfile

SUPPORTED = ("inception_v3", "resnet50", "vgg16", "efficientnet_b0", "vit_b_16")


def fail(message):
    print(f"export_torchvision_model: {message}", file=sys.stderr)
    sys.exit(1)


def load_torch():
    try:
        import torch
        import torchvision
    except ImportError as e:
        fail(f"{e}; install Debian's python3-torchvision (apt-get install python3-torchvision)")
    return torch, torchvision


def cached_weights_file(torch, weights):
    return os.path.join(torch.hub.get_dir(), "checkpoints", os.path.basename(weights.url))


def build_network(torch, torchvision, name, use_weights):
    models = torchvision.models
    # Only the ImageNet classifiers of torchvision.models itself: detection,
    # segmentation, video and optical-flow models live in submodules and do
    # not follow the contract (and asking for their weights may try the network).
    classifiers = models.list_models(module=models)
    if name not in classifiers:
        fail(f"'{name}' is not a torchvision ImageNet classifier; try one of: {', '.join(SUPPORTED)} "
             f"(all {len(classifiers)}: python3 -c 'import torchvision.models as m; print(m.list_models(module=m))')")
    weights = models.get_model_weights(name).DEFAULT
    if len(weights.meta.get("categories", [])) != 1000 or not hasattr(weights.transforms(), "crop_size"):
        fail(f"'{name}' does not classify the 1000 ImageNet classes from a cropped RGB image")
    if use_weights:
        path = cached_weights_file(torch, weights)
        if not os.path.isfile(path):
            fail(
                f"the weights for {name} ({weights}) are not in torchvision's cache:\n"
                f"  {path}\n"
                f"On a machine with internet access run\n"
                f"  python3 -c 'import torchvision; torchvision.models.get_model(\"{name}\", weights=\"DEFAULT\")'\n"
                f"or download {weights.url}\n"
                f"and copy the file to {path} here (or set TORCH_HOME), then run this again.\n"
                f"Use --weights none to export the architecture with random weights."
            )
        # With the file in the cache torchvision loads it without any download.
        net = models.get_model(name, weights=weights)
    else:
        # Build exactly the network the pretrained weights expect (Inception's
        # input transform included), only without its auxiliary head and
        # the slow truncated-normal initialisation.
        extra = {"transform_input": True, "aux_logits": False, "init_weights": False} if name == "inception_v3" else {}
        net = models.get_model(name, weights=None, **extra)
    transforms = weights.transforms()
    size = transforms.crop_size[0]
    return net.eval(), size, list(transforms.mean), list(transforms.std), str(weights)


def make_contract_module(torch, net, size, mean, std):
    import torch.nn.functional as F

    class Contract(torch.nn.Module):
        """[0, 1] RGB of any size -> the network's own input -> 1000 logits."""

        def __init__(self):
            super().__init__()
            self.net = net
            self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1))
            self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1))

        def forward(self, x):
            x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
            out = self.net((x - self.mean) / self.std)
            # Inception returns (logits, aux) while training; eval returns logits.
            return out[0] if isinstance(out, tuple) else out

    module = Contract().eval()
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def export(torch, module, out_path):
    # Tracing records one fixed path through the network, which is what the
    # contract needs: the input size is normalised by the resize above. It
    # is checked on a different batch size and image size below.
    example = torch.rand(1, 3, 299, 299)
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=False)
    probe = torch.rand(2, 3, 256, 320, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        want = module(probe)
        got = traced(probe)
    if tuple(got.shape) != (2, 1000):
        fail(f"the exported model returns {tuple(got.shape)} for a 2 x 3 x 256 x 320 input, not 2 x 1000")
    if not torch.allclose(want, got, rtol=1e-4, atol=1e-4):
        fail("the traced model does not reproduce the network's logits on a new input size")
    # Write next to the target and rename, so a failed export never leaves a
    # half-written model behind.
    directory = os.path.dirname(os.path.abspath(out_path))
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".pt", dir=directory)
    os.close(fd)
    try:
        traced.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the model from other users
        os.replace(tmp, out_path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    parser = argparse.ArgumentParser(
        description="Export a torchvision ImageNet classifier to Adversarial Lab's TorchScript model contract.",
        epilog=f"Tested with: {', '.join(SUPPORTED)}. Other torchvision ImageNet classifiers usually work too.",
    )
    parser.add_argument("name", help="torchvision model name, e.g. inception_v3")
    parser.add_argument("out", help="output .pt file")
    parser.add_argument(
        "--weights",
        choices=("cached", "none"),
        default="cached",
        help="cached: torchvision's pretrained weights from its cache (default); none: random weights, for tests",
    )
    args = parser.parse_args()
    # Check the output path before the minutes of building and tracing.
    if not args.out:
        fail("the output path is empty; give a file name such as inception_v3.pt")
    if os.path.isdir(args.out):
        fail(f"{args.out} is a folder; give a file name such as {os.path.join(args.out, args.name + '.pt')}")
    parent = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(parent):
        fail(f"{args.out}: the folder {parent} does not exist" + (" (it is a file)" if os.path.exists(parent) else ""))

    torch, torchvision = load_torch()
    net, size, mean, std, weights = build_network(torch, torchvision, args.name, args.weights == "cached")
    export(torch, make_contract_module(torch, net, size, mean, std), args.out)
    what = weights if args.weights == "cached" else "random weights"
    print(f"wrote {args.out}: {args.name} ({what}), resized to {size}x{size} inside")


if __name__ == "__main__":
    main()
