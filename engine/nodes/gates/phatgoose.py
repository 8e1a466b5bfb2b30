def standardise(x):
    """LayerNorm without gain or bias, over the last axis."""
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) * torch.rsqrt(var + 1e-6)


class PostHocRouter(nn.Module):
    """While training, an example reaches only its own task's expert, through a sigmoid gate
    sigmoid(v_t . x) from phase gate_phase on; at inference the gate vectors route: scores
    LN(x) . LN(v_t) / sqrt(D), softmax, top-k renormalised ("posthoc"), or a uniform merge, or
    the example's own task ("oracle")."""

    def __init__(self, dim, experts=4, k=2, mode="posthoc", gate_phase=2):
        super().__init__()
        self.experts, self.k, self.mode, self.gate_phase = experts, k, mode, gate_phase
        self.gates = nn.Parameter(torch.zeros(experts, dim))

    def forward(self, x, task, group, ctx):
        E = self.experts
        if task is not None:
            own = (task.long().unsqueeze(-1) == torch.arange(E, device=x.device)).float()  # ids >= E: no expert
        else:
            own = torch.zeros(x.shape[0], E, device=x.device)
        if ctx.training:
            gated = ctx.phase is None or ctx.phase >= self.gate_phase
            return own * torch.sigmoid(x @ self.gates.t()) if gated else own
        if self.mode == "merge":
            return torch.full((x.shape[0], E), 1.0 / E, device=x.device)
        if self.mode == "oracle":
            return own
        probs = torch.softmax(standardise(x) @ standardise(self.gates).t() / math.sqrt(x.shape[1]), -1)
        return renormalize(probs * top_k_mask(probs, self.k))


class LoRAExpertBank(nn.Module):
    """E low-rank updates (x A_e) B_e / r, added with the router's weights: y = sum_e w_e (x A_e B_e) / r."""

    def __init__(self, dim, experts, units=16, rank=16, init_std=0.01):
        super().__init__()
        self.rank = rank
        self.A = nn.Parameter(init_(torch.empty(experts, dim, rank), "normal", std=init_std))
        self.B = nn.Parameter(torch.zeros(experts, rank, units))

    def forward(self, x, weights):
        delta = torch.matmul(torch.matmul(x.unsqueeze(0), self.A), self.B) / self.rank  # (E, N, U)
        return (delta.transpose(0, 1) * weights.unsqueeze(-1)).sum(1)  # (N, U)
