"""One PNG per run: indexing throughput, query latency per engine, and termsearch latency per kind.

matplotlib draws it when installed (the `bench` extra brings it); otherwise a tiny pure-Python
PNG writer draws the same bars without text, so a run never fails for want of a chart.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

COLORS = {"termsearch": "#d62728", "whoosh-jieba": "#7f7f7f", "fts5-trigram": "#1f77b4",
          "tantivy-jieba": "#2ca02c"}


def _engines(results: dict) -> list[str]:
    return [name for name in ["termsearch", *results.get("peers", {})]
            if name == "termsearch" or "build" in results["peers"].get(name, {})]


def _build(results: dict, name: str) -> dict:
    engine = results["termsearch"] if name == "termsearch" else results["peers"][name]
    return engine.get("build") or {}      # no build figures when an existing index was reused


def _shared(results: dict, name: str) -> dict:
    if name == "termsearch":
        return results["termsearch"]["queries"]["shared"]
    return results["peers"][name].get("queries", {}).get("shared", {})


def write_chart(results: dict, path: Path) -> str:
    """Write the chart; returns which writer drew it."""
    try:
        import matplotlib
    except ImportError:
        write_plain_png(results, path)
        return "pure-python (no text: install matplotlib for labels)"
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    engines = _engines(results)
    colors = [COLORS.get(e, "#9467bd") for e in engines]
    fig, axes = plt.subplots(1, 3, figsize=(16, 5.2))
    corpus = results["corpus"]
    fig.suptitle(f"termsearch benchmark — {corpus['name']}: {corpus['characters']:,} characters, "
                 f"{corpus['paragraphs']:,} paragraphs — {results['started']}", fontsize=11)

    ax = axes[0]
    speeds = [_build(results, e).get("chars_per_s", 0) / 1000 for e in engines]
    ax.bar(engines, speeds, color=colors)
    if any(speeds):
        ax.set_yscale("log")
        ax.set_title("indexing (thousand characters / s, log)")
    else:
        ax.set_title("indexing: not timed (an existing index was used)")
    for i, v in enumerate(speeds):
        ax.text(i, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)

    ax = axes[1]
    width = 0.27
    for j, (key, shade) in enumerate((("p50_ms", 1.0), ("p95_ms", 0.7), ("p99_ms", 0.45))):
        values = [max(_shared(results, e).get(key, 0), 1e-3) for e in engines]
        xs = [i + (j - 1) * width for i in range(len(engines))]
        ax.bar(xs, values, width, color=colors, alpha=shade, label=key.replace("_ms", ""))
    ax.set_xticks(range(len(engines)), engines)
    ax.set_yscale("log")
    ax.set_title("query latency, shared Simplified queries (ms, log)\nbars: p50 / p95 / p99")
    ax.legend(fontsize=8)

    ax = axes[2]
    kinds = results["termsearch"]["queries"]["by_kind"]
    names = list(kinds)
    ax.barh(names, [max(kinds[k]["p95_ms"], 1e-3) for k in names], color=COLORS["termsearch"], alpha=0.8, label="p95")
    ax.barh(names, [max(kinds[k]["p50_ms"], 1e-3) for k in names], color="#ff9896", label="p50")
    ax.set_xscale("log")
    # Plain numbers at 1-2-5 steps: the default minor labels (2×10⁰ 3×10⁰ …) run into each other.
    from matplotlib.ticker import FixedLocator, NullLocator, ScalarFormatter
    ax.xaxis.set_major_locator(FixedLocator([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.set_title("termsearch latency by query kind (ms, log)")
    ax.invert_yaxis()
    ax.legend(fontsize=8)

    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return "matplotlib"


# ----------------------------------------------------------------------------- no-dependency fallback

def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def png_bytes(width: int, height: int, pixels: list[bytearray]) -> bytes:
    """An RGB PNG from rows of width*3 bytes."""
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write_plain_png(results: dict, path: Path, width: int = 640, height: int = 240) -> None:
    """Two panels of bars (indexing chars/s, query p95), one colour per engine, white ground."""
    engines = _engines(results)
    pixels = [bytearray(b"\xff" * width * 3) for _ in range(height)]
    panels = [[_build(results, e).get("chars_per_s", 0) for e in engines],
              [_shared(results, e).get("p95_ms", 0) for e in engines]]
    panel_w = width // 2
    for p, values in enumerate(panels):
        top = max(values) or 1
        bar_w = max(4, (panel_w - 40) // max(1, len(engines)) - 10)
        for i, (engine, value) in enumerate(zip(engines, values)):
            r, g, b = _hex(COLORS.get(engine, "#9467bd"))
            bar_h = int((height - 40) * value / top)
            x0 = p * panel_w + 20 + i * (bar_w + 10)
            for y in range(height - 20 - bar_h, height - 20):
                row = pixels[y]
                for x in range(x0, min(x0 + bar_w, width)):
                    row[3 * x:3 * x + 3] = bytes((r, g, b))
        for x in range(p * panel_w + 10, (p + 1) * panel_w - 10):
            pixels[height - 20][3 * x:3 * x + 3] = b"\x00\x00\x00"
    Path(path).write_bytes(png_bytes(width, height, pixels))
