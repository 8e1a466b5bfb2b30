"""Held-out loss and accuracy on the exported test split, as `gatelab eval` computes them.

    python eval.py [--weights weights | FILE.pt]

Prints one JSON line: {"loss": ..., "accuracy": ...} (accuracy for classification).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from gatelab_model import Context, accuracy, load_data, load_model, task_loss, LOSS  # noqa: E402


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
    print(json.dumps(out))


if __name__ == "__main__":
    main()
