def ranks(scores):
    """Rank of each entry within its row (last axis): 0 for the largest; ties go to the lower
    index, so ranks are a permutation. No gradient."""
    s = scores.detach()
    E = s.shape[-1]
    diff = s.unsqueeze(-2) - s.unsqueeze(-1)  # (..., E, E): [i, j] = s_j - s_i
    earlier = torch.tril(torch.ones(E, E, device=s.device), -1)  # [i, j] = 1 where j < i
    beats = earlier * (diff >= 0).float() + (1 - earlier) * (diff > 0).float()
    return beats.sum(-1)


def top_k_mask(scores, k):
    """1 for the k largest entries of each row, else 0; exactly k per row."""
    return (ranks(scores) < k - 0.5).float()


def masked_softmax(logits, mask):
    """Softmax over the entries the mask keeps; the others get exactly 0."""
    kept = logits * mask + (1 - mask) * -1e9
    return torch.softmax(kept, -1) * mask


def renormalize(weights, eps=1e-9):
    return weights / (weights.sum(-1, keepdim=True) + eps)


def capacity_mask(mask, k, factor):
    """Expert capacity (Switch Transformer): each expert keeps at most ceil(factor * N * k / E)
    of the N tokens' assignments, first come first served in token order. No gradient."""
    E = mask.shape[-1]
    m = mask.detach().reshape(-1, E)
    capacity = math.ceil(factor * m.shape[0] * k / E)
    return (m * (m.cumsum(0) <= capacity).float()).reshape(mask.shape)


def load_balance_loss(probs, mask, eta=None):
    """E * sum_i eta_i f_i P_i (Switch Transformer): f_i the share of routed slots sent to expert i
    (counted, no gradient), P_i its mean router probability."""
    E = probs.shape[-1]
    p = probs.reshape(-1, E)
    m = mask.detach().reshape(-1, E)
    f = m.sum(0) / m.sum().clamp(min=1.0)
    fp = f * p.mean(0)
    if eta is not None:
        fp = fp * eta
    return fp.sum() * E
