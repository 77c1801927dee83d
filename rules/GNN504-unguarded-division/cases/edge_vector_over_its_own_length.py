# Modelled on equivariant and molecular models that turn each edge's vector into a unit direction:
# the difference of the two endpoint positions, written out on both sides of the division, is
# divided by its own length. Two atoms that coincide (noise-perturbed or generated coordinates)
# give a zero vector and 0 / 0 = NaN; an epsilon or a clamp on the length keeps it finite.
import torch


def directions(pos, edge_index):
    return (pos[edge_index[0]] - pos[edge_index[1]]) / (pos[edge_index[0]] - pos[edge_index[1]]).norm(dim=-1, keepdim=True)  # warning: [unguarded-division]


def scaled_directions(pos, edge_index, score):
    length = (pos[edge_index[0]] - pos[edge_index[1]]).norm(dim=-1, keepdim=True)
    return (1.0 / length) * (pos[edge_index[0]] - pos[edge_index[1]]) * score  # warning: [unguarded-division]


def directions_with_epsilon(pos, edge_index):
    length = (pos[edge_index[0]] - pos[edge_index[1]]).norm(dim=-1, keepdim=True)
    return (pos[edge_index[0]] - pos[edge_index[1]]) / (length + 1e-5)


def directions_clamped(pos, edge_index):
    length = (pos[edge_index[0]] - pos[edge_index[1]]).norm(dim=-1, keepdim=True).clamp(min=1e-6)
    return (pos[edge_index[0]] - pos[edge_index[1]]) / length

