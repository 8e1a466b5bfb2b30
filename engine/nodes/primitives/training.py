class StopGradient(nn.Module):
    """The input unchanged, without a gradient."""

    def forward(self, x):
        return x.detach()


class AuxLoss(nn.Module):
    """Adds weight * mean(x) to the loss; returns nothing."""

    def __init__(self, weight=0.01):
        super().__init__()
        self.weight = weight

    def forward(self, x, ctx):
        ctx.add_loss("loss", self.weight * x.mean())
        return None
