#!/usr/bin/python3
"""Writes the tiny NumPy/SciPy files the Centroid.Tests.IO tests read, plus expected.json describing them.

Run from anywhere with Debian's python (numpy and scipy installed):
    /usr/bin/python3 tests/Centroid.Tests/Fixtures/io/make_io_fixtures.py
The files are written next to this script and are committed; rerun only to regenerate them.
"""
import json
import os

import numpy as np
import scipy
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
expected = {"numpy": np.__version__, "scipy": scipy.__version__, "npy": {}, "npz": {}}


def path(name):
    return os.path.join(HERE, name)


def save_npy(name, array, version=None):
    if version is None:
        np.save(path(name), array)
    else:
        with open(path(name), "wb") as f:
            np.lib.format.write_array(f, array, version=version)
    expected["npy"][name] = {
        "dtype": array.dtype.name,
        "descr": array.dtype.str,
        "shape": list(array.shape),
        # Values in C order; JSON numbers are exact for these small values.
        "values": np.ascontiguousarray(array).ravel().tolist(),
    }


def save_npz(name, matrix, compressed):
    sp.save_npz(path(name), matrix, compressed=compressed)
    entry = {"format": matrix.format, "shape": list(matrix.shape), "compressed": compressed}
    if matrix.format == "csr":
        entry.update(
            dtype=matrix.data.dtype.name,
            index_dtype=matrix.indices.dtype.name,
            data=matrix.data.tolist(),
            indices=matrix.indices.tolist(),
            indptr=matrix.indptr.tolist(),
        )
    expected["npz"][name] = entry


x = np.array([[1.5, -2.25, 3.0], [4.0, 0.125, -6.5]])
save_npy("f32.npy", x.astype(np.float32))
save_npy("f64.npy", x.T.copy())  # 3 x 2
save_npy("f64_one_row.npy", np.array([[0.5, 1.5, 2.5, 3.5]]))
save_npy("f64_one_column.npy", np.array([[0.5], [1.5], [2.5]]))
save_npy("i32.npy", np.array([3, -1, 0, 2147483647], dtype=np.int32))
save_npy("i64.npy", np.array([7, -8, 9000000000], dtype=np.int64))
save_npy("i64_small.npy", np.array([0, 1, 2, -3], dtype=np.int64))
save_npy("f64_big_endian.npy", x.astype(">f8"))
save_npy("i32_big_endian.npy", np.array([1, -2, 65536], dtype=">i4"))
save_npy("f32_v2.npy", x.astype(np.float32), version=(2, 0))
save_npy("f64_v3.npy", x, version=(3, 0))

# Saved Fortran-ordered: np.save records fortran_order True and writes column-major bytes.
np.save(path("f64_fortran.npy"), np.asfortranarray(x))

# 4 x 5 with an empty row (row 2); csr_matrix gives canonical (sorted) indices.
dense = np.array(
    [
        [0.0, 1.0, 0.0, 0.0, 2.5],
        [3.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, -4.0, 5.0, 0.0, 6.0],
    ]
)
csr64 = sp.csr_matrix(dense)
csr32 = sp.csr_matrix(dense.astype(np.float32))
save_npz("csr_f64_compressed.npz", csr64, compressed=True)
save_npz("csr_f64_stored.npz", csr64, compressed=False)
save_npz("csr_f32_compressed.npz", csr32, compressed=True)
save_npz("csr_f32_stored.npz", csr32, compressed=False)

wide = csr64.copy()
wide.indices = wide.indices.astype(np.int64)
wide.indptr = wide.indptr.astype(np.int64)
save_npz("csr_int64_index.npz", wide, compressed=True)

save_npz("csc.npz", sp.csc_matrix(dense), compressed=True)

with open(path("expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
