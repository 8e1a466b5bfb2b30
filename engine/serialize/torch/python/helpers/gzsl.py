def seen_cross_entropy(logits_seen, target, S, mask=None):
    """Cross-entropy over the first S classes, on the rows whose label is a seen class."""
    t = target.float()
    rows = (t < S - 0.5).float()
    if mask is not None:
        rows = rows * mask
    return softmax_cross_entropy(logits_seen, (t * rows).long(), rows)


def top_sorted(p, k):
    """Each row's k largest entries, largest first, [B, E] -> [B, k] (zeros where E < k)."""
    vals = torch.sort(p, dim=1, descending=True, stable=True).values[:, :k]
    return F.pad(vals, (0, k - vals.shape[1])) if vals.shape[1] < k else vals


@torch.no_grad()
def track_quantile(state, values, q, momentum, first):
    """A running q-quantile in a buffer: this batch's, blended in with weight 1 - momentum."""
    v = values.detach().reshape(-1)
    n = v.numel()
    k = min(n, max(1, int(math.floor(q * n)) + 1))
    kth = torch.kthvalue(v, k).values
    state.copy_((kth if first else momentum * state + (1 - momentum) * kth).reshape(state.shape))


def unit(x):
    return x / (x.norm(dim=-1, keepdim=True) + 1e-8)


class _MLP(nn.Module):
    """x -> (ReLU hidden) -> latent; one layer when hidden is 0."""

    def __init__(self, in_dim, hidden, latent):
        super().__init__()
        out1 = hidden if hidden else latent
        self.w1 = nn.Parameter(init_(torch.empty(in_dim, out1), "glorot"))
        self.b1 = nn.Parameter(torch.zeros(out1))
        if hidden:
            self.w2 = nn.Parameter(init_(torch.empty(hidden, latent), "glorot"))
            self.b2 = nn.Parameter(torch.zeros(latent))
        else:
            self.w2 = None

    def mlp(self, x):
        if self.w2 is None:
            return linear(x, self.w1, self.b1)
        return linear(torch.relu(linear(x, self.w1, self.b1)), self.w2, self.b2)
