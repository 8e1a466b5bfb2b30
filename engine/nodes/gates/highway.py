class HighwayGate(nn.Module):
    """out = t * h(x) + (1 - t) * x with t = sigmoid(x @ kernel + bias), written x + t * (h(x) - x);
    "plain" drops the gate and returns h(x) (Srivastava, Greff & Schmidhuber, 2015)."""

    def __init__(self, width, bias=-2.0, mode="highway"):
        super().__init__()
        self.mode = mode
        if mode == "highway":
            self.kernel = nn.Parameter(torch.zeros(width, width))
            self.bias = nn.Parameter(torch.full((width,), float(bias)))

    def forward(self, x, hx):
        if self.mode == "plain":
            return hx
        t = torch.sigmoid(x @ self.kernel + self.bias)  # (B, *, D)
        return x + t * (hx - x)
