#!/usr/bin/env python3
"""Generate the KMeans parity fixtures for Centroid from the real scikit-learn.

Regenerate (from the repository root):

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 \
        tests/Centroid.Tests/Fixtures/kmeans/make_fixtures.py

* Interpreter: Debian's /usr/bin/python3 with python3-sklearn 1.2.1, numpy 1.24, scipy 1.10
  (the `python3` on PATH is a different interpreter without these packages).
* Determinism: the script forces OMP_NUM_THREADS=1 / OPENBLAS_NUM_THREADS=1 (and MKL/BLIS) in
  os.environ *before* numpy is imported, and asserts that scikit-learn sees one OpenMP thread.
  With one thread scikit-learn's Lloyd sums are plain sequential sums (reference §5.7), so the
  outputs are reproducible bit for bit. All randomness comes from fixed seeds (listed per case).
  Rerunning produces byte-identical files (the .npz zips are rewritten with a fixed timestamp).
* Everything is written next to this script; nothing outside this folder is touched.

Layout (see README.md in this folder for the field reference):

    <case>/X.npy        data, float64, C order             (dense-source cases)
    <case>/X.npz        scipy.sparse.save_npz CSR, float64  (sparse-source case, and digits: see below)
    <case>/init.npy     explicit initial centers, float64 (k, d)
    <case>/weights.npy  float64 sample weights (weighted case only)
    <case>/test.npy     <= 20 new rows for predict/transform/score, float64 dense
    <case>/expected.json
    kmeanspp_quality.json, kmeanspp_quality_blobs10_X.npy
    rng.json
    kmeanspp_main.json

Run protocol for every case, for dtype in (float64, float32) and format in (dense, csr):
    Xr = X.astype(dtype)                         (dense source)   / X.toarray().astype(dtype) (sparse source)
    Xr = scipy.sparse.csr_matrix(Xr)  for "csr"  (dense source)   / X.astype(dtype)           (sparse source)
    KMeans(n_clusters=k, init=init.astype(dtype), n_init=1, max_iter=max_iter, tol=tol,
           algorithm="lloyd").fit(Xr, sample_weight=None or weights.astype(dtype))
    test rows cast the same way (CSR for csr runs) -> predict, transform, score.

The digits data (1797x64 float64 = 920 KB as .npy) would break the 300 KB-per-file budget, so
it is stored as a compressed CSR X.npz (exact: the values are small integers and csr_matrix()
of the dense array is exactly what the "csr" runs use). Its expected.json keeps
"source": "dense" (the runs are dense-source runs) and says "x_file": "X.npz".
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_v] = "1"

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
import zipfile  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.cluster._kmeans import _kmeans_plusplus  # noqa: E402
from sklearn.cluster._k_means_common import _inertia_dense, _inertia_sparse  # noqa: E402
from sklearn.cluster._k_means_lloyd import (  # noqa: E402
    lloyd_iter_chunked_dense,
    lloyd_iter_chunked_sparse,
)
from sklearn.datasets import (  # noqa: E402
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_blobs,
)
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.metrics.pairwise import _euclidean_distances  # noqa: E402
from sklearn.preprocessing import normalize  # noqa: E402
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
        msg = f"expected scikit-learn 1.2.1 / numpy 1.24, got {VERSIONS}; use /usr/bin/python3"
        if "--force" not in sys.argv:
            sys.exit(msg)
        print("WARNING:", msg)
    n_threads = _openmp_effective_n_threads()
    assert n_threads == 1, f"scikit-learn would use {n_threads} OpenMP threads"


# --------------------------------------------------------------------------------------------
# output helpers
# --------------------------------------------------------------------------------------------
def py(obj):
    """Convert numpy scalars/arrays into plain Python (float64 values exactly, via float())."""
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
        return float(obj)  # exact for float32 and float64
    return obj


def _scalar_list(v):
    return isinstance(v, list) and all(not isinstance(u, (dict, list)) for u in v)


def dumps(obj, level=0):
    """Readable but compact JSON: dicts indented, numeric arrays on one line (rows of matrices
    one per line). Floats are written with Python's repr (shortest round-trip form)."""
    pad = "  " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}  {json.dumps(k)}: {dumps(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if _scalar_list(obj):
            return json.dumps(obj, separators=(",", ":"), allow_nan=False)
        items = [f"{pad}  {dumps(v, level + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


def write_json(path, obj):
    text = dumps(py(obj)) + "\n"
    json.loads(text)  # sanity
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_npy(path, arr):
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    np.save(path, arr, allow_pickle=False)


def write_csr_npz(path, csr):
    """scipy.sparse.save_npz (compressed), then re-zipped with a fixed timestamp so reruns
    are byte-identical. Entries: indices.npy, indptr.npy, format.npy (|S3 b'csr'),
    shape.npy (int64[2]), data.npy."""
    csr = sp.csr_matrix(csr)
    assert csr.has_canonical_format and csr.has_sorted_indices
    assert csr.indices.dtype == np.int32 and csr.indptr.dtype == np.int32
    assert csr.data.dtype == np.float64
    buf = io.BytesIO()
    sp.save_npz(buf, csr, compressed=True)
    buf.seek(0)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    back = sp.load_npz(path)
    assert back.format == "csr" and back.shape == csr.shape
    assert np.array_equal(back.indptr, csr.indptr) and np.array_equal(back.indices, csr.indices)
    assert np.array_equal(back.data, csr.data)


def case_dir(name):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    return d


# --------------------------------------------------------------------------------------------
# one KMeans fit with all the recorded outputs
# --------------------------------------------------------------------------------------------
_ITER_RE = re.compile(r"^Iteration (\d+), inertia (\S+)\.$")


def fit_once(Xr, init, k, max_iter, tol, w, verbose=0):
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=max_iter, tol=tol,
                algorithm="lloyd", verbose=verbose)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        km.fit(Xr, sample_weight=w)
    return km, rec


def run_one(Xr, Tr, init, k, max_iter, tol, w):
    km, rec = fit_once(Xr, init, k, max_iter, tol, w)
    conv = [str(r.message) for r in rec if issubclass(r.category, ConvergenceWarning)]
    other = [f"{r.category.__name__}: {r.message}" for r in rec
             if not issubclass(r.category, ConvergenceWarning)]
    assert not other, other

    # Second, verbose fit only to learn how the loop stopped (verbose just prints; the
    # numbers must be bitwise identical to the silent fit, which is asserted).
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        kmv, _ = fit_once(Xr, init, k, max_iter, tol, w, verbose=1)
    assert np.array_equal(kmv.labels_, km.labels_)
    assert np.array_equal(kmv.cluster_centers_, km.cluster_centers_)
    assert kmv.inertia_ == km.inertia_ and kmv.n_iter_ == km.n_iter_
    lines = out.getvalue().splitlines()
    iter_inertia = [float(m.group(2)) for m in map(_ITER_RE.match, lines) if m]
    if any("strict convergence" in s for s in lines):
        stop = "strict"
    elif any("within tolerance" in s for s in lines):
        stop = "tol"
    else:
        assert km.n_iter_ == max_iter
        stop = "max_iter"
    assert len(iter_inertia) == km.n_iter_

    dtype = init.dtype
    assert km.cluster_centers_.dtype == dtype
    diag = lloyd_trace(Xr, w, init, max_iter, km._tol, km)
    labels = km.labels_
    run = {
        "labels": labels.astype(np.int64),
        "centers": km.cluster_centers_,
        "inertia": km.inertia_,
        "n_iter": km.n_iter_,
        "stop": stop,
        "iteration_inertia": iter_inertia,
        "distinct_labels": len(set(labels.tolist())),
        "convergence_warning": bool(conv),
        "convergence_warning_message": conv[0] if conv else None,
        "diagnostics": diag,
        "predict_test": km.predict(Tr).astype(np.int64),
        "transform_test": km.transform(Tr),
        "score_test": km.score(Tr),
    }
    assert run["transform_test"].dtype == dtype
    return run


def make_inputs(X, T, dtype, fmt):
    if sp.issparse(X):
        Xr = X.astype(dtype) if fmt == "csr" else X.toarray().astype(dtype)
    else:
        Xr = X.astype(dtype)
        if fmt == "csr":
            Xr = sp.csr_matrix(Xr)
    Tr = T.astype(dtype)
    if fmt == "csr":
        Tr = sp.csr_matrix(Tr)
        assert Tr.indices.dtype == np.int32
    if sp.issparse(Xr):
        assert Xr.indices.dtype == np.int32 and Xr.has_sorted_indices
    return Xr, Tr


def compute_runs(X, k, init, T, max_iter=300, tol=1e-4, weights=None):
    runs = {}
    for dname, dtype in DTYPES:
        for fmt in FORMATS:
            Xr, Tr = make_inputs(X, T, dtype, fmt)
            w = None if weights is None else weights.astype(dtype)
            runs[f"{dname}/{fmt}"] = run_one(Xr, Tr, init.astype(dtype), k, max_iter, tol, w)
    return runs


def rounding_decided(runs):
    """Runs whose labels were decided by rounding somewhere (an exact tie, or scikit-learn itself
    assigned a sample to a center that is not the nearest in accurate arithmetic)."""
    return [key for key, r in runs.items()
            if r["diagnostics"]["min_relative_margin"] <= 0
            or r["diagnostics"]["non_nearest_assignments"] > 0]


def run_case(name, X, k, init, T, *, max_iter=300, tol=1e-4, weights=None, seeds=None,
             description="", init_rows=None, extra=None, x_file=None, checks=None, runs=None,
             fragile_note=None):
    d = case_dir(name)
    source = "sparse" if sp.issparse(X) else "dense"
    if x_file is None:
        x_file = "X.npz" if source == "sparse" else "X.npy"
    if x_file == "X.npz":
        write_csr_npz(os.path.join(d, "X.npz"), X)
    else:
        write_npy(os.path.join(d, "X.npy"), X)
    for stale in ({"X.npy", "X.npz"} - {x_file}):
        if os.path.exists(os.path.join(d, stale)):
            os.remove(os.path.join(d, stale))
    write_npy(os.path.join(d, "init.npy"), init)
    write_npy(os.path.join(d, "test.npy"), T)
    if weights is not None:
        write_npy(os.path.join(d, "weights.npy"), weights)
    assert init.shape == (k, X.shape[1]) and T.shape[1] == X.shape[1] and len(T) <= 20

    if runs is None:
        runs = compute_runs(X, k, init, T, max_iter, tol, weights)
    fragile = rounding_decided(runs)
    if fragile:
        assert fragile_note, f"{name}: runs decided by rounding {fragile} but no note"

    def cmp(a, b):
        ra, rb = runs[a], runs[b]
        nd = int(np.sum(np.asarray(ra["labels"]) != np.asarray(rb["labels"])))
        return {"label_diffs": nd, "n_iter": [ra["n_iter"], rb["n_iter"]],
                "same_n_iter": ra["n_iter"] == rb["n_iter"],
                "max_abs_center_diff": float(np.max(np.abs(
                    np.asarray(ra["centers"], np.float64) - np.asarray(rb["centers"], np.float64)))),
                "predict_test_diffs": int(np.sum(ra["predict_test"] != rb["predict_test"]))}

    comparisons = {
        "float32/dense vs float64/dense": cmp("float32/dense", "float64/dense"),
        "float32/csr vs float64/csr": cmp("float32/csr", "float64/csr"),
        "float64/csr vs float64/dense": cmp("float64/csr", "float64/dense"),
        "float32/csr vs float32/dense": cmp("float32/csr", "float32/dense"),
    }
    doc = {
        "case": name,
        "description": description,
        "n_samples": X.shape[0],
        "n_features": X.shape[1],
        "k": k,
        "max_iter": max_iter,
        "tol": tol,
        "source": source,
        "x_file": x_file,
        "weighted": weights is not None,
        "n_test": T.shape[0],
        "seeds": seeds or {},
        "init_rows": init_rows,
        "version_sensitive": False,
    }
    if extra:
        doc.update(extra)
    if checks:
        doc["checks"] = checks
    doc["rounding_decided_runs"] = fragile
    if fragile:
        doc["rounding_note"] = fragile_note
    doc["generator"] = {"script": "make_fixtures.py", "versions": VERSIONS,
                        "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1",
                        "algorithm": "lloyd", "n_init": 1}
    doc["comparisons"] = comparisons
    doc["runs"] = runs
    write_json(os.path.join(d, "expected.json"), doc)
    return doc


# --------------------------------------------------------------------------------------------
# helpers for data / init / test rows
# --------------------------------------------------------------------------------------------
def random_rows(n, k, seed):
    return np.random.RandomState(seed).choice(n, k, replace=False)


def dense_test_rows(X, seed, n_near=12):
    """n_near perturbed training rows + column mean/min/max rows (all new points)."""
    rs = np.random.RandomState(seed)
    rows = rs.choice(X.shape[0], n_near, replace=False)
    std = X.std(axis=0)
    T = X[rows] + rs.normal(scale=0.5, size=(n_near, X.shape[1])) * std
    return np.vstack([T, X.mean(axis=0), X.min(axis=0), X.max(axis=0)])


def first_iteration_relocates(X, w, init, dtype, fmt):
    """Run scikit-learn's own first Lloyd iteration (as _kmeans_single_lloyd does: on centered
    data for dense input) and return (clusters empty after the E-step, weights after the
    M-step incl. relocation)."""
    n, k = X.shape[0], init.shape[0]
    if fmt == "dense":
        Xc = (X.toarray() if sp.issparse(X) else X).astype(dtype)
        mean = Xc.mean(axis=0)
        Xc = Xc - mean
        C = init.astype(dtype) - mean
        it = lloyd_iter_chunked_dense
    else:
        Xc = X.astype(dtype) if sp.issparse(X) else sp.csr_matrix(X.astype(dtype))
        C = init.astype(dtype).copy()
        it = lloyd_iter_chunked_sparse
    ww = np.ones(n, dtype) if w is None else w.astype(dtype)
    labels = np.full(n, -1, np.int32)
    C_new = np.zeros_like(C)
    wic = np.zeros(k, dtype)
    shift = np.zeros(k, dtype)
    it(Xc, ww, C, C_new, wic, labels, shift, 1)
    # weight per cluster as assigned by the E-step (labels are not changed by relocation)
    assigned = np.bincount(labels, weights=ww.astype(np.float64), minlength=k)
    return np.flatnonzero(assigned == 0), wic


def lloyd_trace(Xr, w, init, max_iter, tol_scaled, km):
    """Re-run scikit-learn 1.2.1's _kmeans_single_lloyd loop step by step with its own Cython
    kernels (centering dense data exactly like KMeans.fit), check that it reproduces the fitted
    estimator bit for bit, and measure how close every E-step assignment was to a tie.

    relative margin of sample i in one E-step = (d2 - d1) / (|x_i|^2 + |c_best|^2), where d1 <= d2
    are the two smallest squared distances to the centers used by that E-step, computed in float64
    with the difference form, in the working coordinates (centered for dense input)."""
    dtype = init.dtype
    n, k = Xr.shape[0], init.shape[0]
    if sp.issparse(Xr):
        X = Xr
        C = init.copy()
        mean = None
        it = lloyd_iter_chunked_sparse
        inertia_fn = _inertia_sparse
        X64 = Xr.toarray().astype(np.float64)
    else:
        X = Xr.copy()
        mean = X.mean(axis=0)
        X -= mean
        C = init - mean
        it = lloyd_iter_chunked_dense
        inertia_fn = _inertia_dense
        X64 = X.astype(np.float64)
    ww = np.ones(n, dtype) if w is None else w.astype(dtype)
    xsq = np.einsum("ij,ij->i", X64, X64)
    margins = []
    mismatches = 0

    def check(Cused, labels):
        nonlocal mismatches
        C64 = Cused.astype(np.float64)
        D = np.empty((n, k))
        for j in range(k):
            diff = X64 - C64[j]
            D[:, j] = np.einsum("ij,ij->i", diff, diff)
        part = np.sort(D, axis=1)
        d1, d2 = part[:, 0], part[:, 1] if k > 1 else part[:, 0]
        csq = np.einsum("ij,ij->i", C64, C64)
        scale = xsq + csq[labels]
        scale[scale == 0] = 1.0
        margins.append(float(np.min((d2 - d1) / scale)) if k > 1 else np.inf)
        mismatches += int(np.sum(D[np.arange(n), labels] > d1))

    C_new = np.zeros_like(C)
    labels = np.full(n, -1, np.int32)
    labels_old = labels.copy()
    wic = np.zeros(k, dtype)
    shift = np.zeros(k, dtype)
    strict = False
    relocations = 0
    for i in range(max_iter):
        C_before = C.copy()
        it(X, ww, C, C_new, wic, labels, shift, 1)
        check(C_before, labels)
        assigned = np.bincount(labels, weights=ww.astype(np.float64), minlength=k)
        relocations += int(np.sum(assigned == 0))
        C, C_new = C_new, C
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if (shift ** 2).sum() <= tol_scaled:
            break
        labels_old[:] = labels
    if not strict:
        it(X, ww, C, C, wic, labels, shift, 1, update_centers=False)
        check(C, labels)
    inertia = inertia_fn(X, ww, C, labels, 1)
    centers = C if mean is None else C + mean
    assert np.array_equal(labels, km.labels_), "trace labels differ"
    assert np.array_equal(centers, km.cluster_centers_), "trace centers differ"
    assert inertia == km.inertia_ and i + 1 == km.n_iter_, "trace inertia/n_iter differ"
    return {"min_relative_margin": min(margins), "e_steps": len(margins),
            "non_nearest_assignments": mismatches,
            "empty_clusters_relocated": relocations}


# --------------------------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------------------------
def build_cases():
    summary = []

    # 1. blobs -------------------------------------------------------------------------------
    X, _ = make_blobs(n_samples=1500, n_features=5, centers=6, cluster_std=1.5, random_state=11)
    rows = random_rows(1500, 6, 3)
    blobs = run_case("blobs", X, 6, X[rows], dense_test_rows(X, 101),
                     seeds={"make_blobs": 11, "init_rows": 3, "test": 101}, init_rows=rows,
                     description="make_blobs(1500, 5, centers=6, cluster_std=1.5, random_state=11); "
                                 "init = X[RandomState(3).choice(1500, 6, replace=False)]")
    summary.append(blobs)
    blobs_X, blobs_rows = X, rows

    # 2. uniform -----------------------------------------------------------------------------
    X = np.random.RandomState(21).random_sample((2000, 8))
    rows = random_rows(2000, 10, 22)
    summary.append(run_case(
        "uniform", X, 10, X[rows], np.random.RandomState(23).random_sample((15, 8)),
        seeds={"data": 21, "init_rows": 22, "test": 23}, init_rows=rows,
        description="RandomState(21).random_sample((2000, 8)); init = random rows (seed 22)"))

    # 3. uniform_tol0 ------------------------------------------------------------------------
    X = np.random.RandomState(31).random_sample((1000, 6))
    rows = random_rows(1000, 7, 32)
    doc = run_case(
        "uniform_tol0", X, 7, X[rows], np.random.RandomState(33).random_sample((15, 6)), tol=0.0,
        seeds={"data": 31, "init_rows": 32, "test": 33}, init_rows=rows,
        description="RandomState(31).random_sample((1000, 6)), tol=0 (only strict convergence "
                    "stops before max_iter); init = random rows (seed 32)")
    assert all(r["stop"] == "strict" for r in doc["runs"].values()), "tol0 must converge strictly"
    summary.append(doc)

    # 4. maxiter -----------------------------------------------------------------------------
    assert all(r["n_iter"] > 3 for r in blobs["runs"].values())
    doc = run_case("maxiter", blobs_X, 6, blobs_X[blobs_rows], dense_test_rows(blobs_X, 101),
                   max_iter=3, seeds={"make_blobs": 11, "init_rows": 3, "test": 101},
                   init_rows=blobs_rows,
                   description="same data, init and test rows as 'blobs' but max_iter=3: stops at "
                               "max_iter, final E-step without center update")
    assert all(r["stop"] == "max_iter" and r["n_iter"] == 3 for r in doc["runs"].values())
    summary.append(doc)

    # 5. empty_cluster -----------------------------------------------------------------------
    X, _ = make_blobs(n_samples=600, n_features=3, centers=4, cluster_std=1.0, random_state=51)
    rows = random_rows(600, 3, 52)
    far = np.array([[60.0, 60.0, 60.0], [-50.0, 70.0, -60.0]])
    init = np.vstack([X[rows[:2]], far[:1], X[rows[2:]], far[1:]])  # far centers at index 2 and 4
    checks = {}
    for dname, dtype in DTYPES:
        for fmt in FORMATS:
            empty, wic = first_iteration_relocates(X, None, init, dtype, fmt)
            assert list(empty) == [2, 4], (dname, fmt, empty)
            assert np.all(wic > 0), (dname, fmt, wic)  # both were relocated (weight 1 each)
            checks[f"{dname}/{fmt}"] = {"empty_after_first_E_step": empty,
                                        "weight_in_clusters_after_relocation": wic}
    doc = run_case("empty_cluster", X, 5, init, dense_test_rows(X, 53),
                   seeds={"make_blobs": 51, "init_rows": 52, "test": 53},
                   init_rows=[int(rows[0]), int(rows[1]), None, int(rows[2]), None],
                   description="make_blobs(600, 3, centers=4, random_state=51); init rows 0,1,3 are "
                               "data rows, rows 2 and 4 are far away ([60,60,60], [-50,70,-60]) so "
                               "clusters 2 and 4 are empty after the first E-step and get relocated "
                               "(verified in the script with scikit-learn's own lloyd_iter_chunked_*)",
                   checks={"relocation_in_first_iteration": checks})
    assert all(r["distinct_labels"] == 5 for r in doc["runs"].values())
    summary.append(doc)

    # 6. weighted ----------------------------------------------------------------------------
    X, _ = make_blobs(n_samples=1000, n_features=4, centers=5, cluster_std=1.2, random_state=61)
    rs = np.random.RandomState(62)
    w = rs.uniform(0, 3, size=1000)
    w[rs.choice(1000, 100, replace=False)] = 0.0
    rows = random_rows(1000, 5, 63)
    doc = run_case("weighted", X, 5, X[rows], dense_test_rows(X, 64), weights=w,
                   seeds={"make_blobs": 61, "weights": 62, "init_rows": 63, "test": 64},
                   init_rows=rows,
                   description="make_blobs(1000, 4, centers=5, cluster_std=1.2, random_state=61); "
                               "w = RandomState(62).uniform(0, 3, 1000), then 100 entries chosen by "
                               "the same RandomState's choice(1000, 100, replace=False) set to 0")
    summary.append(doc)
    weighted_X, weighted_w = X, w

    # 7. sparse ------------------------------------------------------------------------------
    def tfidf_like(n, d, seed):
        rs_ = np.random.RandomState(seed)
        M = sp.random(n, d, density=0.05, format="csr", random_state=rs_,
                      data_rvs=lambda size: rs_.uniform(0.05, 1.0, size=size))
        M = normalize(M, norm="l2", axis=1)  # zero rows stay zero
        M = sp.csr_matrix(M, dtype=np.float64)
        M.sort_indices()
        M.sum_duplicates()
        M.indices = M.indices.astype(np.int32)
        M.indptr = M.indptr.astype(np.int32)
        return M

    X = tfidf_like(600, 120, 71)
    # Init = means of 5 disjoint groups of 8 random rows. (Single L2-normalized rows as centers
    # give |c|^2 == 1 for every center, and with ~6 stored entries per row most samples share no
    # feature with any center, so the first E-step would be decided by ulp-level ties.)
    groups = np.random.RandomState(72).choice(600, 40, replace=False).reshape(5, 8)
    init = np.vstack([X[g].toarray().mean(axis=0) for g in groups])
    T = np.vstack([tfidf_like(12, 120, 73).toarray(), np.zeros((1, 120)),
                   X[[5, 17]].toarray()])
    n_empty_rows = int(np.sum(np.diff(X.indptr) == 0))
    summary.append(run_case(
        "sparse", X, 5, init, T,
        seeds={"data": 71, "init_groups": 72, "test": 73}, init_rows=groups,
        description="scipy.sparse.random(600, 120, density=0.05, format='csr', random_state=rs, "
                    "data_rvs=rs.uniform(0.05, 1)) with rs=RandomState(71), rows L2-normalized "
                    "(sklearn.preprocessing.normalize; empty rows stay zero); init[j] = mean of "
                    "the 8 rows init_rows[j] (RandomState(72).choice(600, 40, replace=False)"
                    ".reshape(5, 8)), computed as X[g].toarray().mean(axis=0) in float64; test = "
                    "12 new rows (seed 73), a zero row, training rows 5 and 17",
        extra={"nnz": int(X.nnz), "empty_rows": n_empty_rows}))

    # 8. bundled real datasets ----------------------------------------------------------------
    for name, loader, k, seed in (("iris", load_iris, 3, 81), ("wine", load_wine, 3, 82),
                                  ("digits", load_digits, 10, 83),
                                  ("breast_cancer", load_breast_cancer, 2, 84)):
        X = np.ascontiguousarray(loader().data, dtype=np.float64)
        T = dense_test_rows(X, seed + 100)
        note = ""
        # digits are small integers: with data rows as init, squared distances are integers and
        # exact ties happen; take the first seed >= the nominal one whose runs have no tie anywhere.
        for s in range(seed, seed + 200):
            rows = random_rows(X.shape[0], k, s)
            runs = compute_runs(X, k, X[rows], T)
            if not rounding_decided(runs):
                break
            note = (f"; init seed {s + 1} was the first one >= {seed} without any exact distance "
                    "tie (integer data)")
        else:
            raise RuntimeError(f"{name}: no tie-free init seed")
        x_file = "X.npz" if name == "digits" else "X.npy"
        summary.append(run_case(
            name, X, k, X[rows], T, runs=runs,
            seeds={"init_rows": s, "test": seed + 100}, init_rows=rows, x_file=x_file,
            description=f"sklearn.datasets.load_{name}().data (bundled, no download); init = "
                        f"X[RandomState({s}).choice(n, {k}, replace=False)]" + note
                        + ("; stored as CSR X.npz only to stay under the file-size budget, the "
                           "runs are dense-source runs" if name == "digits" else "")))
        if name == "digits":
            digits_X = X

    # 9. offset ------------------------------------------------------------------------------
    X, _ = make_blobs(n_samples=1000, n_features=3, centers=4, cluster_std=1.0, random_state=91)
    X = X + 1e4
    rows = random_rows(1000, 4, 92)
    summary.append(run_case(
        "offset", X, 4, X[rows], dense_test_rows(X, 93),
        seeds={"make_blobs": 91, "init_rows": 92, "test": 93}, init_rows=rows,
        description="make_blobs(1000, 3, centers=4, random_state=91) + 1e4 in every feature "
                    "(float32 centering precision)",
        fragile_note="float32/csr is NOT centered (sparse input never is): its E-step computes "
                     "|c|^2 - 2 x.c in float32 with |c|^2 ~ 3e8, i.e. an absolute rounding error "
                     "of tens while the distances that decide the labels are O(1..100). "
                     "scikit-learn's own labels there are mostly rounding noise (many samples "
                     "go to a non-nearest center, 100+ iterations). It can only be matched by a "
                     "bitwise-identical float32 sparse kernel (same operation order, same |c|^2 "
                     "bits); treat it as a robustness/no-crash check. The dense float32 run is "
                     "centered first and behaves."))

    # 10. duplicates ---------------------------------------------------------------------------
    rs = np.random.RandomState(101)
    values = np.round(rs.uniform(-5, 5, size=(4, 2)), 3)
    which = rs.choice(4, size=300, p=[0.4, 0.3, 0.2, 0.1])
    X = values[which]
    first = [int(np.flatnonzero(which == v)[0]) for v in range(4)]
    second = [int(np.flatnonzero(which == v)[1]) for v in range(4)]
    # 6 rows of X: value 0, value 0 again, value 1, value 2, value 2 again, value 3
    rows = np.array([first[0], second[0], first[1], first[2], second[2], first[3]])
    T = np.vstack([values, values + np.array([0.25, -0.4]), [[0.0, 0.0]]])
    doc = run_case(
        "duplicates", X, 6, X[rows], T,
        seeds={"data": 101}, init_rows=rows,
        description="300 points taking only 4 distinct values (RandomState(101)); k=6; init = 6 "
                    "rows of X with values [v0, v0, v1, v2, v2, v3]",
        extra={"distinct_values": values, "version_sensitive": True,
               "note": "scikit-learn 1.2.1 behaviour, decided by rounding. With more clusters than distinct points the "
                       "duplicated init centers lose all points to the lower-index identical "
                       "center (argmin ties -> lowest index); 1.2.1 relocates them every iteration "
                       "even though every sample's distance to its center is 0 (the 'farthest' "
                       "points are then picked by numpy's argpartition among all-zero distances, "
                       "an introselect-order detail), so labels keep changing and the run can only "
                       "stop by the tol test or max_iter (issue #28055). scikit-learn >= 1.4.1 "
                       "(#28165) skips relocation when all distances are 0 and also fills a "
                       "still-empty cluster differently, so its results differ (reference §5.5, "
                       "§10). ConvergenceWarning 'Number of distinct clusters (...) found smaller "
                       "than n_clusters (6)' is expected. Which identical-looking center wins a tie depends on the "
                       "last bits of cluster means (sum * (1/W)) and of the centered data, and on "
                       "argpartition's order among (near-)zero distances, so float32/float64 and "
                       "dense/CSR give different partitions; a port reproduces a run only with "
                       "bitwise-identical arithmetic."},
        fragile_note="All runs: every sample sits exactly on (or within rounding of) at least two "
                     "centers; see 'note'.")
    summary.append(doc)

    return summary, blobs_X, weighted_X, weighted_w, digits_X


# --------------------------------------------------------------------------------------------
# k-means++ quality (scikit-learn 1.2.1 itself)
# --------------------------------------------------------------------------------------------
def kmeanspp_quality(digits_X):
    Xb, _ = make_blobs(n_samples=1000, n_features=6, centers=10, cluster_std=1.0,
                       center_box=(-8.0, 8.0), random_state=111)
    write_npy(os.path.join(HERE, "kmeanspp_quality_blobs10_X.npy"), Xb)
    datasets = [("blobs10", "kmeanspp_quality_blobs10_X.npy", Xb, 10,
                 "make_blobs(1000, 6, centers=10, cluster_std=1.0, center_box=(-8, 8), "
                 "random_state=111)"),
                ("digits", "digits/X.npz", digits_X, 10,
                 "load_digits().data (stored as CSR npz; use it densified)")]
    out = {
        "description": "KMeans(n_clusters=k, init='k-means++', n_init=1, random_state=s, "
                       "algorithm='lloyd', max_iter=300, tol=1e-4).fit(X.astype(dtype)) with "
                       "dense X, run by scikit-learn 1.2.1 itself. 'init_indices' are the rows "
                       "chosen by 1.2.1's k-means++ (sklearn.cluster._kmeans._kmeans_plusplus on "
                       "the centered data with RandomState(s)); the script checks that fitting "
                       "with init=X[init_indices] reproduces the same fit bit for bit. 1.2.1 "
                       "k-means++: first center rs.randint(n), weights ignored, stable_cumsum in "
                       "float64 (reference §4.1). 'main_rule_*': the rows scikit-learn >= 1.4 "
                       "seeds with (numpy re-expression of main's rule, see kmeanspp_main.json) "
                       "and the real 1.2.1 Lloyd fit from them.",
        "generator": {"versions": VERSIONS, "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"},
        "datasets": [],
    }
    for name, fname, X, k, desc in datasets:
        entry = {"name": name, "file": fname, "description": desc, "n_samples": X.shape[0],
                 "n_features": X.shape[1], "k": k, "n_local_trials": 2 + int(np.log(k)),
                 "runs": {}}
        for dname, dtype in DTYPES:
            Xr = X.astype(dtype)
            Xc = Xr - Xr.mean(axis=0)
            xsq = row_norms(Xc, squared=True)
            res = []
            for s in range(20):
                with warnings.catch_warnings(record=True) as rec:
                    warnings.simplefilter("always")
                    km = KMeans(n_clusters=k, init="k-means++", n_init=1, random_state=s,
                                algorithm="lloyd").fit(Xr)
                    _, idx = _kmeans_plusplus(Xc, k, xsq, np.random.RandomState(s))
                warn = [f"{r.category.__name__}: {r.message}" for r in rec]
                km2, _ = fit_once(Xr, Xr[idx], k, 300, 1e-4, None)
                assert np.array_equal(km2.labels_, km.labels_) and km2.inertia_ == km.inertia_
                assert np.array_equal(km2.cluster_centers_, km.cluster_centers_)
                # scikit-learn >= 1.4 seeds differently (weighted first draw, reference 4.1): its rows
                # for this seed come from the numpy re-expression below, then the real Lloyd runs.
                idx_main = greedy_kmeanspp(Xc, xsq, np.ones(Xr.shape[0], dtype=dtype),
                                           np.random.RandomState(s), k, "main")
                km3, _ = fit_once(Xr, Xr[idx_main], k, 300, 1e-4, None)
                res.append({"seed": s, "inertia": km.inertia_, "n_iter": km.n_iter_,
                            "init_indices": idx, "warnings": warn,
                            "main_rule_init_indices": idx_main,
                            "main_rule_inertia": km3.inertia_, "main_rule_n_iter": km3.n_iter_})
            entry["runs"][dname] = res
            inert = np.array([r["inertia"] for r in res])
            entry.setdefault("inertia_stats", {})[dname] = {
                "min": inert.min(), "max": inert.max(), "mean": inert.mean(),
                "n_seeds_at_min": int(np.sum(inert == inert.min())),
                "main_rule_mean": float(np.mean([r["main_rule_inertia"] for r in res]))}
        out["datasets"].append(entry)
    write_json(os.path.join(HERE, "kmeanspp_quality.json"), out)
    return out


# --------------------------------------------------------------------------------------------
# numpy legacy RandomState golden values
# --------------------------------------------------------------------------------------------
def rng_golden():
    p_num = np.array([1, 4, 0, 2, 3, 1, 2, 5, 1, 1], dtype=np.float64)
    p = p_num / p_num.sum()
    calls = [
        ("random_sample(10)", lambda r: r.random_sample(10)),
        ("randint(0, 1000, 10)", lambda r: r.randint(0, 1000, 10)),
        ("randint(0, 7, 10)", lambda r: r.randint(0, 7, 10)),
        ("randint(0, 2**31-1, 5)", lambda r: r.randint(0, 2**31 - 1, 5)),
        ("randint(1500)", lambda r: r.randint(1500)),
        ("permutation(10)", lambda r: r.permutation(10)),
        ("choice(10, 5, replace=False)", lambda r: r.choice(10, 5, replace=False)),
        ("choice(10, 5, replace=False, p=p)", lambda r: r.choice(10, 5, replace=False, p=p)),
        ("choice(10, 4, replace=True, p=p)", lambda r: r.choice(10, 4, replace=True, p=p)),
        ("uniform(size=3)", lambda r: r.uniform(size=3)),
        ("choice(10, p=p)", lambda r: r.choice(10, p=p)),
    ]
    seeds = [0, 1, 42, 2**32 - 1]
    entries = []
    for seed in seeds:
        for text, fn in calls:
            v = fn(np.random.RandomState(seed))
            arr = np.asarray(v)
            entries.append({"seed": seed, "call": f"RandomState({seed}).{text}",
                            "dtype": str(arr.dtype), "scalar": arr.ndim == 0,
                            "values": arr.reshape(-1)})
    # one sequence on a single RandomState (state carried across calls, as in KMeans.fit)
    seq = []
    r = np.random.RandomState(0)
    for text, fn in [("randint(1500)", lambda r: r.randint(1500)),
                     ("uniform(size=3)", lambda r: r.uniform(size=3)),
                     ("permutation(20)", lambda r: r.permutation(20)),
                     ("choice(10, p=p)", lambda r: r.choice(10, p=p)),
                     ("choice(10, 5, replace=False, p=p)",
                      lambda r: r.choice(10, 5, replace=False, p=p)),
                     ("random_sample(3)", lambda r: r.random_sample(3))]:
        arr = np.asarray(fn(r))
        seq.append({"call": text, "dtype": str(arr.dtype), "scalar": arr.ndim == 0,
                    "values": arr.reshape(-1)})
    out = {
        "description": "Golden values of numpy's legacy np.random.RandomState (MT19937), numpy "
                       f"{np.__version__} on Linux x86-64 (default integer dtype int64 'l'). "
                       "Every entry of 'calls' uses a fresh RandomState(seed). 'sequence' is a "
                       "series of calls on ONE RandomState(0), in order.",
        "p": p, "p_definition": "p = [1,4,0,2,3,1,2,5,1,1] / 20 (float64)",
        "calls": entries,
        "sequence": {"seed": 0, "calls": seq},
    }
    write_json(os.path.join(HERE, "rng.json"), out)


# --------------------------------------------------------------------------------------------
# k-means++ / random init of scikit-learn main, re-expressed in numpy
# --------------------------------------------------------------------------------------------
def greedy_kmeanspp(X, x_sq, w, rs, k, rule):
    """Greedy k-means++ on dense, already centered X.

    rule == "main": scikit-learn >= 1.3 (+ np.cumsum of #31991), reference §4.1:
        first = rs.choice(n, p=w / w.sum()); pot = closest @ w;
        cand = searchsorted(np.cumsum(w * closest), rs.uniform(size=t) * pot);
        pots = D @ w[:, None].
    rule == "1.2.1": first = rs.randint(n); unweighted sums; stable_cumsum (float64 cumsum).
    """
    n = X.shape[0]
    t = 2 + int(np.log(k))
    idx = np.full(k, -1, dtype=np.int64)
    if rule == "main":
        first = rs.choice(n, p=w / w.sum())
    else:
        first = rs.randint(n)
    idx[0] = first
    closest = _euclidean_distances(X[[first]], X, Y_norm_squared=x_sq, squared=True)
    pot = closest @ w if rule == "main" else closest.sum()
    for c in range(1, k):
        r = rs.uniform(size=t) * pot
        if rule == "main":
            cs = np.cumsum(w * closest)
        else:
            cs = np.cumsum(closest, dtype=np.float64)
        cand = np.searchsorted(cs, r)
        np.clip(cand, None, closest.size - 1, out=cand)
        D = _euclidean_distances(X[cand], X, Y_norm_squared=x_sq, squared=True)
        np.minimum(closest, D, out=D)
        pots = D @ w.reshape(-1, 1) if rule == "main" else D.sum(axis=1)
        b = np.argmin(pots)
        pot = pots[b]
        closest = D[b]
        idx[c] = cand[b]
    return idx


def kmeanspp_main(blobs_X, weighted_X, weighted_w):
    datasets = [("blobs (unweighted)", "blobs/X.npy", None, blobs_X, None),
                ("weighted", "weighted/X.npy", "weighted/weights.npy", weighted_X, weighted_w)]
    out = {
        "label": "numpy re-expression of scikit-learn main's rule, not run by scikit-learn itself",
        "description": "Seeding rules of scikit-learn main (>= 1.3 for the weights, #25752; "
                       "np.cumsum in X's dtype from #31991, identical to 1.2.1's float64 "
                       "stable_cumsum here because X is float64), re-expressed in numpy exactly as "
                       "reference §4.1/§4.2 describe, evaluated as KMeans.fit would: X float64, "
                       "centered by X.mean(axis=0), x_squared_norms = row_norms(Xc, squared=True), "
                       "sample_weight = weights (or ones) as float64, rs = RandomState(seed). "
                       "k-means++: first = rs.choice(n, p=w/w.sum()); closest = "
                       "_euclidean_distances(Xc[[first]], Xc, Y_norm_squared=x_sq, squared=True); "
                       "pot = closest @ w; per further center: r = rs.uniform(size=2+int(ln k)) * "
                       "pot; cand = clip(searchsorted(cumsum(w*closest), r), max n-1); D = "
                       "minimum(dist(Xc[cand], Xc), closest); pots = D @ w[:,None]; best = "
                       "argmin(pots). random: rs.choice(n, size=k, replace=False, p=w/w.sum()). "
                       "Self-check done by the script: the same code with the 1.2.1 rule "
                       "(randint first, unweighted sums) reproduces scikit-learn 1.2.1's "
                       "_kmeans_plusplus indices for every entry below ('sklearn_1_2_1_*' fields).",
        "generator": {"versions": VERSIONS, "threads": "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1"},
        "datasets": [],
    }
    # Sanity check against the documented golden values (reference App. B, public
    # kmeans_plusplus docstring; the public function does not center X):
    # main -> indices [3, 2], 1.2.1 -> [4, 2].
    Xd = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]], dtype=np.float64)
    xd_sq = row_norms(Xd, squared=True)
    one = np.ones(6)
    doc_main = greedy_kmeanspp(Xd, xd_sq, one, np.random.RandomState(0), 2, "main")
    doc_old = greedy_kmeanspp(Xd, xd_sq, one, np.random.RandomState(0), 2, "1.2.1")
    assert doc_main.tolist() == [3, 2] and doc_old.tolist() == [4, 2], (doc_main, doc_old)
    out["docstring_check"] = {
        "call": "kmeans_plusplus([[1,2],[1,4],[1,0],[10,2],[10,4],[10,0]], 2, random_state=0)",
        "reexpression_main_indices": doc_main, "reexpression_1_2_1_indices": doc_old,
        "documented": {"main": [3, 2], "1.2.1": [4, 2]}}
    for name, xf, wf, X, w in datasets:
        n = X.shape[0]
        Xc = X.astype(np.float64)
        Xc = Xc - Xc.mean(axis=0)
        x_sq = row_norms(Xc, squared=True)
        ww = np.ones(n, np.float64) if w is None else w.astype(np.float64)
        entry = {"name": name, "x_file": xf, "weights_file": wf, "n_samples": n,
                 "n_features": X.shape[1], "runs": []}
        for k in (5, 8):
            for seed in range(5):
                pp_main = greedy_kmeanspp(Xc, x_sq, ww, np.random.RandomState(seed), k, "main")
                pp_old = greedy_kmeanspp(Xc, x_sq, ww, np.random.RandomState(seed), k, "1.2.1")
                _, pp_skl = _kmeans_plusplus(Xc, k, x_sq, np.random.RandomState(seed))
                assert np.array_equal(pp_old, pp_skl), (name, k, seed, pp_old, pp_skl)
                rnd_main = np.random.RandomState(seed).choice(n, size=k, replace=False,
                                                              p=ww / ww.sum())
                rnd_old = np.random.RandomState(seed).permutation(n)[:k]
                if w is not None:
                    assert np.all(ww[pp_main] > 0) and np.all(ww[rnd_main] > 0)
                entry["runs"].append({
                    "k": k, "seed": seed, "n_local_trials": 2 + int(np.log(k)),
                    "kmeanspp_main_indices": pp_main,
                    "random_main_indices": rnd_main,
                    "sklearn_1_2_1_kmeanspp_indices": pp_skl,
                    "sklearn_1_2_1_random_indices": rnd_old,
                })
        out["datasets"].append(entry)
    write_json(os.path.join(HERE, "kmeanspp_main.json"), out)


