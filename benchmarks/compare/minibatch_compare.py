"""Side by side: scikit-learn's MiniBatchKMeans and `centroid fit --algorithm minibatch`, same data, same settings.

    dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid
    /usr/bin/python3 benchmarks/compare/minibatch_compare.py /tmp/centroid-bench [--seeds 5] [--rounds 3]

Settings (both tools): k-means++, n_init 1 (= 'auto' for k-means++), batch_size 1024, max_iter 100, tol 0,
max_no_improvement 10, reassignment_ratio 0.01, init_size 3 x batch, compute_labels on, random_state = seed 0..4.

Datasets (written to DIR on first use, reused after; seed_f32.npy and tfidf_f32.npz are the files of
make_datasets.py, so the Lloyd comparison and this one share them):
- seed    200000 x 20 uniform [0, 1) float32 (RandomState(0)), k = 8: the seed workload;
- pixels  the RGB pixels / 255 of scikit-learn's two bundled sample photographs (china.jpg, flower.jpg, 2 x 427 x 640),
          546560 x 3 float32, k = 64: scikit-learn's colour-quantisation example, real dense data;
- patches 8 x 8 grey-level patches (stride 4) of the same two photographs, ~33000 x 64 float32, k = 32:
          real, higher-dimensional dense data (scikit-learn's "dictionary of image patches" example);
- tfidf   TfidfVectorizer over 22000 documents of real text found on this machine (Python's standard library sources
          and /usr/share/doc; see make_datasets.py), float32 CSR, k = 20.

Quality: both tools' final centers are evaluated the same way, here, on all the data in float64 (scikit-learn's
_labels_inertia: nearest center, exact squared distances), and averaged over the seeds. Time: scikit-learn's fit()
wall time in this process on its default threads (OpenBLAS; OPENBLAS_CORETYPE=SKYLAKEX only when the CPU has AVX-512,
as lloyd_compare.py does); centroid's fit_seconds from summary.json (the fit alone, in a child process on all
threads, the natively compiled build). Both fit times include the final labelling pass (compute_labels). The two tools alternate
round by round (--rounds per seed, the order flipped each round) and the median of the rounds is reported, so the
shared machine's drift hits both alike; the minimum is printed too, since scikit-learn's OpenMP regions stall badly
whenever another process takes one of the cores.

The scikit-learn here is Debian's 1.2.1: it draws batches with randint (O(b) per step) and passes their weights,
while centroid follows scikit-learn >= 1.7, which draws them with choice(p=w/Σw) — in scikit-learn an O(n) cdf
rebuild per step, here one cdf per fit and a binary search per draw. The seeds therefore give different (equally
random) batches in the two tools; the mean over seeds is what is compared. To compare seed for seed as well, each
dataset is also run through scikit-learn main's fit as the fixture script re-expresses it around scikit-learn's own
step kernels (minibatch_main_rule.py, one thread, untimed): the "main-rule" columns, which centroid should equal.
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
from sklearn.cluster import MiniBatchKMeans  # noqa: E402
from sklearn.cluster._kmeans import _labels_inertia  # noqa: E402
from sklearn.utils._openmp_helpers import _openmp_effective_n_threads  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("CENTROID_ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
# The natively compiled tool (dotnet publish), as a user runs it; CENTROID=path overrides.
CENTROID = os.environ.get("CENTROID") or os.path.join(ROOT, "artifacts/centroid/centroid")
sys.path.insert(0, HERE)

# name, file, k
CASES = [
    ("seed", "seed_f32.npy", 8),
    ("pixels", "pixels_f32.npy", 64),
    ("patches", "patches_f32.npy", 32),
    ("tfidf", "tfidf_f32.npz", 20),
]


def photographs():
    from sklearn.datasets import load_sample_image
    return [load_sample_image(name) for name in ("china.jpg", "flower.jpg")]


def ensure_datasets(out):
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "seed_f32.npy")
    if not os.path.exists(path):
        np.save(path, np.random.RandomState(0).random_sample((200000, 20)).astype(np.float32))
    path = os.path.join(out, "pixels_f32.npy")
    if not os.path.exists(path):
        pixels = np.concatenate([im.reshape(-1, 3) for im in photographs()]).astype(np.float32) / np.float32(255)
        np.save(path, np.ascontiguousarray(pixels))
    path = os.path.join(out, "patches_f32.npy")
    if not os.path.exists(path):
        rows = []
        for im in photographs():
            grey = im.astype(np.float32).mean(axis=2) / np.float32(255)
            for i in range(0, grey.shape[0] - 7, 4):
                for j in range(0, grey.shape[1] - 7, 4):
                    rows.append(grey[i:i + 8, j:j + 8].ravel())
        np.save(path, np.ascontiguousarray(np.array(rows, dtype=np.float32)))
    path = os.path.join(out, "tfidf_f32.npz")
    if not os.path.exists(path):
        import make_datasets
        from sklearn.feature_extraction.text import TfidfVectorizer
        docs, current, words = [], [], 0
        for block in make_datasets.paragraphs():
            current.append(block)
            words += len(block.split())
            if words >= 250:
                docs.append("\n\n".join(current))
                current, words = [], 0
                if len(docs) == 22000:
                    break
        x = TfidfVectorizer(min_df=2, max_features=25000, dtype=np.float32).fit_transform(docs).tocsr()
        x.sort_indices()
        sp.save_npz(path, x, compressed=False)


def load(path):
    return sp.load_npz(path).tocsr() if path.endswith(".npz") else np.load(path)


def inertia_of(x64, centers, threads):
    """Σ min_j ‖x − c_j‖² over all rows, float64, scikit-learn's own nearest-center pass and exact distances."""
    weights = np.ones(x64.shape[0], dtype=np.float64)
    _, inertia = _labels_inertia(x64, weights, np.ascontiguousarray(centers, dtype=np.float64), n_threads=threads)
    return float(inertia)


