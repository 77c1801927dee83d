# Modelled on attention-pooling and knowledge-graph scoring code that writes a cosine similarity
# by hand as the matrix of dot products (`a @ b.t()`) over the broadcast product of the two row
# norms: a padded (all-zero) node row gives 0 / 0 = NaN. The same with an epsilon on the product,
# or with the rows normalised first, is safe.
import torch
import torch.nn.functional as F


def cosine_sim(a, b):
    return torch.mm(a, b.t()) / (torch.norm(a, dim=1, keepdim=True) * torch.norm(b, dim=1, keepdim=True))  # warning: [unguarded-division]


def cosine_score(head, tail):
    score = (head * tail).sum(-1)
    hn = head.norm(p=2, dim=-1)
    tn = tail.norm(p=2, dim=-1)
    return score / (hn * tn)  # warning: [unguarded-division]


def cosine_sim_eps(a, b, eps=1e-8):
    return torch.mm(a, b.t()) / (torch.norm(a, dim=1, keepdim=True) * torch.norm(b, dim=1, keepdim=True) + eps)


def cosine_sim_normalised(a, b):
    return torch.mm(F.normalize(a, dim=1), F.normalize(b, dim=1).t())


def scaled_by_counts(x, counts, weights):
    return x / (counts.sum(1) * weights)


# Candidate edges by feature similarity, one node at a time: the row the loop visits against the
# rows of the labelled nodes, divided by the product of their norms.
def similar_candidates(x, labelled, k):
    for i in range(len(x)):
        s = torch.div(torch.matmul(x[i], x[labelled].T), x[i].norm() * x[labelled].norm(dim=1))  # warning: [unguarded-division]
        print(s.topk(k))


def similar_candidates_eps(x, k):
    for i in range(len(x)):
        s = torch.div(torch.matmul(x[i], x.T), x[i].norm() * x.norm(dim=1) + 1e-8)
        print(s.topk(k))


def vector_pair(a, b):
    return (a * b).sum() / (a.norm() * b.norm())
