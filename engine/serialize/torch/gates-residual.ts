/** PyTorch modules for residual and injection gates: ReZero, ResidualStack, GateSkip, zero-gated injection, the soft AND. */
import { defineTorchNode, lastOf, type TorchNode } from './registry';

export const ReZero = defineTorchNode({
  type: 'ReZero',
  className: 'ReZero',
  args: ({ params }) => ({ init: params.init as number }),
  source: `class ReZero(nn.Module):
    """out = x + alpha * f(x); alpha starts at 0, so the block begins as the identity (Bachlechner et al., 2020)."""

    def __init__(self, init=0.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor(float(init)))

    def forward(self, x, fx):
        return x + self.alpha * fx
`,
});

export const ResidualStack = defineTorchNode({
  type: 'ResidualStack',
  className: 'ResidualStack',
  args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), depth: params.depth as number, residual: params.residual as string, alpha_init: params.alphaInit as number }),
  source: `class ResidualStack(nn.Module):
    """depth width-preserving ReLU layers: rezero h + a_i relu(W_i h + b_i) (a_i from 0),
    residual h + relu(...), or none: relu(...) alone (the vanilla deep net)."""

    def __init__(self, dim, depth=64, residual="rezero", alpha_init=0.0):
        super().__init__()
        self.depth = depth
        self.residual = residual
        gain = 0.5 if residual == "residual" else math.sqrt(2.0)  # Xavier-normal gains of the ReZero notebook
        self.kernels = nn.Parameter(init_(torch.empty(depth, dim, dim), "normal", std=gain * math.sqrt(2.0 / (dim + dim))))
        self.biases = nn.Parameter(torch.zeros(depth, dim))
        if residual == "rezero":
            self.alpha = nn.Parameter(torch.full((depth,), float(alpha_init)))

    def forward(self, x):
        h = x
        for i in range(self.depth):
            branch = torch.relu(linear(h, self.kernels[i], self.biases[i]))
            if self.residual == "none":
                h = branch
            elif self.residual == "residual":
                h = h + branch
            else:
                h = h + self.alpha[i] * branch
        return h
`,
});

export const ResidualBranchGate = defineTorchNode({
  type: 'ResidualBranchGate',
  className: 'ResidualBranchGate',
  context: true,
  stochastic: (p) => p.decision === 'random',
  args: ({ params: p, inputs }) => ({
    in_features: lastOf(inputs.u), width: p.gateWidth === 'vector' ? lastOf(inputs.x) : 1, bias: p.bias as number,
    detach_input: p.detachInput as boolean, decision: p.decision as string, skip_ratio: p.skipRatio as number,
    train_skip_ratio: p.trainSkipRatio as number, ramp_steps: p.rampSteps as number,
    sparsity_weight: p.sparsityWeight as number, entropy_weight: p.entropyWeight as number,
  }),
  source: `def lowest_share_mask(scores, share):
    """1 at exactly floor(share * N) of the N scores, the lowest, 0 elsewhere; no gradient."""
    N = scores.numel()
    k = int(math.floor(min(1.0, max(0.0, share)) * N + 1e-9))
    if k <= 0:
        return torch.zeros_like(scores)
    if k >= N:
        return torch.ones_like(scores)
    lowest = torch.topk(-scores.detach().reshape(N), k).indices
    return torch.zeros(N, device=scores.device).scatter_(0, lowest, 1.0).reshape(scores.shape)


class ResidualBranchGate(nn.Module):
    """GateSkip (Laitenberger et al., 2025): out = x + g * f(u) with g = sigmoid(u W + b), and the
    share rho of tokens with the lowest mean gate skip the branch (out = x)."""

    def __init__(self, in_features, width, bias=5.0, detach_input=True, decision="gate", skip_ratio=0.2,
                 train_skip_ratio=0.2, ramp_steps=300, sparsity_weight=0.01, entropy_weight=0.01):
        super().__init__()
        self.detach_input = detach_input
        self.decision = decision
        self.skip_ratio = skip_ratio
        self.train_skip_ratio = train_skip_ratio
        self.ramp_steps = ramp_steps
        self.sparsity_weight = sparsity_weight
        self.entropy_weight = entropy_weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, width), "normal", std=0.01))
        self.bias = nn.Parameter(torch.full((width,), float(bias)))

    def rho(self, ctx):
        """The skip ratio in force: the evaluation budget, or the training ramp 0 -> train_skip_ratio."""
        if not ctx.training:
            return self.skip_ratio
        if self.ramp_steps > 0:
            return self.train_skip_ratio * min(1.0, ctx.step / self.ramp_steps)
        return self.train_skip_ratio

    def forward(self, u, fu, x, ctx):
        g = torch.sigmoid(linear(u.detach() if self.detach_input else u, self.kernel, self.bias))  # (B, T, G)
        importance = g.mean(-1)  # (B, T)
        scores = torch.rand_like(importance) if self.decision == "random" else importance
        keep = 1.0 - lowest_share_mask(scores, self.rho(ctx))  # (B, T), 0 = skip
        if self.sparsity_weight > 0:
            ctx.add_loss("sparsity", self.sparsity_weight * (g * g).mean())
        if self.entropy_weight > 0:
            eps = 1e-6
            entropy = -(g * torch.log(g + eps) + (1 - g) * torch.log(1 - g + eps))
            ctx.add_loss("entropy", self.entropy_weight * entropy.mean())
        return x + (g * keep.unsqueeze(-1)) * fu
`,
});

