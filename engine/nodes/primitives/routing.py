class Softmax(nn.Module):
    """Probabilities along one axis (-1: the last)."""

    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return torch.softmax(x, self.axis)


class TopKMask(nn.Module):
    """1 for the k largest scores of each row, else 0 (mask); the same values with softmax's
    gradient (straight-through); or a softmax over the kept scores (masked-softmax)."""

    def __init__(self, k=2, output="mask"):
        super().__init__()
        self.k = k
        self.output = output

    def forward(self, x):
        mask = top_k_mask(x, self.k)
        if self.output == "masked-softmax":
            return masked_softmax(x, mask)
        if self.output == "straight-through":
            soft = torch.softmax(x, -1)
            return mask + (soft - soft.detach())
        return mask
