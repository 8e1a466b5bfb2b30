class Add(nn.Module):
    """a + b: the residual connection."""

    def forward(self, a, b):
        return a + b


class Multiply(nn.Module):
    """a * b: the simplest gate, when b is squashed into [0, 1]."""

    def forward(self, a, b):
        return a * b


class Concat(nn.Module):
    """Joins a and b along one axis (-1: the last)."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, a, b):
        if a.dtype != b.dtype:
            a, b = a.float(), b.float()
        return torch.cat([a, b], self.axis)
