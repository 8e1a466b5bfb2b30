class ResidualStack(nn.Module):
    """depth width-preserving ReLU layers: rezero h + a_i relu(W_i h + b_i) (a_i from 0),
    residual h + relu(...), or none: relu(...) alone (the vanilla deep net)."""

    def __init__(self, dim, depth=64, residual="rezero", alpha_init=0.0):
        super().__init__()
        self.depth = depth
        self.residual = residual
        gain = 0.5 if residual == "residual" else math.sqrt(2.0)  # Xavier-normal gains of the ReZero notebook
        self.kernels = nn.Parameter(init_(torch.empty(depth, dim, dim), "normal", std=gain * math.sqrt(2.0 / (dim + dim))))
        self.biases = nn.Parameter(torch.zeros(depth, dim))
        if residual == "rezero":
            self.alpha = nn.Parameter(torch.full((depth,), float(alpha_init)))

    def forward(self, x):
        h = x
        for i in range(self.depth):
            branch = torch.relu(linear(h, self.kernels[i], self.biases[i]))
            if self.residual == "none":
                h = branch
            elif self.residual == "residual":
                h = h + branch
            else:
                h = h + self.alpha[i] * branch
        return h
