"""Side by side: time per Lloyd iteration of scikit-learn and `centroid fit`, same data, same initial centers, tol 0.

    dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid
    dotnet build -c Release benchmarks/Centroid.Benchmarks
    /usr/bin/python3 benchmarks/compare/make_datasets.py /tmp/centroid-bench
    /usr/bin/python3 benchmarks/compare/lloyd_compare.py /tmp/centroid-bench [--rounds 5]

Per iteration is the marginal cost (t(2N iterations) - t(N)) / N, so start-up, validation and the final pass cancel.
The two tools alternate round by round and the median of the rounds is reported, so the shared machine's drift hits
both alike; the ratio is that of the two medians, and each round's own ratio is summarised beside it (median, range). scikit-learn runs in this process on its default threads (OpenBLAS; OPENBLAS_CORETYPE=SKYLAKEX is set
when the CPU has AVX-512, as users' builds run there); centroid runs as a child process with all threads and its
fit_seconds (the fit alone) is used. GFLOP/s counts 2 n k d flops per iteration; the FMA peak is measured at the
start of the run by `Centroid.Benchmarks peak`, the best of three probes. The floor is the least any Lloyd iteration can take on this machine: the larger
of reading the data once on every core (`Centroid.Benchmarks floor`, measured in the same run) and the distance
flops at the FMA peak; "x floor" is ours over it, and "bar/floor" the time the bar allows (bar x scikit-learn's) over
the floor: near 1, the bar asks for the machine's limit itself; below 1, for more than the machine can do.
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
from sklearn.cluster import KMeans  # noqa: E402

ROOT = os.environ.get('CENTROID_ROOT') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# The natively compiled tool (dotnet publish), as a user runs it; CENTROID=path overrides.
CENTROID = os.environ.get("CENTROID") or os.path.join(ROOT, "artifacts/centroid/centroid")
BENCH = os.path.join(ROOT, "benchmarks/Centroid.Benchmarks/bin/Release/net10.0/Centroid.Benchmarks")

# name, data file, k, N (the short run's iterations), dtype, bar (ours / scikit-learn).
# N as large as the data allows within a few seconds a round: the difference of two short fits carries whatever the
# shared machine did during either, and the longer they are the less one hiccup weighs (with N = 10 on the seed, ours
# took 12 ms and single rounds' ratios ranged from 0.05 to 0.64). scikit-learn runs the seed 300 iterations without
# converging, the wide shape 161, tf-idf 14 (so 2N < 14 there).
CASES = [
    ("seed 200000x20 k=8", "seed_f32.npy", 8, 30, "float32", 0.20),
    ("seed 200000x20 k=8", "seed_f64.npy", 8, 30, "float64", 0.25),
    ("wide 100000x64 k=256", "wide_f32.npy", 256, 8, "float32", 0.50),
    ("wide 100000x64 k=256", "wide_f64.npy", 256, 8, "float64", 0.65),
    ("tf-idf csr k=20", "tfidf_f32.npz", 20, 5, "float32", 0.15),
]


def load(path):
    return sp.load_npz(path).tocsr() if path.endswith(".npz") else np.load(path)


def sklearn_seconds(x, init, k, iterations):
    start = time.perf_counter()
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=iterations, tol=0, algorithm="lloyd").fit(x)
    elapsed = time.perf_counter() - start
    if km.n_iter_ != iterations:
        raise SystemExit(f"scikit-learn converged after {km.n_iter_} < {iterations} iterations; lower N")
    return elapsed


def centroid_seconds(path, init_path, k, iterations):
    with tempfile.TemporaryDirectory() as out:
        # Lloyd explicitly: the default, auto, runs Hamerly on the wide shape (k >= 64), whose iterations cost otherwise.
        subprocess.run([CENTROID, "fit", path, "-k", str(k), "--algorithm", "lloyd", "--init", init_path,
                        "--max-iter", str(iterations), "--tol", "0", "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
    if summary["iterations"] != iterations:
        raise SystemExit(f"centroid converged after {summary['iterations']} < {iterations} iterations; lower N")
    return summary["fit_seconds"]


def fma_peak(probes=3):
    """The best of a few probes a second apart: the peak is what the machine can do, and a probe run while something
    else still holds a core (a build's compiler exiting after `dotnet publish`) once read float32 at half its value."""
    peaks = {}
    for probe in range(probes):
        if probe:
            time.sleep(1)
        text = subprocess.run([BENCH, "peak"], check=True, capture_output=True, text=True).stdout
        for line in text.splitlines():
            if line.startswith("fma_peak_gflops"):
                _, dtype, value = line.split()
                peaks[dtype] = max(peaks.get(dtype, 0.0), float(value))
    return peaks


def read_once_seconds(path):
    text = subprocess.run([BENCH, "floor", path], check=True, capture_output=True, text=True).stdout
    return float(text.split()[-1]) / 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="substring of the case names to run")
    args = parser.parse_args()
    if not os.path.exists(CENTROID):
        raise SystemExit(f"{CENTROID} not found; run: dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid")
    peaks = fma_peak()
    print(f"FMA peak (GFLOP/s, measured now): float32 {peaks['float32']:.0f}, float64 {peaks['float64']:.0f}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(auto)')}")
    header = (f"{'case':24} {'dtype':8} {'sklearn ms/it':>13} {'ours ms/it':>10} {'ratio':>6} {'bar':>5} {'GFLOP/s':>8} "
              f"{'of peak':>7} {'floor':>6} {'x floor':>7} {'bar/floor':>9}  {'round ratios: median (min-max)':>30}")
    print(header)
    for name, file, k, n_short, dtype, bar in CASES:
        if args.only and args.only not in name:
            continue
        path = os.path.join(args.data, file)
        init_path = path.replace(".npy", "_init.npy").replace(".npz", "_init.npy")
        x = load(path)
        init = np.load(init_path)
        theirs, ours = [], []
        for _ in range(args.rounds):
            short = sklearn_seconds(x, init, k, n_short)
            long = sklearn_seconds(x, init, k, 2 * n_short)
            theirs.append((long - short) / n_short)
            short = centroid_seconds(path, init_path, k, n_short)
            long = centroid_seconds(path, init_path, k, 2 * n_short)
            ours.append((long - short) / n_short)
        t, o = statistics.median(theirs), statistics.median(ours)
        n, d = x.shape
        flops = 2.0 * n * k * d if not sp.issparse(x) else 2.0 * x.nnz * k
        gflops = flops / o / 1e9
        floor = max(read_once_seconds(path), flops / (peaks[dtype] * 1e9))
        # Each round's ratio too (the two tools ran back to back): how far the machine's drift moves the figure.
        rounds = sorted(mine / their for mine, their in zip(ours, theirs))
        print(f"{name:24} {dtype:8} {t * 1e3:13.2f} {o * 1e3:10.2f} {o / t:6.2f} {bar:5.2f} {gflops:8.1f} "
              f"{gflops / peaks[dtype]:7.0%} {floor * 1e3:6.2f} {o / floor:7.1f} {bar * t / floor:9.2f}  {statistics.median(rounds):14.2f} ({rounds[0]:.2f}-{rounds[-1]:.2f})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
