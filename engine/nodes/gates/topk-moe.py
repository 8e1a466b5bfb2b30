class TopKSoftmaxRouter(nn.Module):
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


class FFNExperts(nn.Module):
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
