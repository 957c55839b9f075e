"""Measuring helpers: latency summaries, peak memory of a process tree, and an HTTP load generator."""
from __future__ import annotations

import http.client
import json
import math
import os
import re
import resource
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import quote


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile of `samples` (p in 0..100); 0.0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(seconds: list[float]) -> dict:
    """p50/p95/p99/mean/max in milliseconds and sequential queries per second."""
    total = sum(seconds)
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 3),
        "p95_ms": round(percentile(seconds, 95) * 1000, 3),
        "p99_ms": round(percentile(seconds, 99) * 1000, 3),
        "mean_ms": round(total / len(seconds) * 1000, 3) if seconds else 0.0,
        "max_ms": round(max(seconds) * 1000, 3) if seconds else 0.0,
        "qps": round(len(seconds) / total, 1) if total else 0.0,
    }


def dir_size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def own_peak_rss_mb() -> float:
    """Peak RSS of this process plus the largest of its waited-for children (Linux: KiB units)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((me + children) / 1024, 1)


class TreeMemorySampler:
    """Samples the summed RSS of a process and all its descendants (needs psutil)."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.process, *self.process.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 2**20, 1)


def run_child(cmd: list[str], env: dict | None = None) -> dict:
    """Run a benchmark child that prints one JSON object last; add the tree's peak memory."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    sampler = None
    try:
        sampler = TreeMemorySampler(proc.pid)
        sampler.__enter__()
    except Exception:       # psutil missing: the child's own getrusage figure stands
        sampler = None
    try:
        out, err = proc.communicate()
    finally:
        if sampler is not None:
            sampler.__exit__(None, None, None)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited with {proc.returncode}:\n{err[-3000:]}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"no result from {' '.join(cmd[:4])}…:\n{out[-2000:]}\n{err[-2000:]}")
    result = json.loads(lines[-1])
    if sampler is not None and sampler.peak:
        result["peak_rss_mb"] = sampler.peak_mb
        result["peak_rss_method"] = "psutil: summed RSS of the process tree, sampled every 50 ms"
    else:
        result["peak_rss_mb"] = result.get("rusage_peak_rss_mb")
        result["peak_rss_method"] = "getrusage: peak of the process + peak of its largest child"
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(host: str, port: int, path: str, timeout: float, proc: subprocess.Popen | None = None) -> float:
    """Poll until `path` answers 200; returns the seconds it took. Raises on timeout or exit."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {path} within {timeout:.0f} s")


def search_paths(queries: list[str], limit: int = 10) -> list[str]:
    return [f"/api/search?q={quote(q, safe='')}&limit={limit}" for q in queries]


def python_load(host: str, port: int, paths: list[str], connections: int, seconds: float) -> dict:
    """`connections` threads, each with one keep-alive connection, for `seconds`."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors: list[dict[str, int]] = [{} for _ in range(connections)]

    def worker(n: int) -> None:
        conn = None
        i = n
        mine, bad = latencies[n], errors[n]
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(host, port, timeout=30)
                t0 = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - t0
                if response.status == 200:
                    mine.append(elapsed)
                else:
                    bad[f"HTTP {response.status}"] = bad.get(f"HTTP {response.status}", 0) + 1
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                key = type(exc).__name__
                bad[key] = bad.get(key, 0) + 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - started
    ok = [x for per in latencies for x in per]
    error_kinds: dict[str, int] = {}
    for per in errors:
        for key, count in per.items():
            error_kinds[key] = error_kinds.get(key, 0) + count
    stats = summarize(ok)
    return {
        "tool": "python (threads + http.client keep-alive)",
        "connections": connections,
        "seconds": round(elapsed, 2),
        "requests": len(ok) + sum(error_kinds.values()),
        "ok": len(ok),
        "errors": sum(error_kinds.values()),
        "error_kinds": error_kinds,
        "requests_per_s": round((len(ok) + sum(error_kinds.values())) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": stats["p50_ms"],
        "p99_ms": stats["p99_ms"],
        "max_ms": stats["max_ms"],
    }


_WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def wrk_load(host: str, port: int, paths: list[str], connections: int, seconds: float, workdir: Path) -> dict:
    """The same test with wrk (if installed): two threads, `connections` connections."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    script = workdir / "mixed.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    cmd = [wrk, "-t2", f"-c{connections}", f"-d{int(max(1, seconds))}s", "--latency", "-s", str(script),
           f"http://{host}:{port}/"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not m:
            return 0.0
        value, unit = float(m.group(1)), m.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 3)

    requests = int(re.search(r"(\d+) requests in", out).group(1)) if "requests in" in out else 0
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    socket_errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    rps = float(m.group(1)) if (m := re.search(r"Requests/sec:\s+([\d.]+)", out)) else 0.0
    return {
        "tool": "wrk", "connections": connections, "seconds": seconds, "requests": requests,
        "errors": non2xx + socket_errors, "error_kinds": {"non-2xx": non2xx, "socket": socket_errors},
        "requests_per_s": rps, "p50_ms": ms("50%"), "p99_ms": ms("99%"), "raw": out,
    }
