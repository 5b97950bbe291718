"""How `mlp-best` was chosen: candidate configurations scored on a dev split, never the test set.

    python benchmarks/tune_mlp_best.py

Each candidate trains on 50,000 training images and is scored on the other 10,000 (the split
`course run NAME --dev` makes); the test set is not touched. Prints one line per candidate.
"""

from __future__ import annotations

import dataclasses

from fashion_course import data
from fashion_course.experiments import find_experiment, run

CANDIDATES = [
    {"layer_dims": (784, 256, 128, 10), "batch_size": 256, "lr": 0.002, "epochs": 20},
    {"layer_dims": (784, 256, 128, 10), "batch_size": 128, "lr": 0.001, "epochs": 20},
    {"layer_dims": (784, 256, 128, 10), "batch_size": 256, "lr": 0.002, "epochs": 20, "schedule": "constant"},
    {"layer_dims": (784, 512, 256, 10), "batch_size": 256, "lr": 0.002, "epochs": 20},
    {"layer_dims": (784, 512, 256, 10), "batch_size": 256, "lr": 0.002, "epochs": 30},
    {"layer_dims": (784, 512, 10), "batch_size": 256, "lr": 0.002, "epochs": 20},
]

if __name__ == "__main__":
    source = data.locate("full")
    base = find_experiment("mlp-best")
    for settings in CANDIDATES:
        candidate = dataclasses.replace(base, **settings)
        result = run(candidate, source=source, use_dev=True)
        print(
            f"{settings}: dev accuracy {result.eval_accuracy:.4f} (best epoch {max(result.history['dev_accuracy']):.4f}), "
            f"train {result.train_accuracy:.4f}, {result.seconds:.0f} s",
            flush=True,
        )
