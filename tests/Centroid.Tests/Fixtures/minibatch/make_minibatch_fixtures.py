#!/usr/bin/env python3
"""Generate the MiniBatchKMeans parity fixtures for Centroid.

Regenerate (from the repository root):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 \
        tests/Centroid.Tests/Fixtures/minibatch/make_minibatch_fixtures.py

* Interpreter: Debian's /usr/bin/python3 with python3-sklearn 1.2.1, numpy 1.24 (the `python3` on
  PATH has no scikit-learn). The script forces one OpenMP/BLAS thread before numpy is imported and
  asserts that scikit-learn sees one thread, so every output is reproducible bit for bit.
* Everything is written next to this script (see README.md here for the fields).

What is real scikit-learn and what is a re-expression
------------------------------------------------------
Centroid implements scikit-learn >= 1.4 ("main") semantics, which differ from the installed 1.2.1 in
MiniBatchKMeans.fit (reference §7.2, §10):
    * batches: main draws `rs.choice(n, b, p=w/Σw, replace=True)` and passes *unit* weights to the
      step (#30751); 1.2.1 draws `rs.randint(0, n, b)` and passes the batch's own weights;
    * k-means++ / random seeding: main's weighted rules (#25752), see kmeans/kmeanspp_main.json;
    * inertia_ without compute_labels: main ewa·Σw, 1.2.1 ewa·n.
Only 1.2.1 can be run here. So:
    * `fit_main.json` is a **numpy re-expression of scikit-learn main's MiniBatchKMeans.fit, not run
      by scikit-learn itself**. The re-expression (`minibatch_fit` below) calls scikit-learn's own
      `_mini_batch_step`, `_labels_inertia`, `_tolerance` and `row_norms` (unchanged between the
      versions apart from main's opt-in adaptive_lr) and re-implements only the driver loop, the
      seeding and the batch sampling. Self-checks made on every run:
        - with rule="1.2.1" the very same function reproduces scikit-learn 1.2.1's
          `MiniBatchKMeans.fit` bit for bit (centers, counts, labels, inertia, n_steps_, n_iter_)
          on every fixture case;
        - with rule="main" it reproduces main's two published docstring results (reference App. B):
          partial_fit on X2[:6] then X2[6:] -> [[3.375, 3], [0.75, 0.5]], and fit with
          max_iter=10 -> [[3.20967742, 3.56451613], [1.32758621, 0.77586207]].
    * `partial_fit.json` is **real scikit-learn 1.2.1**: `partial_fit` with an explicit init array,
      where 1.2.1 and main execute the same arithmetic and the same random draws (the batch is
      used with its own weights in both versions; only k-means++/random seeding differs).
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_v] = "1"

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import MiniBatchKMeans  # noqa: E402
from sklearn.cluster._kmeans import (  # noqa: E402
    _kmeans_plusplus,
    _labels_inertia,
    _mini_batch_step,
    _tolerance,
)
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.metrics.pairwise import _euclidean_distances  # noqa: E402
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads  # noqa: E402
from sklearn.utils.extmath import row_norms  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = (("float64", np.float64), ("float32", np.float32))
FORMATS = ("dense", "csr")
VERSIONS = {
    "python": sys.version.split()[0],
    "sklearn": sklearn.__version__,
    "numpy": np.__version__,
    "scipy": scipy.__version__,
}


def check_environment():
    if sklearn.__version__ != "1.2.1" or not np.__version__.startswith("1.24"):
        sys.exit(f"expected scikit-learn 1.2.1 / numpy 1.24, got {VERSIONS}; use /usr/bin/python3")
    n_threads = _openmp_effective_n_threads()
    assert n_threads == 1, f"scikit-learn would use {n_threads} OpenMP threads"


# ------------------------------------------------------------------------------------------------
# output helpers (same conventions as ../kmeans/make_fixtures.py: floats written exactly)
# ------------------------------------------------------------------------------------------------
def py(obj):
    if isinstance(obj, dict):
        return {str(k): py(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [py(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return py(obj.tolist()) if obj.dtype.kind != "f" else py([py(v) for v in obj])
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return float(obj)
    return obj


def dumps(obj, level=0):
    pad = "  " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}  {json.dumps(k)}: {dumps(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(u, (dict, list)) for u in obj):
            return json.dumps(obj, separators=(",", ":"), allow_nan=False)
        items = [f"{pad}  {dumps(v, level + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


def write_json(name, obj):
    text = dumps(py(obj)) + "\n"
    json.loads(text)
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_npy(name, arr):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)


# ------------------------------------------------------------------------------------------------
# the re-expression of MiniBatchKMeans.fit / partial_fit
# ------------------------------------------------------------------------------------------------
def kmeanspp(X, x_sq, w, rs, k, rule):
    """Greedy k-means++ on (uncentered) X. rule "main": weighted (reference §4.1, the same
    re-expression as ../kmeans/make_fixtures.py greedy_kmeanspp); "1.2.1": scikit-learn's own."""
    if rule == "1.2.1":
        centers, _ = _kmeans_plusplus(X, k, x_sq, rs)
        return centers
    n = X.shape[0]
    t = 2 + int(np.log(k))
    idx = np.full(k, -1, dtype=np.int64)
    first = rs.choice(n, p=w / w.sum())
    idx[0] = first
    closest = _euclidean_distances(X[[first]], X, Y_norm_squared=x_sq, squared=True)
    pot = closest @ w
    for c in range(1, k):
        r = rs.uniform(size=t) * pot
        cand = np.searchsorted(np.cumsum(w * closest), r)
        np.clip(cand, None, closest.size - 1, out=cand)
        D = _euclidean_distances(X[cand], X, Y_norm_squared=x_sq, squared=True)
        np.minimum(closest, D, out=D)
        pots = D @ w.reshape(-1, 1)
        b = np.argmin(pots)
        pot = pots[b]
        closest = D[b]
        idx[c] = cand[b]
    centers = X[idx]
    return centers.toarray() if sp.issparse(centers) else np.array(centers)


