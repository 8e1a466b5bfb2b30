class ConfidenceGate(nn.Module):
    """COSMO's gate: logistic regression on the sorted top-k probabilities of both experts gives
    p(seen); p(unseen) = sigmoid((theta - p(seen)) / smoothing), theta fitted to a coverage of the
    seen training examples (a running quantile) or fixed. It learns from seen classes only: at each
    step `held_out` of them play "unseen" (COSMO's held-out seen classes)."""

    def __init__(self, seen, classes, top_k=5, held_out=2, temperature=3.0, calibrate="coverage", coverage=0.95, threshold=0.5,
                 smoothing=0.1, hard=False, weight=1.0):
        super().__init__()
        self.k_seen = max(1, min(top_k, seen - held_out))
        self.k_unseen = min(top_k, held_out, classes - seen)
        self.held_out = held_out
        self.temperature, self.calibrate, self.coverage = temperature, calibrate, coverage
        self.threshold, self.smoothing, self.hard, self.weight = threshold, smoothing, hard, weight
        self.kernel = nn.Parameter(init_(torch.empty(self.k_seen + self.k_unseen, 1), "glorot"))
        self.bias = nn.Parameter(torch.zeros(1))
        self.register_buffer("theta", torch.tensor(float(threshold)))  # fitted, not trained

    def features(self, seen_logits, unseen_probs):
        p_seen = torch.softmax(seen_logits / self.temperature, -1)
        return torch.cat([top_sorted(p_seen, self.k_seen), top_sorted(unseen_probs, self.k_unseen)], 1)

    def forward(self, seen, zero_shot, ctx):
        S, C = seen.shape[1], zero_shot.shape[1]
        s_logits, z_logits = seen.detach(), zero_shot.detach()
        pZ = torch.softmax(z_logits, -1)  # (B, C)
        pZU = pZ[:, S:]  # (B, U)
        logit_in = linear(self.features(s_logits, pZU), self.kernel, self.bias)  # (B, 1): logit of p(seen)
        p_seen = torch.sigmoid(logit_in)
        if ctx.training and ctx.target is not None and self.calibrate == "coverage":
            track_quantile(self.theta, p_seen, 1 - self.coverage, 0.9, ctx.step == 0)
        theta = self.theta if self.calibrate == "coverage" else self.threshold
        unseen = torch.sigmoid((theta - p_seen) / self.smoothing)
        if self.hard:
            unseen = (unseen > 0.5).float()
        if ctx.target is not None and self.weight > 0:
            ctx.add_loss("bce", self.weight * self.held_out_loss(s_logits, z_logits, ctx.target, ctx.step))
        return unseen


    def held_out_loss(self, s_logits, z_logits, target, step):
        """Logistic loss of p(seen) from seen classes only: the held-out classes leave the seen
        expert's softmax and are the zero-shot expert's only candidates (its softmax over the seen
        classes); their examples are labelled unseen. Rows of true unseen classes count for nothing."""
        S = s_logits.shape[1]
        held = torch.tensor([(step * self.held_out + j) % S for j in range(self.held_out)])
        held_mask = F.one_hot(held, S).sum(0).float()
        own = F.one_hot(target.long(), z_logits.shape[1]).float()[:, :S]
        counts, is_held = own.sum(1), (own * held_mask).sum(1)
        restricted = s_logits + held_mask * -1e9
        candidates = torch.softmax(z_logits[:, :S], -1)[:, held]
        z = linear(self.features(restricted, candidates), self.kernel, self.bias).reshape(-1)
        rows = is_held * F.softplus(z) + (counts - is_held) * F.softplus(-z)
        return rows.sum() / counts.sum().clamp(min=1)


class AdaptiveSmoothingCombiner(nn.Module):
    """log P(y|x) over all classes: the seen expert weighted by 1 - g, the zero-shot expert (among
    unseen classes) by g, each smoothed towards uniform by the other's weight (COSMO)."""

    def __init__(self, mode="adaptive"):
        super().__init__()
        self.mode = mode

    def forward(self, seen, zero_shot, unseen):
        S, C = seen.shape[1], zero_shot.shape[1]
        U = C - S
        zs = zero_shot.detach()
        if self.mode == "ungated":
            return torch.log_softmax(zs, -1)
        g = unseen.detach()  # (B, 1)
        pS = torch.softmax(seen.detach(), -1)
        pZU = torch.softmax(zs[:, S:], -1)
        if self.mode == "adaptive":
            on_unseen = g * (pZU + (1 - g) / U)
            on_seen = (1 - g) * (pS + g / S)
        else:
            on_unseen = g * pZU
            on_seen = (1 - g) * pS
        return torch.log(torch.cat([on_seen, on_unseen], 1) + 1e-12)
