/** PyTorch modules for routers and experts: top-K softmax MoE (Nguyen et al., 2024) and MoE++ (Jin et al., 2025). */
import { defineTorchNode, lastOf, type TorchNode } from './registry';
import type { PyHelper } from './common';

export const ROUTER_HELPERS: Record<string, PyHelper> = {
  router: {
    source: `def ranks(scores):
    """Rank of each entry within its row (last axis): 0 for the largest; ties go to the lower
    index, so ranks are a permutation. No gradient."""
    s = scores.detach()
    E = s.shape[-1]
    diff = s.unsqueeze(-2) - s.unsqueeze(-1)  # (..., E, E): [i, j] = s_j - s_i
    earlier = torch.tril(torch.ones(E, E, device=s.device), -1)  # [i, j] = 1 where j < i
    beats = earlier * (diff >= 0).float() + (1 - earlier) * (diff > 0).float()
    return beats.sum(-1)


def top_k_mask(scores, k):
    """1 for the k largest entries of each row, else 0; exactly k per row."""
    return (ranks(scores) < k - 0.5).float()


def masked_softmax(logits, mask):
    """Softmax over the entries the mask keeps; the others get exactly 0."""
    kept = logits * mask + (1 - mask) * -1e9
    return torch.softmax(kept, -1) * mask


def renormalize(weights, eps=1e-9):
    return weights / (weights.sum(-1, keepdim=True) + eps)


def capacity_mask(mask, k, factor):
    """Expert capacity (Switch Transformer): each expert keeps at most ceil(factor * N * k / E)
    of the N tokens' assignments, first come first served in token order. No gradient."""
    E = mask.shape[-1]
    m = mask.detach().reshape(-1, E)
    capacity = math.ceil(factor * m.shape[0] * k / E)
    return (m * (m.cumsum(0) <= capacity).float()).reshape(mask.shape)


def load_balance_loss(probs, mask, eta=None):
    """E * sum_i eta_i f_i P_i (Switch Transformer): f_i the share of routed slots sent to expert i
    (counted, no gradient), P_i its mean router probability."""
    E = probs.shape[-1]
    p = probs.reshape(-1, E)
    m = mask.detach().reshape(-1, E)
    f = m.sum(0) / m.sum().clamp(min=1.0)
    fp = f * p.mean(0)
    if eta is not None:
        fp = fp * eta
    return fp.sum() * E
`,
  },
};

export const TopKSoftmaxRouter = defineTorchNode({
  type: 'TopKSoftmaxRouter',
  className: 'TopKSoftmaxRouter',
  helpers: ['router'],
  context: true,
  stochastic: (p) => (p.noise as number) > 0,
  args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.in), experts: p.experts as number, k: p.k as number, gating: p.gating as string, renormalize: p.renormalize as boolean, noise: p.noise as number, balance: p.balance as number, bias: p.bias as boolean, capacity_factor: p.capacityFactor as number }),
  source: `class TopKSoftmaxRouter(nn.Module):
    """Scores E experts per token, keeps the K best: topk-softmax softmaxes the K kept scores;
    softmax-topk keeps the K largest of a softmax over all E (optionally renormalised).
    Adds balance * E * sum f_i P_i as an auxiliary loss. With capacity_factor > 0, each expert
    takes at most ceil(capacity_factor * N * K / E) of the batch's N tokens, in token order;
    the assignments past that get weight 0 (dropped)."""

    def __init__(self, in_features, experts=4, k=2, gating="topk-softmax", renormalize=False, noise=0.0, balance=0.01, bias=True, capacity_factor=0.0):
        super().__init__()
        self.k = k
        self.capacity_factor = capacity_factor
        self.gating = gating
        self.renormalize = renormalize
        self.noise = noise
        self.balance = balance
        self.kernel = nn.Parameter(init_(torch.empty(in_features, experts), "glorot"))
        self.bias = nn.Parameter(torch.zeros(experts)) if bias else None

    def forward(self, x, group, ctx):
        logits = linear(x, self.kernel, self.bias)  # (B, *, E)
        if ctx.training and self.noise > 0:
            logits = logits + torch.randn_like(logits) * self.noise
        probs = torch.softmax(logits, -1)
        mask = top_k_mask(logits, self.k)
        if self.gating == "topk-softmax":
            weights = masked_softmax(logits, mask)
        else:
            weights = probs * mask
            if self.renormalize:
                weights = renormalize(weights)
        if self.balance > 0:
            ctx.add_loss("balance", self.balance * load_balance_loss(probs, mask))
        if self.capacity_factor > 0:
            weights = weights * capacity_mask(mask, self.k, self.capacity_factor)
        return weights
`,
});

export const FFNExperts = defineTorchNode({
  type: 'FFNExperts',
  className: 'FFNExperts',
  helpers: ['activate'],
  args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.in), experts: lastOf(inputs.weights), hidden: p.hidden as number, units: (p.units as number) || lastOf(inputs.in), act: p.act as string }),
  source: `class FFNExperts(nn.Module):
    """E two-layer FFNs on a shared input, added with the router's weights: y = sum_i w_i FFN_i(x).
    Computed densely (every expert on every token): the toys are small."""

    def __init__(self, in_features, experts, hidden=16, units=None, act="relu"):
        super().__init__()
        units = units or in_features
        self.act = act
        self.w1 = nn.Parameter(init_(torch.empty(experts, in_features, hidden), "uniform", limit=math.sqrt(6.0 / (in_features + hidden))))
        self.b1 = nn.Parameter(torch.zeros(experts, 1, hidden))
        self.w2 = nn.Parameter(init_(torch.empty(experts, hidden, units), "uniform", limit=math.sqrt(6.0 / (hidden + units))))
        self.b2 = nn.Parameter(torch.zeros(experts, 1, units))

    def forward(self, x, weights):
        D, E = x.shape[-1], weights.shape[-1]
        flat = x.reshape(-1, D)  # (N, D)
        h = activate(self.act, torch.matmul(flat.unsqueeze(0), self.w1) + self.b1)  # (E, N, H)
        y = (torch.matmul(h, self.w2) + self.b2).transpose(0, 1)  # (N, E, U)
        out = (y * weights.reshape(-1, E).unsqueeze(-1)).sum(1)  # (N, U)
        return out.reshape(*x.shape[:-1], out.shape[-1])
`,
});

