def layer_norm(x, gain, bias, eps):
    """(x - mean) / sqrt(var + eps) * gain + bias over the last axis (population variance)."""
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    y = (x - mean) * torch.rsqrt(var + eps)
    if gain is not None:
        y = y * gain
    return y + bias if bias is not None else y


def rms_norm(x, gain, eps):
    """x / sqrt(mean(x^2) + eps) * gain over the last axis."""
    y = x * torch.rsqrt((x * x).mean(-1, keepdim=True) + eps)
    return y * gain if gain is not None else y
