class Split(nn.Module):
    """The last axis cut into two equal halves: first and second."""

    def forward(self, x):
        first, second = x.chunk(2, -1)
        return {"first": first, "second": second}


class Slice(nn.Module):
    """size channels of the last axis from start on."""

    def __init__(self, start=0, size=1):
        super().__init__()
        self.start = start
        self.size = size

    def forward(self, x):
        return x[..., self.start:self.start + self.size]
