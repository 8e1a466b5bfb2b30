class SemanticActivatedAttention(nn.Module):
    """DynamicID's decoupled identity cross-attention, gated per query: a_q is the query's summed raw
    ID logits, min-max normalised over the image and zeroed below the threshold;
    out = base + id_scale * a_q * idout, so queries unlike the identity stay untouched."""

    def __init__(self, dim, id_dim, heads=2, id_scale=1.0, threshold=0.3, activation="semantic", activate_during_training=False):
        super().__init__()
        self.heads, self.id_scale, self.threshold = heads, id_scale, threshold
        self.activation, self.activate_during_training = activation, activate_during_training
        self.wq = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))
        self.wk = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wv = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wo = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))

    def forward(self, h, ids, base=None):
        D = h.shape[2]
        q = split_heads(linear(h, self.wq), self.heads)  # (B, H, Nq, Dh)
        k = split_heads(linear(ids, self.wk), self.heads)  # (B, H, M, Dh)
        v = split_heads(linear(ids, self.wv), self.heads)
        S = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D / self.heads)  # (B, H, Nq, M)
        idout = linear(merge_heads(torch.matmul(torch.softmax(S, -1), v)), self.wo)  # (B, Nq, D)
        if self.activation == "semantic" and (not self.training or self.activate_during_training):
            w = S.sum(3).sum(1)  # (B, Nq)
            lo, hi = w.min(1, keepdim=True).values, w.max(1, keepdim=True).values
            a = (w - lo) / (hi - lo + 1e-6)
            a = (a * (a > self.threshold).float()).unsqueeze(2)  # (B, Nq, 1)
        else:
            a = torch.ones_like(idout[..., :1])
        return (base if base is not None else h) + a * (idout * self.id_scale)
