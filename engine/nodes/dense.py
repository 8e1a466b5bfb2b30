class Dense(nn.Module):
    """A fully connected layer on the last axis: y = x @ kernel + bias."""

    def __init__(self, in_features, units, bias=True, init="glorot"):
        super().__init__()
        self.init = init
        self.kernel = nn.Parameter(torch.empty(in_features, units))  # [in, out]
        self.bias = nn.Parameter(torch.empty(units)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        if self.init == "normal":
            init_(self.kernel, "normal", std=0.02)
        else:
            init_(self.kernel, self.init)
        if self.bias is not None:
            init_(self.bias, "zeros")

    def forward(self, x):
        return linear(x, self.kernel, self.bias)


class Activation(nn.Module):
    """An elementwise non-linearity."""

    def __init__(self, fn="relu"):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return activate(self.fn, x)


class ClassifierHead(nn.Module):
    """A Dense layer with one output per class of the dataset."""

    def __init__(self, in_features, classes, bias=True):
        super().__init__()
        self.kernel = nn.Parameter(torch.empty(in_features, classes))
        self.bias = nn.Parameter(torch.empty(classes)) if bias else None
        self.reset_parameters()

    def reset_parameters(self):
        init_(self.kernel, "glorot")
        if self.bias is not None:
            init_(self.bias, "zeros")

    def forward(self, x):
        return linear(x, self.kernel, self.bias)
