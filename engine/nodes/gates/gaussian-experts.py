class GaussianExperts(nn.Module):
    """E Gaussian experts N(y | a_i^T x + b_i, sigma_i^2) mixed by a router's weights; returns the
    mixture [B, E, 3] as (weight, mean, sigma) per expert, for the mixture negative log-likelihood."""

    def __init__(self, in_features, experts):
        super().__init__()
        self.kernel = nn.Parameter(torch.randn(in_features, experts))
        self.bias = nn.Parameter(torch.randn(experts))
        self.logSigma = nn.Parameter(torch.zeros(experts))

    def forward(self, x, weights):
        mean = linear(x, self.kernel, self.bias)  # (B, E)
        sigma = torch.exp(self.logSigma).expand_as(mean)
        return torch.stack([weights, mean, sigma], -1)  # (B, E, 3)
