def ecdf(x):
    """Empirical CDF of each row along the last axis: (1 + #smaller) / (N + 1); no gradient."""
    N = x.shape[-1]
    return (N - ranks(x)) / (N + 1)


def gbas_loss(g, rho, kappa, target, spread):
    """Generalised batch-shaping: gates g [B, R] pulled towards a relaxed-Bernoulli prior per
    position (mean sigmoid(rho), temperature sigmoid(kappa)), the prior means towards
    Normal(target, spread), and an L1 term on the temperatures."""
    x = g.t().clamp(1e-3, 1 - 1e-3)  # (R, B)
    mu, tau = torch.sigmoid(rho), torch.sigmoid(kappa)

    def logit(p):
        return torch.log(p) - torch.log(1 - p)

    cdf = torch.sigmoid(tau.unsqueeze(1) * logit(x) - logit(mu).unsqueeze(1))
    bas = ((ecdf(x) - cdf) ** 2).mean()
    prior = 0.5 * (1 + torch.erf((mu - target) / (spread * math.sqrt(2.0))))
    hyper = ((ecdf(mu) - prior) ** 2).mean()
    return bas, hyper, tau.mean()


def cut_image(img, Sf):
    """[B, H, W] -> regions [B, R, Sc^2], fine patches [B, R, 4, Sf^2], 2x2-averaged coarse patches [B, R, Sf^2]."""
    B, H = img.shape[0], img.shape[1]
    Sc = 2 * Sf
    G = H // Sc
    R = G * G
    regions = img.reshape(B, G, Sc, G, Sc).permute(0, 1, 3, 2, 4).reshape(B, R, Sc * Sc)
    fine = img.reshape(B, G, 2, Sf, G, 2, Sf).permute(0, 1, 4, 2, 5, 3, 6).reshape(B, R, 4, Sf * Sf)
    pooled = img.reshape(B, G, Sf, 2, G, Sf, 2).mean(dim=(3, 6))  # (B, G, Sf, G, Sf)
    coarse = pooled.permute(0, 1, 3, 2, 4).reshape(B, R, Sf * Sf)
    return regions, fine, coarse


class MixedScaleTokenizer(nn.Module):
    """A gate MLP per coarse region (reading its detail: the region minus its mean) decides, hard
    (straight-through), between four fine tokens and one coarse token. Every region owns four slots;
    a coarse region fills slot 0 and masks the rest. Returns tokens [B, 4R, D] and keep [B, 4R].
    Batch-shaping matches the gates to a relaxed-Bernoulli prior: fixed (mean = target) or learned per position."""

    def __init__(self, size, mode="dynamic", patch=2, dim=16, gate_hidden=16, threshold=0.5, target=0.4, shaping=1.0, prior="fixed"):
        super().__init__()
        Sf = patch
        R = (size // (2 * Sf)) ** 2
        self.mode, self.patch, self.dim, self.threshold, self.target, self.shaping = mode, patch, dim, threshold, target, shaping
        self.prior = prior
        self.gate1 = nn.Parameter(init_(torch.empty(4 * Sf * Sf, gate_hidden), "glorot"))
        self.gateBias1 = nn.Parameter(torch.zeros(gate_hidden))
        self.gate2 = nn.Parameter(init_(torch.empty(gate_hidden, 1), "glorot"))
        self.gateBias2 = nn.Parameter(torch.ones(1))  # starts mostly fine, then prunes
        self.fineEmbed = nn.Parameter(init_(torch.empty(Sf * Sf, dim), "glorot"))
        self.fineBias = nn.Parameter(torch.zeros(dim))
        self.coarseEmbed = nn.Parameter(init_(torch.empty(Sf * Sf, dim), "glorot"))
        self.coarseBias = nn.Parameter(torch.zeros(dim))
        self.position = nn.Parameter(init_(torch.empty(R, 4, dim), "normal", std=0.02))
        self.rho = nn.Parameter(init_(torch.empty(R), "normal", std=0.01))
        self.kappa = nn.Parameter(torch.zeros(R))

    def forward(self, image, group, ctx):
        B = image.shape[0]
        regions, fine, coarse = cut_image(image, self.patch)
        R = regions.shape[1]
        detail = regions - regions.mean(2, keepdim=True)  # the gate judges detail, not brightness
        g = torch.sigmoid(linear(torch.relu(linear(detail, self.gate1, self.gateBias1)), self.gate2, self.gateBias2).squeeze(2))  # (B, R)
        if self.mode == "fine":
            m = torch.ones(B, R, device=image.device)
        elif self.mode == "coarse":
            m = torch.zeros(B, R, device=image.device)
        else:
            m = g + ((g - (self.threshold - 1e-6) > 0).float() - g).detach()  # hard forward, straight-through backward
        fine_tok = linear(fine, self.fineEmbed, self.fineBias) + self.position  # (B, R, 4, D)
        coarse_tok = linear(coarse, self.coarseEmbed, self.coarseBias) + self.position.mean(1)  # (B, R, D)
        m3 = m.unsqueeze(2)
        first = m3 * fine_tok[:, :, 0] + (1 - m3) * coarse_tok
        tokens = torch.cat([first.unsqueeze(2), fine_tok[:, :, 1:]], 2).reshape(B, 4 * R, self.dim)
        keep = torch.cat([torch.ones(B, R, 1, device=image.device), m3.expand(B, R, 3)], 2).reshape(B, 4 * R)
        if self.mode == "dynamic" and ctx.training and self.shaping > 0:
            if self.prior == "learned":
                bas, hyper, l1 = gbas_loss(g, self.rho, self.kappa, self.target, 0.1)
                ctx.add_loss("batchShaping", self.shaping * (bas + hyper + l1))
            else:
                rho = torch.full((R,), math.log(self.target / (1 - self.target)), device=image.device)
                bas, _, _ = gbas_loss(g, rho, torch.zeros(R, device=image.device), self.target, 0.1)
                ctx.add_loss("batchShaping", self.shaping * bas)
        return {"tokens": tokens, "keep": keep}
