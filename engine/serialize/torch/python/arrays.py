"""Reads the arrays GateLab exported: NAME.json (names, dtypes, shapes, byte offsets)
beside NAME.bin (the values, little-endian). Torch alone, no numpy."""
import json
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DTYPES = {"float32": torch.float32, "int32": torch.int32}


def read_arrays(stem):
    """{name: tensor} from ROOT/stem.json and ROOT/stem.bin."""
    if sys.byteorder != "little":
        raise RuntimeError("the exported arrays are little-endian; this machine is not")
    with open(os.path.join(ROOT, stem + ".json")) as f:
        manifest = json.load(f)
    with open(os.path.join(ROOT, stem + ".bin"), "rb") as f:
        raw = bytearray(f.read())
    out = {}
    for name, a in manifest["arrays"].items():
        shape, dtype = a["shape"], DTYPES[a["dtype"]]
        count = 1
        for d in shape:
            count *= d
        if count == 0:
            out[name] = torch.zeros(shape, dtype=dtype)
        else:
            out[name] = torch.frombuffer(raw, dtype=dtype, count=count, offset=a["offset"]).reshape(shape).clone()
    return out


def read_config():
    with open(os.path.join(ROOT, "config.json")) as f:
        return json.load(f)


def load_data():
    """The dataset GateLab generated for this graph and seed, already split 80/20:
    {"train": {"inputs": {field: tensor}, "target": tensor, "mask": tensor or None}, "test": {...}}."""
    arrays = read_arrays("data")
    out = {}
    for split in ("train", "test"):
        prefix = split + "/"
        inputs = {k[len(prefix) + 6:]: v for k, v in arrays.items() if k.startswith(prefix + "input/")}
        out[split] = {"inputs": inputs, "target": arrays[prefix + "target"], "mask": arrays.get(prefix + "mask")}
    return out
