class SeenExpert(nn.Module):
    """Logits over the seen classes; trains on its own cross-entropy over seen-class examples."""

    def __init__(self, in_features, seen, weight=1.0):
        super().__init__()
        self.seen, self.weight = seen, weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, seen), "glorot"))
        self.bias = nn.Parameter(torch.zeros(seen))

    def forward(self, x, ctx):
        scores = linear(x, self.kernel, self.bias)  # (B, S)
        if ctx.target is not None and self.weight > 0:
            ctx.add_loss("ce", self.weight * seen_cross_entropy(scores, ctx.target, self.seen, ctx.target_mask))
        return scores


class ZeroShotExpert(nn.Module):
    """Maps an example into attribute space, z = x W + b, and scores every class by -sharpness * ||z - a_c||^2;
    trains by regressing z onto the attribute vector of its (seen) class."""

    def __init__(self, in_features, attributes, seen, sharpness=2.0, weight=1.0):
        super().__init__()
        self.seen, self.sharpness, self.weight = seen, sharpness, weight
        self.kernel = nn.Parameter(init_(torch.empty(in_features, attributes), "glorot"))
        self.bias = nn.Parameter(torch.zeros(attributes))

    def forward(self, x, attributes, ctx):
        z = linear(x, self.kernel, self.bias)  # (B, A)
        scores = -self.sharpness * ((z.unsqueeze(1) - attributes) ** 2).sum(2)  # (B, C)
        if ctx.target is not None and self.weight > 0:
            t = ctx.target.long()
            own = (F.one_hot(t, attributes.shape[1]).float().unsqueeze(2) * attributes).sum(1)  # (B, A): a_y
            rows = (t.float() < self.seen - 0.5).float()
            if ctx.target_mask is not None:
                rows = rows * ctx.target_mask
            se = ((z - own) ** 2).mean(1)
            ctx.add_loss("mse", self.weight * (se * rows).sum() / rows.sum().clamp(min=1.0))
        return scores
