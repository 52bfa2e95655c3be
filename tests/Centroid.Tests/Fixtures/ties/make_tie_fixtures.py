"""Fixtures for arithmetic that decides ties (run with Debian's python3-sklearn 1.2.1 / NumPy 1.24, one thread):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 make_tie_fixtures.py

- einsum_{f32,f64}.npy: row d-1 of a 48 x 48 matrix is the input; einsum_norms_{f32,f64}.npy[d-1] is
  np.einsum("ij,ij->i") of its first d entries (scikit-learn's row_norms), d = 1..48.
- pixels_{f32,f64}.npy: every 37th pixel of scikit-learn's sample image china.jpg as RGB / 255 (exact duplicates and
  equal distances everywhere), k = 64, pixels_init_{f32,f64}.npy = kmeans_plusplus(random_state=0) on float64;
  pixels_result_{f32,f64}.json: scikit-learn's Lloyd from that init, tol 0 (labels, n_iter, inertia).
"""
import json

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.datasets import load_sample_image


def main():
    rng = np.random.RandomState(7)
    m = rng.uniform(-2, 3, size=(48, 48))
    for name, dtype in (("f32", np.float32), ("f64", np.float64)):
        x = m.astype(dtype)
        norms = np.array([np.einsum("ij,ij->i", np.ascontiguousarray(x[d - 1:d, :d]), x[d - 1:d, :d])[0]
                          for d in range(1, 49)], dtype=dtype)
        np.save(f"einsum_{name}.npy", x)
        np.save(f"einsum_norms_{name}.npy", norms)

    image = load_sample_image("china.jpg")
    pixels = (image.reshape(-1, 3) / 255.0)[::37]
    init, _ = kmeans_plusplus(pixels, 64, random_state=0)
    for name, dtype in (("f32", np.float32), ("f64", np.float64)):
        x = np.ascontiguousarray(pixels, dtype=dtype)
        c = init.astype(dtype)
        km = KMeans(64, init=c, n_init=1, max_iter=300, tol=0, algorithm="lloyd").fit(x)
        np.save(f"pixels_{name}.npy", x)
        np.save(f"pixels_init_{name}.npy", c)
        with open(f"pixels_result_{name}.json", "w") as f:
            json.dump({"n_iter": int(km.n_iter_), "inertia": float(km.inertia_),
                       "labels": [int(v) for v in km.labels_]}, f)
        print(name, x.shape, "n_iter", km.n_iter_, "inertia", km.inertia_)


if __name__ == "__main__":
    main()
