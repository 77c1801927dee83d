"""The analysis layer every rule queries: what values are, never what they are called.

It imports nothing from ``gnnlint.rules``; rules keep only their judgement.

- ``scopes``: the walk-order binding model the engine fills in (imports, qualified names,
  assignments, aliases), and shared constant folding.
- ``graph``: what graph code computes (adjacencies, degrees, their inverses, how they were made
  safe), evaluated on demand, within a file and across the project's modules.
- ``project``: the project's own modules around a file (imports resolved to files, importers,
  the files a result depended on, for the cache).
- ``values``: sign facts (strictly positive, non-negative) from how a value was built.
- ``grad``: whether a value is built only from data no gradient is asked of.
- ``numerics``: what a call computes (probabilities, exponentials, sums, norms).
- ``params``: trainable weights and how they are drawn.
- ``models``, ``depth``, ``project_models``: a model's layer stack, its output, its depth, and the
  models a training script imports.
- ``training``: the training steps of a file (backward, optimizer, clipping).
- ``branches``: the tests of the ``if``s the walk is in.
"""
