"""Writes the side-by-side benchmark inputs (run with Debian's /usr/bin/python3: numpy, scipy, scikit-learn).

    /usr/bin/python3 benchmarks/compare/make_datasets.py DIR

- seed_f32.npy / seed_f64.npy: 200000 x 20 uniform [0, 1) (RandomState(0)), k = 8
- wide_f32.npy / wide_f64.npy: 100000 x 64 uniform [0, 1) (RandomState(1)), k = 256
- tfidf_f32.npz: TfidfVectorizer over paragraphs of real text found on this machine (Python's standard library
  sources and /usr/share/doc), 22000 documents of consecutive paragraphs (>= 20 words each), >= 250 words a document; float32 CSR
- one init file per case: k rows drawn with RandomState(2).choice(n, k, replace=False), in the case's dtype
"""
import glob
import gzip
import os
import sys

import numpy as np
import scipy.sparse as sp


def paragraphs():
    files = sorted(glob.glob("/usr/lib/python3.11/**/*.py", recursive=True))
    files += sorted(glob.glob("/usr/share/doc/**/*", recursive=True))
    for path in files:
        if os.path.isdir(path):
            continue
        try:
            if path.endswith(".gz"):
                with gzip.open(path, "rt", encoding="utf-8", errors="ignore") as f:
                    text = f.read()
            else:
                with open(path, encoding="utf-8", errors="ignore") as f:
                    text = f.read()
        except OSError:
            continue
        for block in text.split("\n\n"):
            if len(block.split()) >= 20:
                yield block


def write_init(out, name, x, k):
    rows = np.random.RandomState(2).choice(x.shape[0], k, replace=False)
    dense = x[rows].toarray() if sp.issparse(x) else x[rows]
    np.save(os.path.join(out, name), np.ascontiguousarray(dense))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seed = np.random.RandomState(0).random_sample((200000, 20))
    wide = np.random.RandomState(1).random_sample((100000, 64))
    for name, x, k in (("seed", seed, 8), ("wide", wide, 256)):
        for suffix, dtype in (("f64", np.float64), ("f32", np.float32)):
            xs = x.astype(dtype)
            np.save(os.path.join(out, f"{name}_{suffix}.npy"), xs)
            write_init(out, f"{name}_{suffix}_init.npy", xs, k)

    from sklearn.feature_extraction.text import TfidfVectorizer
    # Documents of consecutive paragraphs, at least 250 words each (about 120 distinct terms, as a news article).
    docs, current, words = [], [], 0
    for block in paragraphs():
        current.append(block)
        words += len(block.split())
        if words >= 250:
            docs.append("\n\n".join(current))
            current, words = [], 0
            if len(docs) == 22000:
                break
    x = TfidfVectorizer(min_df=2, max_features=25000, dtype=np.float32).fit_transform(docs).tocsr()
    x.sort_indices()
    sp.save_npz(os.path.join(out, "tfidf_f32.npz"), x, compressed=False)
    write_init(out, "tfidf_f32_init.npy", x, 20)
    print(f"tfidf: {x.shape[0]} x {x.shape[1]}, {x.nnz} non-zeros ({x.nnz / x.shape[0]:.0f} a row)")


if __name__ == "__main__":
    main()
