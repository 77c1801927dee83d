# Modelled on an unsupervised GraphSAGE margin loss: the log of the sigmoid of a cosine similarity
# (or of a tanh) never reaches 0, since the logit lies in [-1, 1] and sigmoid(-1) = 0.27. The log
# of the sigmoid of a raw dot product, which can be any size, is the hazard.
import torch
import torch.nn.functional as F


def margin_loss(z, src, dst, neg):
    pos = F.cosine_similarity(z[src], z[dst])
    pos_term = torch.log(torch.sigmoid(pos)).min()
    far = torch.cosine_similarity(z[src], z[neg])
    neg_term = torch.log(torch.sigmoid(-far)).max()
    gated = torch.log(torch.sigmoid(torch.tanh(z @ z.t())))
    return neg_term - pos_term + gated.mean()


def dot_loss(z, src, dst):
    score = (z[src] * z[dst]).sum(-1)
    return -torch.log(torch.sigmoid(score)).mean()  # error: [unguarded-log]
