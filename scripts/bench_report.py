#!/usr/bin/env python3
"""Summarise raw benchmark measurements from scripts/bench.sh as Markdown tables.

    bench_report.py RAW.tsv

RAW.tsv is tab-separated with a header line and one row per timed run:
    size scenario tool run wall_s user_s sys_s maxrss_kb exit pages load1
`pages` is how many incident pages the run left in its output folder, `load1` the
1-minute load average just before the run. One table per (size, scenario): median
wall time, median CPU time (user+sys), median peak RSS, and hugo/tracker ratios.

Exit status: 0 when every run of every tool succeeded with complete output,
1 when some run failed or produced too few pages (their numbers are not reported),
2 on unreadable input. Standard library only.
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
from collections import defaultdict

# The project's goals: at least 5x faster and a tenth of the memory of Hugo.
GOAL_WALL = 5.0
GOAL_RSS = 10.0
# A rebuild with nothing changed is held to 1/20 of Hugo's time (Hugo rebuilds in full).
GOAL_WALL_BY_SCENARIO = {"noop": 20.0}
TOOLS = ["hugo", "tracker"]  # column order; the ratio is TOOLS[0] / TOOLS[1]
SCENARIO_TITLES = {
    "cold": "cold build (output folder removed before each run)",
    "noop": "rebuild with nothing changed (output of an untimed build kept)",
}


class Runs:
    def __init__(self) -> None:
        self.ok: list[dict] = []
        self.failed: list[dict] = []


def load(path: str) -> dict:
    groups: dict = defaultdict(lambda: defaultdict(Runs))
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            size = int(row["size"])
            runs = groups[(size, row["scenario"])][row["tool"]]
            try:
                m = {"wall": float(row["wall_s"]), "cpu": float(row["user_s"]) + float(row["sys_s"]),
                     "rss_mb": int(row["maxrss_kb"]) / 1024.0, "exit": int(row["exit"]),
                     "pages": int(row["pages"]), "load1": float(row["load1"])}
            except (TypeError, ValueError):
                m = {"exit": -1, "pages": 0, "load1": 0.0, "why": "unparseable measurement"}
                runs.failed.append(m)
                continue
            if m["exit"] != 0:
                m["why"] = f"exit status {m['exit']}"
                runs.failed.append(m)
            elif m["pages"] < size:
                m["why"] = f"incomplete output: {m['pages']}/{size} incident pages"
                runs.failed.append(m)
            else:
                runs.ok.append(m)
    return groups


def median(runs: Runs, key: str) -> float:
    return statistics.median(r[key] for r in runs.ok)


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def table(size: int, scenario: str, tools: dict) -> tuple[list[str], bool]:
    lines = [f"### {size:,} incidents — {SCENARIO_TITLES.get(scenario, scenario)}", "",
             "| tool | runs ok | median wall (s) | median CPU (s) | median peak RSS (MB) |",
             "| --- | --- | ---: | ---: | ---: |"]
    notes, clean = [], True
    present = [t for t in TOOLS if t in tools] + sorted(t for t in tools if t not in TOOLS)
    for tool in present:
        runs = tools[tool]
        total = len(runs.ok) + len(runs.failed)
        if runs.failed:
            clean = False
            reasons = sorted({r["why"] for r in runs.failed})
            notes.append(f"- **{tool}**: {len(runs.failed)} of {total} runs failed ({'; '.join(reasons)}); "
                         "failed runs are left out of the medians.")
        if runs.ok:
            lines.append(f"| {tool} | {len(runs.ok)}/{total} | {median(runs, 'wall'):.2f} | "
                         f"{median(runs, 'cpu'):.2f} | {median(runs, 'rss_mb'):.1f} |")
        else:
            lines.append(f"| {tool} | 0/{total} | FAILED | FAILED | FAILED |")
    for tool in TOOLS:
        if tool not in tools:
            lines.append(f"| {tool} | — | not measured | not measured | not measured |")
    a, b = (tools.get(t) for t in TOOLS)
    if a and b and a.ok and b.ok:
        w, c, r = (ratio(median(a, k), median(b, k)) for k in ("wall", "cpu", "rss_mb"))
        lines.append(f"| **{TOOLS[0]} / {TOOLS[1]}** | | **{w:.1f}×** | {c:.1f}× | **{r:.1f}×** |")
        goal_wall = GOAL_WALL_BY_SCENARIO.get(scenario, GOAL_WALL)
        if scenario in GOAL_WALL_BY_SCENARIO:
            notes.append(f"- Goal ≥{goal_wall:g}× faster: {verdict(w >= goal_wall)}.")
        else:
            notes.append(f"- Goal ≥{goal_wall:g}× faster: {verdict(w >= goal_wall)}; "
                         f"goal ≥{GOAL_RSS:g}× less memory: {verdict(r >= GOAL_RSS)}.")
    else:
        notes.append(f"- No {TOOLS[0]}/{TOOLS[1]} ratio: both tools need at least one successful run.")
    loads = [r["load1"] for t in tools.values() for r in t.ok + t.failed]
    cpus = os.cpu_count() or 1
    if loads and statistics.median(loads) > 0.5 * cpus:
        notes.append(f"- The machine was busy (median 1-min load {statistics.median(loads):.1f} on {cpus} CPUs "
                     "before runs): wall times are inflated; CPU times and RSS are more trustworthy.")
    return lines + [""] + notes + [""], clean


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        groups = load(argv[1])
    except (OSError, KeyError, csv.Error) as e:
        print(f"bench_report: cannot read {argv[1]}: {e}", file=sys.stderr)
        return 2
    if not groups:
        print(f"bench_report: {argv[1]} has no measurements", file=sys.stderr)
        return 2
    all_clean = True
    for (size, scenario) in sorted(groups, key=lambda k: (k[0], list(SCENARIO_TITLES).index(k[1])
                                                           if k[1] in SCENARIO_TITLES else 99, k[1])):
        lines, clean = table(size, scenario, groups[(size, scenario)])
        all_clean &= clean
        print("\n".join(lines))
    return 0 if all_clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
