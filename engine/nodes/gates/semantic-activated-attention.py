class SemanticActivatedAttention(nn.Module):
    """DynamicID's decoupled identity cross-attention, gated per query: a_q is the query's summed raw
    ID logits, min-max normalised over the image and zeroed below the threshold;
    out = base + id_scale * a_q * idout, so queries unlike the identity stay untouched.
    With regions [B, Nq, K] the tokens come in K groups, one per identity, and a query inside
    identity i's region gets exactly zero attention on the tokens of every other identity."""

    def __init__(self, dim, id_dim, heads=2, id_scale=1.0, threshold=0.3, activation="semantic", activate_during_training=False, masks=True):
        super().__init__()
        self.heads, self.id_scale, self.threshold = heads, id_scale, threshold
        self.activation, self.activate_during_training, self.masks = activation, activate_during_training, masks
        self.wq = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))
        self.wk = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wv = nn.Parameter(init_(torch.empty(id_dim, dim), "glorot"))
        self.wo = nn.Parameter(init_(torch.empty(dim, dim), "glorot"))
        if activation == "learned mask":
            self.wm = nn.Parameter(init_(torch.empty(dim, 1), "glorot"))
            self.bm = nn.Parameter(torch.zeros(1))

    def forward(self, h, ids, base=None, regions=None):
        D = h.shape[2]
        q = split_heads(linear(h, self.wq), self.heads)  # (B, H, Nq, Dh)
        k = split_heads(linear(ids, self.wk), self.heads)  # (B, H, M, Dh)
        v = split_heads(linear(ids, self.wv), self.heads)
        S = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D / self.heads)  # (B, H, Nq, M)
        logits = S
        if regions is not None and self.masks:
            own = regions.repeat_interleave(ids.shape[1] // regions.shape[2], dim=2)  # (B, Nq, M)
            forbidden = (regions.sum(2, keepdim=True) - own).unsqueeze(1)  # (B, 1, Nq, M)
            logits = S - forbidden * 1e9
        idout = linear(merge_heads(torch.matmul(torch.softmax(logits, -1), v)), self.wo)  # (B, Nq, D)
        if self.activation == "semantic" and (not self.training or self.activate_during_training):
            w = S.sum(3).sum(1)  # (B, Nq)
            lo, hi = w.min(1, keepdim=True).values, w.max(1, keepdim=True).values
            a = (w - lo) / (hi - lo + 1e-6)
            a = (a * (a > self.threshold).float()).unsqueeze(2)  # (B, Nq, 1)
        elif self.activation == "learned mask":
            a = torch.sigmoid(linear(h, self.wm, self.bm))
        else:
            a = torch.ones_like(idout[..., :1])
        return (base if base is not None else h) + a * (idout * self.id_scale)
