"""Prints the model's outputs for a batch, as `gatelab predict` does.

    python predict.py --input FILE [--weights weights | FILE.pt]

FILE holds {"inputs": [...]}: a batch of examples as nested arrays for the input
x, or {"inputs": {"x": [...], "cond": [...]}} when the graph reads several
fields; "-" reads stdin. Raw table features are standardised with the scaling
in config.json, as GateLab trained on them. Prints {"outputs": [...]}: what
reaches the Output node (the logits) for each example.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
from gatelab_model import Context, load_model, read_config  # noqa: E402


def fail(message):
    print("predict: " + message, file=sys.stderr)
    sys.exit(2)


def feeds_from(doc, fields):
    if not isinstance(doc, dict) or "inputs" not in doc:
        fail('the input file must be a JSON object {"inputs": [...]}')
    given = doc["inputs"]
    if not isinstance(given, dict):
        if len(fields) != 1:
            fail("this graph reads the fields " + ", ".join(fields) + ': give {"inputs": {"field": [...], ...}}')
        given = {next(iter(fields)): given}
    feeds = {}
    for name, spec in fields.items():
        if name not in given:
            fail('the inputs lack the field "' + name + '"')
        try:
            t = torch.tensor(given[name], dtype=torch.float32)
        except (TypeError, ValueError) as e:
            fail('field "' + name + '" is not a batch of numbers (' + str(e) + ")")
        want = spec["shape"]
        if t.dim() != len(want) + 1 or list(t.shape[1:]) != want:
            fail('field "' + name + '" should be a batch of shape [B, ' + ", ".join(map(str, want)) + "]; it is " + str(list(t.shape)))
        if spec["dtype"] == "int32":
            if not torch.equal(t, t.round()):
                fail('field "' + name + '" holds token ids: whole numbers only')
            t = t.to(torch.int64)
        feeds[name] = t
    return feeds


def main():
    ap = argparse.ArgumentParser(description="Outputs (logits) of the exported GateLab model for a batch.")
    ap.add_argument("--input", required=True, help='JSON file {"inputs": [...]}, or - for stdin')
    ap.add_argument("--weights", default="weights", help="weights to load: the exported ones (default) or a .pt file from train.py --out")
    args = ap.parse_args()
    try:
        text = sys.stdin.read() if args.input == "-" else open(args.input).read()
        doc = json.loads(text)
    except (OSError, ValueError) as e:
        fail("cannot read " + args.input + ": " + str(e))
    config = read_config()
    feeds = feeds_from(doc, config["fields"])
    scaling = config.get("scaling")
    if scaling:  # a table's features were standardised for training: raw inputs get the same
        feeds["x"] = (feeds["x"] - torch.tensor(scaling["mean"])) / torch.tensor(scaling["std"])
    model = load_model(args.weights)
    with torch.no_grad():
        pred, _ = model(feeds, Context(training=False))
    print(json.dumps({"outputs": pred.tolist()}, separators=(",", ":")))


if __name__ == "__main__":
    main()
