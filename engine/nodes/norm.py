class LayerNorm(nn.Module):
    """Zero mean, unit variance over the last axis, then a learned gain and bias."""

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gain = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return layer_norm(x, self.gain, self.bias, self.eps)


class RMSNorm(nn.Module):
    """Divides by the root mean square of the last axis, then a learned gain."""

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.gain = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return rms_norm(x, self.gain, self.eps)
