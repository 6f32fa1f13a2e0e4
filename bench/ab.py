#!/usr/bin/env python3
"""Interleaved A/B timing of whole relctl processes (docs/performance.md).

    bench/ab.py CHECKOUT RUNS "ARGS" BINARY_A BINARY_B [BINARY_C ...]

Runs every binary once per round, in a shuffled order, RUNS rounds (after
five warm-up rounds), each as `BINARY --root CHECKOUT --now ... ARGS` with
stdout and stderr to /dev/null, and prints per binary the median and lower
quartile of the wall time and the median CPU time (user + system, from
wait4). The development machine drifts between a fast and a slow state
within minutes; alternating single runs puts both binaries in the same
states, where back-to-back batches (hyperfine, rounds.sh) compare the
machine's minutes as much as the binaries. Wall times include Python's
fork and exec (about 1 ms), the same for every binary.

Set RELCTL_CACHE_DIR to choose the schema verdict cache (default: a
temporary directory, warmed by the warm-up rounds).
"""
import os
import random
import statistics
import sys
import tempfile
import time


def main() -> int:
    if len(sys.argv) < 6:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    checkout, runs, args = sys.argv[1], int(sys.argv[2]), sys.argv[3].split()
    binaries = [os.path.realpath(b) for b in sys.argv[4:]]
    os.environ.setdefault("RELCTL_CACHE_DIR", tempfile.mkdtemp(prefix="relctl-ab-"))
    devnull = os.open(os.devnull, os.O_WRONLY)
    wall = {b: [] for b in binaries}
    cpu = {b: [] for b in binaries}
    warmup = 5
    for r in range(runs + warmup):
        order = binaries[:]
        random.shuffle(order)
        for b in order:
            argv = [b, "--root", checkout, "--now", "2026-08-22T14:52:27Z", *args]
            t = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                os.execv(b, argv)
            _, _, usage = os.wait4(pid, 0)
            elapsed = time.perf_counter() - t
            if r >= warmup:
                wall[b].append(elapsed * 1e3)
                cpu[b].append((usage.ru_utime + usage.ru_stime) * 1e3)
    for b in binaries:
        w = wall[b]
        print(f"{b}\n  wall median {statistics.median(w):6.2f} ms"
              f"  lower quartile {statistics.quantiles(w, n=4)[0]:6.2f} ms"
              f"  cpu median {statistics.median(cpu[b]):6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
