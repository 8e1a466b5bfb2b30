class MaskedMeanPool(nn.Module):
    """Mean of the kept tokens: [B, N, D], keep [B, N] -> [B, D]."""

    def forward(self, x, keep):
        k = keep.unsqueeze(2)
        return (x * k).sum(1) / k.sum(1).clamp(min=1e-6)
