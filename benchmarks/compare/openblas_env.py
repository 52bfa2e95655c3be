"""Sets OpenBLAS's core type as users' builds run on this CPU, before numpy loads it (import this module first).

OpenBLAS 0.3.21 does not recognise Zen 5 and picks its AVX2 kernels there; OPENBLAS_CORETYPE=SKYLAKEX selects the
AVX-512 ones, as on the machines the issue's figures came from. On a CPU without AVX-512 those kernels stop the process
with SIGILL (exit 132) and no message, so a hand-set SKYLAKEX there is refused with one.
"""
import os

_AVX512 = "avx512f" in open("/proc/cpuinfo").read()

if _AVX512:
    os.environ.setdefault("OPENBLAS_CORETYPE", "SKYLAKEX")
elif os.environ.get("OPENBLAS_CORETYPE", "").upper() == "SKYLAKEX":
    raise SystemExit("OPENBLAS_CORETYPE=SKYLAKEX needs AVX-512, which this CPU lacks (OpenBLAS would die with SIGILL); "
                     "unset it")
