"""scikit-learn main's MiniBatchKMeans.fit on one dataset, seed by seed: what centroid's minibatch is meant to equal.

    /usr/bin/python3 benchmarks/compare/minibatch_main_rule.py FILE K SEEDS

Only scikit-learn 1.2.1 runs here, and main (>= 1.7) draws its batches differently (choice(p=w/Σw) with unit weights
instead of randint; k-means++'s first center by choice too), so the same seed gives other batches in 1.2.1. The
fixture script tests/Centroid.Tests/Fixtures/minibatch/make_minibatch_fixtures.py re-expresses main's fit loop around
scikit-learn's own step kernels (_mini_batch_step, _labels_inertia) and checks itself against 1.2.1 bit for bit under
1.2.1's rule and against main's published docstring results; this runs that function with the settings of
minibatch_compare.py (k-means++, n_init 1, batch 1024, max_iter 100, tol 0, max_no_improvement 10,
reassignment_ratio 0.01) and prints one JSON line per seed: the inertia of its centers on all the data in float64
(as minibatch_compare.py evaluates both tools) and n_steps_. One thread (the fixture module pins it), so not timed.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "Centroid.Tests", "Fixtures", "minibatch"))
import make_minibatch_fixtures as fixtures  # noqa: E402  (sets one OpenMP/BLAS thread before numpy loads)
import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.cluster._kmeans import _labels_inertia  # noqa: E402


def main():
    path, k, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    x = sp.load_npz(path).tocsr() if path.endswith(".npz") else np.load(path)
    x64 = x.astype(np.float64)
    ones = np.ones(x.shape[0], dtype=np.float64)
    for seed in range(seeds):
        result = fixtures.minibatch_fit(x, None, k, "k-means++", "main", seed, batch_size=1024, max_iter=100, tol=0.0,
                                        max_no_improvement=10, ratio=0.01)
        centers = np.ascontiguousarray(result["centers"], dtype=np.float64)
        _, inertia = _labels_inertia(x64, ones, centers, n_threads=1)
        print(json.dumps({"seed": seed, "inertia": float(inertia), "steps": int(result["n_steps"])}), flush=True)


if __name__ == "__main__":
    main()
