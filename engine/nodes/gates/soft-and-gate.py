class SoftAndGate(nn.Module):
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
