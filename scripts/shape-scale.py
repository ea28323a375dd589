#!/usr/bin/env python3
"""Build corpora of unusual shapes at two sizes, N and 2N, and print how much longer the larger takes.

    shape-scale.py --tracker BIN [--size N] [--runs R] [--dir DIR] [--shapes a,b,...] [--command build|check]

A build whose time grows with the square of something shows a ratio near 4 where the input doubled;
linear work gives about 2. Each size is built R times (default 3), the runs alternating, with
`--no-cache`, the output removed first; the median wall times are compared. A ratio above 2.6 is
marked "GROWS FASTER than its input"; a build still running after --timeout seconds is stopped and
its shape reported as not finished. `--command check` times `tracker check` instead of the build (its
warnings, which a build does not work out, included). The corpora are written under DIR (default /dev/shm/shapes) and
removed afterwards.

Shapes (N is --size, default 4000):
  hub          N incidents citing one source, all in one country (one source page lists them all)
  long-bodies  10 incidents whose bodies cite N/2 sources each, one paragraph per citation
  one-line     one incident whose body is one line of 4N citations of N/2 sources and 4N links
  events       10 incidents of N timeline events, each event citing three of N sources
  headings     one incident whose body has 4N headings "Update" (and two "Ref")
  source-notes N sources whose notes each cite 29 others, N/4 incidents
  aliases      N/4 incidents with 30 aliases and 30 regions each
  platforms    N incidents naming 40 platforms each, of N/4 + 50
  cases        N incidents all named by one court case of N/4 proceedings, and N/10 cases of 10 incidents
  fields       N incidents setting 24 custom fields of every type
  files        N/4 incidents as folders of 8 files each, and N static files in N/100 folders
  pages        N free pages, each linking to three others and to an incident's reference
  links        one incident whose body links 4N times to other incidents' pages and references
  translations N/2 incidents and N sources, each incident translated into two more languages
  saved-versions  N sources of one address, each with an archive of its own but every tenth a twin of
               another (a warning each, for `--command check`), cited by N/10 incidents
  unknown-ids  N incidents each citing, twice, a misspelt id of one of N sources: the build fails with 2N
               errors, each with its "did you mean" (a failed build is what is timed)
Measurements, not tests: nothing here fails a build or CI.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

COUNTRIES = ["PK", "IN", "IR", "ET", "MM", "RU", "TR", "EG"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def source(site, sid, notes="A report."):
    write(f"{site}/content/sources/{sid}.md",
          f"---\ntitle: Report {sid}\npublisher: Publisher {sid[-2:]}\npublished: 2024-01-02\nkind: news\n"
          f"language: en\nurl: https://news.example/{sid}\n---\n{notes}\n")


def incident(site, number, body, events=(), country=None, extra=""):
    timeline = "".join(f"  - date: 2024-{1 + e % 12:02d}-{1 + e % 28:02d}\n    text: Event {e} of incident {number}.\n"
                       f"    sources: [{', '.join(ids)}]\n" for e, ids in enumerate(events))
    write(f"{site}/content/incidents/inc-{number:06d}.md",
          f"---\ntitle: Incident {number}\ncountry: {country or COUNTRIES[number % len(COUNTRIES)]}\n"
          f"platforms: [X]\ntype: service-block\nstatus: ongoing\nverification: confirmed\n"
          f"start: 2024-01-{1 + number % 28:02d}\n{extra}" + (f"timeline:\n{timeline}" if timeline else "")
          + f"---\n{body}\n")


def case(site, number, incidents, proceedings, pool):
    rows = "".join(f"  - date: {2000 + p // 336}-{1 + p // 28 % 12:02d}-{1 + p % 28:02d}\n    type: order\n    text: Order {p}.\n"
                   f"    sources: [{pool[p % len(pool)]}, {pool[(p * 7) % len(pool)]}]\n" for p in range(proceedings))
    write(f"{site}/content/cases/case-{number:06d}.md",
          f"---\ntitle: Case {number}\ncourt: High Court\ncountry: PK\nstatus: pending\nfiled: 2000-01\n"
          f"incidents: [{', '.join(f'inc-{i:06d}' for i in incidents)}]\nproceedings:\n{rows}---\n"
          f"The petition [@{pool[number % len(pool)]}].\n")


FIELD_TYPES = {"string": "Ministry {i}", "integer": "{i}000", "number": "{i}.5", "boolean": "true",
               "date": "2024-03-{d:02d}", "url": "https://order.example/{i}", "list": "[PTCL, Zong, Jazz {i}]",
               "one_of": "Jazz"}


def generate(shape, n, site):
    shutil.rmtree(site, ignore_errors=True)
    write(f"{site}/content/site.yml", "title: Shapes\nbase_url: https://example.org/\nlanguage: en\n")
    pool = [f"s-{k:06d}" for k in range(max(n, 64))]
    if shape == "hub":
        source(site, "hub")
        for i in range(n):
            incident(site, i, "Blocked [@hub].\n\nStill blocked [@hub].", [["hub"], ["hub"]], country="PK")
    elif shape == "long-bodies":
        for s in pool[: n // 2]:
            source(site, s)
        for i in range(10):
            incident(site, i, "\n\n".join(f"Paragraph {p}, as reported [@{pool[p]}]." for p in range(n // 2)))
    elif shape == "one-line":
        for s in pool[: n // 2]:
            source(site, s)
        incident(site, 0, " ".join(f"\u00e9 [@{pool[k % (n // 2)]}] [l{k}](#top)" for k in range(4 * n)))
    elif shape == "events":
        for s in pool[:n]:
            source(site, s)
        for i in range(10):
            incident(site, i, f"Blocked [@{pool[0]}].", [[pool[e], pool[(e * 7) % n], pool[(e * 13) % n]] for e in range(n)])
    elif shape == "headings":
        source(site, "report")
        incident(site, 0, "Blocked [@report].\n\n## Ref\n\n## Ref\n\n" + "## Update\n\nText.\n\n" * (4 * n))
    elif shape == "source-notes":
        for k, s in enumerate(pool[:n]):
            source(site, s, "See [" + "; ".join(f"@{pool[(k + j * 97) % n]}" for j in range(1, 30)) + "].")
        for i in range(n // 4):
            incident(site, i, f"Blocked [@{pool[i]}].", [[pool[(i * 3) % n]]])
    elif shape == "aliases":
        source(site, "report")
        for i in range(n // 4):
            incident(site, i, "Blocked [@report].", extra=f"aliases: [{', '.join(f'old-{i}-{k}' for k in range(30))}]\n"
                     f"regions: [{', '.join(f'Region {(i + k) % 500}' for k in range(30))}]\n")
    elif shape == "platforms":
        source(site, "report")
        for i in range(n):
            names = ", ".join(f"Platform {(i * 31 + k) % (n // 4 + 50)}" for k in range(40))
            incident(site, i, "Blocked [@report].")
            path = f"{site}/content/incidents/inc-{i:06d}.md"
            with open(path, encoding="utf-8") as f:
                text = f.read().replace("platforms: [X]", f"platforms: [{names}]", 1)
            write(path, text)
    elif shape == "cases":
        for s in pool[:n]:
            source(site, s)
        for i in range(n):
            incident(site, i, f"Blocked [@{pool[i]}].")
        case(site, 0, range(n), n // 4, pool[:n])
        for c in range(1, n // 10):
            case(site, c, range(c * 10 - 10, c * 10), 5, pool[:n])
    elif shape == "fields":
        names = [f"{kind}_{k}" for k in range(3) for kind in FIELD_TYPES]
        declared = "".join(f"    {name}: {{type: {name.rsplit('_', 1)[0]}"
                           + (", values: [PTCL, Jazz, Zong]" if name.startswith("one_of") else "") + "}\n" for name in names)
        write(f"{site}/content/site.yml", "title: Shapes\nbase_url: https://example.org/\nlanguage: en\n"
              f"fields:\n  incidents:\n{declared}")
        source(site, "report")
        for i in range(n):
            values = "".join(f"{name}: " + FIELD_TYPES[name.rsplit('_', 1)[0]].format(i=i, d=1 + i % 28) + "\n" for name in names)
            incident(site, i, "Blocked [@report].", extra=values)
    elif shape == "files":
        source(site, "report")
        for i in range(n // 4):
            incident(site, i, "Blocked [@report]. See [the order](order-0.txt).")
            os.makedirs(f"{site}/content/incidents/inc-{i:06d}", exist_ok=True)
            os.rename(f"{site}/content/incidents/inc-{i:06d}.md", f"{site}/content/incidents/inc-{i:06d}/index.md")
            for k in range(8):
                write(f"{site}/content/incidents/inc-{i:06d}/order-{k}.txt", f"Order {k} of incident {i}.\n" * 20)
        for k in range(n):
            write(f"{site}/static/files-{k // 100}/file-{k}.txt", f"Static file {k}.\n" * 10)
    elif shape == "pages":
        source(site, "report")
        incident(site, 0, "Blocked [@report].")
        for k in range(n):
            links = " ".join(f"[page {(k * 7 + j) % n}](/page-{(k * 7 + j) % n}/)" for j in range(1, 4))
            write(f"{site}/content/pages/page-{k}.md", f"---\ntitle: Page {k}\n---\nSee {links} and "
                  f"[the incident's first source](/incidents/inc-000000/#ref-1).\n")
    elif shape == "links":
        for s in pool[:n]:
            source(site, s)
        for i in range(1, n + 1):
            incident(site, i, f"Blocked [@{pool[i - 1]}].")
        incident(site, 0, "Blocked [@s-000000].\n\n" + "\n".join(
            f"- [{k}](/incidents/inc-{1 + k % n:06d}/#ref-1) and [{k}](../inc-{1 + (k * 7) % n:06d}/)" for k in range(2 * n)))
    elif shape == "translations":
        write(f"{site}/content/site.yml", "title: Shapes\nbase_url: https://example.org/\nlanguage: en\nlanguages:\n"
              "  - {code: en, name: English}\n  - {code: fr, name: Français}\n  - {code: de, name: Deutsch}\n")
        for s in pool[:n]:
            source(site, s)
        for i in range(n // 2):
            incident(site, i, f"Blocked [@{pool[i]}] and [@{pool[(i * 7) % n]}].", [[pool[(i * 3) % n]]])
            for language in ("fr", "de"):
                write(f"{site}/content/incidents/inc-{i:06d}.{language}.md",
                      f"---\ntitle: Incident {i} ({language})\n---\nBloqué [@{pool[i]}] et [@{pool[(i * 7) % n]}].\n")
    elif shape == "saved-versions":
        for k, s in enumerate(pool[:n]):
            write(f"{site}/content/sources/{s}.md",
                  f"---\ntitle: Live page, version {k}\npublisher: Publisher\npublished: 2024-01-02\nkind: news\nlanguage: en\n"
                  f"url: https://live.example/blog\narchive: https://web.archive.org/web/{k - k % 10 if k % 10 == 9 else k}/live\n---\nA version.\n")
        for i in range(n // 10):
            incident(site, i, f"Blocked [@{pool[i * 10]}].")
    elif shape == "unknown-ids":
        for s in pool[:n]:
            source(site, s)
        for i in range(n):
            incident(site, i, f"Blocked [@{pool[i]}x].", [[f"{pool[i]}x"]])
    else:
        sys.exit(f"unknown shape {shape}")


FAILING = {"unknown-ids"}


def build(tracker, site, output, limit, fails=False, command="build"):
    shutil.rmtree(output, ignore_errors=True)
    arguments = ["build", "--site", site, "--output", output, "--no-cache"] if command == "build" else ["check", "--site", site]
    started = time.perf_counter()
    try:
        done = subprocess.run([tracker] + arguments,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - started
    if done.returncode != (1 if fails else 0):
        sys.exit(f"{site}: build exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracker", required=True)
    parser.add_argument("--size", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", default="/dev/shm/shapes")
    parser.add_argument("--shapes", default="hub,long-bodies,one-line,events,headings,source-notes,aliases,platforms,"
                        "cases,fields,files,pages,links,translations,saved-versions,unknown-ids")
    parser.add_argument("--command", choices=["build", "check"], default="build")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a build may take (default 300)")
    args = parser.parse_args()
    tracker = os.path.abspath(args.tracker)
    print(f"| shape | {args.size:,} | {2 * args.size:,} | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for shape in args.shapes.split(","):
        sites = [f"{args.dir}/{shape}-{n}" for n in (args.size, 2 * args.size)]
        for n, site in zip((args.size, 2 * args.size), sites):
            generate(shape, n, site)
        times = ([], [])
        for _ in range(args.runs):
            for which, site in enumerate(sites):
                times[which].append(build(tracker, site, f"{args.dir}/out", args.timeout, shape in FAILING, args.command))
        for site in sites:
            shutil.rmtree(site, ignore_errors=True)
        if None in times[0] + times[1]:
            print(f"| {shape} | | | a build did not finish in {args.timeout:g} s |", flush=True)
            continue
        small, large = statistics.median(times[0]), statistics.median(times[1])
        ratio = large / small
        mark = "  GROWS FASTER than its input" if ratio > 2.6 else ""
        print(f"| {shape} | {small:.2f} s | {large:.2f} s | {ratio:.2f}×{mark} |", flush=True)
    shutil.rmtree(f"{args.dir}/out", ignore_errors=True)


if __name__ == "__main__":
    main()