def init_size_of(init_size, batch, k, n):
    """_check_params_vs_input's _batch_size and _init_size (reference §4.5)."""
    b = min(batch, n)
    warn = False
    if init_size is None:
        s = 3 * b
        if s < k:
            s = 3 * k
    elif init_size < k:
        s, warn = 3 * k, True
    else:
        s = init_size
    return b, min(s, n), warn


def init_centroids(X, x_sq, w, init, rs, k, init_size, rule):
    """_init_centroids: the subsample draw happens for every init type when init_size < n."""
    n = X.shape[0]
    if init_size < n:
        sub = rs.randint(0, n, init_size)
        X, x_sq, w = X[sub], x_sq[sub], w[sub]
        n = init_size
    if isinstance(init, str) and init == "k-means++":
        return kmeanspp(X, x_sq, w, rs, k, rule)
    if isinstance(init, str) and init == "random":
        if rule == "main":
            seeds = rs.choice(n, size=k, replace=False, p=w / w.sum())
        else:
            seeds = rs.permutation(n)[:k]
        c = X[seeds]
        return c.toarray() if sp.issparse(c) else np.array(c)
    return np.array(init, dtype=X.dtype, copy=True)


class Driver:
    """The estimator state between steps (counts, reassignment clock, EWA) and one step."""

    def __init__(self, k, batch_size, n, ratio, tol, max_no_improvement, dtype):
        self.k, self.b, self.n, self.ratio = k, batch_size, n, ratio
        self.tol, self.max_no_improvement = tol, max_no_improvement
        self.counts = np.zeros(k, dtype=dtype)
        self.since = 0
        self.ewa = self.ewa_min = None
        self.no_improvement = 0
        self.trace = []

    def random_reassign(self):
        self.since += self.b
        if (self.counts == 0).any() or self.since >= 10 * self.k:
            self.since = 0
            return True
        return False

    def step(self, Xb, wb, centers, centers_new, rs):
        fire = self.random_reassign()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            inertia = _mini_batch_step(Xb, wb, centers, centers_new, self.counts, rs,
                                       random_reassign=fire, reassignment_ratio=self.ratio,
                                       verbose=True, n_threads=1)
        text = out.getvalue()
        moved = int(text.split("Reassigning ")[1].split()[0]) if "Reassigning" in text else 0
        return inertia, fire, moved

    def converged(self, step, diff, batch_inertia):
        bi = batch_inertia / self.b
        step = step + 1
        if step == 1:
            return None
        if self.ewa is None:
            self.ewa = bi
        else:
            alpha = self.b * 2.0 / (self.n + 1)
            alpha = min(alpha, 1)
            self.ewa = self.ewa * (1 - alpha) + bi * alpha
        if self.tol > 0.0 and diff <= self.tol:
            return "tol"
        if self.ewa_min is None or self.ewa < self.ewa_min:
            self.no_improvement = 0
            self.ewa_min = self.ewa
        else:
            self.no_improvement += 1
        if self.max_no_improvement is not None and self.no_improvement >= self.max_no_improvement:
            return "no_improvement"
        return None