export const ZeroGatedInjection = defineTorchNode({
  type: 'ZeroGatedInjection',
  className: 'ZeroGatedInjection',
  args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.attn), cond_dim: lastOf(inputs.cond), heads: p.heads as number, mode: p.mode as string, prefix: p.prefix as boolean }),
  source: `class ZeroGatedInjection(nn.Module):
    """ImageBind-LLM's zero-initialised gate (Han et al., 2023): out = attn + tanh(g_h) * ((cond + prefix) W_v)_h
    per head, broadcast over positions; g starts at 0, so at first nothing is injected."""

    def __init__(self, dim, cond_dim, heads=4, mode="zero-gate", prefix=True):
        super().__init__()
        self.heads = heads
        self.mode = mode
        self.gate = nn.Parameter(torch.zeros(heads))
        self.wv = nn.Parameter(init_(torch.empty(cond_dim, dim), "glorot"))
        if prefix:
            self.prefix = nn.Parameter(init_(torch.empty(cond_dim), "normal", std=0.02))
        else:
            self.prefix = None

    def forward(self, attn, cond):
        B = cond.shape[0]
        a = cond.reshape(B, 1, cond.shape[-1])  # (B, 1, Dc): the adapter token
        if self.prefix is not None:
            a = a + self.prefix
        proj = linear(a, self.wv)  # (B, 1, D)
        if self.mode == "ungated":
            return attn + proj
        D = proj.shape[-1]
        injected = (proj.reshape(B, 1, self.heads, D // self.heads) * torch.tanh(self.gate).reshape(self.heads, 1)).reshape(B, 1, D)
        if self.mode == "closed":
            injected = injected * 0.0
        return attn + injected
`,
});

export const SoftAndGate = defineTorchNode({
  type: 'SoftAndGate',
  className: 'SoftAndGate',
  args: ({ params: p, inputs }) => ({ controls: lastOf(inputs.c), sharpness: p.sharpness as number, threshold: p.threshold as number, mode: p.mode as string }),
  source: `class SoftAndGate(nn.Module):
    """A learnable AND over n controls: g = prod_i sigmoid(s (c_i - theta_i)), as exp of a sum of
    log-sigmoids. out = x * g, x + g * fx, or g itself; "hard" is the exact 0/1 AND forward with the
    soft gradient; "off" removes the gate."""

    def __init__(self, controls, sharpness=10.0, threshold=0.5, mode="soft"):
        super().__init__()
        self.sharpness = sharpness
        self.mode = mode
        if mode != "off":
            self.theta = nn.Parameter(torch.full((controls,), float(threshold)))

    def forward(self, c, x=None, fx=None):
        g = None
        if self.mode != "off":
            log_on = -F.softplus(-(c - self.theta) * self.sharpness)  # log sigmoid(s (c - theta))
            g = torch.exp(log_on.sum(-1, keepdim=True))  # (B, *, 1)
            if self.mode == "hard":
                hard = ((c - self.theta).min(-1, keepdim=True).values > 0).float()
                g = g + (hard - g).detach()
        if x is None:
            return g if g is not None else c
        if g is None:
            return x + fx if fx is not None else x
        return x + g * fx if fx is not None else x * g
`,
});

export const RESIDUAL_GATES_TORCH: readonly TorchNode[] = [ReZero, ResidualStack, ResidualBranchGate, ZeroGatedInjection, SoftAndGate];
