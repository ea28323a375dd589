#!/usr/bin/env python3
"""Summarise raw benchmark measurements from scripts/bench.sh as Markdown tables, then print every
target of issue 17 as met or NOT met with its numbers.

    bench_report.py RAW.tsv [--scale SCALE.tsv] [--serve SERVE.json] [--timings DIR]

RAW.tsv is tab-separated with a header line and one row per timed run:
    shape size scenario tool run wall_s user_s sys_s maxrss_kb exit pages load1
(a file without the `shape` column is read as the standard shape). `pages` is how many incident
pages the run left in its output folder, `load1` the 1-minute load average just before the run.
Tools: hugo (the equivalent layout), hugo-plain (the plain layout), tracker, and cp (`cp -r` of
the tracker's output of the same run, on the same tmpfs). One table per (shape, size, scenario):
median wall time, median CPU time (user+sys), median peak RSS, and the ratios.
SCALE.tsv (pair size wall_s user_s sys_s maxrss_kb exit pages load1) holds the alternating
10,000/100,000 tracker builds; SERVE.json the figures of scripts/bench-serve.sh --json; DIR the
output of `tracker build --timings`, one file per corpus. Missing files mean "not measured".

Exit status: 0 when every run of every tool succeeded with complete output (whether or not the
targets were met), 1 when some run failed or produced too few pages (their numbers are not
reported), 2 on unreadable input. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
from collections import defaultdict

# Issue 17's targets.
TARGET_SIZE = 10000            # the size targets 1-3 are judged at
SAME_WORK_WALL = 10.0          # 1. hugo / tracker wall, standard shape, cold
SAME_WORK_RSS = 12.0           # 1. hugo / tracker peak RSS
PLAIN_WALL = 5.0               # 2. hugo-plain / tracker wall, wide shape, cold
FLOOR = 1.5                    # 3. tracker / cp wall, cold, every shape
SCALE_WALL = 10.0              # 4. median over pairs of 100,000 / 10,000 wall
SCALE_RSS = 2.5                # 4. 100,000 / 10,000 peak RSS (medians)
SERVE_RSS_MB = 300.0           # 5. preview RSS after the edits
SERVE_TITLE_P90_MS = 50.0      # 5. title edit save-to-reload p90
# Rows of `--timings` that target 6 asks for (page kinds vary with the theme; at least one).
TIMING_STAGES = ("load", "link")
# A rebuild with nothing changed was held to 1/20 of Hugo's time in the first round.
GOAL_NOOP_WALL = 20.0
TOOLS = ["hugo", "hugo-plain", "tracker", "cp"]  # row order
SCENARIO_TITLES = {
    "cold": "cold build (output folder removed before each run)",
    "noop": "rebuild with nothing changed (output of an untimed build kept)",
}
SHAPE_TITLES = {"standard": "standard corpus", "wide": "wide corpus (2 sources per incident from 2N, long timelines and bodies)"}


class Runs:
    def __init__(self) -> None:
        self.ok: list[dict] = []
        self.failed: list[dict] = []


def measurement(row: dict) -> dict:
    try:
        return {"wall": float(row["wall_s"]), "cpu": float(row["user_s"]) + float(row["sys_s"]),
                "rss_mb": int(row["maxrss_kb"]) / 1024.0, "exit": int(row["exit"]),
                "pages": int(row["pages"]), "load1": float(row["load1"])}
    except (TypeError, ValueError, KeyError):
        return {"exit": -1, "pages": 0, "load1": 0.0, "why": "unparseable measurement"}


def file_into(runs: Runs, m: dict, size: int) -> None:
    if "why" in m:
        runs.failed.append(m)
    elif m["exit"] != 0:
        m["why"] = f"exit status {m['exit']}"
        runs.failed.append(m)
    elif m["pages"] < size:
        m["why"] = f"incomplete output: {m['pages']}/{size} incident pages"
        runs.failed.append(m)
    else:
        runs.ok.append(m)


def load(path: str) -> dict:
    groups: dict = defaultdict(lambda: defaultdict(Runs))
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            size = int(row["size"])
            key = (row.get("shape") or "standard", size, row["scenario"])
            file_into(groups[key][row["tool"]], measurement(row), size)
    return groups


def median(runs: Runs, key: str) -> float:
    return statistics.median(r[key] for r in runs.ok)


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def busy_note(runs: list[dict]) -> list[str]:
    loads = [r["load1"] for r in runs]
    cpus = os.cpu_count() or 1
    if loads and statistics.median(loads) > 0.5 * cpus:
        return [f"- The machine was busy (median 1-min load {statistics.median(loads):.1f} on {cpus} CPUs "
                "before runs): wall times are inflated; CPU times and RSS are more trustworthy."]
    return [f"- Median 1-min load before runs: {statistics.median(loads):.1f} on {cpus} CPUs."] if loads else []


def table(shape: str, size: int, scenario: str, tools: dict) -> tuple[list[str], bool, dict]:
    lines = [f"### {SHAPE_TITLES.get(shape, shape)}, {size:,} incidents — {SCENARIO_TITLES.get(scenario, scenario)}", "",
             "| tool | runs ok | median wall (s) | median CPU (s) | median peak RSS (MB) |",
             "| --- | --- | ---: | ---: | ---: |"]
    notes, clean, ratios = [], True, {}
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
    tracker = tools.get("tracker")
    if tracker and tracker.ok:
        for other in ("hugo", "hugo-plain"):
            if other in tools and tools[other].ok:
                w, c, r = (ratio(median(tools[other], k), median(tracker, k)) for k in ("wall", "cpu", "rss_mb"))
                ratios[other] = (w, c, r)
                lines.append(f"| **{other} / tracker** | | **{w:.1f}×** | {c:.1f}× | **{r:.1f}×** |")
        if "cp" in tools and tools["cp"].ok:
            w, c = (ratio(median(tracker, k), median(tools["cp"], k)) for k in ("wall", "cpu"))
            ratios["cp"] = (w, c)
            lines.append(f"| **tracker / cp -r** | | **{w:.2f}×** | {c:.2f}× | |")
    if scenario == "noop" and "hugo" in ratios:
        notes.append(f"- Rebuild with nothing changed ≥{GOAL_NOOP_WALL:g}× faster than Hugo: "
                     f"{verdict(ratios['hugo'][0] >= GOAL_NOOP_WALL)}.")
    notes += busy_note([r for t in tools.values() for r in t.ok + t.failed])
    return lines + [""] + notes + [""], clean, ratios


def read_scale(path: str | None) -> tuple[list[str], dict | None]:
    if not path or not os.path.exists(path):
        return [], None
    pairs: dict = defaultdict(dict)
    failed = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            m, size = measurement(row), int(row["size"])
            try:  # `cp -r` of the output after the build (a column older files lack)
                m["cp_s"] = float(row.get("cp_s") or "")
            except ValueError:
                m["cp_s"] = None
            runs = Runs()
            file_into(runs, m, size)
            if runs.ok:
                pairs[int(row["pair"])][size] = m
            else:
                failed.append(f"pair {row['pair']}, {size}: {runs.failed[0]['why']}")
    sizes = sorted({s for p in pairs.values() for s in p})
    lines = ["### Scale: alternating tracker builds (standard corpus, cold)", ""]
    if len(sizes) != 2:
        return lines + ["No complete pair of two sizes."] + [f"- {x}" for x in failed] + [""], None
    small, large = sizes
    lines += [f"| pair | {small:,} wall (s) | {large:,} wall (s) | ratio | {small:,} RSS (MB) | {large:,} RSS (MB) "
              f"| cp -r {small:,} (s) | cp -r {large:,} (s) | cp -r ratio |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    wall_ratios, copy_ratios, small_rss, large_rss = [], [], [], []
    for pair in sorted(pairs):
        p = pairs[pair]
        if small in p and large in p:
            r = ratio(p[large]["wall"], p[small]["wall"])
            wall_ratios.append(r)
            small_rss.append(p[small]["rss_mb"])
            large_rss.append(p[large]["rss_mb"])
            copies = [p[n].get("cp_s") for n in (small, large)]
            copy = "| | | |"
            if all(c is not None for c in copies):
                copy_ratios.append(ratio(copies[1], copies[0]))
                copy = f"| {copies[0]:.2f} | {copies[1]:.2f} | {copy_ratios[-1]:.1f}× |"
            lines.append(f"| {pair} | {p[small]['wall']:.2f} | {p[large]['wall']:.2f} | {r:.1f}× | "
                         f"{p[small]['rss_mb']:.1f} | {p[large]['rss_mb']:.1f} {copy}")
    if not wall_ratios:
        return lines + ["", "No complete pair."] + [""], None
    result = {"small": small, "large": large, "wall": statistics.median(wall_ratios),
              "rss": ratio(statistics.median(large_rss), statistics.median(small_rss)), "pairs": len(wall_ratios),
              "copy": statistics.median(copy_ratios) if copy_ratios else None}
    lines += ["", f"- Median of the ratios: {result['wall']:.1f}×; peak RSS {statistics.median(large_rss):.1f} / "
              f"{statistics.median(small_rss):.1f} MB = {result['rss']:.2f}×."]
    if result["copy"] is not None:
        lines.append(f"- The floor's own scale: `cp -r` of the {large:,} output took {result['copy']:.1f}× the time of the "
                     f"{small:,} one (median of the pairs).")
    return lines + [f"- Failed: {x}" for x in failed] + [""], result


def read_serve(path: str | None) -> tuple[list[str], dict | None]:
    if not path or not os.path.exists(path):
        return [], None
    with open(path) as f:
        s = json.load(f)
    return ([f"### Preview (`tracker serve`, {s['incidents']:,} incidents, {s['edits']} edits)", "",
             "| figure | value |", "| --- | ---: |",
             f"| body edit save-to-reload median / p90 | {s['body_median_ms']:.1f} / {s['body_p90_ms']:.1f} ms |",
             f"| title edit save-to-reload median / p90 | {s['title_median_ms']:.1f} / **{s['title_p90_ms']:.1f} ms** |"]
            + ([f"| title edit saved by rename (`sed -i`, safe write) median / p90 | {s['rename_median_ms']:.1f} / "
                f"**{s['rename_p90_ms']:.1f} ms** |"] if "rename_p90_ms" in s else [])
            + [
             f"| RSS at rest before the first edit | {s['rss_rest_mb']:.1f} MB |",
             f"| RSS right after the last edit | {s['rss_edited_mb']:.1f} MB |",
             f"| RSS 3 s after the last edit | **{s['rss_after_edits_mb']:.1f} MB** |",
             f"| peak RSS (VmHWM) | {s['rss_peak_mb']:.1f} MB |", ""], s)


def read_timings(folder: str | None) -> tuple[list[str], dict]:
    """Each file: the output of `tracker build --timings`. Returns the stage names seen per corpus."""
    if not folder or not os.path.isdir(folder):
        return [], {}
    lines, seen = [], {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name)) as f:
            text = f.read().rstrip("\n")
        seen[name.removesuffix(".txt")] = [line.split("  ")[0].strip() for line in text.splitlines() if " s " in line]
        lines += [f"`tracker build --timings`, {name.removesuffix('.txt')}:", "", "```", text, "```", ""]
    return lines, seen


def targets(ratios: dict, scale: dict | None, serve: dict | None, timings: dict) -> list[str]:
    # Judged at 10,000 incidents; a run without that size (a check of the plumbing) is judged at its largest.
    sizes = {size for (_, size, _) in ratios}
    size = TARGET_SIZE if TARGET_SIZE in sizes or not sizes else max(sizes)

    def at(shape: str, key: str):
        return ratios.get((shape, size, "cold"), {}).get(key)

    out = ["## Targets (issue 17)", ""]
    if size != TARGET_SIZE:
        out += [f"(No run of {TARGET_SIZE:,} incidents: targets 1-3 are judged at {size:,}.)", ""]
    same = at("standard", "hugo")
    out.append(f"1. Same work as Hugo (standard, {size:,}, cold): ≥{SAME_WORK_WALL:g}× faster, ≥{SAME_WORK_RSS:g}× less memory: "
               + (f"{verdict(same[0] >= SAME_WORK_WALL and same[2] >= SAME_WORK_RSS)} "
                  f"({same[0]:.1f}× wall, {same[2]:.1f}× memory)" if same else "not measured"))
    plain = at("wide", "hugo-plain")
    out.append(f"2. Shape-independence (wide, {size:,}, cold, Hugo's plain layout): ≥{PLAIN_WALL:g}× faster: "
               + (f"{verdict(plain[0] >= PLAIN_WALL)} ({plain[0]:.1f}×)" if plain else "not measured"))
    floors = {shape: at(shape, "cp") for shape in ("standard", "wide") if at(shape, "cp")}
    out.append(f"3. Close to the floor ({size:,}, cold): ≤{FLOOR:g}× the time of `cp -r` of the output: "
               + (f"{verdict(all(f[0] <= FLOOR for f in floors.values()))} ("
                  + ", ".join(f"{shape} {f[0]:.2f}×" for shape, f in floors.items()) + ")" if floors else "not measured"))
    small, large = (f"{scale['small']:,}", f"{scale['large']:,}") if scale else ("10,000", "100,000")
    out.append(f"4. Scale: {large} ≤{SCALE_WALL:g}× the {small} time (median of pair ratios), peak memory ≤{SCALE_RSS:g}×: "
               + (f"{verdict(scale['wall'] <= SCALE_WALL and scale['rss'] <= SCALE_RSS)} ({scale['wall']:.1f}× time over "
                  f"{scale['pairs']} pairs, {scale['rss']:.2f}× memory"
                  + (f"; `cp -r` of the outputs: {scale['copy']:.1f}×" if scale.get("copy") is not None else "") + ")"
                  if scale else "not measured"))
    # A title edit is one whether the editor writes the file in place or renames a new one onto it.
    title_p90 = max(serve["title_p90_ms"], serve.get("rename_p90_ms", 0)) if serve else 0
    out.append(f"5. Preview: ≤{SERVE_RSS_MB:g} MB RSS after the edits, title edit p90 ≤{SERVE_TITLE_P90_MS:g} ms: "
               + (f"{verdict(serve['rss_after_edits_mb'] <= SERVE_RSS_MB and title_p90 <= SERVE_TITLE_P90_MS)} "
                  f"({serve['rss_after_edits_mb']:.1f} MB after {serve['edits']} edits, p90 {serve['title_p90_ms']:.1f} ms"
                  + (f" in place, {serve['rename_p90_ms']:.1f} ms saved by rename" if "rename_p90_ms" in serve else "") + ")"
                  if serve else "not measured"))
    if timings:
        ok = all(all(stage in names for stage in TIMING_STAGES) and len(names) > len(TIMING_STAGES)
                 for names in timings.values())
        def rows(names: list[str]) -> str:
            stages = [n for n in names if n in TIMING_STAGES]
            return f"{', '.join(stages) or 'no load or link row'} and {len(names) - len(stages)} other rows"
        out.append(f"6. `--timings` shows loading, linking and each page kind: {verdict(ok)} "
                   f"({'; '.join(f'{corpus}: ' + rows(names) for corpus, names in timings.items())}); "
                   "the profile per stage is in BENCHMARKS.md")
    else:
        out.append("6. `--timings` shows loading, linking and each page kind: not measured")
    return out + [""]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw")
    ap.add_argument("--scale")
    ap.add_argument("--serve")
    ap.add_argument("--timings")
    args = ap.parse_args(argv[1:])
    try:
        groups = load(args.raw)
        scale_lines, scale = read_scale(args.scale)
        serve_lines, serve = read_serve(args.serve)
        timing_lines, timings = read_timings(args.timings)
    except (OSError, KeyError, ValueError, csv.Error) as e:
        print(f"bench_report: cannot read the measurements: {e}", file=sys.stderr)
        return 2
    if not groups and not scale and not serve:
        print(f"bench_report: {args.raw} has no measurements", file=sys.stderr)
        return 2
    all_clean, ratios = True, {}
    order = list(SCENARIO_TITLES)
    for key in sorted(groups, key=lambda k: (k[0], k[1], order.index(k[2]) if k[2] in order else 99, k[2])):
        lines, clean, ratios[key] = table(*key, groups[key])
        all_clean &= clean
        print("\n".join(lines))
    print("\n".join(scale_lines + serve_lines + timing_lines + targets(ratios, scale, serve, timings)))
    return 0 if all_clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
