#!/usr/bin/env bash
# Time from saving one incident to the live-reload event, on a generated site of N incidents.
#
#   scripts/bench-serve.sh [--incidents 10000] [--runs 21] [--site DIR] [--no-build]
#
# Builds tracker in release, generates the corpus (scripts/gen-corpus.py, seed 1) unless --site is
# given, starts `tracker serve --port 0` on it, listens on /__tracker/events, then for each run saves
# one incident and measures until the `update` event naming its page arrives. Two kinds of edit,
# in two phases: body edits (a new last paragraph: only the incident's own page changes) and title
# edits (every list, the timeline, the exports and the related pages showing it change too).
# Prints min/median/p90/max of each.
set -euo pipefail
cd "$(dirname "$0")/.."

incidents=10000
runs=21
site=""
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --incidents) incidents="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --site) site="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        *) echo "usage: $0 [--incidents N] [--runs N] [--site DIR] [--no-build]" >&2; exit 2 ;;
    esac
done

if [ "$build" = 1 ]; then swift build -c release --product tracker >&2; fi
binary="$(swift build -c release --show-bin-path)/tracker"

if [ -z "$site" ]; then
    site="${TMPDIR:-/tmp}/tracker-bench-$incidents"
    if [ ! -d "$site/content/incidents" ]; then
        generator=scripts/gen-corpus.py
        [ -f "$generator" ] || generator=../wt-corpus/scripts/gen-corpus.py
        echo "Generating $incidents incidents into $site with $generator" >&2
        python3 "$generator" --incidents "$incidents" --seed 1 --out "$site" >&2
    fi
fi

python3 - "$binary" "$site" "$runs" <<'PYTHON'
import os, re, signal, socket, statistics, subprocess, sys, time

binary, site, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
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
    folder = os.path.join(site, "content", "incidents")
    name = sorted(f for f in os.listdir(folder) if f.endswith(".md"))[len(os.listdir(folder)) // 2]
    path = os.path.join(folder, name)
    page = "incidents/" + name[:-3] + "/index.html"
    original = open(path, encoding="utf-8").read()
    timings = {"body": [], "title": []}
    try:
        # Each phase edits one thing only: a body phase rewrites the last paragraph, a title phase the title.
        for kind in ("body", "title"):
            for run in range(runs + 1):
                if kind == "body":
                    text = original.rstrip("\n") + f"\n\nBenchmark paragraph {run}.\n"
                else:
                    text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} (edit {run})", original, count=1, flags=re.M)
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
                saved = time.perf_counter()
                while True:
                    data = next_event("update", time.time() + 60)
                    if data is None:
                        sys.exit("no update event within 60 s")
                    if page in data or '"changed":null' in data:
                        break
                elapsed = (time.perf_counter() - saved) * 1000
                if run > 0:  # the first edit of a phase also undoes the other phase's edit
                    timings[kind].append(elapsed)
                time.sleep(0.15)
    finally:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original)

    def describe(values):
        values = sorted(values)
        p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
        return f"min {values[0]:.1f} ms, median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms, max {values[-1]:.1f} ms ({len(values)} runs)"

    incidents = len([f for f in os.listdir(folder) if f.endswith(".md")])
    print(f"site: {site} ({incidents} incidents), edited: {name}")
    print(f"save -> reload event, body edit:  {describe(timings['body'])}")
    print(f"save -> reload event, title edit: {describe(timings['title'])}")
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
