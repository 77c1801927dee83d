# Modelled on large-graph training scripts that train in float32 and evaluate under float16
# autocast: the autocast region only calls an evaluation function decorated @torch.no_grad(), so
# no gradient is computed in half precision and nothing needs scaling. Autocast around the
# training step is the hazard.
import torch


def train_step(model, batch, optimizer):
    optimizer.zero_grad()
    loss = model(batch).mean()
    loss.backward()
    optimizer.step()
    return loss


@torch.no_grad()
def evaluate(model, batches):
    return [model(b).mean() for b in batches]


def run(model, batches, optimizer, epochs):
    for _ in range(epochs):
        for batch in batches:
            train_step(model, batch, optimizer)
        with torch.cuda.amp.autocast():
            scores = evaluate(model, batches)
        print(scores)


def run_fp16(model, batches, optimizer):
    for batch in batches:
        with torch.autocast("cuda", dtype=torch.float16):  # error: [fp16-without-loss-scaling]
            loss = model(batch).mean()
        loss.backward()
        optimizer.step()
