"""A GateLab graph as a PyTorch package: see README.md."""
from .model import GraphModel, build_model, load_model, load_weights, task_loss, accuracy, LOSS
from .nodes import Context
from .arrays import read_arrays, read_config, load_data
