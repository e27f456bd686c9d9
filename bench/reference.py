#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Python/PyTorch reference for bench/advlab_bench.

Runs exactly the computation of advlab::runAttack (core/src/Attack.cpp) with
PyTorch's own API on the same TorchScript model, the same thread count, the
same synthetic images and labels, and prints one JSON line per measured
configuration. advlab_bench starts it once per configuration, right after its
own measurement, and divides the two times.

Call it with Debian's interpreter (/usr/bin/python3 has python3-torch 1.13);
a pyenv `python3` on PATH may have no torch.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch


def synthetic_images(n, size):
    """Same bytes as syntheticImages() in AttackBench.cpp: a multiplicative
    hash of the byte index, NHWC uint8."""
    k = np.arange(n * size * size * 3, dtype=np.uint64)
    b = ((k * np.uint64(2654435761)) >> np.uint64(13)) & np.uint64(255)
    return torch.from_numpy(b.astype(np.uint8).reshape(n, size, size, 3))


def synthetic_labels(n):
    return torch.tensor([(i * 37) % 1000 for i in range(n)], dtype=torch.int64)


def reset_peak_rss():
    # Linux >= 4.0: writing 5 resets VmHWM to the current RSS.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def run_attack(model, pixels_nhwc, labels, method, eps_px, iters, momentum, device, memory_format):
    """advlab::runAttack for one batch, untargeted, including the uint8 ->
    float upload, the final 8-bit rounding and the last forward pass."""
    steps = 1 if method == "fgsm" else iters
    eps = eps_px / 255.0
    alpha = (eps_px if method == "fgsm" else eps_px / steps) / 255.0
    max_delta = math.floor(eps_px + 1e-4)

    x0 = pixels_nhwc.to(device).permute(0, 3, 1, 2).to(torch.float32).div_(255.0).contiguous(
        memory_format=memory_format)
    y = labels.to(device)
    x_adv = x0.clone()
    velocity = torch.zeros_like(x0)
    curve = []
    for _ in range(steps):
        x_var = x_adv.detach().requires_grad_(True)
        logits = model(x_var).to(torch.float32)
        logp = torch.log_softmax(logits, 1)
        picked = logp.gather(1, y.unsqueeze(1)).squeeze(1)
        objective = -picked.sum()
        (grad,) = torch.autograd.grad([objective], [x_var])
        with torch.no_grad():
            curve.append(logp.detach().exp().gather(1, y.unsqueeze(1)).squeeze(1))
            if method == "mifgsm":
                l1 = grad.abs().mean(dim=(1, 2, 3), keepdim=True).clamp_min(1e-12)
                velocity = velocity * momentum + grad / l1
                grad = velocity
            x_adv = x_adv + alpha * grad.sign()
            x_adv = torch.min(torch.max(x_adv, x0 - eps), x0 + eps).clamp(0.0, 1.0)
    with torch.no_grad():
        orig255 = (x0 * 255.0).round()
        adv255 = (x_adv * 255.0).round()
        adv255 = torch.min(torch.max(adv255, orig255 - max_delta), orig255 + max_delta).clamp(0.0, 255.0)
        probs = torch.softmax(model(adv255 / 255.0).to(torch.float32), 1)
        curve.append(probs.gather(1, y.unsqueeze(1)).squeeze(1))
        out = adv255.cpu().round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous()
        _ = torch.stack(curve, 1).cpu()
        _ = probs.cpu()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", required=True)
    p.add_argument("--attack", choices=["fgsm", "ifgsm", "mifgsm"], required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--eps", type=float, default=16.0)
    p.add_argument("--momentum", type=float, default=1.0)
    p.add_argument("--size", type=int, default=299)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--layout", choices=["contiguous", "channels-last"], default="contiguous",
                   help="input memory format (contiguous is what plain PyTorch code uses)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    use_cuda = a.device == "cuda" or (a.device == "auto" and torch.cuda.is_available())
    device = torch.device("cuda:0" if use_cuda else "cpu")
    model = torch.jit.load(a.model, map_location=device)
    model.eval()
    for prm in model.parameters():
        prm.requires_grad_(False)

    memory_format = torch.channels_last if a.layout == "channels-last" else torch.contiguous_format
    pixels = synthetic_images(a.batch, a.size)
    labels = synthetic_labels(a.batch)
    for _ in range(a.warmup):
        run_attack(model, pixels, labels, a.attack, a.eps, a.iters, a.momentum, device, memory_format)

    reset_peak_rss()
    if use_cuda:
        torch.cuda.reset_peak_memory_stats(device)
    times = []
    out = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        out = run_attack(model, pixels, labels, a.attack, a.eps, a.iters, a.momentum, device, memory_format)
        times.append(time.perf_counter() - t0)
    result = {
        "seconds": min(times),  # fastest run, as advlab_bench
        "all_seconds": times,
        "peak_rss_mib": peak_rss_mib(),
        "peak_gpu_mib": (torch.cuda.max_memory_allocated(device) / 2**20) if use_cuda else None,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "device": str(device),
        "layout": a.layout,
        "checksum": int(out.to(torch.int64).sum().item()),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