def minibatch_fit(X, w, k, init, rule, seed, *, batch_size=1024, max_iter=100, tol=0.0,
                  max_no_improvement=10, init_size=None, n_init=None, ratio=0.01,
                  compute_labels=True):
    """MiniBatchKMeans(...).fit(X, sample_weight=w) under `rule` ("main" or "1.2.1")."""
    dtype = X.dtype
    n = X.shape[0]
    rs = np.random.RandomState(seed)
    b, s, _ = init_size_of(init_size, batch_size, k, n)
    if n_init is None:
        n_init = 1 if not isinstance(init, str) or init == "k-means++" else 3
    if not isinstance(init, str):
        n_init = 1
    _tol = _tolerance(X, tol)
    sw = np.ones(n, dtype=dtype) if w is None else np.asarray(w, dtype=dtype)
    x_sq = row_norms(X, squared=True)
    valid = rs.randint(0, n, s)
    X_valid, w_valid = X[valid], sw[valid]
    best = best_inertia = None
    init_inertias = []
    for _ in range(n_init):
        c = init_centroids(X, x_sq, sw, init, rs, k, s, rule)
        _, inertia = _labels_inertia(X_valid, w_valid, c, n_threads=1)
        init_inertias.append(inertia)
        if best_inertia is None or inertia < best_inertia:
            best, best_inertia = c, inertia
    centers = best
    centers_new = np.empty_like(centers)
    drv = Driver(k, b, n, ratio, _tol, max_no_improvement, dtype)
    n_steps = (max_iter * n) // b
    total = np.sum(sw)
    p = sw / total
    unit = np.ones(b, dtype=dtype)
    stop = "max_iter"
    reassign_steps = []
    for i in range(n_steps):
        if rule == "main":
            mb = rs.choice(n, b, p=p, replace=True)
            wb = unit
        else:
            mb = rs.randint(0, n, b)
            wb = sw[mb]
        bi, fire, moved = drv.step(X[mb], wb, centers, centers_new, rs)
        if moved:
            reassign_steps.append([i + 1, moved])
        diff = np.sum((centers_new - centers) ** 2) if _tol > 0.0 else 0
        centers, centers_new = centers_new, centers
        reason = drv.converged(i, diff, bi)
        if reason is not None:
            stop = reason
            break
    res = {"centers": centers, "counts": drv.counts.copy(), "n_steps": i + 1,
           "n_iter": int(np.ceil(((i + 1) * b) / n)), "stop": stop, "batch_size": b,
           "init_size": s, "n_init": n_init, "tol_scaled": float(_tol),
           "init_inertias": init_inertias, "reassign_steps": reassign_steps,
           "ewa": drv.ewa, "ewa_min": drv.ewa_min}
    if compute_labels:
        labels, inertia = _labels_inertia(X, sw, centers, n_threads=1)
        res["labels"], res["inertia"] = labels, inertia
    else:
        res["inertia"] = drv.ewa * (total if rule == "main" else n)
    return res


