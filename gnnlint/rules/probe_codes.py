"""Codes the runtime probe reports (``--probe``). They are rules without visitors, so that
select/ignore, --list-rules, --explain and the catalogue treat them like any other code; the static
pass never reports them. Thresholds live in gnnlint/probe/analysis.py."""

from __future__ import annotations

from gnnlint.rule import Rule


class NonFiniteValues(Rule):
    code = "GNN801"
    name = "non-finite-values"
    severity = "error"
    message = "probe: NaN/Inf in a layer output, the loss or a gradient"
    fix_title = "guard the operation the message names (zero-degree guard, epsilon, self-loops)"


class ExplodingGradients(Rule):
    code = "GNN802"
    name = "exploding-gradients"
    severity = "error"
    message = "probe: mean |grad| above 1e6, or first/last layer gradient-norm ratio above 70"
    fix_title = "fix the initialisation or the propagation that amplifies; clip gradients by global norm"


class VanishingGradients(Rule):
    code = "GNN803"
    name = "vanishing-gradients"
    severity = "warning"
    message = "probe: mean |grad| below 1e-7, or a first layer with almost no gradient"
    fix_title = "use non-saturating activations, residual connections or fewer propagation layers"


class DeadUnits(Rule):
    code = "GNN804"
    name = "dead-units"
    severity = "warning"
    message = "probe: 70% or more of a ReLU's outputs are zero"
    fix_title = "check the initialisation and input scale; consider LeakyReLU/ELU"


class SaturatedActivations(Rule):
    code = "GNN805"
    name = "saturated-activations"
    severity = "warning"
    message = "probe: over half of a tanh/sigmoid's inputs have |x| >= 5"
    fix_title = "scale the inputs and the initialisation so pre-activations stay near 0"


class PropagationBlowup(Rule):
    code = "GNN806"
    name = "propagation-blowup"
    severity = "error"
    message = "probe: activation RMS grows more than 10x across a message-passing layer"
    fix_title = "normalise the adjacency (self-loops plus D^-1/2 A D^-1/2) and check the initialisation"


class GraphInputHazards(Rule):
    code = "GNN807"
    name = "graph-input-hazards"
    severity = "info"
    message = "probe: the probe graph has isolated nodes, bad edge weights or no self-loops"


class ProbeFailed(Rule):
    code = "GNN808"
    name = "probe-failed"
    severity = "error"
    message = "probe: the model could not be built or run"
    fix_title = "declare a `gnnlint_probe()` function that builds the model and its inputs"