def run_sklearn(x, k, seed):
    start = time.perf_counter()
    km = MiniBatchKMeans(n_clusters=k, init="k-means++", n_init=1, batch_size=1024, max_iter=100, tol=0.0,
                         max_no_improvement=10, reassignment_ratio=0.01, compute_labels=True,
                         random_state=seed).fit(x)
    elapsed = time.perf_counter() - start
    return elapsed, km.cluster_centers_, km.n_steps_, km.n_iter_


def run_centroid(path, k, seed):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([CENTROID, "fit", path, "-k", str(k), "--algorithm", "minibatch", "--batch-size", "1024",
                        "--n-init", "1", "--seed", str(seed), "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "summary.json")) as f:
            summary = json.load(f)
        centers = np.load(os.path.join(out, "centers.npy"))
    return summary["fit_seconds"], centers, summary["steps"], summary["iterations"]


def main_rule(path, k, seeds):
    """Per seed, scikit-learn main's fit as re-expressed by the fixture script (see minibatch_main_rule.py)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minibatch_main_rule.py")
    out = subprocess.run([sys.executable, script, path, str(k), str(seeds)], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def centroid_floor(path, k, out_dir):
    """centroid's fit_seconds on the first 3100 rows, one pass: the same code paths with almost no work, i.e. the
    per-process cost (thread start, first touches; the natively compiled tool has no JIT) that every CLI fit pays."""
    x = load(path)[:3100]
    small = os.path.join(out_dir, "floor" + os.path.splitext(path)[1])
    if sp.issparse(x):
        sp.save_npz(small, x, compressed=False)
    else:
        np.save(small, x)
    times = []
    for seed in range(3):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([CENTROID, "fit", small, "-k", str(k), "--algorithm", "minibatch", "--max-iter", "1",
                            "--n-init", "1", "--seed", str(seed), "--out", out], check=True, stdout=subprocess.DEVNULL)
            with open(os.path.join(out, "summary.json")) as f:
                times.append(json.load(f)["fit_seconds"])
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data", help="directory of the datasets (written on first use)")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=1, help="timed repetitions per seed (medians over all)")
    parser.add_argument("--only", nargs="*", help="dataset names to run (default: all)")
    args = parser.parse_args()
    if not os.path.exists(CENTROID):
        raise SystemExit(f"{CENTROID} not found; run: dotnet publish -c Release src/Centroid.Cli -o artifacts/centroid")
    ensure_datasets(args.data)
    threads = _openmp_effective_n_threads()
    print(f"scikit-learn {__import__('sklearn').__version__}, numpy {np.__version__}, {threads} OpenMP threads, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; centroid {CENTROID}")
    rows = []
    for name, file, k in CASES:
        if args.only and name not in args.only:
            continue
        path = os.path.join(args.data, file)
        x = load(path)
        x64 = x.astype(np.float64)
        result = {"sklearn": {"t": [], "inertia": [], "steps": []}, "centroid": {"t": [], "inertia": [], "steps": []}}
        for seed in range(args.seeds):
            for repetition in range(args.rounds):
                order = ("sklearn", "centroid") if (seed + repetition) % 2 == 0 else ("centroid", "sklearn")
                for tool in order:
                    seconds, centers, steps, _ = run_sklearn(x, k, seed) if tool == "sklearn" else run_centroid(path, k, seed)
                    r = result[tool]
                    r["t"].append(seconds)
                    if repetition == 0:
                        r["inertia"].append(inertia_of(x64, centers, threads))
                        r["steps"].append(steps)
            print(f"  {name} seed {seed}: sklearn {result['sklearn']['t'][-1]:.3f} s {result['sklearn']['inertia'][-1]:.6g} "
                  f"({result['sklearn']['steps'][-1]} steps) | centroid {result['centroid']['t'][-1]:.3f} s "
                  f"{result['centroid']['inertia'][-1]:.6g} ({result['centroid']['steps'][-1]} steps)", flush=True)
        main = main_rule(path, k, args.seeds)
        worst = max(abs(c - m["inertia"]) / m["inertia"] for c, m in zip(result["centroid"]["inertia"], main))
        same_steps = sum(c == m["steps"] for c, m in zip(result["centroid"]["steps"], main))
        inertias = " ".join(f"{m['inertia']:.6g}" for m in main)
        steps = " ".join(str(m["steps"]) for m in main)
        print(f"  {name} scikit-learn main's rule, seeds 0..{args.seeds - 1}: inertia {inertias}, steps {steps}; "
              f"centroid's worst relative difference {worst:.1e}, same n_steps_ on {same_steps}/{args.seeds} seeds",
              flush=True)
        shape = f"{x.shape[0]}x{x.shape[1]}" + (f" csr nnz={x.nnz}" if sp.issparse(x) else "")
        s, c = result["sklearn"], result["centroid"]
        with tempfile.TemporaryDirectory() as scratch:
            floor = centroid_floor(path, k, scratch)
        rows.append((f"{name} k={k}", shape, statistics.mean(s["inertia"]), statistics.mean(c["inertia"]),
                     statistics.median(s["t"]), statistics.median(c["t"]), min(s["t"]), min(c["t"]),
                     statistics.mean(s["steps"]), statistics.mean(c["steps"]), floor,
                     statistics.mean(m["inertia"] for m in main), worst, same_steps))
    print()
    header = ("dataset", "shape (float32)", "sklearn inertia", "centroid inertia", "ratio", "main-rule inertia",
              "ct/main worst seed", "same steps", "sklearn s", "centroid s", "ratio", "min sk/ct s", "steps sk/ct",
              "centroid floor s")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, shape, si, ci, st, ct, smin, cmin, ss, cs, floor, mi, worst, same in rows:
        print(f"| {name} | {shape} | {si:.6g} | {ci:.6g} | {ci / si:.4f} | {mi:.6g} | {worst:.1e} | {same}/{args.seeds} | "
              f"{st:.3f} | {ct:.3f} | {ct / st:.2f} | {smin:.3f}/{cmin:.3f} | {ss:.0f}/{cs:.0f} | {floor:.3f} |")
    print(f"\ninertia: mean over {args.seeds} seeds, evaluated on all the data in float64; seconds: median (and min) fit "
          f"time over {args.seeds} seeds x {args.rounds} rounds; steps: mean n_steps_; centroid floor: its fit_seconds "
          f"on the first 3100 rows, one pass (per-process start-up that every CLI fit pays); main-rule: scikit-learn "
          f"main's fit (batches drawn as >= 1.7 draws them) re-expressed around scikit-learn's own step kernels, the "
          f"rule centroid follows, seed for seed (minibatch_main_rule.py)")


if __name__ == "__main__":
    main()
