#!/usr/bin/env python3
"""Load test of `tracker serve`: concurrent clients fetch pages while edits rebuild the site.

    scripts/load-serve.py [--binary PATH] [--site DIR | --incidents N] [--clients 50]
                          [--duration 30] [--edits 20] [--warmup 5]

Starts `tracker serve --port 0` on the site (a copy of it: the edits change one incident), then:
1. warm-up: the clients load the server for --warmup seconds without edits; the server's RSS
   after it is the baseline;
2. load: --clients clients (asyncio, one keep-alive connection each, 127.0.0.1 only) fetch a mix
   of pages in a loop for --duration seconds while --edits edits, spread evenly, rewrite one
   incident's title and text to "Load version N …"; each edit waits for its live-reload event;
3. after: RSS is sampled until it is back within the tolerance (25% of the baseline + 8 MiB) or
   10 s pass, and one more edit must reach both a stream open since the start and a new one.

Every response is checked: status 200, a body of exactly Content-Length bytes, an HTML page ends
with </html>, every "Load version N" in one response shows the same N, and all responses of one
build generation (the Server-Timing header) show the same N. Prints requests per second, latency
percentiles, RSS before/peak/after; exits 1 if any check failed.
"""
import argparse, asyncio, os, random, re, shutil, signal, subprocess, sys, tempfile, time

VERSION = re.compile(rb"Load version (\d+)")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Stats:
    def __init__(self):
        self.latencies = []
        self.failures = []
        self.versions = set()
        self.by_generation = {}

    def check(self, target, status, headers, body):
        problems = []
        if status != 200:
            problems.append(f"status {status}")
        if headers.get("content-length") != str(len(body)):
            problems.append(f"{len(body)} bytes, Content-Length {headers.get('content-length')}")
        if headers.get("content-type", "").startswith("text/html") and not body.endswith(b"</html>\n"):
            problems.append("the page does not end with </html>")
        versions = {int(v) for v in VERSION.findall(body)}
        if len(versions) > 1:
            problems.append(f"versions {sorted(versions)} in one response")
        if versions:
            version = versions.pop()
            self.versions.add(version)
            generation = headers.get("server-timing", "")
            known = self.by_generation.setdefault(generation, version)
            if known != version:
                problems.append(f"generation {generation} showed version {known} elsewhere and {version} here")
        if problems:
            self.failures.append(f"{target}: " + "; ".join(problems))


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
        headers["content-length"] = str(len(body))  # a chunked body is whole when its last chunk came
    else:
        body = await reader.read()
    return status, headers, body


