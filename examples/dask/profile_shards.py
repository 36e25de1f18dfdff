#!/usr/bin/env python3
"""Profile the shards of a dataset on a Dask distributed cluster and merge.

Each shard is profiled where a worker runs (`mlgate profile --partial`, one
task per shard); the partial profiles come back to the client as JSON text,
are written to --partials, and `mlgate merge` combines them into one
profile, which is a frozen reference for `mlgate check` and `mlgate drift`.

    profile_shards.py --out merged.json data/shard-*.csv
    profile_shards.py --scheduler tcp://10.0.0.5:8786 --out merged.json s3-mounted/*.csv

Without --scheduler a LocalCluster is started on 127.0.0.1 with --workers
worker processes (one thread each).  mlgate must be on each worker's PATH
(or pass --mlgate).  Shards must be readable by the workers under the
paths given (a shared or mounted file system, or paths local to each
worker); --bins-from REF fixes the histogram bins of every shard so that
the merged bins are exact (doc/data-profile.md).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def profile_one(mlgate, shard, bins_from):
    """Runs on a worker: (the worker's address, the partial profile of one
    shard as JSON text)."""
    import subprocess as sp
    import tempfile as tf
    import os as o
    from dask.distributed import get_worker

    with tf.TemporaryDirectory() as d:
        out = o.path.join(d, "part.json")
        cmd = [mlgate, "profile", "--partial", "-o", out, shard]
        if bins_from:
            cmd[3:3] = ["--bins-from", bins_from]
        r = sp.run(cmd, capture_output=True, text=True, timeout=3600)
        if r.returncode != 0:
            raise RuntimeError("%s: exit %d: %s" % (shard, r.returncode, r.stderr.strip()))
        with open(out, encoding="utf-8") as f:
            return get_worker().address, f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shards", nargs="+", help="the shard files (CSV, Parquet, JSON Lines)")
    ap.add_argument("--out", required=True, help="the merged profile")
    ap.add_argument("--partials", help="keep the partial profiles in this folder")
    ap.add_argument("--bins-from", help="a profile whose bins every shard uses")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--mlgate", default="mlgate", help="the mlgate executable on the workers")
    a = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    cluster = None
    if a.scheduler:
        client = Client(a.scheduler, timeout=30)
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1,
                               processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster, timeout=30)
    try:
        shards = [os.path.abspath(s) for s in a.shards]
        bins = os.path.abspath(a.bins_from) if a.bins_from else None
        futures = client.map(profile_one, [a.mlgate] * len(shards), shards,
                             [bins] * len(shards), pure=False)
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    keep = a.partials or tempfile.mkdtemp(prefix="mlgate-partials.")
    os.makedirs(keep, exist_ok=True)
    paths = []
    workers = {w for w, _ in results}
    for i, (_, t) in enumerate(results):
        p = os.path.join(keep, "part-%05d.json" % i)
        with open(p, "w", encoding="utf-8") as f:
            f.write(t)
        paths.append(p)
    r = subprocess.run([a.mlgate, "merge", "-o", a.out] + paths)
    print("profiled %d shards on %d workers; merged into %s" % (len(shards), len(workers), a.out),
          file=sys.stderr)
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
