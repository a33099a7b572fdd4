"""Several BiLSTM exports stacked into one file (``khobor.analyze.neural.NeuralModel`` averages them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def stack_exports(paths: list[Path], out: Path) -> None:
    """One file from several exports trained on the same features (e.g. seeds): weights gain a leading model axis.

    ``neural.NeuralModel`` runs the networks as one batch and averages their tag probabilities.
    """
    parts = [np.load(p, allow_pickle=False) for p in paths]
    for other in parts[1:]:
        for name in ("feature_vocab", "char_vocab", "conv_width"):
            if not np.array_equal(parts[0][name], other[name]):
                raise ValueError(f"{name} differs between the models to stack")
    shared = {name: parts[0][name] for name in ("feature_vocab", "char_vocab", "conv_width")}
    stacked = {name: np.stack([p[name] for p in parts]) for name in parts[0].files if name not in shared}
    np.savez_compressed(out, **shared, **stacked)
