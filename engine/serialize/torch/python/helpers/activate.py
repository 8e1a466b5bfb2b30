SQRT_HALF = math.sqrt(0.5)


def activate(fn, x):
    """Elementwise activations by name; GELU is the exact erf form."""
    if fn == "relu":
        return torch.relu(x)
    if fn == "gelu":
        return x * 0.5 * (1.0 + torch.erf(x * SQRT_HALF))
    if fn == "silu":
        return x * torch.sigmoid(x)
    if fn == "tanh":
        return torch.tanh(x)
    if fn == "sigmoid":
        return torch.sigmoid(x)
    if fn == "identity":
        return x
    raise ValueError("unknown activation " + fn)
