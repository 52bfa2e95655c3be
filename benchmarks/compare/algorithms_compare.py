"""Side by side: whole fits of scikit-learn (lloyd, elkan) and `centroid fit --algorithm A` for every algorithm, same
data, same initial centers, tol 0 (to strict convergence or max_iter), 2 threads.

    dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid
    /usr/bin/python3 benchmarks/compare/algorithms_compare.py DIR [--rounds 3] [--only SUBSTRING]

Missing inputs are written to DIR first (seeded, so every machine gets the same files):
- blobs_f64.npy / blobs_f32.npy: make_blobs(n_samples=200000, centers=64, n_features=32, cluster_std=2.0,
  random_state=0), k = 64, initial centers kmeans_plusplus(X, 64, random_state=0) (cast for float32)
- china_f64.npy / china_f32.npy: the 427 x 640 pixels of scikit-learn's sample image china.jpg as RGB in [0, 1]
  (273280 x 3, a real colour-quantization input full of exact duplicates), k = 64, kmeans_plusplus(random_state=0)
- seed_f32.npy (200000 x 20 uniform, RandomState(0)), k = 8, and wide_f32.npy (100000 x 64 uniform, RandomState(1)),
  k = 256, with the init rows RandomState(2).choice(n, k, replace=False) -- as benchmarks/compare/make_datasets.py
- tfidf_f32.npz if make_datasets.py has written it to DIR (k = 20; otherwise skipped)

Each round runs every tool once per case, alternating, so the shared machine's drift hits all alike; the medians of
the rounds are reported. scikit-learn runs in this process with threadpoolctl limiting it to 2 threads (OpenBLAS;
OPENBLAS_CORETYPE=SKYLAKEX only when the CPU has AVX-512); centroid runs as a child process with --threads 2 and its
fit_seconds (the fit alone; the tool is compiled ahead of time, so no JIT) is used. Reference = scikit-learn's faster of
lloyd and elkan; "ours" = our fastest algorithm; the bar is on ours / reference. On the uniform shapes the bar is on
auto / our fastest (<= 1.1). Inertia is checked against scikit-learn's lloyd (relative 1e-6 float64, 1e-4 float32).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import openblas_env  # noqa: E402,F401  (before numpy: sets OPENBLAS_CORETYPE)

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.cluster import KMeans, kmeans_plusplus  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROOT = os.environ.get('CENTROID_ROOT') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# The natively compiled tool (dotnet publish), as a user runs it; CENTROID=path overrides.
CENTROID = os.environ.get("CENTROID") or os.path.join(ROOT, "artifacts/centroid/centroid")
THREADS = 2
OURS = ["lloyd", "elkan", "hamerly", "exponion", "yinyang", "auto"]

# name, file, k, scikit-learn compared, bar, what the bar is on
CASES = [
    ("blobs 200000x32 k=64", "blobs_f64.npy", 64, True, 0.15, "ours/sklearn"),
    ("blobs 200000x32 k=64", "blobs_f32.npy", 64, True, 0.25, "ours/sklearn"),
    ("china.jpg pixels k=64", "china_f64.npy", 64, True, 0.20, "ours/sklearn"),
    ("china.jpg pixels k=64", "china_f32.npy", 64, True, 0.20, "ours/sklearn"),
    ("seed 200000x20 k=8", "seed_f32.npy", 8, False, 1.10, "auto/fastest"),
    ("wide 100000x64 k=256", "wide_f32.npy", 256, False, 1.10, "auto/fastest"),
    ("tf-idf csr k=20", "tfidf_f32.npz", 20, False, 1.10, "auto/fastest"),
]


def make_inputs(out):
    os.makedirs(out, exist_ok=True)

    def save(name, x, init):
        np.save(os.path.join(out, name), x)
        np.save(os.path.join(out, name.replace(".npy", "_init.npy")), init)

    if not os.path.exists(os.path.join(out, "blobs_f64.npy")):
        from sklearn.datasets import make_blobs
        x, _ = make_blobs(n_samples=200000, centers=64, n_features=32, cluster_std=2.0, random_state=0)
        init, _ = kmeans_plusplus(x, 64, random_state=0)
        save("blobs_f64.npy", x, init)
        save("blobs_f32.npy", x.astype(np.float32), init.astype(np.float32))
    if not os.path.exists(os.path.join(out, "china_f64.npy")):
        from sklearn.datasets import load_sample_image
        x = load_sample_image("china.jpg").reshape(-1, 3).astype(np.float64) / 255
        init, _ = kmeans_plusplus(x, 64, random_state=0)
        save("china_f64.npy", x, init)
        save("china_f32.npy", x.astype(np.float32), init.astype(np.float32))
    for name, shape, seed, k in (("seed_f32.npy", (200000, 20), 0, 8), ("wide_f32.npy", (100000, 64), 1, 256)):
        if not os.path.exists(os.path.join(out, name)):
            x = np.random.RandomState(seed).random_sample(shape).astype(np.float32)
            rows = np.random.RandomState(2).choice(x.shape[0], k, replace=False)
            save(name, x, np.ascontiguousarray(x[rows]))


def load(path):
    return sp.load_npz(path).tocsr() if path.endswith(".npz") else np.load(path)


def sklearn_fit(x, init, k, algorithm):
    with threadpool_limits(limits=THREADS):
        start = time.perf_counter()
        km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=300, tol=0, algorithm=algorithm).fit(x)
        elapsed = time.perf_counter() - start
    return elapsed, km.inertia_, km.n_iter_


def centroid_fit(path, init_path, k, algorithm):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([CENTROID, "fit", path, "-k", str(k), "--init", init_path, "--max-iter", "300", "--tol", "0",
                        "--threads", str(THREADS), "--algorithm", algorithm, "--out", out],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
    return summary["fit_seconds"], summary["inertia"], summary["iterations"], summary["algorithm"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="substring of the case names (or file names) to run")
    args = parser.parse_args()
    if not os.path.exists(CENTROID):
        raise SystemExit(f"{CENTROID} not found; run: dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid")
    make_inputs(args.data)
    print(f"{THREADS} threads; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(auto)')}; "
          f"load average {open('/proc/loadavg').read().split()[0]} at start", flush=True)
    verdicts = []
    for name, file, k, with_sklearn, bar, bar_on in CASES:
        path = os.path.join(args.data, file)
        if args.only and args.only not in name and args.only not in file:
            continue
        if not os.path.exists(path):
            print(f"{name} {file}: missing, skipped")
            continue
        init_path = path.replace(".npy", "_init.npy").replace(".npz", "_init.npy")
        x = load(path)
        init = np.load(init_path)
        dtype = "float32" if "f32" in file else "float64"
        times = {a: [] for a in OURS + (["sklearn lloyd", "sklearn elkan"] if with_sklearn else [])}
        facts = {}
        for _ in range(args.rounds):
            if with_sklearn:
                for algorithm in ("lloyd", "elkan"):
                    seconds, inertia, n_iter = sklearn_fit(x, init, k, algorithm)
                    times[f"sklearn {algorithm}"].append(seconds)
                    facts[f"sklearn {algorithm}"] = (inertia, n_iter, algorithm)
            for algorithm in OURS:
                seconds, inertia, n_iter, ran = centroid_fit(path, init_path, k, algorithm)
                times[algorithm].append(seconds)
                facts[algorithm] = (inertia, n_iter, ran)
        median = {a: statistics.median(t) for a, t in times.items()}
        n, d = x.shape
        print(f"\n{name} ({n} x {d}, {dtype}{', csr' if sp.issparse(x) else ''}), k = {k}: median of {args.rounds} "
              f"whole fits, seconds")
        print(f"  {'tool':16} {'seconds':>8} {'iterations':>10} {'inertia':>22}  ran")
        for a in times:
            inertia, n_iter, ran = facts[a]
            print(f"  {a:16} {median[a]:8.3f} {n_iter:10d} {inertia:22.10g}  {ran}")
        fastest = min(OURS[:-1], key=lambda a: median[a])
        if with_sklearn:
            reference = min(("sklearn lloyd", "sklearn elkan"), key=lambda a: median[a])
            ratio = median[fastest] / median[reference]
            lloyd_inertia = facts["sklearn lloyd"][0]
            tolerance = 1e-6 if dtype == "float64" else 1e-4
            worst = max(abs(facts[a][0] - lloyd_inertia) / lloyd_inertia for a in OURS)
            inertia_ok = worst <= tolerance
            print(f"  ours fastest: {fastest} {median[fastest]:.3f} s; reference: {reference} {median[reference]:.3f} s; "
                  f"ratio {ratio:.3f} (bar {bar}); auto / fastest {median['auto'] / median[fastest]:.2f}; "
                  f"inertia vs scikit-learn lloyd: worst relative difference {worst:.1e} (bar {tolerance:.0e}) "
                  f"{'ok' if inertia_ok else 'FAIL'}")
            verdicts.append((f"{name} {dtype} ours/sklearn", ratio, bar, ratio <= bar and inertia_ok))
        else:
            ratio = median["auto"] / median[fastest]
            print(f"  ours fastest: {fastest} {median[fastest]:.3f} s; auto ran {facts['auto'][2]}: "
                  f"{median['auto']:.3f} s; auto / fastest {ratio:.2f} (bar {bar})")
            verdicts.append((f"{name} {dtype} auto/fastest", ratio, bar, ratio <= bar))
        sys.stdout.flush()
    print("\nbars:")
    for what, ratio, bar, ok in verdicts:
        print(f"  {what:48} {ratio:6.3f}  bar {bar:5.2f}  {'pass' if ok else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
