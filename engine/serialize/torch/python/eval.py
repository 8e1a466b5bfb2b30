"""Held-out loss and accuracy (or R² and mean absolute error) on the exported test split, as `gatelab eval` computes them.

    python eval.py [--weights weights | FILE.pt]

Prints one JSON line: {"loss": ..., "accuracy": ...} for classification,
{"loss": ..., "r2": ..., "mae": ...} for regression.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from gatelab_model import Context, accuracy, load_data, load_model, task_loss, LOSS  # noqa: E402


def regression_metrics(pred, target):
    """R² (1 - residual / total sum of squares, averaged over target columns) and mean absolute error."""
    p = pred.reshape(pred.shape[0], -1).double()
    t = target.reshape(target.shape[0], -1).double()
    res = ((t - p) ** 2).sum(0)
    tot = ((t - t.mean(0)) ** 2).sum(0)
    r2 = torch.where(tot > 0, 1 - res / tot.clamp(min=1e-300), (res == 0).double())
    return {"r2": r2.mean().item(), "mae": (t - p).abs().mean().item()}


def main():
    ap = argparse.ArgumentParser(description="Held-out metrics of the exported GateLab model.")
    ap.add_argument("--weights", default="weights", help="the exported weights (default) or a .pt file from train.py --out")
    args = ap.parse_args()
    model = load_model(args.weights)
    test = load_data()["test"]
    with torch.no_grad():
        pred, _ = model(test["inputs"], Context(training=False))
        out = {"loss": task_loss(pred, test["target"], test["mask"]).item()}
        if LOSS != "mse":
            out["accuracy"] = accuracy(pred, test["target"], test["mask"]).item()
        else:
            out.update(regression_metrics(pred, test["target"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
