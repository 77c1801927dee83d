# Keras regressors whose last Dense layer has activation="relu": with "mse" the targets below 0
# cannot be reached. A ReLU head fitted on targets that are never negative is a choice, and
# softmax before "categorical_crossentropy" is the pair that loss expects.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def regressor(features):
    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(features,)),
        layers.Dense(1, activation="relu"),  # warning: [activation-on-output]
    ])
    model.compile(optimizer="adam", loss="mse")
    return model


def counts_model(features):
    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(features,)),
        layers.Dense(1, activation="relu"),
    ])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.random.rand(100, features), np.random.poisson(3.0, size=(100, 1)), epochs=2)
    return model


def classifier(features, classes):
    model = keras.Sequential([
        layers.Dense(64, activation="relu", input_shape=(features,)),
        layers.Dense(classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model
