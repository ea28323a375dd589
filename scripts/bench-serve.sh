#!/usr/bin/env bash
# Time from saving one incident to the live-reload event, on a generated site of N incidents.
#
#   scripts/bench-serve.sh [--incidents 10000] [--runs 21] [--edits 50] [--site DIR] [--no-build]
#                          [--binary PATH] [--json FILE]
#
# Builds tracker in release, generates the corpus (scripts/gen-corpus.py, seed 1) unless --site is
# given, starts `tracker serve --port 0` on it, listens on /__tracker/events, then for each run saves
# one incident and measures until the `update` event naming its page arrives. Two kinds of edit,
# in three phases: body edits (a new last paragraph: only the incident's own page changes), title
# edits (every list, the timeline, the exports and the related pages showing it change too) written
# in place, and title edits saved by rename, as `sed -i` and editors' "safe write" save (a temporary
# file beside it, renamed onto it). Prints min/median/p90/max of each. The last phase goes on until
# --edits saves were made in all (at least runs+1 per phase). The server's resident memory (VmRSS) is read at rest before the first
# edit and 3 s after the last one (the preview gives freed memory back 1 s after a rebuild), and
# its peak (VmHWM) at the end; --json writes these figures for scripts/bench_report.py.
set -euo pipefail
cd "$(dirname "$0")/.."

incidents=10000
runs=21
edits=50
site=""
build=1
binary=""
json=""
while [ $# -gt 0 ]; do
    case "$1" in
        --incidents) incidents="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --site) site="$2"; shift 2 ;;
        --edits) edits="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --binary) binary="$2"; build=0; shift 2 ;;
        --json) json="$2"; shift 2 ;;
        *) echo "usage: $0 [--incidents N] [--runs N] [--edits N] [--site DIR] [--no-build] [--binary PATH] [--json FILE]" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then make -C "$(dirname "$0")/.." release >&2; fi
[ -n "$binary" ] || binary="$(swift build -c release --show-bin-path)/tracker"

if [ -z "$site" ]; then
    site="${TMPDIR:-/tmp}/tracker-bench-$incidents"
    if [ ! -d "$site/content/incidents" ]; then
        generator=scripts/gen-corpus.py
        [ -f "$generator" ] || generator=../wt-corpus/scripts/gen-corpus.py
        echo "Generating $incidents incidents into $site with $generator" >&2
        python3 "$generator" --incidents "$incidents" --seed 1 --out "$site" >&2
    fi
fi

python3 - "$binary" "$site" "$runs" "$edits" "$json" <<'PYTHON'
import json, os, re, signal, socket, statistics, subprocess, sys, time

binary, site, runs, edits, json_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]