# --------------------------------------------------------------------------------------------
def print_summary(summary):
    print(f"{'case':15s} {'n':>5s} {'d':>3s} {'k':>3s}  n_iter(f64/dense f64/csr f32/dense f32/csr)"
          "  stop  distinct  f32-vs-f64 label diffs (dense, csr)  csr-vs-dense label diffs (f64, f32)")
    for doc in summary:
        runs = doc["runs"]
        keys = ["float64/dense", "float64/csr", "float32/dense", "float32/csr"]
        c = doc["comparisons"]
        print(f"{doc['case']:15s} {doc['n_samples']:5d} {doc['n_features']:3d} {doc['k']:3d}  "
              f"{[runs[k_]['n_iter'] for k_ in keys]}  {[runs[k_]['stop'] for k_ in keys]}  "
              f"{[runs[k_]['distinct_labels'] for k_ in keys]}  "
              f"{c['float32/dense vs float64/dense']['label_diffs']},"
              f"{c['float32/csr vs float64/csr']['label_diffs']}  "
              f"{c['float64/csr vs float64/dense']['label_diffs']},"
              f"{c['float32/csr vs float32/dense']['label_diffs']}"
              + "  margins " + " ".join("%.1e" % runs[k_]["diagnostics"]["min_relative_margin"]
                                         for k_ in keys)
              + "  nonnearest " + str([runs[k_]["diagnostics"]["non_nearest_assignments"]
                                       for k_ in keys])
              + ("  CONV-WARN" if any(r['convergence_warning'] for r in runs.values()) else ""))


def main():
    check_environment()
    summary, blobs_X, weighted_X, weighted_w, digits_X = build_cases()
    kmeanspp_quality(digits_X)
    rng_golden()
    kmeanspp_main(blobs_X, weighted_X, weighted_w)
    print_summary(summary)


if __name__ == "__main__":
    main()
