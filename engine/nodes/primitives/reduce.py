def _reduce_axes(x, over):
    """last: the last axis; tokens: every axis but the last."""
    return (-1,) if over == "last" else tuple(range(x.dim() - 1))


class Sum(nn.Module):
    """Sum along the last axis (kept, size 1) or over the tokens (one value per channel)."""

    def __init__(self, over="last"):
        super().__init__()
        self.over = over

    def forward(self, x):
        return x.sum(_reduce_axes(x, self.over), keepdim=self.over == "last")


class Mean(nn.Module):
    """Mean along the last axis (kept, size 1) or over the tokens (one value per channel)."""

    def __init__(self, over="last"):
        super().__init__()
        self.over = over

    def forward(self, x):
        return x.mean(_reduce_axes(x, self.over), keepdim=self.over == "last")
