class ReZero(nn.Module):
    """out = x + alpha * f(x); alpha starts at 0, so the block begins as the identity (Bachlechner et al., 2020)."""

    def __init__(self, init=0.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor(float(init)))

    def forward(self, x, fx):
        return x + self.alpha * fx
