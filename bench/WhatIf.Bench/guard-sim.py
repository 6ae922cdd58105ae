#!/usr/bin/env python3
"""A promise guard simulated on Seamless's replayed minutes (bench/WhatIf.Bench/NOTEBOOK.md, stop 54).

Reads the per-minute series that `--series DIR` writes and asks what a guard on top of the default would have done:
once the overloaded minutes of the last week (and six hours) exceed SHARE of the week's budget, hold the largest
minute's demand of that week beside what Seamless billed, until they fall back under. The guard's instances serve a
provisioning delay later; overload is re-judged as the what-if judges it (the trailing 5-minute mean utilisation above
100 %). The learner is not re-run, so the figures are a guide, not a measurement of a policy.

Usage: guard-sim.py SHARE SERIES.csv [SERIES.csv ...]     (SHARE: 1.0 = the week's whole budget, 0.5 = half of it)
"""
import collections
import csv
import math
import sys

BUDGET = 0.001          # 0.1 % of minutes
WEEK = 7 * 1440
HELD = WEEK + 365       # the planner's history: a week, the longest hold and the level's minutes
DELAY = 3               # minutes before an ordered instance serves
LEVEL = 5               # minutes of the trailing mean overload is judged on


def simulate(path, share):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError("no minutes in it")
    demand = [float(r["demand_instances"]) for r in rows]
    serving = [float(r["seamless_serving"]) for r in rows]
    billed = [float(r["seamless_billed"]) for r in rows]
    oracle = sum(float(r["oracle_billed"]) for r in rows)
    before = sum(int(r["seamless_overloaded"]) for r in rows)
    n = len(rows)
    floor = [0] * n
    overloaded = collections.deque()   # minutes overloaded within the history held
    peaks = collections.deque()        # indices of a decreasing run of demand within the history held
    trailing = collections.deque()
    after = 0
    instance_minutes = 0.0
    for t in range(n):
        if t > 0:
            while peaks and demand[peaks[-1]] <= demand[t - 1]:
                peaks.pop()
            peaks.append(t - 1)
            while peaks[0] < t - HELD:
                peaks.popleft()
            while overloaded and overloaded[0] < t - HELD:
                overloaded.popleft()
            if len(overloaded) > share * BUDGET * WEEK:
                floor[t] = math.ceil(demand[peaks[0]] - 1e-9)
        instance_minutes += max(billed[t], floor[t])
        now = max(serving[t], floor[t - DELAY] if t >= DELAY else 0)
        trailing.append(demand[t] / now)
        if len(trailing) > LEVEL:
            trailing.popleft()
        if sum(trailing) / len(trailing) > 1 + 1e-9:
            after += 1
            overloaded.append(t)
    name = path.rsplit("/", 1)[-1].removesuffix(".series.csv")
    allowed = BUDGET * n
    return (f"{name}: overloaded minutes {before} -> {after} (the budget allows {allowed:.1f}; "
            f"{'kept' if after <= allowed + 1e-9 else 'missed'}), "
            f"x oracle {sum(billed) / oracle:.3f} -> {instance_minutes / oracle:.3f}, "
            f"the guard held {sum(1 for f in floor if f > 0) / n:.0%} of the minutes")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: guard-sim.py SHARE SERIES.csv [SERIES.csv ...]")
    try:
        share = float(sys.argv[1])
    except ValueError:
        share = -1.0
    if not share >= 0:
        sys.exit(f"guard-sim.py: SHARE must be a number >= 0 (a share of the week's budget), not '{sys.argv[1]}'")
    for series in sys.argv[2:]:
        try:
            print(simulate(series, share))
        except OSError as error:
            sys.exit(f"guard-sim.py: cannot read {series}: {error.strerror}")
        except KeyError as error:
            sys.exit(f"guard-sim.py: {series} lacks the column {error}: write it with the bench's --series")
        except ValueError as error:
            sys.exit(f"guard-sim.py: {series}: {error}")
