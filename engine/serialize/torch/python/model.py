"""{title}

{description}
"""
import re

import torch
from torch import nn

from .nodes import *  # noqa: F401,F403
from .nodes import Context, masked_mean, mixture_nll, softmax_cross_entropy
from .arrays import read_arrays

LOSS = {loss}  # the Output node's loss
# GateLab node id -> key in GraphModel.nodes, where an id clashes with an nn.Module attribute.
NODE_KEYS = {node_keys}
# Block instances by their path of ids: the weight "glu1/a/kernel" of node a inside instance glu1
# is nodes.glu1.nodes.a.kernel.
INSTANCES = {instances}
# Tied block instances: instance -> the instance whose modules, so weights, it uses.
TIES = {ties}


{blocks}

class GraphModel(nn.Module):
    """The graph wired as in the editor: one module per node, run in topological order."""

    def __init__(self):
        super().__init__()
        self.nodes = nn.ModuleDict(
            {
                {modules}
            }
        )
        for path, twin in TIES.items():
            instance_module(self, path).nodes = instance_module(self, twin).nodes

    def forward(self, feeds, ctx=None):
        """feeds: the dataset fields by name ({fields}).
        Returns what reaches the Output node (logits or predictions) and the
        auxiliary losses by "nodeId/name"."""
        ctx = ctx if ctx is not None else Context(training=self.training)
        n = self.nodes
        {forward}
        return {prediction}, ctx.losses


def task_loss(pred, target, mask=None):
    """The Output node's loss: softmax cross-entropy against class ids, mean squared error, or the
    negative log-likelihood of a Gaussian mixture; a mask (1 where the loss counts) weights the mean."""
    if LOSS == "mixture_nll":
        return mixture_nll(pred, target, mask)
    if LOSS == "mse":
        return masked_mean(((pred - target) ** 2).mean(-1), mask)
    return softmax_cross_entropy(pred, target, mask)


def accuracy(pred, target, mask=None):
    return masked_mean((pred.argmax(-1) == target.long()).float(), mask)


def state_key(name):
    """GateLab's weight name "nodeId/var" -> this model's state_dict key; inside a block instance
    the node id is a path ("glu1/a/kernel" -> nodes.glu1.nodes.a.kernel); a "/" inside var names
    a submodule ("l0/wq" -> l0.wq)."""
    parts = name.split("/")
    key, path = "nodes", ""
    while len(parts) > 2 and path + parts[0] in INSTANCES:
        path += parts[0] + "/"
        key += "." + NODE_KEYS.get(parts[0], parts[0]) + ".nodes"
        parts = parts[1:]
    node, var = parts[0], "/".join(parts[1:])
    return key + "." + NODE_KEYS.get(node, node) + "." + re.sub(r"[^A-Za-z0-9_.]", "_", var.replace("/", "."))


def instance_key(path):
    """The state_dict key of block instance `path` ("b1/glu" -> nodes.b1.nodes.glu)."""
    return "nodes." + ".nodes.".join(NODE_KEYS.get(p, p) for p in path.split("/"))


def instance_module(model, path):
    return model.get_submodule(instance_key(path))


def with_ties(state):
    """The state with each tied instance's entries, the same tensors as its twin's; deeper ties first,
    so an instance tied as a whole copies the ties inside its twin too."""
    for path in sorted(TIES, key=lambda p: -p.count("/")):
        src, dst = instance_key(TIES[path]) + ".", instance_key(path) + "."
        state.update({dst + k[len(src):]: v for k, v in list(state.items()) if k.startswith(src)})
    return state


def load_weights(model, source="weights"):
    """Loads exported weights (a stem: weights, initial_weights) or a .pt state_dict from train.py --out."""
    if source.endswith(".pt"):
        state = torch.load(source, map_location="cpu")
    else:
        state = with_ties({state_key(k): v for k, v in read_arrays(source).items()})
    model.load_state_dict(state, strict=True)
    return model


def build_model():
    return GraphModel()


def load_model(source="weights"):
    """The model with its trained weights, in eval mode."""
    return load_weights(build_model(), source).eval()
