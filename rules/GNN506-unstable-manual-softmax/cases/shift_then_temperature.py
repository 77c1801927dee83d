# Modelled on policy and clustering helpers that soften a softmax with a temperature: the logits
# are shifted by their maximum in one statement and divided by the temperature inside `exp` in
# another. `(x - max) / t` with t > 0 is still at most 0, so `exp` cannot overflow: safe. The
# same helper without the shift overflows once a logit exceeds ~88 t. Only a real maximum counts
# as the shift inside a scaled exponent (not a parameter that might be one).
import numpy as np


class Policy:
    def __init__(self, temperature=1.0):
        self.temperature = temperature

    def probabilities(self, logits):
        z = np.exp(logits / self.temperature)  # error: [unstable-manual-softmax]
        return z / np.sum(z, axis=-1, keepdims=True)

    def probabilities_shifted(self, logits):
        logits = logits - np.max(logits, axis=-1, keepdims=True)
        z = np.exp(logits / self.temperature)
        return z / np.sum(z, axis=-1, keepdims=True)

    def probabilities_scaled(self, logits):
        shifted = logits - logits.max(axis=-1, keepdims=True)
        z = np.exp(2.0 * shifted)
        return z / z.sum(axis=-1, keepdims=True)


def pairwise_weights(h_i, h_j, temperature):
    # a difference of two inputs, scaled: nothing shows that h_j is the maximum
    z = np.exp((h_i - h_j) / temperature)  # error: [unstable-manual-softmax]
    return z / z.sum(axis=-1, keepdims=True)
