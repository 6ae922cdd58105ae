#!/usr/bin/env python3
"""Where Seamless's instance-hours on a trace go (bench/WhatIf.Bench/NOTEBOOK.md, stops 61 and 65).

Reads the per-minute series that `--series DIR` writes and splits what the default billed into three parts:
  bare      each minute's learned setting applied on its own: the largest ceil(level x multiplier) over the setting's
            hold, never below the plan's minimum (the level: the mean demand over the setting's level minutes);
  seasonal  what the setting's seasonal term adds to that (the larger of the same time yesterday and a week ago, read
            over the provisioning delay and a level's width, as DemandHistory.SeasonalAt reads it);
  dynamics  what the plan billed above the two: the evaluator's rules, the alert fast path and the saturation steps.
Of the dynamics it counts the part that follows a scale-out the setting did not ask for (the plan grew above what the
setting required that minute) until the plan is back at or below what the setting required. The learner is not
re-run: a guide to where the cost is, not a measurement of another policy.

Usage: series-split.py SERIES.csv [SERIES.csv ...]
"""
import csv
import math
import sys

MIN_INSTANCES = 2        # the what-if's plan minimum
LEAD = 3                 # the provisioning delay, minutes
LEVEL = 5                # the minutes of the level the seasonal term reads
LOOK_BACKS = (1440, 7 * 1440)


def split(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError("no minutes in it")
    demand = [float(r["demand_instances"]) for r in rows]
    n = len(demand)
    prefix = [0.0]
    for d in demand:
        prefix.append(prefix[-1] + d)

    def level(t, width):
        start = max(0, t - width + 1)
        return (prefix[t + 1] - prefix[start]) / (t + 1 - start)

    def seasonal(t):
        peak = 0.0
        for back in LOOK_BACKS:
            start = t - back + 1
            if start < 0:
                continue
            for i in range(start, min(t - back + LEAD + LEVEL, t) + 1):
                peak = max(peak, level(i, LEVEL))
        return peak

    bare_total = required_total = billed_total = unasked_total = 0
    required = [0] * n
    for t, r in enumerate(rows):
        multiplier = float(r["seamless_multiplier"])
        hold = int(r["seamless_hold_minutes"])
        width = int(r["seamless_level_minutes"])
        with_seasonal = r["seamless_seasonal"] == "1"
        bare = wanted = MIN_INSTANCES
        for u in range(max(0, t - hold + 1), t + 1):
            lvl = level(u, width)
            bare = max(bare, math.ceil(lvl * multiplier - 1e-9))
            if with_seasonal:
                lvl = max(lvl, seasonal(u))
            wanted = max(wanted, math.ceil(lvl * multiplier - 1e-9))
        required[t] = wanted
        bare_total += bare
        required_total += wanted
        billed_total += int(r["seamless_billed"])

    scale_outs = 0
    t = 1
    while t < n:
        billed, before = int(rows[t]["seamless_billed"]), int(rows[t - 1]["seamless_billed"])
        if billed > before and billed > required[t]:
            scale_outs += 1
            while t < n and int(rows[t]["seamless_billed"]) > required[t]:
                unasked_total += int(rows[t]["seamless_billed"]) - required[t]
                t += 1
        else:
            t += 1

    def hours(minutes):
        return f"{minutes / 60:,.1f}"

    print(f"{path}: billed {hours(billed_total)} instance-hours; bare settings {hours(bare_total)}, "
          f"their seasonal term +{hours(required_total - bare_total)}, dynamics +{hours(billed_total - required_total)} "
          f"(of which {hours(unasked_total)} after {scale_outs} scale-outs the setting did not ask for)")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for path in argv[1:]:
        try:
            split(path)
        except (OSError, KeyError, ValueError) as error:
            print(f"series-split.py: {path}: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
