/**
 * Python shared by the node modules: the header of nodes.py (imports, the
 * Context a node may take, GateLab's initialisers) and small helpers that
 * entries ask for by name.
 */

export const NODES_HEADER = `"""The node types of this graph as plain PyTorch modules.

Conventions kept from GateLab, so its trained weights load as they are:
- a module's parameters carry GateLab's variable names and shapes; kernels are
  [in, out] and applied as x @ kernel (nn.Linear stores the transpose);
- forward takes the node's input ports in the editor's order and returns its
  output, or a dict of outputs when the node has several;
- nodes that need more than their inputs (the step, the batch's labels, an
  auxiliary loss) also take ctx, a Context.
Shapes in comments: B batch, T sequence length, D width, E experts.
"""
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

    def at(self, node_id):
        return NodeContext(self, node_id)


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


def softmax_cross_entropy(logits, labels, mask=None):
    """Cross-entropy of logits [..., C] against class ids [...], a masked mean."""
    logp = torch.log_softmax(logits, -1)
    nll = -logp.gather(-1, labels.long().unsqueeze(-1)).squeeze(-1)
    return masked_mean(nll, mask)
`;

/** Helpers by name; an entry lists the ones it calls, and each helper the ones it calls. */
export interface PyHelper { deps?: readonly string[]; source: string }

export const CORE_HELPERS: Record<string, PyHelper> = {
  activate: {
    source: `SQRT_HALF = math.sqrt(0.5)


def activate(fn, x):
    """Elementwise activations by name; GELU is the exact erf form."""
    if fn == "relu":
        return torch.relu(x)
    if fn == "gelu":
        return x * 0.5 * (1.0 + torch.erf(x * SQRT_HALF))
    if fn == "silu":
        return x * torch.sigmoid(x)
    if fn == "tanh":
        return torch.tanh(x)
    if fn == "sigmoid":
        return torch.sigmoid(x)
    if fn == "identity":
        return x
    raise ValueError("unknown activation " + fn)
`,
  },
  norms: {
    source: `def layer_norm(x, gain, bias, eps):
    """(x - mean) / sqrt(var + eps) * gain + bias over the last axis (population variance)."""
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    y = (x - mean) * torch.rsqrt(var + eps)
    if gain is not None:
        y = y * gain
    return y + bias if bias is not None else y


def rms_norm(x, gain, eps):
    """x / sqrt(mean(x^2) + eps) * gain over the last axis."""
    y = x * torch.rsqrt((x * x).mean(-1, keepdim=True) + eps)
    return y * gain if gain is not None else y
`,
  },
  attention: {
    source: `def mask_bias(T, kind, device=None):
    """Additive mask [T, T]: 0 where query i may see key j, -1e9 elsewhere.
    causal: j <= i; causal-no-self: j < i (query 0 sees itself); none: all."""
    i = torch.arange(T, device=device).unsqueeze(1)
    j = torch.arange(T, device=device).unsqueeze(0)
    if kind == "none":
        ok = torch.ones(T, T, dtype=torch.bool, device=device)
    elif kind == "causal":
        ok = j <= i
    else:
        ok = (j < i) | ((i == 0) & (j == 0))
    return torch.zeros(T, T, device=device).masked_fill(~ok, -1e9)


def split_heads(x, heads):
    """[B, T, H*Dh] -> [B, H, T, Dh]."""
    B, T, D = x.shape
    return x.reshape(B, T, heads, D // heads).transpose(1, 2)


def merge_heads(x):
    """[B, H, T, Dh] -> [B, T, H*Dh]."""
    B, H, T, Dh = x.shape
    return x.transpose(1, 2).reshape(B, T, H * Dh)


def attention_heads(x, wq, wk, wv, heads, mask, score_bias=None):
    """Scaled dot-product attention per head, before the output projection.
    x [B, T, D] -> Y [B, H, T, Dh] and probabilities A [B, H, T, T]."""
    B, T, D = x.shape
    q = split_heads(linear(x, wq), heads)  # (B, H, T, Dh)
    k = split_heads(linear(x, wk), heads)
    v = split_heads(linear(x, wv), heads)
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D / heads)  # (B, H, T, T)
    if mask != "none":
        scores = scores + mask_bias(T, mask, x.device)
    if score_bias is not None:
        scores = scores + score_bias
    A = torch.softmax(scores, -1)
    return torch.matmul(A, v), A
`,
  },
};

/** The helpers an export needs, dependencies first, each once. */
export function helperSources(names: Iterable<string>, helpers: Record<string, PyHelper>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    const h = Object.hasOwn(helpers, n) ? helpers[n] : undefined;
    if (!h) throw new Error(`no Python helper "${n}"`);
    seen.add(n);
    for (const d of h.deps ?? []) visit(d);
    out.push(h.source);
  };
  for (const n of names) visit(n);
  return out;
}
