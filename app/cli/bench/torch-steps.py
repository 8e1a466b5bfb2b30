"""Times the training steps of the PyTorch packages `gatelab bench webgpu` wrote, on CUDA
(eager), as GateLab times its own: the loss read every step, the median wall time between
steps after five warm-up steps. Prints one JSON line {model: ms per step}.

    python3 app/cli/bench/torch-steps.py bench/results/webgpu-torch [--steps 40] [--device cuda]
"""
import argparse
import importlib
import json
import os
import statistics
import sys
import time

import torch


def step_ms(package, steps, device):
    sys.path.insert(0, package)
    for name in [m for m in sys.modules if m == "gatelab_model" or m.startswith("gatelab_model.")]:
        del sys.modules[name]  # each package brings its own
    gm = importlib.import_module("gatelab_model")
    cwd = os.getcwd()
    os.chdir(package)  # the package reads its config, weights and data beside itself
    try:
        cfg = gm.read_config()["training"]
        model = gm.build_model()
        gm.load_weights(model, "initial_weights")
        model.to(device).train()
        train = gm.load_data()["train"]
    finally:
        os.chdir(cwd)
        sys.path.remove(package)
    inputs = {k: v.to(device) for k, v in train["inputs"].items()}
    target = train["target"].to(device)
    mask = train["mask"].to(device) if train["mask"] is not None else None
    opt = torch.optim.Adam(model.parameters(), lr=cfg["optimizer"]["learningRate"])
    gen = torch.Generator(device=device).manual_seed(cfg["seed"])
    n, gaps, last = target.shape[0], [], 0.0
    for step in range(steps + 5):
        idx = torch.randint(0, n, (cfg["batchSize"],), device=device, generator=gen)
        m = mask[idx] if mask is not None else None
        pred, aux = model({k: v[idx] for k, v in inputs.items()}, gm.Context(training=True, step=step, target=target[idx], target_mask=m))
        loss = gm.task_loss(pred, target[idx], m)
        for v in aux.values():
            loss = loss + v
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.get("clipNorm"):
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clipNorm"])
        opt.step()
        loss.item()
        now = time.perf_counter()
        if step >= 5:
            gaps.append(1000 * (now - last))
        last = now
    return statistics.median(gaps)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    out = {}
    for name in sorted(os.listdir(a.folder)):
        out[name] = step_ms(os.path.abspath(os.path.join(a.folder, name)), a.steps, torch.device(a.device))
    print(json.dumps({"device": torch.cuda.get_device_name() if a.device.startswith("cuda") else a.device, "torch": torch.__version__, "msPerStep": out}))


if __name__ == "__main__":
    main()
