def expanded_gate(fn, u, alpha):
    """The gate stretched to (-alpha, 1 + alpha); at alpha = 0 the plain (0, 1) gate."""
    if fn == "arctan":
        return torch.atan(u) * ((1 + 2 * alpha) / math.pi) + 0.5
    if fn == "erf":
        return torch.erf(u * math.sqrt(0.5)) * (0.5 + alpha) + 0.5
    return torch.sigmoid(u) * (1 + 2 * alpha) - alpha


class _Alpha(nn.Module):
    """alpha: a learned scalar (or one per channel) when learn_alpha, else a constant."""

    def __init__(self, learn_alpha, alpha_init, per_channel, channels):
        super().__init__()
        self.alpha_init = float(alpha_init)
        if learn_alpha:
            self.alpha = nn.Parameter(torch.full((channels,) if per_channel else (), self.alpha_init))
        else:
            self.alpha = None

    def value(self):
        return self.alpha if self.alpha is not None else self.alpha_init


class ExpandedSelfGate(_Alpha):
    """x * g(x) with g arctan (xATLU), erf (xGELU) or sigmoid (xSiLU), its range (-alpha, 1 + alpha)."""

    def __init__(self, fn="arctan", learn_alpha=True, alpha_init=0.0, per_channel=False, channels=1):
        super().__init__(learn_alpha, alpha_init, per_channel, channels)
        self.fn = fn

    def forward(self, x):
        return x * expanded_gate(self.fn, x, self.value())


class ExpandedGLU(_Alpha):
    """The last axis split into halves u, v: first order g(u) * v, second order g(u) * u * v."""

    def __init__(self, fn="arctan", order="first", learn_alpha=True, alpha_init=0.0, per_channel=False, channels=1):
        super().__init__(learn_alpha, alpha_init, per_channel, channels)
        self.fn = fn
        self.order = order

    def forward(self, x):
        u, v = x.chunk(2, -1)  # (B, ..., K) each
        gated = expanded_gate(self.fn, u, self.value()) * v
        return gated if self.order == "first" else gated * u
