/** PyTorch modules for the core layers: dense, activation, merge, norm, embedding. */
import { defineTorchNode, lastOf, type TorchNode } from './registry';

export const Dense = defineTorchNode({
  type: 'Dense',
  className: 'Dense',
  args: ({ params, inputs }) => ({ in_features: lastOf(inputs.in), units: params.units as number, bias: params.bias as boolean, init: params.init as string }),
  source: `class Dense(nn.Module):
    """A fully connected layer on the last axis: y = x @ kernel + bias."""

    def __init__(self, in_features, units, bias=True, init="glorot"):
        super().__init__()
        self.init = init
        self.kernel = nn.Parameter(torch.empty(in_features, units))  # [in, out]
        self.bias = nn.Parameter(torch.empty(units)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        if self.init == "normal":
            init_(self.kernel, "normal", std=0.02)
        else:
            init_(self.kernel, self.init)
        if self.bias is not None:
            init_(self.bias, "zeros")

    def forward(self, x):
        return linear(x, self.kernel, self.bias)
`,
});

export const ClassifierHead = defineTorchNode({
  type: 'ClassifierHead',
  className: 'ClassifierHead',
  args: ({ params, inputs, dataset }) => ({ in_features: lastOf(inputs.in), classes: dataset.classes, bias: params.bias as boolean }),
  source: `class ClassifierHead(nn.Module):
    """A Dense layer with one output per class of the dataset."""

    def __init__(self, in_features, classes, bias=True):
        super().__init__()
        self.kernel = nn.Parameter(torch.empty(in_features, classes))
        self.bias = nn.Parameter(torch.empty(classes)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init_(self.kernel, "glorot")
        if self.bias is not None:
            init_(self.bias, "zeros")

    def forward(self, x):
        return linear(x, self.kernel, self.bias)
`,
});

export const Activation = defineTorchNode({
  type: 'Activation',
  className: 'Activation',
  helpers: ['activate'],
  args: ({ params }) => ({ fn: params.fn as string }),
  source: `class Activation(nn.Module):
    """An elementwise non-linearity."""

    def __init__(self, fn="relu"):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return activate(self.fn, x)
`,
});

export const Add = defineTorchNode({
  type: 'Add',
  className: 'Add',
  args: () => ({}),
  source: `class Add(nn.Module):
    """a + b: the residual connection."""

    def forward(self, a, b):
        return a + b
`,
});

export const Multiply = defineTorchNode({
  type: 'Multiply',
  className: 'Multiply',
  args: () => ({}),
  source: `class Multiply(nn.Module):
    """a * b: the simplest gate, when b is squashed into [0, 1]."""

    def forward(self, a, b):
        return a * b
`,
});

export const Concat = defineTorchNode({
  type: 'Concat',
  className: 'Concat',
  args: ({ params }) => ({ axis: params.axis as number }),
  source: `class Concat(nn.Module):
    """Joins a and b along one axis (-1: the last)."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, a, b):
        if a.dtype != b.dtype:
            a, b = a.float(), b.float()
        return torch.cat([a, b], self.axis)
`,
});

export const LayerNorm = defineTorchNode({
  type: 'LayerNorm',
  className: 'LayerNorm',
  helpers: ['norms'],
  args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), eps: params.eps as number }),
  source: `class LayerNorm(nn.Module):
    """Zero mean, unit variance over the last axis, then a learned gain and bias."""

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gain = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return layer_norm(x, self.gain, self.bias, self.eps)
`,
});

export const RMSNorm = defineTorchNode({
  type: 'RMSNorm',
  className: 'RMSNorm',
  helpers: ['norms'],
  args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), eps: params.eps as number }),
  source: `class RMSNorm(nn.Module):
    """Divides by the root mean square of the last axis, then a learned gain."""

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gain = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return rms_norm(x, self.gain, self.eps)
`,
});

export const Embedding = defineTorchNode({
  type: 'Embedding',
  className: 'Embedding',
  args: ({ params, dataset }) => ({ vocab: dataset.vocab ?? 1, dim: params.dim as number }),
  source: `class Embedding(nn.Module):
    """Token ids [B, T] -> vectors [B, T, dim]: row i of the table for token i."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.table = nn.Parameter(torch.empty(vocab, dim))
        self.reset_parameters()

    def reset_parameters(self):
        init_(self.table, "normal", std=0.02)

    def forward(self, ids):
        return self.table[ids.long()]
`,
});

export const PositionalEmbedding = defineTorchNode({
  type: 'PositionalEmbedding',
  className: 'PositionalEmbedding',
  args: ({ params, inputs }) => {
    const s = inputs.in!.shape;
    return { length: s[1] as number, dim: s[2] as number, mode: params.mode as string };
  },
  source: `def sinusoid_table(T, D):
    """Fixed sinusoidal table [T, D] (Vaswani et al.), computed in float64 as GateLab does."""
    rows = []
    for t in range(T):
        row = []
        for i in range(D):
            rate = math.pow(10000.0, -(2 * (i // 2)) / D)
            row.append(math.sin(t * rate) if i % 2 == 0 else math.cos(t * rate))
        rows.append(row)
    return torch.tensor(rows, dtype=torch.float32)


class PositionalEmbedding(nn.Module):
    """Adds a vector per position to [B, T, D]: a learned table, or fixed sinusoids."""

    def __init__(self, length, dim, mode="learned"):
        super().__init__()
        self.mode = mode
        if mode == "learned":
            self.table = nn.Parameter(torch.empty(length, dim))
            init_(self.table, "normal", std=0.02)
        else:
            self.register_buffer("table", sinusoid_table(length, dim), persistent=False)

    def forward(self, x):
        T = x.shape[1]
        return x + self.table[:T]
`,
});

export const CORE_TORCH: readonly TorchNode[] = [Dense, ClassifierHead, Activation, Add, Multiply, Concat, LayerNorm, RMSNorm, Embedding, PositionalEmbedding];
