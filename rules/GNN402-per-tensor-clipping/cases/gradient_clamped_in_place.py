# Modelled on older PyTorch training loops (the DQN tutorial's pattern, copied into GNN code):
# each parameter's gradient is clamped in place, element by element. The update's norm stays
# unbounded and its direction changes. Clamping something other than a gradient in the loop, or a
# global clip, is not this.
import torch


def train_step(model, optimizer, loss):
    optimizer.zero_grad()
    loss.backward()
    for weight in model.parameters():
        weight.grad.data.clamp_(-1, 1)  # warning: [per-tensor-clipping]
    optimizer.step()


def train_step_global(model, optimizer, loss):
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()


def train_step_weights_clamped(model, optimizer, loss):
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    for weight in model.parameters():
        weight.data.clamp_(-0.01, 0.01)  # a WGAN critic's weight clipping: not a gradient
