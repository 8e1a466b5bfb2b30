"""Parity harness for test/engine/serialize/torch-parity.test.ts.

    python3 torch_parity.py DIR

DIR holds one exported package per preset (DIR/<slug>/) and a batch for each
(DIR/<slug>.batch.json: {"feeds": {field: {"shape", "dtype", "data"}}, "target": ..., "mask": ...}).
Prints one JSON object: {slug: {"pred": [...flat], "shape": [...], "loss": total, "task": task loss, "aux": {...},
"trainLoss": the total loss in training mode at step 0, "losses": train.py's first losses when the
batch file asks for "trainSteps"}}.
Each package is imported under its own name, so all presets share one torch start-up.
"""
import contextlib
import importlib.util
import io
import json
import os
import runpy
import sys

import torch


def tensor(spec):
    dtype = torch.int64 if spec["dtype"] == "int32" else torch.float32
    return torch.tensor(spec["data"], dtype=dtype).reshape(spec["shape"])


def load_package(path, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(path, "gatelab_model", "__init__.py"),
                                                  submodule_search_locations=[os.path.join(path, "gatelab_model")])
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def train_losses(path, steps):
    """Runs the package's train.py in this process (one process, CPU) and returns its per-step losses."""
    for name in [m for m in sys.modules if m == "gatelab_model" or m.startswith("gatelab_model.")]:
        del sys.modules[name]
    argv = sys.argv
    sys.argv = [os.path.join(path, "train.py"), "--steps", str(steps), "--losses", "--device", "cpu"]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(sys.argv[0], run_name="__main__")
    finally:
        sys.argv = argv
    return json.loads(out.getvalue().strip().splitlines()[-1])["losses"]


def main():
    root = sys.argv[1]
    out = {}
    for i, slug in enumerate(sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))):
        pkg = load_package(os.path.join(root, slug), "gatelab_parity_%d" % i)
        with open(os.path.join(root, slug + ".batch.json")) as f:
            batch = json.load(f)
        feeds = {k: tensor(v) for k, v in batch["feeds"].items()}
        target = tensor(batch["target"])
        mask = tensor(batch["mask"]) if batch.get("mask") else None
        model = pkg.load_model()
        with torch.no_grad():
            pred, aux = model(feeds, pkg.Context(training=False, target=target, target_mask=mask))
            task = pkg.task_loss(pred, target, mask)
            total = task + sum(aux.values()) if aux else task
            model.train()  # training mode at step 0, as GateLab's first step computes its loss
            tpred, taux = model(feeds, pkg.Context(training=True, step=0, target=target, target_mask=mask))
            ttotal = pkg.task_loss(tpred, target, mask) + (sum(taux.values()) if taux else 0)
        out[slug] = {"pred": pred.flatten().tolist(), "shape": list(pred.shape), "loss": total.item(), "task": task.item(),
                     "aux": {k: v.item() for k, v in aux.items()}, "trainLoss": float(ttotal)}
        if batch.get("trainSteps"):
            torch.manual_seed(0)
            out[slug]["losses"] = train_losses(os.path.join(root, slug), batch["trainSteps"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