export const MoEPlusPlus = defineTorchNode({
  type: 'MoEPlusPlus',
  className: 'MoEPlusPlus',
  helpers: ['router'],
  context: true,
  args: ({ params: p, inputs }) => ({
    dim: lastOf(inputs.in), ffn_experts: p.ffnExperts as number, constant_experts: p.constantExperts as number,
    copy_experts: p.copyExperts as number, zero_experts: p.zeroExperts as number, k: p.k as number, hidden: p.hidden as number,
    tau: p.tau as number, balance: p.balance as number, renormalize_after_zero: p.renormalizeAfterZero as boolean,
    scale_input_by_k: p.scaleInputByK as boolean, gating_residual: inputs.residual !== undefined,
  }),
  source: `class MoEPlusPlus(nn.Module):
    """MoE++ (Jin et al., 2025): top-k routing over SwiGLU FFN experts plus zero-computation
    experts (constant a1 x + a2 v, copy x, zero), in that order. Router: W2 tanh(W1 x), plus the
    previous layer's logits through W_map (the gating residual). Returns out and logits."""

    def __init__(self, dim, ffn_experts=4, constant_experts=2, copy_experts=1, zero_experts=1, k=2, hidden=32,
                 tau=0.75, balance=0.01, renormalize_after_zero=True, scale_input_by_k=True, gating_residual=False):
        super().__init__()
        self.kinds = ["ffn"] * ffn_experts + ["constant"] * constant_experts + ["copy"] * copy_experts + ["zero"] * zero_experts
        E, F_, C, H = len(self.kinds), ffn_experts, constant_experts, hidden
        self.k, self.tau, self.balance = k, tau, balance
        self.renormalize_after_zero, self.scale_input_by_k = renormalize_after_zero, scale_input_by_k
        self.copy_experts, self.zero_experts = copy_experts, zero_experts

        def lin(shape, fan_in):  # nn.Linear's default init, U(+-1/sqrt(fan_in)), as in the released router
            return nn.Parameter(init_(torch.empty(*shape), "uniform", limit=1.0 / math.sqrt(fan_in)))

        self.router1 = lin((dim, 8 * E), dim)
        self.router2 = lin((8 * E, E), 8 * E)
        self.gate = lin((F_, dim, H), dim)
        self.up = lin((F_, dim, H), dim)
        self.down = lin((F_, H, dim), H)
        self.residualMap = lin((E, E), E) if gating_residual else None
        if C > 0:
            self.constWeights = lin((C, dim, 2), dim)
            self.constVectors = nn.Parameter(init_(torch.empty(C, 1, dim), "normal", std=1.0))
        self.register_buffer("is_zero", torch.tensor([1.0 if k_ == "zero" else 0.0 for k_ in self.kinds]), persistent=False)
        self.register_buffer("eta", torch.tensor([1.0 if k_ == "ffn" else tau for k_ in self.kinds]), persistent=False)

    def forward(self, x, residual, group, ctx):
        E, D = len(self.kinds), x.shape[-1]
        flat = x.reshape(-1, D)  # (N, D)
        N = flat.shape[0]
        logits = linear(torch.tanh(linear(flat, self.router1)), self.router2)  # (N, E)
        if residual is not None and self.residualMap is not None:
            logits = logits + linear(residual.reshape(-1, E), self.residualMap)
        probs = torch.softmax(logits, -1)
        mask = top_k_mask(logits, self.k)  # (N, E) chosen experts
        weights = probs * mask * (1 - self.is_zero)  # the zero expert's weight is 0
        if self.renormalize_after_zero:
            weights = renormalize(weights)

        xin = flat * self.k if self.scale_input_by_k else flat
        g = torch.matmul(xin.unsqueeze(0), self.gate)  # (F, N, H)
        u = torch.matmul(xin.unsqueeze(0), self.up)
        outs = [torch.matmul(g * torch.sigmoid(g) * u, self.down).transpose(0, 1)]  # (N, F, D) SwiGLU
        if hasattr(self, "constWeights"):
            xc = xin.unsqueeze(0)  # (1, N, D)
            a = torch.softmax(torch.matmul(xc, self.constWeights), -1)  # (C, N, 2)
            outs.append((a[..., :1] * xc + a[..., 1:] * self.constVectors).transpose(0, 1))  # (N, C, D)
        if self.copy_experts > 0:
            outs.append(xin.unsqueeze(1).expand(N, self.copy_experts, D))
        if self.zero_experts > 0:
            outs.append(torch.zeros(N, self.zero_experts, D, device=x.device))
        y = (torch.cat(outs, 1) * weights.unsqueeze(-1)).sum(1)  # (N, D)
        if self.balance > 0:
            ctx.add_loss("balance", self.balance * load_balance_loss(probs, mask, self.eta))
        return {"out": y.reshape(x.shape), "logits": logits.reshape(*x.shape[:-1], E)}
`,
});

export const MOE_TORCH: readonly TorchNode[] = [TopKSoftmaxRouter, FFNExperts, MoEPlusPlus];
