def standardise(x):
    """LayerNorm without gain or bias, over the last axis."""
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var + 1e-6)


class PostHocRouter(nn.Module):
    """While training, an example reaches only its own task's expert, through a sigmoid gate
    sigmoid(v_t . x) from phase gate_phase on; at inference the gate vectors route every token:
    scores LN(x) . LN(v_t) / sqrt(D), softmax, top-k renormalised ("posthoc"), or the same with a
    sequence's mean token choosing for all its tokens ("pooled"), or a uniform merge, or the
    token's own task ("oracle"). x is [B, D] or [B, T, D]."""

    def __init__(self, dim, experts=4, k=2, mode="posthoc", gate_phase=2):
        super().__init__()
        self.experts, self.k, self.mode, self.gate_phase = experts, k, mode, gate_phase
        self.gates = nn.Parameter(torch.zeros(experts, dim))

    def forward(self, x, task, group, ctx):
        E = self.experts
        tokens = x.reshape(-1, x.shape[-1])  # a row per token: [B, T, D] -> [B*T, D]
        if task is not None:
            own = (task.reshape(-1).long().unsqueeze(-1) == torch.arange(E, device=x.device)).float()  # ids >= E: no expert
        else:
            own = torch.zeros(tokens.shape[0], E, device=x.device)
        return self.route(x, tokens, own, ctx).reshape(*x.shape[:-1], E)

    def route(self, x, tokens, own, ctx):
        E = self.experts
        if ctx.training:
            gated = ctx.phase is None or ctx.phase >= self.gate_phase
            return own * torch.sigmoid(tokens @ self.gates.t()) if gated else own
        if self.mode == "merge":
            return torch.full((tokens.shape[0], E), 1.0 / E, device=x.device)
        if self.mode == "oracle":
            return own
        if self.mode == "pooled" and x.dim() == 3:  # the mean token chooses for its whole sequence
            chooser = x.mean(1).unsqueeze(1).expand_as(x).reshape(-1, x.shape[-1])
        else:
            chooser = tokens
        probs = torch.softmax(standardise(chooser) @ standardise(self.gates).t() / math.sqrt(x.shape[-1]), -1)
        return renormalize(probs * top_k_mask(probs, self.k))


class LoRAExpertBank(nn.Module):
    """E low-rank updates (x A_e) B_e / r, added with the router's weights: y = sum_e w_e (x A_e B_e) / r."""

    def __init__(self, dim, experts, units=16, rank=16, init_std=0.01):
        super().__init__()
        self.rank = rank
        self.A = nn.Parameter(init_(torch.empty(experts, dim, rank), "normal", std=init_std))
        self.B = nn.Parameter(torch.zeros(experts, rank, units))

    def forward(self, x, weights):
        tokens, w = x.reshape(-1, x.shape[-1]), weights.reshape(-1, weights.shape[-1])  # a row per token
        delta = torch.matmul(torch.matmul(tokens.unsqueeze(0), self.A), self.B) / self.rank  # (E, N, U)
        return (delta.transpose(0, 1) * w.unsqueeze(-1)).sum(1).reshape(*x.shape[:-1], -1)
