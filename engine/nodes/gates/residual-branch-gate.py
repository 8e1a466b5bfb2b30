def lowest_share_mask(scores, share):
    """1 at exactly floor(share * N) of the N scores, the lowest, 0 elsewhere; no gradient.
    Equal scores (identical tokens) go in index order, as GateLab's top-k takes them."""
    N = scores.numel()
    k = int(math.floor(min(1.0, max(0.0, share)) * N + 1e-9))
    if k <= 0:
        return torch.zeros_like(scores)
    if k >= N:
        return torch.ones_like(scores)
    lowest = torch.sort(scores.detach().reshape(N), stable=True).indices[:k]
    return torch.zeros(N, device=scores.device).scatter_(0, lowest, 1.0).reshape(scores.shape)


class ResidualBranchGate(nn.Module):
    """GateSkip (Laitenberger et al., 2025): out = x + g * f(u) with g = sigmoid(u W + b), and the
    share rho of tokens with the lowest mean gate skip the branch (out = x)."""

    def __init__(self, in_features, width, bias=5.0, detach_input=True, decision="gate", skip_ratio=0.2,
                 train_skip_ratio=0.2, ramp_steps=300, sparsity_weight=0.01, entropy_weight=0.01, ramp_start=0):
        super().__init__()
        self.detach_input = detach_input
        self.decision = decision
        self.skip_ratio = skip_ratio
        self.train_skip_ratio = train_skip_ratio
        self.ramp_steps = ramp_steps
        self.ramp_start = ramp_start
        self.sparsity_weight = sparsity_weight
        self.entropy_weight = entropy_weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, width), "normal", std=0.01))
        self.bias = nn.Parameter(torch.full((width,), float(bias)))

    def rho(self, ctx):
        """The skip ratio in force: the evaluation budget, or in training 0 until ramp_start, then the ramp to train_skip_ratio."""
        if not ctx.training:
            return self.skip_ratio
        since = ctx.step - self.ramp_start
        if since < 0:
            return 0.0
        if self.ramp_steps > 0:
            return self.train_skip_ratio * min(1.0, since / self.ramp_steps)
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
