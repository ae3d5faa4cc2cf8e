#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The table of `make bench`, from one run's raw data.

    bench/summarize.py RUN_DIR OUT_PREFIX

RUN_DIR holds r<N>-stock/ and r<N>-ours/ as bench/run.sh left them.
Writes OUT_PREFIX.txt (the table) and, into RUN_DIR, the data files
bench/plot.sh draws: cumulative latency distributions per module and the
median kill-to-clean phases.  A metric's verdict compares the two modules'
ranges over the rounds: when they overlap, the difference is inside the
noise of this run, whatever the medians say.
"""
import glob
import os
import re
import statistics
import sys

run, out = sys.argv[1], sys.argv[2]


def rounds(module):
    dirs = glob.glob(os.path.join(run, "r*-" + module))
    return sorted(dirs, key=lambda d: int(re.search(r"/r(\d+)-", d).group(1)))


def numbers(path):
    with open(path) as f:
        return [float(x) for x in f.read().split()]


def pct(values, p):
    v = sorted(values)
    if not v:
        return None
    k = max(0, min(len(v) - 1, -(-len(v) * p // 100) - 1))
    return v[int(k)]


def key_values(path):
    """a file of "key value key value ...": mdc-lat's summary, resync"""
    with open(path) as f:
        w = f.read().split()
    return {w[i]: float(w[i + 1]) for i in range(0, len(w) - 1, 2)}


def graph_ms(path):
    """md_update_sb durations (ms) in a function_graph trace"""
    found = []
    with open(path) as f:
        for line in f:
            m = re.search(r"([0-9]+\.[0-9]+) us\s*\|\s*md_update_sb", line)
            if m:
                found.append(float(m.group(1)) / 1000)
    return found


def keyvals(path):
    vals = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                vals[parts[0]] = float(parts[1])
    return vals


def kill_phases(d):
    """the survivor that resynced: seconds per phase, from its kernel log"""
    node = kill_survivor(d)
    if node:
        k = keyvals(os.path.join(d, "kill-node%d" % node))
        need = ("kill", "membership", "dlm", "resync_start", "resync_done")
        if all(x in k for x in need):
            return {
                "membership": k["membership"] - k["kill"],
                "dlm": k["dlm"] - k["membership"],
                "module": k["resync_start"] - k["dlm"],
                "resync": k["resync_done"] - k["resync_start"],
                "total": k["resync_done"] - k["kill"],
            }
    return None


def kill_survivor(d):
    """the survivor whose kernel log shows a resync after the kill"""
    for node in (1, 2):
        k = keyvals(os.path.join(d, "kill-node%d" % node))
        if "resync_done" in k:
            return node
    return None


def trace_merge_ms(d):
    """ours: mdc_recovery_start to mdc_recovery_done on the survivor that
    resynced (the other one may wait for the slot's lock meanwhile)"""
    node = kill_survivor(d)
    path = os.path.join(d, "kill-trace-node%s" % node)
    if node is None or not os.path.exists(path):
        return None
    longest = None
    start = None
    with open(path) as f:
        for line in f:
            m = re.search(r"\s([0-9]+\.[0-9]+): (mdc_recovery_start|mdc_recovery_done)", line)
            if not m:
                continue
            if m.group(2) == "mdc_recovery_start":
                start = float(m.group(1))
            elif start is not None:
                ms = (float(m.group(1)) - start) * 1000
                longest = ms if longest is None else max(longest, ms)
                start = None
    return longest