async def client(number, port, targets, stats, stop):
    rng = random.Random(number)
    reader = writer = None
    while not stop.is_set():
        target = rng.choice(targets)
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            status, headers, body = await asyncio.wait_for(read_response(reader), 30)
        except Exception as error:  # noqa: BLE001 - every failure is counted
            stats.failures.append(f"{target}: {type(error).__name__} {error}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        stats.latencies.append(time.perf_counter() - started)
        stats.check(target, status, headers, body)
        if headers.get("connection", "").lower() == "close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


class Events:
    """The server-sent events of /__tracker/events."""

    async def open(self, port):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer.write(f"GET /__tracker/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        await self.reader.readuntil(b"\r\n\r\n")
        self.buffer = b""
        return self

    async def next(self, name, needle, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                if f"event: {name}".encode() in block and needle.encode() in block:
                    return block
            try:
                chunk = await asyncio.wait_for(self.reader.read(65536), max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
            if not chunk:
                return None
            # Chunked transfer framing lines do not hold "\n\n"; strip CRs so blocks split on "\n\n".
            self.buffer += chunk.replace(b"\r\n", b"\n")
        return None


def edit(path, number, original):
    text = re.sub(r"^title: .*$", f"title: Load version {number} of the edited incident", original, count=1, flags=re.M)
    text = text.rstrip("\n") + f"\n\nLoad version {number} of the text.\n"
    # Written beside it under a hidden name (ignored by the watcher) and renamed, as editors save.
    temporary = os.path.join(os.path.dirname(path), ".load-serve.tmp")
    with open(temporary, "w") as file:
        file.write(text)
    os.replace(temporary, path)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


async def main(args):
    work = tempfile.mkdtemp(prefix="tracker-load-")
    site = os.path.join(work, "site")
    if args.site:
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", ".git"))
    else:
        generator = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-corpus.py")
        subprocess.run([sys.executable, generator, "--incidents", str(args.incidents), "--seed", "1", "--out", site],
                       check=True, stdout=subprocess.DEVNULL)
    incidents = sorted(f for f in os.listdir(os.path.join(site, "content/incidents")) if f.endswith(".md"))
    edited = os.path.join(site, "content/incidents", incidents[len(incidents) // 2])
    slug = os.path.splitext(os.path.basename(edited))[0]
    page = f"/incidents/{slug}/"
    original = open(edited).read()
    edit(edited, 0, original)

    server = subprocess.Popen([args.binary, "serve", "--site", site, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        port = None
        for line in server.stdout:
            match = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
                break
        if port is None:
            sys.exit("the server did not start")
        # Keep reading the server's output so it never blocks on a full pipe.
        loop = asyncio.get_running_loop()
        log = []
        loop.run_in_executor(None, lambda: log.extend(server.stdout))

        others = [f"/incidents/{os.path.splitext(f)[0]}/" for f in random.Random(1).sample(incidents, min(20, len(incidents)))]
        targets = ["/", "/incidents/", "/timeline/", "/feed.xml", "/sources/", page, page, page] + others
        events = await Events().open(port)

        stats = Stats()
        stop = asyncio.Event()
        tasks = [asyncio.create_task(client(n, port, targets, stats, stop)) for n in range(args.clients)]
        await asyncio.sleep(args.warmup)
        stop.set()
        await asyncio.gather(*tasks)
        baseline = rss_kib(server.pid)
        warmup_failures = list(stats.failures)

        stats = Stats()
        stop = asyncio.Event()
        peak = baseline
        started = time.perf_counter()
        tasks = [asyncio.create_task(client(n, port, targets, stats, stop)) for n in range(args.clients)]
        live_reload_failures = []
        for number in range(1, args.edits + 1):
            await asyncio.sleep(max(0, started + number * args.duration / (args.edits + 1) - time.perf_counter()))
            edit(edited, number, original)
            if await events.next("update", f"incidents/{slug}/index.html", 30) is None:
                live_reload_failures.append(f"edit {number}: no update event in 30 s")
            peak = max(peak, rss_kib(server.pid))
        while time.perf_counter() < started + args.duration:
            peak = max(peak, rss_kib(server.pid))
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
        peak = max(peak, rss_kib(server.pid))

        limit = baseline + baseline // 4 + 8 * 1024
        settle_deadline = time.monotonic() + 10
        after = rss_kib(server.pid)
        while after > limit and time.monotonic() < settle_deadline:
            await asyncio.sleep(0.1)
            after = rss_kib(server.pid)

        fresh = await Events().open(port)
        await fresh.next("hello", "", 10)
        edit(edited, args.edits + 1, original)
        for name, stream in (("the stream open since the start", events), ("a new stream", fresh)):
            if await stream.next("update", f"incidents/{slug}/index.html", 10) is None:
                live_reload_failures.append(f"no live reload after the load on {name}")

        requests = len(stats.latencies)
        print(f"site: {len(incidents)} incidents; {args.clients} clients for {elapsed:.1f} s; {args.edits} edits of {page}")
        print(f"requests: {requests} ({requests / elapsed:.0f}/s), failed or torn: {len(stats.failures)} (warm-up: {len(warmup_failures)})")
        print(f"latency: p50 {percentile(stats.latencies, 0.5) * 1000:.1f} ms, p90 {percentile(stats.latencies, 0.9) * 1000:.1f} ms, "
              f"p99 {percentile(stats.latencies, 0.99) * 1000:.1f} ms, max {max(stats.latencies, default=0) * 1000:.1f} ms")
        print(f"versions seen: {len(stats.versions)} of {args.edits + 1}; build generations seen: {len(stats.by_generation)}")
        print(f"RSS: baseline {baseline / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, after {after / 1024:.1f} MiB "
              f"(limit {limit / 1024:.1f} MiB: {'met' if after <= limit else 'NOT met'})")
        print(f"live reload: {'every edit and after the load' if not live_reload_failures else '; '.join(live_reload_failures)}")
        print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        for failure in (warmup_failures + stats.failures)[:10]:
            print("  failure: " + failure)
        ok = not warmup_failures and not stats.failures and not live_reload_failures and after <= limit
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/tracker")
    parser.add_argument("--site", help="a site folder to copy (default: generate one)")
    parser.add_argument("--incidents", type=int, default=1000, help="incidents of the generated site (default 1000)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30, help="seconds of load with edits (default 30)")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load without edits before the baseline")
    sys.exit(asyncio.run(main(parser.parse_args())))
