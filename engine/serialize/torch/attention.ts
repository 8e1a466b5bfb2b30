/** PyTorch modules for attention: plain multi-head and gated (Qiu et al., 2025). */
import { defineTorchNode, lastOf, type TorchNode } from './registry';

export const Attention = defineTorchNode({
  type: 'Attention',
  className: 'Attention',
  helpers: ['attention'],
  args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), heads: params.heads as number, causal: params.causal as string }),
  source: `class Attention(nn.Module):
    """Multi-head scaled dot-product self-attention with an output projection."""

    def __init__(self, dim, heads=4, causal="causal"):
        super().__init__()
        self.heads = heads
        self.causal = causal
        self.wq = nn.Parameter(torch.empty(dim, dim))
        self.wk = nn.Parameter(torch.empty(dim, dim))
        self.wv = nn.Parameter(torch.empty(dim, dim))
        self.wo = nn.Parameter(torch.empty(dim, dim))
        for w in (self.wq, self.wk, self.wv, self.wo):
            init_(w, "glorot")

    def forward(self, x):
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, self.heads, self.causal)  # (B, H, T, Dh)
        return linear(merge_heads(Y), self.wo)
`,
});

export const GatedAttention = defineTorchNode({
  type: 'GatedAttention',
  className: 'GatedAttention',
  helpers: ['attention'],
  args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), heads: params.heads as number, gate: params.gate as string, position: params.position as string, causal: params.causal as string, init: params.init === 'glorot' ? 'glorot' : 'normal' }),
  source: `class GatedAttention(nn.Module):
    """Attention whose per-head output is multiplied by sigmoid(x @ wg), a gate from
    the query token itself (Qiu et al., 2025): elementwise (one per channel) or
    headwise (one per head), before W_o ("sdpa", the paper's G1) or after ("output", G5)."""

    def __init__(self, dim, heads=4, gate="elementwise", position="sdpa", causal="causal", init="normal"):
        super().__init__()
        self.heads = heads
        self.gate = gate
        self.position = position
        self.causal = causal
        self.wq = nn.Parameter(torch.empty(dim, dim))
        self.wk = nn.Parameter(torch.empty(dim, dim))
        self.wv = nn.Parameter(torch.empty(dim, dim))
        self.wo = nn.Parameter(torch.empty(dim, dim))
        for w in (self.wq, self.wk, self.wv, self.wo):
            init_(w, "normal", std=0.02) if init == "normal" else init_(w, "glorot")
        if gate != "none":
            self.wg = nn.Parameter(init_(torch.empty(dim, heads if gate == "headwise" else dim), "normal", std=0.02))

    def forward(self, x):
        B, T, D = x.shape
        H = self.heads
        Y, A = attention_heads(x, self.wq, self.wk, self.wv, H, self.causal)  # (B, H, T, Dh)
        if self.gate == "none":
            return linear(merge_heads(Y), self.wo)
        per = 1 if self.gate == "headwise" else D // H
        G = torch.sigmoid(linear(x, self.wg)).reshape(B, T, H, per)  # (B, T, H, Dh|1)
        if self.position == "output":
            o = linear(merge_heads(Y), self.wo).reshape(B, T, H, D // H)
            return (o * G).reshape(B, T, D)
        return linear(merge_heads(Y * G.transpose(1, 2)), self.wo)
`,
});

export const SemanticActivatedAttention = defineTorchNode({
  type: 'SemanticActivatedAttention',
  className: 'SemanticActivatedAttention',
  helpers: ['attention'],
  args: ({ params: p, inputs }) => ({
    dim: lastOf(inputs.h), id_dim: lastOf(inputs.id), heads: p.heads as number, id_scale: p.idScale as number,
    threshold: p.threshold as number, activation: p.activation as string, activate_during_training: p.activateDuringTraining as boolean,
  }),
  source: `class SemanticActivatedAttention(nn.Module):
    """DynamicID's decoupled identity cross-attention, gated per query: a_q is the query's summed raw
    ID logits, min-max normalised over the image and zeroed below the threshold;
    out = base + id_scale * a_q * idout, so queries unlike the identity stay untouched."""

    def __init__(self, dim, id_dim, heads=2, id_scale=1.0, threshold=0.3, activation="semantic", activate_during_training=False):
        super().__init__()
        self.heads, self.id_scale, self.threshold = heads, id_scale, threshold
        self.activation, self.activate_during_training = activation, activate_during_training
        self.wq = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))
        self.wk = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wv = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wo = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))

    def forward(self, h, ids, base=None):
        D = h.shape[2]
        q = split_heads(linear(h, self.wq), self.heads)  # (B, H, Nq, Dh)
        k = split_heads(linear(ids, self.wk), self.heads)  # (B, H, M, Dh)
        v = split_heads(linear(ids, self.wv), self.heads)
        S = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D / self.heads)  # (B, H, Nq, M)
        idout = linear(merge_heads(torch.matmul(torch.softmax(S, -1), v)), self.wo)  # (B, Nq, D)
        if self.activation == "semantic" and (not self.training or self.activate_during_training):
            w = S.sum(3).sum(1)  # (B, Nq)
            lo, hi = w.min(1, keepdim=True).values, w.max(1, keepdim=True).values
            a = (w - lo) / (hi - lo + 1e-6)
            a = (a * (a > self.threshold).float()).unsqueeze(2)  # (B, Nq, 1)
        else:
            a = torch.ones_like(idout[..., :1])
        return (base if base is not None else h) + a * (idout * self.id_scale)
`,
});

export const ATTENTION_TORCH: readonly TorchNode[] = [Attention, GatedAttention, SemanticActivatedAttention];
