"""The node types of this graph as plain PyTorch modules.

Conventions kept from GateLab, so its trained weights load as they are:
- a module's parameters carry GateLab's variable names and shapes; kernels are
  [in, out] and applied as x @ kernel (nn.Linear stores the transpose);
- forward takes the node's input ports in the editor's order and returns its
  output, or a dict of outputs when the node has several;
- nodes that need more than their inputs (the step, the batch's labels, an
  auxiliary loss) also take ctx, a Context.
Shapes in comments: B batch, T sequence length, D width, E experts.
"""
import copy
import math

import torch
from torch import nn
import torch.nn.functional as F


class Context:
    """What a forward pass knows besides the inputs: the mode, the training step, the
    training phase (index into training.phases, None without phases), the batch's labels
    while the loss is computed, and the auxiliary losses."""

    def __init__(self, training=False, step=0, target=None, target_mask=None, phase=None):
        self.training = training
        self.step = step
        self.phase = phase
        self.target = target
        self.target_mask = target_mask
        self.losses = {}  # "nodeId/name" -> scalar tensor, added to the task loss
        self.prefix = ""  # inside a block instance: "instanceId/"

    def at(self, node_id):
        return NodeContext(self, self.prefix + node_id)

    def within(self, instance_id):
        """The context inside a block instance: its nodes file their losses under "instanceId/nodeId"."""
        inner = copy.copy(self)  # shares losses
        inner.prefix = self.prefix + instance_id + "/"
        return inner


class NodeContext:
    """A Context seen from one node: its auxiliary losses are filed under its id."""

    def __init__(self, parent, node_id):
        self.parent = parent
        self.node_id = node_id
        self.training = parent.training
        self.step = parent.step
        self.phase = parent.phase
        self.target = parent.target
        self.target_mask = parent.target_mask

    def add_loss(self, name, value):
        self.parent.losses[self.node_id + "/" + name] = value


def init_(t, kind, value=0.0, std=1.0, mean=0.0, limit=1.0):
    """GateLab's initialisers (engine/compile/init.ts), drawn from torch's generator.
    Fans are those of a [in, out] kernel; other shapes use their size for both."""
    if t.dim() == 2:
        fan_in, fan_out = t.shape[0], t.shape[1]
    else:
        fan_in = fan_out = t.numel()
    with torch.no_grad():
        if kind == "zeros":
            t.zero_()
        elif kind == "ones":
            t.fill_(1.0)
        elif kind == "constant":
            t.fill_(value)
        elif kind == "normal":
            t.normal_(mean, std)
        elif kind == "uniform":
            t.uniform_(-limit, limit)
        elif kind == "glorot":
            lim = math.sqrt(6.0 / (fan_in + fan_out))
            t.uniform_(-lim, lim)
        elif kind == "he":
            t.normal_(0.0, math.sqrt(2.0 / fan_in))
        else:
            raise ValueError("unknown initialiser " + kind)
    return t


def linear(x, kernel, bias=None):
    """x @ kernel (+ bias) on the last axis, for any leading shape."""
    y = torch.matmul(x, kernel)
    return y + bias if bias is not None else y


def masked_mean(x, mask=None):
    """Mean of x, or its mean weighted by mask (1 where a position counts)."""
    if mask is None:
        return x.mean()
    return (x * mask).sum() / mask.sum().clamp(min=1.0)


def mixture_nll(mixture, target, mask=None):
    """-log sum_i w_i N(y | mu_i, sigma_i^2) with log-sum-exp; mixture [N, E, 3] holds (w, mu, sigma)
    per expert, target [N, 1]; a weight below 1e-30 (an expert the top-K left out) counts as 0."""
    w, mu, sigma = mixture.unbind(-1)
    log_n = -torch.log(sigma) - 0.5 * math.log(2 * math.pi) - 0.5 * ((target - mu) / sigma) ** 2
    return masked_mean(-torch.logsumexp(torch.log(w.clamp(min=1e-30)) + log_n, -1), mask)


def softmax_cross_entropy(logits, labels, mask=None):
    """Cross-entropy of logits [..., C] against class ids [...], a masked mean."""
    logp = torch.log_softmax(logits, -1)
    nll = -logp.gather(-1, labels.long().unsqueeze(-1)).squeeze(-1)
    return masked_mean(nll, mask)