def sklearn_fit(X, w, k, init, seed, **kw):
    """The real scikit-learn 1.2.1 fit, for the self-check of rule="1.2.1"."""
    n_init = kw.pop("n_init", None)
    if n_init is None:
        n_init = 1 if not isinstance(init, str) or init == "k-means++" else 3
    km = MiniBatchKMeans(n_clusters=k, init=init, random_state=seed, n_init=n_init,
                         batch_size=kw.get("batch_size", 1024), max_iter=kw.get("max_iter", 100),
                         tol=kw.get("tol", 0.0), max_no_improvement=kw.get("max_no_improvement", 10),
                         init_size=kw.get("init_size"), reassignment_ratio=kw.get("ratio", 0.01),
                         compute_labels=kw.get("compute_labels", True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        km.fit(X, sample_weight=w)
    return km


def assert_same_as_sklearn(res, km, label):
    assert np.array_equal(res["centers"], km.cluster_centers_), label
    assert np.array_equal(res["counts"], km._counts), label
    assert res["n_steps"] == km.n_steps_ and res["n_iter"] == km.n_iter_, label
    if "labels" in res:
        assert np.array_equal(res["labels"], km.labels_), label
    assert res["inertia"] == km.inertia_, (label, res["inertia"], km.inertia_)


def cast(X, dtype, fmt):
    Xr = X.astype(dtype)
    return sp.csr_matrix(Xr) if fmt == "csr" else Xr


# ------------------------------------------------------------------------------------------------
# docstring self-check of rule="main" (reference App. B)
# ------------------------------------------------------------------------------------------------
X2 = np.array([[1, 2], [1, 4], [1, 0], [4, 2], [4, 0], [4, 4], [4, 5], [0, 1], [2, 2], [3, 2],
               [5, 5], [1, -1]], dtype=np.float64)


def partial_fit_rule(batches, k, init, seed, rule, batch_size=1024, init_size=None, ratio=0.01,
                     weights=None):
    """partial_fit(batch) for each batch; main and 1.2.1 differ only in the seeding rule."""
    rs = np.random.RandomState(seed)
    first = batches[0]
    sw0 = np.ones(first.shape[0], first.dtype) if weights is None else weights[0]
    b, s, _ = init_size_of(init_size, batch_size, k, first.shape[0])
    centers = init_centroids(first, row_norms(first, squared=True), sw0, init, rs, k, s, rule)
    drv = Driver(k, b, first.shape[0], ratio, 0.0, None, first.dtype)
    out = []
    for j, Xb in enumerate(batches):
        sw = np.ones(Xb.shape[0], Xb.dtype) if weights is None else weights[j]
        drv.step(Xb, sw, centers, centers, rs)
        labels, inertia = _labels_inertia(Xb, sw, centers, n_threads=1)
        out.append({"centers": centers.copy(), "counts": drv.counts.copy(), "labels": labels,
                    "inertia": inertia})
    return out


def docstring_checks():
    seq = partial_fit_rule([X2[:6], X2[6:]], 2, "k-means++", 0, "main", batch_size=6)
    main_pf = seq[-1]["centers"]
    assert np.allclose(main_pf, [[3.375, 3], [0.75, 0.5]], atol=1e-12), main_pf
    old = partial_fit_rule([X2[:6], X2[6:]], 2, "k-means++", 0, "1.2.1", batch_size=6)
    km = MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6, n_init="auto")
    km.partial_fit(X2[:6])
    km.partial_fit(X2[6:])
    assert np.array_equal(old[-1]["centers"], km.cluster_centers_)
    assert np.allclose(km.cluster_centers_, [[2, 1], [3.5, 4.5]])
    fit_main = minibatch_fit(X2, None, 2, "k-means++", "main", 0, batch_size=6, max_iter=10)
    assert np.allclose(fit_main["centers"], [[3.20967742, 3.56451613], [1.32758621, 0.77586207]],
                       atol=5e-9), fit_main["centers"]
    fit_old = minibatch_fit(X2, None, 2, "k-means++", "1.2.1", 0, batch_size=6, max_iter=10)
    km = sklearn_fit(X2, None, 2, "k-means++", 0, batch_size=6, max_iter=10)
    assert_same_as_sklearn(fit_old, km, "docstring fit 1.2.1")
    assert fit_old["n_steps"] == 14 and fit_old["n_iter"] == 7
    return {
        "X": X2,
        "partial_fit": {"call": "MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6, "
                                "n_init='auto'); partial_fit(X[:6]); partial_fit(X[6:])",
                        "main_documented": [[3.375, 3], [0.75, 0.5]],
                        "main_reexpression": main_pf,
                        "sklearn_1_2_1": old[-1]["centers"]},
        "fit": {"call": "MiniBatchKMeans(n_clusters=2, random_state=0, batch_size=6, max_iter=10, "
                        "n_init='auto').fit(X)",
                "main_documented": [[3.20967742, 3.56451613], [1.32758621, 0.77586207]],
                "main_reexpression": fit_main["centers"],
                "main_reexpression_n_steps": fit_main["n_steps"],
                "main_reexpression_n_iter": fit_main["n_iter"],
                "main_reexpression_labels": fit_main["labels"],
                "main_reexpression_inertia": fit_main["inertia"],
                "sklearn_1_2_1": fit_old["centers"], "sklearn_1_2_1_n_steps": fit_old["n_steps"]},
    }


# ------------------------------------------------------------------------------------------------
# cases
# ------------------------------------------------------------------------------------------------
def blobs_data():
    X, _, centers = make_blobs(n_samples=1500, n_features=5, centers=6, cluster_std=1.5,
                               random_state=7, return_centers=True)
    rng = np.random.RandomState(11)
    w = rng.uniform(0.2, 3.0, size=X.shape[0])
    # an init whose center 5 sits far from every point: it gets no member at first and is
    # moved by a random reassignment on the first step (counts are all zero then).
    init = X[rng.choice(X.shape[0], 6, replace=False)].copy()
    init[5] = X.max(axis=0) + 40.0
    return X, w, init


def sparse_data():
    """A tf-idf-like CSR matrix: 600 x 40, about 15 % non-zero, rows L2-normalised."""
    rng = np.random.RandomState(3)
    topics = rng.gamma(0.3, 1.0, size=(5, 40))
    rows = []
    for i in range(600):
        t = topics[i % 5]
        lam = t / t.sum() * 8.0
        counts = rng.poisson(lam)
        counts[rng.randint(40)] += 1
        rows.append(counts.astype(np.float64))
    A = np.array(rows)
    A = A * np.log((1 + A.shape[0]) / (1 + (A > 0).sum(axis=0)))[None, :]
    A = A / np.linalg.norm(A, axis=1, keepdims=True)
    return A


def fit_cases():
    X, w, init = blobs_data()
    S = sparse_data()
    zero_X, _ = make_blobs(n_samples=100, centers=5, random_state=0)
    zero_X[::2, :] = 0
    cases = [
        # name, X, weights, k, init, seed, params
        ("blobs_init", X, None, 6, init, 0, dict(batch_size=100)),
        ("blobs_init_weighted", X, w, 6, init, 1, dict(batch_size=100)),
        ("blobs_init_tol", X, None, 6, init, 2,
         dict(batch_size=100, tol=1e-3, max_no_improvement=None)),
        ("blobs_init_maxiter", X, None, 6, init, 3,
         dict(batch_size=256, max_iter=3, max_no_improvement=None)),
        ("blobs_init_nolabels", X, w, 6, init, 4, dict(batch_size=64, compute_labels=False)),
        ("blobs_kmeanspp", X, None, 6, "k-means++", 5, dict(batch_size=128)),
        ("blobs_kmeanspp_weighted", X, w, 6, "k-means++", 6, dict(batch_size=128, init_size=200)),
        ("blobs_random", X, w, 6, "random", 7, dict(batch_size=128)),
        ("blobs_many_reassign", X, None, 40, "k-means++", 8,
         dict(batch_size=10, init_size=1500, max_iter=2)),
        ("zeroed_random", zero_X, None, 20, "random", 0, dict(batch_size=10)),
        ("sparse_kmeanspp", S, None, 5, "k-means++", 9, dict(batch_size=50)),
        ("sparse_init", S, None, 5, S[[0, 1, 2, 3, 4]], 10, dict(batch_size=50, init_size=120)),
    ]
    files = {"blobs": (X, w, init), "sparse": (S,), "zeroed": (zero_X,)}
    return cases, files


def build_fit_cases():
    cases, files = fit_cases()
    X, w, init = files["blobs"]
    write_npy("blobs_X.npy", X)
    write_npy("blobs_weights.npy", w)
    write_npy("blobs_init.npy", init)
    write_npy("sparse_X.npy", files["sparse"][0])
    write_npy("zeroed_X.npy", files["zeroed"][0])
    data_file = {id(X): "blobs_X.npy", id(files["sparse"][0]): "sparse_X.npy",
                 id(files["zeroed"][0]): "zeroed_X.npy"}
    out = {
        "label": "numpy re-expression of scikit-learn main's MiniBatchKMeans.fit, "
                 "not run by scikit-learn itself (see the script's docstring)",
        "generator": {"versions": VERSIONS, "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"},
        "self_check": "every run below was also computed with rule='1.2.1' and compared bit for bit "
                      "with scikit-learn 1.2.1's MiniBatchKMeans.fit (centers, counts, labels, "
                      "inertia, n_steps_, n_iter_)",
        "cases": [],
    }
    summary = []
    for name, Xs, ws, k, init_, seed, params in cases:
        init_kind = init_ if isinstance(init_, str) else "array"
        entry = {"name": name, "x_file": data_file[id(Xs)],
                 "weights_file": "blobs_weights.npy" if ws is not None else None,
                 "init": init_kind, "init_file": None, "init_rows": None,
                 "k": k, "seed": seed, "params": {
                     "batch_size": params.get("batch_size", 1024),
                     "max_iter": params.get("max_iter", 100), "tol": params.get("tol", 0.0),
                     "max_no_improvement": params.get("max_no_improvement", 10),
                     "init_size": params.get("init_size"), "reassignment_ratio": 0.01,
                     "compute_labels": params.get("compute_labels", True)},
                 "runs": {}}
        if init_kind == "array":
            if Xs is X:
                entry["init_file"] = "blobs_init.npy"
            else:
                entry["init_rows"] = [0, 1, 2, 3, 4]
        for dname, dt in DTYPES:
            for fmt in FORMATS:
                Xr = cast(Xs, dt, fmt)
                wr = None if ws is None else ws.astype(dt)
                ir = init_ if isinstance(init_, str) else init_.astype(dt)
                res = minibatch_fit(Xr, wr, k, ir, "main", seed, **params)
                old = minibatch_fit(Xr, wr, k, ir, "1.2.1", seed, **params)
                km = sklearn_fit(Xr, wr, k, ir, seed, **dict(params))
                assert_same_as_sklearn(old, km, (name, dname, fmt))
                run = {"n_steps": res["n_steps"], "n_iter": res["n_iter"], "stop": res["stop"],
                       "batch_size": res["batch_size"], "init_size": res["init_size"],
                       "n_init": res["n_init"], "tol_scaled": res["tol_scaled"],
                       "inertia": res["inertia"], "centers": res["centers"],
                       "counts": res["counts"], "init_inertias": res["init_inertias"],
                       "reassign_steps": res["reassign_steps"], "ewa": res["ewa"]}
                if "labels" in res:
                    run["labels"] = res["labels"]
                run["sklearn_1_2_1"] = {"n_steps": old["n_steps"], "n_iter": old["n_iter"],
                                        "inertia": old["inertia"]}
                entry["runs"][f"{dname}/{fmt}"] = run
                summary.append((name, dname, fmt, res["n_steps"], res["stop"],
                                len(res["reassign_steps"]), res["inertia"], old["n_steps"]))
        out["cases"].append(entry)
    write_json("fit_main.json", out)
    return summary


def build_partial_fit():
    """Real scikit-learn 1.2.1 partial_fit with an explicit init (= main, see the docstring)."""
    X, w, init = blobs_data()
    S = sparse_data()
    out = {"label": "real scikit-learn 1.2.1 (partial_fit with an init array: identical in main)",
           "generator": {"versions": VERSIONS, "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"},
           "cases": []}
    specs = [
        # name, data, weights, init, k, chunks (row ranges), batch_size, init_size, seed
        ("blobs", X, w, init, 6, [(0, 300), (300, 700), (700, 800), (800, 1500), (0, 200)],
         1024, None, 0),
        ("blobs_subsample", X, None, init, 6, [(0, 500), (500, 1000), (1000, 1500)], 50, None, 1),
        ("sparse", S, None, S[[5, 6, 7, 8, 9]], 5, [(0, 200), (200, 400), (400, 600)], 1024, 30, 2),
    ]
    for name, Xs, ws, init_, k, chunks, batch, init_size, seed in specs:
        entry = {"name": name, "k": k, "seed": seed, "batch_size": batch, "init_size": init_size,
                 "chunks": chunks, "weighted": ws is not None, "runs": {}}
        for dname, dt in DTYPES:
            for fmt in FORMATS:
                Xr = cast(Xs, dt, fmt)
                km = MiniBatchKMeans(n_clusters=k, init=init_.astype(dt), n_init=1, random_state=seed,
                                     batch_size=batch, init_size=init_size)
                calls = []
                batches, weights = [], []
                for a, b in chunks:
                    sw = None if ws is None else ws[a:b].astype(dt)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        km.partial_fit(Xr[a:b], sample_weight=sw)
                    calls.append({"centers": km.cluster_centers_.copy(), "counts": km._counts.copy(),
                                  "labels": km.labels_, "inertia": km.inertia_,
                                  "n_steps": km.n_steps_})
                    batches.append(Xr[a:b])
                    weights.append(np.ones(b - a, dt) if sw is None else sw)
                # the driver re-expression agrees with the real partial_fit here
                mine = partial_fit_rule(batches, k, init_.astype(dt), seed, "main", batch_size=batch,
                                        init_size=init_size, weights=weights)
                for c, m in zip(calls, mine):
                    assert np.array_equal(c["centers"], m["centers"]), (name, dname, fmt)
                entry["runs"][f"{dname}/{fmt}"] = calls
        out["cases"].append(entry)
    write_json("partial_fit.json", out)


def build_init_size():
    """_init_size / _batch_size rules (reference §4.5), from scikit-learn 1.2.1 itself."""
    X, _, _ = blobs_data()
    n = X.shape[0]
    rows = []
    for k, batch, init_size in [(10, 5, None), (10, 1, None), (10, 5, n + 1), (20, 100, 10),
                                (3, 2000, None), (3, 1024, None), (8, 100, 50), (8, 100, 7)]:
        km = MiniBatchKMeans(n_clusters=k, batch_size=batch, init_size=init_size, n_init=1,
                             max_iter=1, random_state=0)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            km.fit(X)
        warned = any("should be larger than n_clusters" in str(r.message) for r in rec)
        rows.append({"n": n, "k": k, "batch_size": batch, "init_size": init_size,
                     "resolved_batch_size": km._batch_size, "resolved_init_size": km._init_size,
                     "warning": warned})
        assert init_size_of(init_size, batch, k, n) == (km._batch_size, km._init_size, warned)
    write_json("init_size.json", {"label": "real scikit-learn 1.2.1", "rows": rows})


def build_rng():
    """NumPy draws the mini-batch path relies on: weighted choice with replacement (p = w/Σw in
    the weights' dtype, as scikit-learn main passes it), and argsort's order of tied counts."""
    rng = np.random.RandomState(123)
    choice = []
    for seed, n, size, kind, dname in [(0, 10, 20, "unit", "float64"), (1, 1000, 64, "unit", "float32"),
                                       (2, 37, 50, "uniform", "float64"), (3, 37, 50, "uniform", "float32"),
                                       (4, 500, 100, "zeros", "float64"), (5, 500, 100, "zeros", "float32")]:
        dt = dict(DTYPES)[dname]
        if kind == "unit":
            w = np.ones(n, dtype=dt)
        elif kind == "uniform":
            w = rng.uniform(0.1, 5.0, size=n).astype(dt)
        else:
            w = rng.uniform(0.0, 2.0, size=n).astype(dt)
            w[rng.rand(n) < 0.3] = 0
        rs = np.random.RandomState(seed)
        idx = rs.choice(n, size, p=w / np.sum(w), replace=True)
        after = rs.randint(0, 2 ** 31 - 1)
        choice.append({"seed": seed, "n": n, "size": size, "dtype": dname, "weights": w.astype(np.float64),
                       "indices": idx, "next_randint_2_31": after})
    argsort = []
    for n, levels, dname in [(5, 3, "float64"), (16, 2, "float32"), (17, 3, "float64"), (40, 4, "float32"),
                             (100, 5, "float64"), (300, 7, "float32"), (1000, 3, "float64")]:
        dt = dict(DTYPES)[dname]
        v = rng.randint(0, levels, size=n).astype(dt)
        argsort.append({"dtype": dname, "values": v.astype(np.float64), "order": np.argsort(v)})
    write_json("rng.json", {"label": "numpy " + np.__version__ + " (legacy RandomState; argsort without SIMD "
                                     "dispatch on this build)", "choice": choice, "argsort": argsort})


def main():
    check_environment()
    build_rng()
    doc = docstring_checks()
    write_json("docstring.json", {"label": "reference App. B: main's published docstring values, "
                                           "reproduced by the re-expression; 1.2.1 by sklearn",
                                  **doc})
    summary = build_fit_cases()
    build_partial_fit()
    build_init_size()
    for row in summary:
        print("%-24s %-8s %-6s steps %5d  stop %-15s reassignments %3d  inertia %.8g  (1.2.1 steps %d)"
              % row)


if __name__ == "__main__":
    main()
