class _Reduce(nn.Module):
    """over "last": the last axis, kept with size 1; over "tokens": every axis but the last."""

    def __init__(self, over="last"):
        super().__init__()
        self.over = over

    def axes(self, x):
        return (-1,) if self.over == "last" else tuple(range(x.dim() - 1))


class Sum(_Reduce):
    """Sum along the last axis (kept, size 1) or over the tokens (one value per channel)."""

    def forward(self, x):
        return x.sum(self.axes(x), keepdim=self.over == "last")


class Mean(_Reduce):
    """Mean along the last axis (kept, size 1) or over the tokens (one value per channel)."""

    def forward(self, x):
        return x.mean(self.axes(x), keepdim=self.over == "last")
