"""The real server under a mixed load of normal and hostile queries: no 5xx, memory flat."""
import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote

import pytest

LOAD_SECONDS = float(os.environ.get("TERMSEARCH_LOAD_SECONDS", "180"))   # "a few minutes"
CONNECTIONS = 16

NORMAL = ["雙萬", "双万", "shuangwan", "shuāng wàn", "shuang1wan4", "sqsx", "三區三線", "汽車城", "5080",
          "kindergarten", "zero waste city", "高質量發展", "发展 AND 经济", '"雙萬新起點"', "双wan", "jingdian"]
HOSTILE = ["(((", ")))", '"unbalanced', "\x00\x00", "a" * 300, "雙" * 300, "NOT", "*", "text:雙萬", "~~~",
           "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00", "\u202e\u200b", "((" * 20]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def random_query(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(NORMAL)
    if roll < 0.85:
        return rng.choice(HOSTILE)
    return "".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 40)))


@pytest.fixture
def server(seed_index, tmp_path):
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")      # a pipe nobody reads would fill and stall the server
    proc = subprocess.Popen([sys.executable, "-m", "termsearch.cli", "serve", "--index", str(seed_index),
                             "--port", str(port), "--threads", "8"],
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail("termsearch serve did not start: " + log.read())
    yield port, proc
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.mark.slow
def test_mixed_load_gets_no_server_errors_and_memory_stays_flat(server):
    port, proc = server
    statuses: dict[int, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.time() + LOAD_SECONDS
    warm = time.time() + min(15, LOAD_SECONDS / 4)
    rss_after_warmup = []

    def worker(seed: int):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.time() < stop:
            path = "/api/search?q=" + quote(random_query(rng), errors="surrogatepass") + f"&limit={rng.choice([1, 10, 50])}"
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                with lock:
                    statuses[response.status] = statuses.get(response.status, 0) + 1
            except Exception as exc:  # noqa: BLE001 - a dropped connection is a failure to report
                with lock:
                    failures.append(f"{path[:80]}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    while time.time() < warm:
        time.sleep(0.5)
    rss_after_warmup.append(rss_kb(proc.pid))
    for t in threads:
        t.join()
    rss_end = rss_kb(proc.pid)

    assert failures == []
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses.get(200, 0) > 100 and set(statuses) <= {200, 400}
    # Flat: no more than 30 MB growth after warm-up over the whole run.
    assert rss_end - rss_after_warmup[0] < 30_000, (rss_after_warmup[0], rss_end)


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_idle_sockets_do_not_lock_out_real_requests(server):
    """200 silent or half-sent connections (more than waitress's default limit of 100) beside
    normal traffic: every real request is still answered, well within the idle timeout."""
    port, _ = server
    idle = []
    try:
        for i in range(200):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 2:
                sock.sendall(b"GET /api/search?q=%E9%9B%99 HTTP/1.1\r\nHost: x\r\n")     # never finished
            idle.append(sock)
        time.sleep(0.5)         # the server has accepted (or queued) all of them
        for q in ["%E9%9B%99%E8%90%AC", "shuangwan", "sqsx", "5080"] * 5:
            status, body = get(port, f"/api/search?q={q}&limit=5", timeout=10)
            assert status == 200 and b'"hits"' in body
    finally:
        for sock in idle:
            sock.close()


@pytest.fixture(scope="module")
def long_document_server(tmp_path_factory):
    """A server over an index whose one document has 6,000 lines (30 reader pages)."""
    from termsearch.index_build import build

    folder = tmp_path_factory.mktemp("long-document")
    lines = ["2024年长文件报告"] + [f"第{n}行：推进高质量发展，建设国际汽车城。" for n in range(1, 6_001)]
    (folder / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("long-document-index")
    build([folder], index_dir)
    port = free_port()
    log = open(folder / "serve.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "termsearch.cli", "serve", "--index", str(index_dir),
                             "--port", str(port), "--threads", "8"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("termsearch serve did not start")
    yield port, proc
    proc.terminate()
    proc.wait(10)
    log.close()


@pytest.mark.slow
def test_fetching_the_largest_document_page_repeatedly_keeps_memory_flat_and_others_answering(long_document_server):
    port, proc = long_document_server
    heavy = ["/documents/long", "/api/documents/long?limit=500", "/documents/long?page=30&ruby=1"]
    for path in heavy * 3:          # warm up: every page kind rendered once
        assert get(port, path, timeout=30)[0] == 200
    rss_before = rss_kb(proc.pid)
    failures: list[str] = []
    sizes: list[int] = []

    def hammer(seed: int) -> None:
        for n in range(20):
            path = heavy[(seed + n) % len(heavy)]
            try:
                status, body = get(port, path, timeout=30)
                sizes.append(len(body))
                if status != 200:
                    failures.append(f"{path}: {status}")
            except Exception as exc:  # noqa: BLE001 - a dropped connection is a failure to report
                failures.append(f"{path}: {exc!r}")

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    answered = 0
    while any(t.is_alive() for t in threads):
        status, body = get(port, "/api/search?q=%E6%B1%BD%E8%BD%A6%E5%9F%8E&limit=3", timeout=10)
        assert status == 200 and b'"hits"' in body
        answered += 1
    for t in threads:
        t.join()
    assert failures == []
    assert answered >= 3
    assert max(sizes) < 2_000_000           # a page of a 6,000-line document, not all of it
    assert rss_kb(proc.pid) - rss_before < 60_000, (rss_before, rss_kb(proc.pid))
