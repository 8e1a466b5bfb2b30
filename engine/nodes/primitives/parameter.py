class Parameter(nn.Module):
    """A learned vector [size] with no input, starting at init."""

    def __init__(self, size=1, init=0.0):
        super().__init__()
        self.value = nn.Parameter(torch.full((size,), float(init)))

    def forward(self):
        return self.value


class Scale(nn.Module):
    """out = s * x, s one learned number (or one per channel when channels > 0), or fixed when not learn."""

    def __init__(self, init=1.0, learn=True, channels=0):
        super().__init__()
        self.init = float(init)
        self.scale = nn.Parameter(torch.full((channels,) if channels else (), self.init)) if learn else None

    def forward(self, x):
        return x * (self.scale if self.scale is not None else self.init)