def memory(pid, field):
    """VmRSS or VmHWM of the server in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


server = subprocess.Popen([binary, "serve", "--site", site, "--port", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
try:
    port = None
    started = time.time()
    for line in server.stdout:
        sys.stderr.write("  server: " + line)
        match = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            port = int(match.group(1))
            break
        if time.time() - started > 600:
            break
    if port is None:
        sys.exit("the server did not start")

    events = socket.create_connection(("127.0.0.1", port), timeout=30)
    events.sendall(b"GET /__tracker/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    buffer = b""

    def next_event(name, deadline):
        global buffer
        while time.time() < deadline:
            while b"\n\n" in buffer.replace(b"\r\n", b"\n"):
                normalised = buffer.replace(b"\r\n", b"\n")
                block, _, rest = normalised.partition(b"\n\n")
                buffer = rest
                fields = dict(line.split(b": ", 1) for line in block.split(b"\n") if b": " in line)
                if fields.get(b"event") == name.encode():
                    return fields.get(b"data", b"").decode()
            chunk = events.recv(1 << 20)
            if not chunk:
                sys.exit("the event stream closed")
            buffer += chunk
        return None

    next_event("hello", time.time() + 30)
    time.sleep(3)
    rss_rest = memory(server.pid, "VmRSS")
    folder = os.path.join(site, "content", "incidents")
    name = sorted(f for f in os.listdir(folder) if f.endswith(".md"))[len(os.listdir(folder)) // 2]
    path = os.path.join(folder, name)
    page = "incidents/" + name[:-3] + "/index.html"
    original = open(path, encoding="utf-8").read()
    timings = {"body": [], "title": [], "rename": []}

    def retitled(value, run):
        """The title's YAML value with " (edit N)" added, inside its quotes when it has them."""
        value = value.rstrip()
        if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
            return f"{value[:-1]} (edit {run}){value[-1]}"
        return f"{value} (edit {run})"
    made = 0
    try:
        # Each phase edits one thing only: a body phase rewrites the last paragraph, a title phase the title.
        for kind in ("body", "title", "rename"):
            for run in range(runs + 1 if kind != "rename" else max(runs + 1, edits - made)):
                made += 1
                if kind == "body":
                    text = original.rstrip("\n") + f"\n\nBenchmark paragraph {run}.\n"
                else:
                    text = re.sub(r"^title: (.*)$", lambda m: "title: " + retitled(m.group(1), run), original, count=1, flags=re.M)
                written = path if kind != "rename" else os.path.join(folder, f"sedbench{run}")
                with open(written, "w", encoding="utf-8") as handle:
                    handle.write(text)
                if kind == "rename":
                    os.replace(written, path)
                saved = time.perf_counter()
                while True:
                    data = next_event("update", time.time() + 60)
                    if data is None:
                        sys.exit("no update event within 60 s")
                    # An edit that does not build would time the error report, not a rebuild.
                    if '"problems":[]' not in data.replace(" ", ""):
                        sys.exit(f"the {kind} edit did not build: {data[:500]}")
                    if page in data or '"changed":null' in data:
                        break
                elapsed = (time.perf_counter() - saved) * 1000
                if run > 0:  # the first edit of a phase also undoes the other phase's edit
                    timings[kind].append(elapsed)
                time.sleep(0.15)
    finally:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original)
    rss_edited = memory(server.pid, "VmRSS")
    time.sleep(3)
    rss_after = memory(server.pid, "VmRSS")
    rss_peak = memory(server.pid, "VmHWM")

    def p90(values):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]

    def describe(values):
        values = sorted(values)
        return f"min {values[0]:.1f} ms, median {statistics.median(values):.1f} ms, p90 {p90(values):.1f} ms, max {values[-1]:.1f} ms ({len(values)} runs)"

    incidents = len([f for f in os.listdir(folder) if f.endswith(".md")])
    print(f"site: {site} ({incidents} incidents), edited: {name}")
    print(f"save -> reload event, body edit:  {describe(timings['body'])}")
    print(f"save -> reload event, title edit: {describe(timings['title'])}")
    print(f"save -> reload event, title edit saved by rename: {describe(timings['rename'])}")
    print(f"server RSS: {rss_rest:.1f} MB at rest before the first edit, {rss_edited:.1f} MB right after {made} edits, "
          f"{rss_after:.1f} MB 3 s later; peak {rss_peak:.1f} MB")
    if json_path:
        with open(json_path, "w") as out:
            json.dump({"incidents": incidents, "edits": made,
                       "body_median_ms": statistics.median(timings["body"]), "body_p90_ms": p90(timings["body"]),
                       "title_median_ms": statistics.median(timings["title"]), "title_p90_ms": p90(timings["title"]),
                       "title_runs": len(timings["title"]),
                       "rename_median_ms": statistics.median(timings["rename"]), "rename_p90_ms": p90(timings["rename"]),
                       "rss_rest_mb": rss_rest, "rss_edited_mb": rss_edited,
                       "rss_after_edits_mb": rss_after, "rss_peak_mb": rss_peak}, out, indent=1)
finally:
    server.send_signal(signal.SIGTERM)
    try:
        rest, _ = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        rest, _ = server.communicate()
    rebuilds = [line for line in (rest or "").splitlines() if line.startswith("Rebuilt in")]
    for line in rebuilds[-4:]:
        print("  server: " + line)
PYTHON
