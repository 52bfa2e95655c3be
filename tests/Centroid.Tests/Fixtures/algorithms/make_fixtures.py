#!/usr/bin/env python3
"""scikit-learn 1.2.1's Elkan results on the KMeans parity fixtures (Fixtures/kmeans), for the accelerated-algorithm tests.

Regenerate (from the repository root):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tests/Centroid.Tests/Fixtures/algorithms/make_fixtures.py

* Interpreter: Debian's /usr/bin/python3 with python3-sklearn 1.2.1, numpy 1.24 (the `python3` on PATH lacks them).
* One thread (forced before numpy is imported), so the outputs are reproducible; no randomness.
* Reads every case of ../kmeans/<case>/ (X, init, weights, k, max_iter, tol) and runs, for dtype in (float64, float32)
  and format in (dense, csr), exactly the protocol of ../kmeans/make_fixtures.py but with algorithm="elkan":

      KMeans(n_clusters=k, init=init.astype(dtype), n_init=1, max_iter, tol, algorithm="elkan").fit(Xr, sample_weight)

  Writes elkan.json: per case and run, "labels", "n_iter", "inertia", and "same_as_lloyd" (labels and n_iter equal to
  the Lloyd run stored in ../kmeans/<case>/expected.json).
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_v] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KMEANS = os.path.join(HERE, "..", "kmeans")
CASES = ["blobs", "uniform", "uniform_tol0", "maxiter", "empty_cluster", "weighted", "sparse",
         "iris", "wine", "digits", "breast_cancer", "offset", "duplicates"]


def load_case(name):
    folder = os.path.join(KMEANS, name)
    with open(os.path.join(folder, "expected.json")) as f:
        expected = json.load(f)
    x_file = os.path.join(folder, expected["x_file"])
    x = sp.load_npz(x_file).tocsr() if x_file.endswith(".npz") else np.load(x_file)
    init = np.load(os.path.join(folder, "init.npy"))
    weights_file = os.path.join(folder, "weights.npy")
    weights = np.load(weights_file) if os.path.exists(weights_file) else None
    return expected, x, init, weights


def main():
    if sklearn.__version__ != "1.2.1":
        sys.exit(f"expected scikit-learn 1.2.1, got {sklearn.__version__}; use /usr/bin/python3")
    out = {"generator": {"script": "make_fixtures.py", "sklearn": sklearn.__version__, "numpy": np.__version__,
                         "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1", "algorithm": "elkan", "n_init": 1},
           "cases": {}}
    for name in CASES:
        expected, x, init, weights = load_case(name)
        runs = {}
        for dtype_name, dtype in (("float64", np.float64), ("float32", np.float32)):
            for fmt in ("dense", "csr"):
                if sp.issparse(x):
                    xr = x.astype(dtype) if fmt == "csr" or expected["source"] == "dense" else x.toarray().astype(dtype)
                    if fmt == "dense":
                        xr = x.toarray().astype(dtype)
                else:
                    xr = x.astype(dtype)
                    if fmt == "csr":
                        xr = sp.csr_matrix(xr)
                w = None if weights is None else weights.astype(dtype)
                km = KMeans(n_clusters=expected["k"], init=init.astype(dtype), n_init=1, max_iter=expected["max_iter"],
                            tol=expected["tol"], algorithm="elkan")
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    km.fit(xr, sample_weight=w)
                run = f"{dtype_name}/{fmt}"
                lloyd = expected["runs"][run]
                runs[run] = {
                    "labels": [int(v) for v in km.labels_],
                    "n_iter": int(km.n_iter_),
                    "inertia": float(km.inertia_),
                    "same_as_lloyd": bool(list(km.labels_) == lloyd["labels"] and km.n_iter_ == lloyd["n_iter"]),
                }
        out["cases"][name] = runs
    with open(os.path.join(HERE, "elkan.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
