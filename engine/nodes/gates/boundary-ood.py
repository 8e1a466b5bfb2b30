class SphericalEncoder(_MLP):
    """Features -> a unit vector on the latent sphere; noise is added to the mean while training."""

    def __init__(self, in_features, hidden=32, latent=8, noise=0.1):
        super().__init__(in_features, hidden, latent)
        self.noise = noise

    def forward(self, x):
        mu = self.mlp(x)
        if self.training and self.noise > 0:
            mu = mu + torch.randn_like(mu) * self.noise
        return unit(mu)


class AttributeEncoder(_MLP):
    """Class attribute vectors [B, C, A] -> one unit vector per class on the latent sphere."""

    def __init__(self, attributes, hidden=0, latent=8):
        super().__init__(attributes, hidden, latent)

    def forward(self, attributes):
        return unit(self.mlp(attributes))


class BoundaryGate(nn.Module):
    """Chen et al., 2020: s = cosine to the nearest seen anchor; p(unseen) = sigmoid((tau - s) / softness)
    with tau fitted so that a coverage of seen training examples falls inside; returns log P(y|x)."""

    def __init__(self, seen, mode="boundary", coverage=0.95, scale=10.0, softness=0.01, weight=1.0, align=1.0):
        super().__init__()
        self.seen, self.mode, self.coverage, self.scale = seen, mode, coverage, scale
        self.softness, self.weight, self.align = softness, weight, align
        self.register_buffer("tau", torch.tensor(0.0))  # fitted, not trained

    def forward(self, z, anchors, ctx):
        C, S = anchors.shape[1], self.seen
        cos = torch.matmul(anchors, z.unsqueeze(2)).squeeze(2)  # (B, C)
        cos_seen = cos[:, :S]
        if ctx.target is not None and self.weight > 0:
            ctx.add_loss("ce", self.weight * seen_cross_entropy(self.scale * cos_seen, ctx.target, S, ctx.target_mask))
        if ctx.target is not None and self.align > 0:
            own = F.one_hot(ctx.target.long(), C).float()
            rows = (ctx.target.float() < S - 0.5).float()
            if ctx.target_mask is not None:
                rows = rows * ctx.target_mask
            gap = 1 - (cos * own).sum(1)
            ctx.add_loss("align", self.align * (gap * rows).sum() / rows.sum().clamp(min=1.0))
        score = cos_seen.detach().max(1, keepdim=True).values  # (B, 1)
        if ctx.training and ctx.target is not None:
            track_quantile(self.tau, score, 1 - self.coverage, 0.9, ctx.step == 0)
        logits = self.scale * cos.detach()
        outside = (self.tau - score) / self.softness  # > 0 outside the boundary
        if self.mode == "ungated":
            return torch.log_softmax(logits, -1)
        log_seen = torch.log_softmax(logits[:, :S], -1) - F.softplus(outside)
        log_unseen = torch.log_softmax(logits[:, S:], -1) - F.softplus(-outside)
        return torch.cat([log_seen, log_unseen], 1)
