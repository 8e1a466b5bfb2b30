def multi_hot_window(ids, V, K, weight=None):
    """[B, T, V]: 1 for each token among ids[t ... t+K-1] (weight 0 leaves a position out)."""
    B, T = ids.shape
    onehot = F.one_hot(ids.long(), V).float()
    if weight is not None:
        onehot = onehot * weight.unsqueeze(2)
    band = torch.zeros(T, T, device=ids.device)  # band[t, s] = 1 for t <= s < t + K
    for t in range(T):
        band[t, t:min(T, t + K)] = 1.0
    return (torch.matmul(band, onehot) > 0.5).float()


def bce_with_logits(u, y, weight=None):
    per = torch.relu(u) - u * y + torch.log1p(torch.exp(-u.abs()))
    return masked_mean(per.mean(-1), weight) if weight is not None else per.mean()


class IdeaHead(nn.Module):
    """Idea logits u = relu(h W1 + b1) W2 + b2, one per word; trained by binary cross-entropy
    against the words of the next K targets; detach_input keeps its gradients out of the model beneath."""

    def __init__(self, dim, vocab, window=8, aux_weight=0.1, detach_input=False):
        super().__init__()
        self.window, self.aux_weight, self.detach_input = window, aux_weight, detach_input
        self.w1 = nn.Parameter(init_(torch.empty(dim, dim), "he"))
        self.b1 = nn.Parameter(torch.zeros(dim))
        self.w2 = nn.Parameter(init_(torch.empty(dim, vocab), "glorot"))
        self.b2 = nn.Parameter(torch.zeros(vocab))

    def forward(self, h, ctx):
        x = h.detach() if self.detach_input else h
        u = linear(torch.relu(linear(x, self.w1, self.b1)), self.w2, self.b2)  # (B, T, V)
        if ctx.target is not None and self.aux_weight > 0 and ctx.target.dim() == 2:
            y = multi_hot_window(ctx.target, u.shape[2], self.window, ctx.target_mask)
            ctx.add_loss("idea", bce_with_logits(u, y, ctx.target_mask) * self.aux_weight)
        return u


class VocabLogGate(nn.Module):
    """z + max(alpha * log(sigmoid(idea) + 1e-8), beta): words the idea head does not expect are
    damped (their probability times at least e^beta), never removed. While training alpha is 0
    before ramp_start, then ramps linearly to its full value over ramp_steps."""

    def __init__(self, alpha=0.5, beta=-2.0, ramp_start=0, ramp_steps=1000):
        super().__init__()
        self.alpha, self.beta, self.ramp_start, self.ramp_steps = alpha, beta, ramp_start, ramp_steps

    def forward(self, z, idea, ctx):
        alpha = self.alpha
        if ctx.training:
            if ctx.step < self.ramp_start:
                alpha = 0.0
            elif self.ramp_steps > 0:
                alpha = self.alpha * min(1.0, (ctx.step - self.ramp_start) / self.ramp_steps)
        if alpha == 0:
            return z
        return z + torch.clamp(torch.log(torch.sigmoid(idea) + 1e-8) * alpha, min=self.beta)
