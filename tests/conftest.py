"""Shared fixtures: the seed report and an index built from it once per test session."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2023-dongguan-liaobu-government-work-report.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
WEB_REPORTS = ROOT / "tests" / "browser" / "reports"     # one Traditional with a glossary, one Simplified, two hostile


def shared_corpus(path: Path) -> Path:
    """`path`, a part of ../shared/corpus; where it is missing (a clone with no ../shared beside
    it) the test is skipped, saying so, except under CI=true, where the corpus must be there."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but the shared corpus is missing at {path}")
        pytest.skip(f"the shared corpus is missing at {path} (../shared is not beside the project)")
    return path


def corpus_present() -> bool:
    """Whether ../shared/corpus is beside the project, for tests that also run on the seed alone;
    under CI=true a missing corpus fails the test instead of quietly narrowing it."""
    if not CORPUS.is_dir() and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the shared corpus is missing at {CORPUS}")
    return CORPUS.is_dir()


def texts(result):
    """The hits' paragraph texts, in rank order."""
    return [h.text for h in result.hits]


def found(engine, query, limit=50):
    """The texts of a search's first `limit` hits, sorted: what it finds, in no order."""
    return sorted(texts(engine.search(query, limit=limit)))


def paragraphs(engine, needle):
    """Every paragraph of the engine's index holding `needle`, sorted: what a search should find."""
    return sorted(t for t in engine.reader().texts if needle in t)


def index_of_report(tmp_path_factory, name, text) -> Path:
    """The folder of an index built from one report of `text` (a module's own small fixture)."""
    from termsearch import build

    folder = tmp_path_factory.mktemp(name)
    report = folder / "report.txt"
    report.write_text(text, encoding="utf-8")
    build([report], folder / "ix")
    return folder / "ix"


def engine_of_report(tmp_path_factory, name, text):
    """An Engine over an index built from one report of `text` (a module's own small fixture)."""
    from termsearch import Engine

    return Engine(index_of_report(tmp_path_factory, name, text))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    from termsearch.index_build import build

    index_dir = tmp_path_factory.mktemp("seed-index")
    build([SEED], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def engine(seed_index):
    from termsearch.search import Engine

    return Engine(seed_index)


@pytest.fixture
def write_report(tmp_path):
    """Write a small report file and return its path."""
    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path
    return write


@pytest.fixture(scope="session")
def small_index(tmp_path_factory):
    """The reports in tests/browser/reports, indexed once for the web tests."""
    from termsearch.index_build import build

    index_dir = tmp_path_factory.mktemp("web-small-index")
    build([WEB_REPORTS], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def client(small_index):
    from termsearch.app import create_app

    return create_app(small_index).test_client()


@pytest.fixture(scope="session")
def seed_client(seed_index):
    from termsearch.app import create_app

    return create_app(seed_index).test_client()


@pytest.fixture
def held_build_lock(tmp_path):
    """An index folder whose build lock another process holds, as a running build would; the
    holder is killed when the test ends (its lock goes with it)."""
    import subprocess
    import sys

    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'w'); "
         "fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(index_dir / ".lock")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield index_dir, holder
    finally:
        holder.kill()
        holder.wait()
