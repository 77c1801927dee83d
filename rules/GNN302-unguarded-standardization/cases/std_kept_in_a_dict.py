# Modelled on molecular property scripts: a helper gathers each target's statistics into a dict
# under literal keys and returns it; the targets are standardised with the dict's entries. A
# multi-task script keeps the per-task spreads (written entry by entry into an allocated tensor)
# in its settings dict and hands the dict to the training function. A target that is constant over
# the training split has std 0. Entries floored before they are stored stay quiet, and so does a
# read under another key.
import numpy as np
import torch


def target_statistics(targets):
    stats = {}
    stats["centre"] = np.mean(targets, axis=0)
    stats["spread"] = np.std(targets, axis=0)
    stats["safe_spread"] = np.maximum(np.std(targets, axis=0), 1e-6)
    return stats


def rescale(y, centre, spread):
    return (y - centre) / spread  # warning: [unguarded-standardization]


def rescale_safely(y, centre, spread):
    return (y - centre) / spread


def task_spreads(values_per_task):
    centres = torch.zeros(len(values_per_task))
    spreads = torch.zeros(len(values_per_task))
    floors = torch.zeros(len(values_per_task))
    for t, values in enumerate(values_per_task):
        centres[t] = float(np.mean(values))
        spreads[t] = float(np.std(values))
        floors[t] = max(float(np.std(values)), 1e-6)
    return centres, spreads, floors


def train_epoch(config, model, batches):
    for x, y in batches:
        scaled = (y - config["centre"]) / config["spread"]  # warning: [unguarded-standardization]
        floored = (y - config["centre"]) / config["floor"]
        loss = ((model(x) - scaled) ** 2).mean() + ((model(x) - floored) ** 2).mean()
        loss.backward()


def main(config, model, batches, targets, values_per_task):
    stats = target_statistics(targets)
    scaled = [rescale(y, stats["centre"], stats["spread"]) for y in targets]
    safe = [rescale_safely(y, stats["centre"], stats["safe_spread"]) for y in targets]
    centres, spreads, floors = task_spreads(values_per_task)
    centres, spreads = centres.to(config["device"]), spreads.to(config["device"])
    config["centre"], config["spread"], config["floor"] = centres, spreads, floors
    train_epoch(config, model, batches)
    return scaled, safe


# The entry is repaired after it is stored, however that is written: each of these stays quiet.
def literal_entry_patched(x):
    stats = {"spread": x.std(0)}
    stats["spread"][stats["spread"] == 0] = 1
    return (x - x.mean(0)) / stats["spread"]


def literal_entry_updated(x):
    stats = {"spread": x.std(0)}
    stats.update(spread=stats["spread"] + 1e-6)
    return (x - x.mean(0)) / stats["spread"]


def every_entry_floored(x, eps=1e-6):
    stats = {"spread": x.std(0)}
    for k in stats:
        stats[k] = stats[k] + eps
    return (x - x.mean(0)) / stats["spread"]


def entry_clamped_in_place(x):
    stats = {}
    stats["spread"] = x.std(0)
    stats["spread"].clamp_(min=1e-6)
    return (x - x.mean(0)) / stats["spread"]


def spread_clamped_in_place(x):
    spread = x.std(0)
    spread.clamp_(min=1e-6)
    return (x - x.mean(0)) / spread


def literal_entry_unrepaired(x):
    stats = {"spread": x.std(0)}
    return (x - x.mean(0)) / stats["spread"]  # warning: [unguarded-standardization]