def round_metrics(d):
    r = {}
    lat = {}
    c = key_values(os.path.join(d, "lat-control.sum"))
    r["local RAID1: write IOPS"] = c["iops"]
    lat["control"] = numbers(os.path.join(d, "lat-control.txt"))
    r["local RAID1: write p50 (us)"] = pct(lat["control"], 50)
    r["local RAID1: write p99 (us)"] = pct(lat["control"], 99)
    one = key_values(os.path.join(d, "lat-1node.sum"))
    lat["1node"] = numbers(os.path.join(d, "lat-1node.txt"))
    r["1 node: write IOPS"] = one["iops"]
    r["1 node: write p50 (us)"] = pct(lat["1node"], 50)
    r["1 node: write p99 (us)"] = pct(lat["1node"], 99)
    three = []
    iops = 0
    for n in (1, 2, 3):
        iops += key_values(os.path.join(d, "lat-3node-%d.sum" % n))["iops"]
        three += numbers(os.path.join(d, "lat-3node-%d.txt" % n))
    lat["3node"] = three
    r["3 nodes: write IOPS (sum)"] = iops
    r["3 nodes: write p50 (us)"] = pct(three, 50)
    r["3 nodes: write p99 (us)"] = pct(three, 99)
    sb_local = graph_ms(os.path.join(d, "sb-control.trace"))
    sb = graph_ms(os.path.join(d, "sb-cluster.trace"))
    r["local superblock write p50 (ms)"] = pct(sb_local, 50)
    r["superblock + message p50 (ms)"] = pct(sb, 50)
    r["superblock + message p99 (ms)"] = pct(sb, 99)
    r["superblock updates timed"] = len(sb)
    pairs_local = numbers(os.path.join(d, "pairs-control.txt"))
    pairs = numbers(os.path.join(d, "pairs-cluster.txt"))
    r["local --fail/--re-add pair p50 (ms)"] = pct(pairs_local, 50)
    r["--fail/--re-add pair p50 (ms)"] = pct(pairs, 50)
    r["--fail/--re-add pair p99 (ms)"] = pct(pairs, 99)
    with open(os.path.join(d, "join-ms")) as f:
        r["join: mdadm --assemble (ms)"] = float(f.read().split()[0])
    k = key_values(os.path.join(d, "resync"))
    r["creator's resync (MB/s)"] = k["sectors"] * 512 / 1e6 / (k["done"] - k["start"])
    lat["peer"] = numbers(os.path.join(d, "lat-peer.txt"))
    r["peer write during resync p50 (us)"] = pct(lat["peer"], 50)
    r["peer write during resync p99 (us)"] = pct(lat["peer"], 99)
    ph = kill_phases(d)
    if ph:
        r["kill -> clean (s)"] = ph["total"]
        r["  membership change (s)"] = ph["membership"]
        r["  DLM recovery (s)"] = ph["dlm"]
        r["  module, to resync start (s)"] = ph["module"]
        r["  md resync (s)"] = ph["resync"]
    m = trace_merge_ms(d)
    if m is not None:
        r["  module's merge, trace (ms)"] = m
    return r, lat, ph


HIGHER_BETTER = ("IOPS", "MB/s")


def verdict(name, s, o):
    if not s or not o:
        return ""
    if name == "superblock updates timed":
        return ""
    if len(s) < 2 or len(o) < 2:
        return "one round: no verdict"
    if max(s) >= min(o) and max(o) >= min(s):
        return "inside the noise"
    higher = any(h in name for h in HIGHER_BETTER)
    better = statistics.median(o) > statistics.median(s)
    if not higher:
        better = not better
    return "ours better" if better else "ours worse"


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.2f" % v


data = {}
lats = {}
phases = {}
for module in ("stock", "ours"):
    data[module] = []
    lats[module] = {}
    phases[module] = []
    for d in rounds(module):
        r, lat, ph = round_metrics(d)
        data[module].append(r)
        for k, v in lat.items():
            lats[module].setdefault(k, []).extend(v)
        if ph:
            phases[module].append(ph)

names = []
for module in ("stock", "ours"):
    for r in data[module]:
        for k in r:
            if k not in names:
                names.append(k)

with open(os.path.join(run, "r1-ours", "module")) as f:
    kernel = f.read().split()[-1]
lines = []
lines.append("make bench: %d rounds, alternating stock/ours, fresh 3-node cluster each; kernel %s"
             % (len(data["ours"]), kernel))
lines.append("qemu TCG guests on this machine; medians over rounds; ratio = ours/stock;")
lines.append("\"inside the noise\" = the two modules' ranges over the rounds overlap")
lines.append("")
head = "%-36s %-24s %-24s %8s %8s %7s  %s" % ("metric", "stock rounds", "ours rounds",
                                             "stock", "ours", "ratio", "verdict")
lines.append(head)
lines.append("-" * len(head))
for k in names:
    s = [r[k] for r in data["stock"] if r.get(k) is not None]
    o = [r[k] for r in data["ours"] if r.get(k) is not None]
    ms = statistics.median(s) if s else None
    mo = statistics.median(o) if o else None
    ratio = "%.2f" % (mo / ms) if ms and mo is not None else "-"
    lines.append("%-36s %-24s %-24s %8s %8s %7s  %s" % (
        k, " ".join(fmt(x) for x in s) or "-", " ".join(fmt(x) for x in o) or "-",
        fmt(ms), fmt(mo), ratio, verdict(k, s, o)))
with open(out + ".txt", "w") as f:
    f.write("\n".join(lines) + "\n")

# plot data: cumulative distributions, and the kill phases' medians
for module in ("stock", "ours"):
    for k, v in lats[module].items():
        v = sorted(v)
        with open(os.path.join(run, "cdf-%s-%s.dat" % (k, module)), "w") as f:
            for i, x in enumerate(v):
                f.write("%g %g\n" % (x / 1000, (i + 1) / len(v)))
with open(os.path.join(run, "kill-phases.dat"), "w") as f:
    f.write("module membership dlm module resync\n")
    for module in ("stock", "ours"):
        p = phases[module]
        if not p:
            continue
        f.write("%s %s\n" % (module, " ".join(
            "%.3f" % statistics.median(x[key] for x in p)
            for key in ("membership", "dlm", "module", "resync"))))
