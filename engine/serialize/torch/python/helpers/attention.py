def mask_bias(T, kind, device=None):
    """Additive mask [T, T]: 0 where query i may see key j, -1e9 elsewhere.
    causal: j <= i; causal-no-self: j < i (query 0 sees itself); none: all."""
    i = torch.arange(T, device=device).unsqueeze(1)
    j = torch.arange(T, device=device).unsqueeze(0)
    if kind == "none":
        ok = torch.ones(T, T, dtype=torch.bool, device=device)
    elif kind == "causal":
        ok = j <= i
    else:
        ok = (j < i) | ((i == 0) & (j == 0))
    return torch.zeros(T, T, device=device).masked_fill(~ok, -1e9)


def split_heads(x, heads):
    """[B, T, H*Dh] -> [B, H, T, Dh]."""
    B, T, D = x.shape
    return x.reshape(B, T, heads, D // heads).transpose(1, 2)


def merge_heads(x):
    """[B, H, T, Dh] -> [B, T, H*Dh]."""
    B, H, T, Dh = x.shape
    return x.transpose(1, 2).reshape(B, T, H * Dh)


def attention_heads(x, wq, wk, wv, heads, mask, score_bias=None):
    """Scaled dot-product attention per head, before the output projection.
    x [B, T, D] -> Y [B, H, T, Dh] and probabilities A [B, H, T, T]."""
    B, T, D = x.shape
    q = split_heads(linear(x, wq), heads)  # (B, H, T, Dh)
    k = split_heads(linear(x, wk), heads)
    v = split_heads(linear(x, wv), heads)
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(D / heads)  # (B, H, T, T)
    if mask != "none":
        scores = scores + mask_bias(T, mask, x.device)
    if score_bias is not None:
        scores = scores + score_bias
    A = torch.softmax(scores, -1)
    return torch.matmul(A, v), A


def attention_weights(module, dim, init="glorot", std=0.02):
    """Sets the four [dim, dim] projections W_q, W_k, W_v, W_o on `module`."""
    for name in ("wq", "wk", "wv", "wo"):
        setattr(module, name, nn.Parameter(torch.empty(dim, dim)))
    for w in (module.wq, module.wk, module.wv, module.wo):
        init_(w, "normal", std=std) if init == "normal" else init_(w, "glorot")
