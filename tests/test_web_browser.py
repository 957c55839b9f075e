"""The web app in a real browser: Debian's Chromium driven by Playwright, over a live server.

Queries of every kind typed into the box, a term link followed, the reader's pop-ups on hover
and focus, dictionary glosses of selected text and of a paragraph, the widget used with the
keyboard from a page on another origin, hostile documents kept inert, zero axe-core violations,
and screenshots (desktop and phone) in tests/screenshots/.
"""
from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2023-dongguan-liaobu-government-work-report.txt"
REPORTS = Path(__file__).resolve().parent / "browser" / "reports"
AXE = Path(__file__).resolve().parent / "browser" / "vendor" / "axe.min.js"
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SEED_DOC = "2023-dongguan-liaobu-government-work-report"
SHUANGWAN = f"{SEED_DOC}:g01"
SANQU = f"{SEED_DOC}:g05"

from playwright import sync_api as playwright_api  # noqa: E402 - a test dependency in pyproject


class Server:
    """A WSGI app on a free 127.0.0.1 port in a thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.httpd = make_server("127.0.0.1", 0, app, threaded=True)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()


def host_page_app(termsearch_origin: str):
    """Another site: the demo host page, under its own strict CSP that allows only termsearch."""
    demo = (ROOT / "web" / "widget" / "demo.html").read_text(encoding="utf-8")
    html = demo.replace("http://127.0.0.1:8000", termsearch_origin).encode()
    csp = (f"default-src 'none'; script-src {termsearch_origin}; connect-src {termsearch_origin}; "
           f"style-src {termsearch_origin}; img-src 'self'")

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/favicon.ico":
            start_response("204 No Content", [])
            return [b""]
        if environ["PATH_INFO"] != "/":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Security-Policy", csp)])
        return [html]
    return app


DAMAGED_REPORT = """2024年受損示例鎮政府工作報告
一、工作回顧
推進“標準化”建設，完善管理。
名詞注解：
“標準化”：指最嚴謹〓準的管理方式。
"""


@pytest.fixture(scope="module")
def web_index(tmp_path_factory):
    from termsearch.index_build import build

    index_dir = tmp_path_factory.mktemp("web-index")
    damaged = index_dir.parent / "damaged.txt"         # a definition with text lost in the source
    damaged.write_text(DAMAGED_REPORT, encoding="utf-8")
    build([SEED, REPORTS, damaged], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def servers(web_index):
    from termsearch.app import create_app

    app = Server(create_app(web_index))
    host = Server(host_page_app(app.origin))
    yield app.origin, host.origin
    host.close()
    app.close()


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        # A failure, not a skip: a browser test that did not run must not look like a pass.
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Console errors (CSP violations included) and dialogs (alert() from a document) on a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def check(self):
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.watch = Watch(page)
    yield page
    context.close()


def term_path(term_id: str) -> str:
    return "/terms/" + quote(term_id, safe=":")


def run_axe(page) -> list[dict]:
    # page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.html)}));
    }""")
    return result


# ----------------------------------------------------------------------------- search

QUERIES = [
    ("雙萬", "雙萬", "characters"),                   # Traditional
    ("双万", "雙萬", "characters"),                   # Simplified
    ("shuang wan", "雙萬", "pinyin"),                 # toneless pinyin
    ("shuāng wàn", "雙萬", "pinyin"),                 # tone marks
    ("shuang1wan4", "雙萬", "pinyin"),                # tone numbers
    ("sqsx", "三區三線", "initials"),                 # initials
    ("双wan", "雙萬", "mixed"),                       # characters and pinyin
    ("xue qian jiao yu 5080", "學前教育5080", "pinyin"),
]


def test_typing_each_kind_of_query_finds_the_term_and_marked_paragraphs(page, servers):
    origin, _ = servers
    for typed, headword, kind in QUERIES:
        page.goto(origin + "/")
        box = page.locator("#q")
        box.click()
        box.press_sequentially(typed, delay=5)
        # Search-as-you-type: the combobox opens with suggestions, terms first.
        page.locator("#q-suggestions [role=option]").first.wait_for()
        assert box.get_attribute("aria-expanded") == "true", typed
        box.press("Enter")
        page.wait_for_url(re.compile(r"/\?q="))
        assert page.locator(".term-card .card-head").first.inner_text().strip() == headword, typed
        assert page.locator(".hit .snippet mark").count() >= 1, typed
        interpretation = page.locator(".interpretation").inner_text()
        assert interpretation.startswith("Searched as") and kind in interpretation.lower(), (typed, interpretation)
    page.watch.check()


def test_suggestion_chosen_with_arrows_and_enter_opens_the_term(page, servers):
    origin, _ = servers
    page.goto(origin + "/")
    box = page.locator("#q")
    box.press_sequentially("sanqu", delay=10)
    first = page.locator("#q-suggestions [role=option]").first
    # The suggestions for the first letters may come first (a loaded machine): wait for sanqu's.
    playwright_api.expect(first).to_contain_text("三區三線", timeout=15_000)
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(r"/terms/"))
    assert page.locator("h1").inner_text().strip() == "三區三線"
    page.watch.check()


def test_pinyin_reading_can_be_corrected_to_letters(page, servers):
    origin, _ = servers
    page.goto(origin + "/?q=shuangwan")
    link = page.get_by_role("link", name=re.compile("search the letters"))
    link.click()
    page.wait_for_url(re.compile(r"q=%22shuangwan%22"))
    assert page.locator("#q").input_value() == '"shuangwan"'
    assert "phrase" in page.locator(".interpretation").inner_text().lower()
    page.watch.check()


def test_slash_and_ctrl_k_focus_the_search_box(page, servers):
    origin, _ = servers
    page.goto(origin + term_path(SANQU))
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q-header"
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "q-header"


# ----------------------------------------------------------------------------- terms and reader

def test_term_link_leads_to_the_term_page_and_a_use_to_the_paragraph(page, servers):
    origin, _ = servers
    page.goto(origin + "/?q=" + quote("三區三線"))
    page.locator(".term-card .card-head a").first.click()
    page.wait_for_url(re.compile(r"/terms/"))
    assert page.locator("h1").inner_text().strip() == "三區三線"
    assert page.locator(".forms [lang=zh-Hans]").inner_text() == "三区三线"
    assert page.locator(".term-pinyin").inner_text() == "sān qū sān xiàn"
    # The small report defines the same term: named as such, not listed as a related term.
    assert "示例鎮 2024 · 政府工作報告" in page.locator(".concept .other-where").first.inner_text()   # its display title
    assert "三區三線" not in page.locator(".term-side .chips").first.inner_text()
    page.locator(".kwic-line").first.click()
    page.wait_for_url(re.compile(r"/documents/.+#p-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert "三區三線" in page.locator(f"#{anchor}").inner_text()
    page.watch.check()


def test_reader_shows_the_definition_on_hover_and_on_focus(page, servers):
    origin, _ = servers
    page.goto(origin + f"/documents/{SEED_DOC}")
    wrap = page.locator(".term-wrap").first
    tip = wrap.locator(".tip")
    assert not tip.is_visible()
    wrap.locator("a.term").hover()
    tip.wait_for(state="visible")
    assert "指" in tip.inner_text()
    page.mouse.move(2, 2)
    tip.wait_for(state="hidden")
    # Keyboard: tab to the link; its tooltip shows and describes it; Escape dismisses it.
    link = wrap.locator("a.term")
    link.focus()
    tip.wait_for(state="visible")
    described = link.get_attribute("aria-describedby")
    assert tip.get_attribute("id") == described and tip.get_attribute("role") == "tooltip"
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    # Damaged spans are marked, with a label for screen readers.
    damaged = page.locator(".reader-text .damaged").first
    assert "damaged text" in damaged.text_content()
    page.watch.check()


def test_script_toggle_and_ruby_pinyin(page, servers):
    origin, _ = servers
    page.goto(origin + term_path(SANQU))
    page.locator(".display-bar").get_by_role("link", name="简体").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "三区三线"
    assert page.locator("h1 [lang]").first.get_attribute("lang") == "zh-Hans"
    page.locator(".display-bar .toggle").click()
    page.wait_for_load_state()
    assert page.locator(".def-text ruby").count() > 10
    assert page.locator(".def-text ruby rt").first.inner_text() == "zhǐ"
    page.locator(".display-bar").get_by_role("link", name="As written").click()
    page.locator(".display-bar .toggle").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "三區三線"
    assert page.locator("ruby").count() == 0
    page.watch.check()


def test_glossary_letter_bar_jumps_to_a_letter(page, servers):
    origin, _ = servers
    page.goto(origin + "/glossary")
    page.locator(".letter-bar a", has_text="S").click()
    assert page.url.endswith("#g-S")
    heads = page.locator("#g-S ~ ul .gloss-head a").all_inner_texts()
    assert "三區三線" in heads
    page.watch.check()


def test_hostile_documents_stay_inert_in_every_view(page, servers):
    origin, host = servers
    for path in ["/?q=" + quote("惡意"), "/?q=" + quote("雙萬"), "/documents/hostile", "/documents/links",
                 "/terms/hostile:g01", "/glossary", "/documents"]:
        page.goto(origin + path)
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
    page.goto(origin + "/documents/hostile")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()     # shown as text
    page.watch.check()


# ----------------------------------------------------------------------------- dictionary glosses

def select_start_of(page, selector: str, characters: int) -> None:
    """Select the first characters of an element's first text, as a mouse drag would."""
    page.evaluate("""([selector, n]) => {
        const text = document.querySelector(selector).firstChild;
        const range = document.createRange();
        range.setStart(text, 0);
        range.setEnd(text, n);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""", [selector, characters])


def test_selected_text_in_the_reader_shows_its_words_in_a_popover(page, servers):
    origin, _ = servers
    page.goto(origin + f"/documents/{SEED_DOC}")
    pop = page.locator("aside.gloss-pop")
    assert not pop.is_visible()
    page.evaluate("document.querySelector('#p-6').scrollIntoView()")
    select_start_of(page, "#p-6 p", 2)                        # 現在
    pop.wait_for(state="visible")
    entry = pop.locator(".dict-entry").first
    assert entry.locator(".dict-word").inner_text() == "現在"
    assert entry.locator(".dict-pinyin").inner_text() == "xiàn zài"
    assert entry.locator(".dict-senses").inner_text().startswith("now")
    assert pop.get_attribute("aria-label") == "Dictionary for the selected text"
    assert "現在, xiàn zài, now" in page.locator("main [role=status]").last.text_content()
    # Extend the selection as Shift+→ does: the popover follows, one word per dictionary word.
    page.evaluate("() => { for (let i = 0; i < 9; i++) getSelection().modify('extend', 'forward', 'character'); }")
    pop.locator(".dict-entry").nth(4).wait_for()      # (wait_for_function evaluates a string: the CSP forbids it)
    assert pop.locator(".dict-word").all_inner_texts() == ["現在", "我", "代表", "鎮", "人民政府"]
    # Just under the selected line (above it when there is no room below), never over it.
    box = pop.bounding_box()
    selected = page.evaluate("(({top, bottom, left}) => ({top, bottom, left}))(getSelection().getRangeAt(0).getBoundingClientRect())")
    assert 0 < box["y"] - selected["bottom"] < 20 and abs(box["x"] - selected["left"]) < 2
    assert run_axe(page) == []
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    # A selection outside paragraphs and snippets shows nothing.
    select_start_of(page, "h1", 4)
    page.wait_for_timeout(400)
    assert not pop.is_visible()
    page.watch.check()


def test_selected_text_in_a_search_hit_shows_its_words(page, servers):
    origin, _ = servers
    page.goto(origin + "/?q=" + quote("人民政府"))
    page.evaluate("""() => {
        const snippet = document.querySelector('.hit .snippet');
        const range = document.createRange();
        range.selectNodeContents(snippet.querySelector('mark'));
        getSelection().addRange(range);
    }""")
    pop = page.locator("aside.gloss-pop")
    pop.wait_for(state="visible")
    assert pop.locator(".dict-word").first.inner_text() == "人民政府"
    assert "people's government" in pop.inner_text()
    page.watch.check()


def test_paragraph_dictionary_with_the_keyboard(page, servers):
    origin, _ = servers
    page.goto(origin + f"/documents/{SEED_DOC}")
    toggle = page.locator("#p-6 .dict-toggle")
    assert toggle.evaluate("b => b.tagName") == "BUTTON"       # the no-JavaScript link, enhanced
    assert toggle.get_attribute("aria-expanded") == "false"
    page.locator("#p-6 .para-link").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Dictionary for paragraph 6"
    assert toggle.evaluate("b => getComputedStyle(b).opacity") == "1"           # shown on focus
    page.keyboard.press("Enter")
    panel = page.locator("#dict-p-6")
    panel.locator(".dict-entry").first.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true" and toggle.get_attribute("aria-controls") == "dict-p-6"
    words = panel.locator(".dict-word").all_inner_texts()
    assert words[:3] == ["現在", "我", "代表"] and len(words) == len(set(words)) > 8
    assert "xiàn zài" in panel.inner_text()
    assert panel.locator("ul").get_attribute("aria-label") == "Dictionary for paragraph 6"
    assert run_axe(page) == []
    page.keyboard.press(" ")
    panel.wait_for(state="hidden")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    page.watch.check()


def test_a_long_paragraph_is_glossed_in_pieces(page, servers):
    origin, _ = servers
    page.goto(origin + f"/documents/{SEED_DOC}")
    longest = page.evaluate("""() => [...document.querySelectorAll('.para')]
        .sort((a, b) => b.querySelector('p').textContent.length - a.querySelector('p').textContent.length)[0].id""")
    assert page.locator(f"#{longest} p").evaluate("p => p.textContent.length") > 500
    page.locator(f"#{longest} .dict-toggle").click()
    entries = page.locator(f"#dict-{longest} .dict-entry")
    entries.first.wait_for()
    assert entries.count() > 100
    page.watch.check()


def test_dictionary_works_without_javascript(browser, servers):
    origin, _ = servers
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + f"/documents/{SEED_DOC}")
        page.locator("#p-6 a.dict-toggle").click()
        page.wait_for_url(re.compile(r"\?gloss=6#p-6$"))
        assert page.locator("#p-6 a.dict-toggle").get_attribute("aria-expanded") == "true"
        assert "xiàn zài" in page.locator("#dict-p-6").inner_text()
        page.locator("#p-6 a.dict-toggle").click()
        page.wait_for_url(re.compile(r"/documents/[^?]+#p-6$"))
        assert page.locator("#dict-p-6").count() == 0
        page.goto(origin + "/?q=shuangwan")
        page.locator("#hit-1 a.dict-toggle").click()
        page.wait_for_url(re.compile(r"gloss=1#hit-1$"))
        assert page.locator("#dict-hit-1 .dict-entry").count() > 3
    finally:
        context.close()


# ----------------------------------------------------------------------------- widget

def widget_input(page):
    return page.locator("[data-termsearch] >> input")


def test_widget_from_another_origin_works_with_the_keyboard(page, servers):
    origin, host = servers
    page.goto(host + "/")
    page.locator("[data-termsearch] >> input").wait_for()
    page.locator("h1").click()
    page.keyboard.press("/")
    active = page.evaluate("document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement.id")
    assert active == "i"
    page.keyboard.type("雙萬", delay=20)
    listbox = page.locator("[data-termsearch] >> [role=listbox]")
    page.locator("[data-termsearch] >> [role=option]").first.wait_for()
    box = widget_input(page)
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").first.text_content().startswith("Term 双万")   # a Simplified page
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "o0"
    page.keyboard.press("Escape")
    assert not listbox.is_visible()
    page.keyboard.press("ArrowDown")
    page.locator("[data-termsearch] >> [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(origin + term_path(SHUANGWAN).replace(":", "%3A"))
    assert page.locator("h1").inner_text().strip() == "雙萬"
    page.watch.check()


def test_widget_ctrl_k_and_isolation_from_host_styles(page, servers):
    _, host = servers
    page.goto(host + "/")
    page.locator("[data-termsearch] >> input").wait_for()
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.hasAttribute('data-termsearch')")
    # The host page styles every input with a lime dashed border, !important; not ours.
    style = page.evaluate("""() => { const i = document.querySelector('[data-termsearch]').shadowRoot.querySelector('input');
        const s = getComputedStyle(i); return [s.borderTopStyle, s.borderTopColor]; }""")
    assert style[0] != "dashed" and "0, 255, 0" not in style[1]
    assert page.evaluate("Object.keys(window).filter(k => /termsearch/i.test(k))") == ["Termsearch"]
    page.watch.check()


def test_widget_marks_terms_in_the_host_text_with_popups(page, servers):
    _, host = servers
    page.goto(host + "/")
    marks = page.locator("[data-termsearch-term]")
    marks.first.wait_for()
    texts = marks.all_inner_texts()
    assert "双万" in texts and "三区三线" in texts      # the host writes Simplified; the glossary Traditional
    assert not any("<" in t for t in texts)
    assert page.locator("pre [data-termsearch-term]").count() == 0
    popup = page.locator("[data-termsearch-popup] >> .pop")
    marks.filter(has_text="双万").first.hover()
    popup.wait_for(state="visible")
    assert "东莞" in popup.inner_text()          # the host page is Simplified (lang="zh-Hans")
    page.mouse.move(2, 2)
    popup.wait_for(state="hidden")
    first = marks.filter(has_text="三区三线").first
    first.focus()
    popup.wait_for(state="visible")
    assert "城镇空间" in popup.inner_text()
    described = first.get_attribute("aria-describedby")
    assert "城镇空间" in page.locator(f"#{described}").text_content()
    page.keyboard.press("Escape")
    popup.wait_for(state="hidden")
    page.watch.check()


def test_widget_gives_a_terms_english_with_its_confidence_as_the_term_card_does(page, servers):
    origin, host = servers
    terms = {t["term"].strip("“”"): t for t in page.request.get(origin + "/api/terms").json()["terms"]}
    official, literal = terms["三區三線"]["english"][0], terms["標準化"]["english"][0]
    assert official["confidence"] == "official" and literal["confidence"] == "literal"
    page.goto(host + "/")
    marks = page.locator("[data-termsearch-term]")
    marks.first.wait_for()
    popup = page.locator("[data-termsearch-popup] >> .pop")
    mark = marks.filter(has_text="三区三线").first
    mark.hover()
    popup.wait_for(state="visible")
    assert popup.locator(".e").text_content() == official["text"] + "official"
    described = page.locator("#" + mark.get_attribute("aria-describedby")).text_content()
    assert f"English: {official['text']} (official)" in described
    # A term whose only English is a literal gloss says so, in the pop-up and to a screen reader.
    added = page.evaluate("""() => { const p = document.createElement('p');
        p.textContent = '推进标准化建设'; document.body.appendChild(p); return Termsearch.markTerms(p); }""")
    assert added == 1
    page.mouse.move(2, 2)
    popup.wait_for(state="hidden")
    mark = marks.filter(has_text="标准化").first
    mark.hover()
    popup.wait_for(state="visible")
    assert popup.locator(".e").text_content() == literal["text"] + "literal gloss, not a translation"
    described = page.locator("#" + mark.get_attribute("aria-describedby")).text_content()
    assert f"English: {literal['text']} (literal gloss, not a translation)" in described
    # The dropdown's term row says the same.
    box = widget_input(page)
    box.fill("三区三线")
    row = page.locator("[data-termsearch] >> [role=option]").first
    row.wait_for()
    assert row.locator(".e").text_content() == official["text"] + "official"
    # ... and names the report whose definition it is (several reports may define one headword).
    shown = page.request.get(origin + "/api/search?q=三区三线&limit=5&script=hans").json()["terms"][0]
    source = shown["source"]["document"]
    documents = page.request.get(origin + "/api/documents?script=hans").json()["documents"]
    title = next(d["display_title"] for d in documents if d["id"] == source)
    assert row.locator(".o").text_content() == "Defined by " + title
    page.watch.check()


def test_widget_demo_on_termsearch_itself_runs_under_the_strict_page_csp(page, servers):
    origin, _ = servers
    page.goto(origin + "/widget/demo")
    box = widget_input(page)
    box.click()
    box.press_sequentially("sqsx", delay=5)
    page.locator("[data-termsearch] >> [role=option]").first.wait_for()
    assert page.locator("[data-termsearch-term]").count() > 3
    page.watch.check()                  # a blocked style or script would be a console error


def test_widget_keeps_hostile_snippets_as_text(page, servers):
    _, host = servers
    page.goto(host + "/")
    box = widget_input(page)
    box.click()
    box.press_sequentially("惡意", delay=10)
    page.locator("[data-termsearch] >> [role=option]").first.wait_for()
    page.locator("[data-termsearch] >> text=/alert/").first.wait_for()
    assert page.evaluate("document.querySelector('[data-termsearch]').shadowRoot.querySelectorAll('img, script').length") == 0
    page.watch.check()


# ----------------------------------------------------------------------------- accessibility

AXE_PAGES = [
    "/",                                            # search page, empty
    "/?q=shuangwan",                                # search page with a term card and hits
    term_path(SANQU),                               # a term page
    f"/documents/{SEED_DOC}",                       # the reader
    f"/documents/{SEED_DOC}?q=" + quote("雙萬"),    # the reader with matches marked
    "/glossary",                                    # the glossary index
    "/documents",
    "/no-such-page",
    f"/documents/{SEED_DOC}?gloss=7",               # the reader with a paragraph's dictionary open
    "/?q=shuangwan&gloss=1",                        # a search hit's dictionary open
    "/terms/damaged:g01",                           # a definition with illegible text marked
]


def test_no_axe_violations_on_any_page(page, servers):
    origin, _ = servers
    found = {}
    for path in AXE_PAGES:
        page.goto(origin + path)
        violations = run_axe(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_no_axe_violations_with_simplified_script_and_ruby(page, servers):
    origin, _ = servers
    page.goto(origin + "/prefs?script=hans&ruby=1&next=" + quote(term_path(SANQU)))
    assert page.locator("ruby").count() > 0
    assert run_axe(page) == []
    page.goto(origin + "/?q=" + quote("双万"))
    assert run_axe(page) == []


def test_no_axe_violations_on_the_widget_host_page_with_the_dropdown_open(page, servers):
    _, host = servers
    page.goto(host + "/")
    box = widget_input(page)
    box.click()
    box.press_sequentially("sqsx", delay=10)
    page.locator("[data-termsearch] >> [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.locator("[data-termsearch-term]").first.wait_for()
    assert run_axe(page) == []


# ----------------------------------------------------------------------------- screenshots

@pytest.mark.parametrize("size, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots(browser, servers, size, viewport):
    origin, host = servers
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(5000)
    watch = Watch(page)
    try:
        page.goto(origin + "/")
        page.screenshot(path=SHOTS / f"home-{size}.png")
        page.goto(origin + "/?q=shuangwan")
        page.screenshot(path=SHOTS / f"search-{size}.png")
        page.goto(origin + "/?q=" + quote("三區三線"))
        page.screenshot(path=SHOTS / f"search-terms-{size}.png", full_page=True)
        page.goto(origin + term_path(SANQU))
        page.screenshot(path=SHOTS / f"term-{size}.png", full_page=True)
        page.goto(origin + f"/documents/{SEED_DOC}#p-7")
        page.locator("#p-7 a.term").first.hover()
        page.locator("#p-7 .tip").first.wait_for(state="visible")
        page.screenshot(path=SHOTS / f"reader-{size}.png")
        page.evaluate("document.querySelector('#p-6').scrollIntoView()")
        select_start_of(page, "#p-6 p", 11)
        page.locator(".gloss-pop .dict-entry").nth(4).wait_for()
        page.screenshot(path=SHOTS / f"reader-gloss-{size}.png")
        page.keyboard.press("Escape")
        if size == "phone":             # one Dictionary control for the paragraph at the top
            page.evaluate("window.scrollTo(0, document.querySelector('#p-6').getBoundingClientRect().top + scrollY - 70)")
            page.locator(".dict-one").click()
        else:
            page.locator("#p-6 .dict-toggle").click()
        page.locator("#dict-p-6 .dict-entry").first.wait_for()
        page.screenshot(path=SHOTS / f"reader-dictionary-{size}.png")
        page.goto(origin + "/glossary")
        page.screenshot(path=SHOTS / f"glossary-{size}.png")
        page.goto(origin + "/prefs?script=hans&ruby=1&next=" + quote("/?q=" + quote("雙萬")))
        page.screenshot(path=SHOTS / f"search-simplified-ruby-{size}.png")
        page.goto(origin + "/prefs?script=orig&ruby=0&next=/")
        page.goto(host + "/")
        box = widget_input(page)
        box.click()
        box.press_sequentially("雙萬", delay=10)
        page.locator("[data-termsearch] >> [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.screenshot(path=SHOTS / f"widget-{size}.png")
        page.keyboard.press("Escape")
        page.locator("[data-termsearch-term]", has_text="三区三线").first.hover()
        page.locator("[data-termsearch-popup] >> .pop").wait_for(state="visible")
        page.screenshot(path=SHOTS / f"widget-popup-{size}.png")
        watch.check()
    finally:
        context.close()
    for name in ["search", "term", "reader", "reader-gloss", "reader-dictionary", "widget"]:
        assert (SHOTS / f"{name}-{size}.png").stat().st_size > 10_000



# ----------------------------------------------------------------------------- as a new user expects (issue 16)

SMALL_PHONE = {"width": 375, "height": 740}


def display_titles(origin: str, script: str = "orig") -> set[str]:
    """What a page may call the documents: their display titles (or titles) from the API."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{origin}/api/documents?script={script}") as answer:
        documents = json.load(answer)["documents"]
    return {d.get("display_title") or d["title"] for d in documents}


def test_results_appear_as_you_type_and_enter_still_loads_the_page(page, servers):
    origin, _ = servers
    page.goto(origin + "/")
    examples = page.locator(".examples")
    assert examples.is_visible()
    box = page.locator("#q")
    box.press_sequentially("shuang wan", delay=20)
    live = page.locator("#live-results")
    live.locator(".term-card .card-head").first.wait_for()
    assert live.locator(".term-card .card-head").first.inner_text() == "雙萬"
    assert live.locator(".hit .snippet mark").count() >= 1
    assert live.locator(".hit-link").first.inner_text() in display_titles(origin)    # a title, not an id
    assert page.url == origin + "/"                                     # no page load
    assert not examples.is_visible()
    assert "glossary term" in page.locator(".hero [role=status]").last.text_content()
    assert run_axe(page) == []
    box.fill("")
    box.dispatch_event("input")
    examples.wait_for(state="visible")
    assert not live.is_visible()
    box.press_sequentially("sqsx", delay=20)
    live.locator(".term-card").first.wait_for()
    page.keyboard.press("Escape")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/\?q=sqsx"))
    assert page.locator(".term-card .card-head").first.inner_text().strip() == "三區三線"
    page.watch.check()


def test_results_as_you_type_follow_the_display_script(page, servers):
    origin, _ = servers
    page.goto(origin + "/prefs?script=hans&next=/")
    page.locator("#q").press_sequentially("雙萬", delay=20)
    page.locator("#live-results .term-card").first.wait_for()
    assert page.locator("#live-results .term-card .card-head").first.inner_text() == "双万"
    assert "东莞" in page.locator("#live-results .hit .snippet").first.inner_text()
    page.watch.check()


def test_english_typed_suggests_the_term_it_renders(page, servers):
    origin, _ = servers
    page.goto(origin + "/")
    page.locator("#q").press_sequentially("zero waste", delay=20)
    first = page.locator("#q-suggestions [role=option]").first
    # Those of `z` may be shown first (a loaded machine): wait for those of the whole English.
    playwright_api.expect(first).to_contain_text("無廢城市", timeout=15_000)
    assert "zero-waste city" in first.inner_text()
    page.watch.check()


def test_an_over_long_query_stays_in_the_box_on_its_400_page(page, servers):
    origin, _ = servers
    typed = "雙萬" * 300
    response = page.goto(origin + "/?q=" + quote(typed))
    assert response.status == 400
    assert page.locator("#q-header").input_value() == typed
    assert "the limit is 512" in page.locator("main").inner_text()
    page.goto(origin + "/")
    assert page.locator("#q").get_attribute("maxlength") == "512"
    page.locator("#q").fill("y" * 506)
    page.locator("#q").press_sequentially("z" * 10, delay=0)        # typing stops at the server's limit
    assert page.locator("#q").input_value() == "y" * 506 + "z" * 6


def test_illegible_text_in_a_definition_is_explained_on_the_term_and_glossary_pages(page, servers):
    origin, _ = servers
    for path in ["/terms/damaged:g01", "/glossary"]:
        page.goto(origin + path)
        mark = page.locator(".damaged.illegible").first
        assert mark.is_visible()
        assert "Illegible in the source" in mark.get_attribute("title")
        assert "illegible text in the source" in mark.text_content()
        mark.hover()
    assert run_axe(page) == []
    page.watch.check()


def test_uses_in_context_are_cut_at_a_whole_character_with_an_ellipsis(page, servers):
    origin, _ = servers
    page.goto(origin + term_path(SHUANGWAN))
    cut = page.evaluate("""() => [...document.querySelectorAll('.kwic-before')]
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => { const s = getComputedStyle(e); return [s.textOverflow, s.direction]; })""")
    assert cut, "expected a long left context on this page"
    assert all(c == ["ellipsis", "rtl"] for c in cut)
    # The text itself still reads left to right: its first characters are where they were.
    inner = page.locator(".kwic-before > span").first
    assert inner.evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.watch.check()


def test_copy_buttons_put_the_term_its_pinyin_and_its_english_on_the_clipboard(browser, servers):
    origin, _ = servers
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + term_path(SANQU))
        expected = {"Copy term": "三區三線", "Copy pinyin": "sān qū sān xiàn"}
        english = page.evaluate("document.querySelector('.rendering-text').firstChild.textContent.trim()")
        expected["Copy English"] = english
        for label, value in expected.items():
            page.get_by_role("button", name=f"{label} ({value})", exact=True).click()
            assert page.evaluate("navigator.clipboard.readText()") == value, label
        assert "Copied the English" in page.locator("main [role=status]").last.text_content()
        assert run_axe(page) == []
    finally:
        context.close()


FAKE_SPEECH = """(() => {
  const voices = %s;
  window.__spoken = [];
  const synth = {
    getVoices: () => voices, speak: (u) => window.__spoken.push([u.text, u.lang, u.voice && u.voice.lang]),
    cancel: () => {}, addEventListener: () => {}, speaking: false,
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
})();"""


@pytest.mark.parametrize("voices, offered", [
    ('[{"lang": "en-US", "name": "English"}, {"lang": "zh-CN", "name": "Mandarin"}]', True),
    ('[{"lang": "en-US", "name": "English"}]', False),               # no Chinese voice: not offered
])
def test_a_term_can_be_heard_where_the_browser_has_a_chinese_voice(browser, servers, voices, offered):
    origin, _ = servers
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(FAKE_SPEECH % voices)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + term_path(SANQU))
        listen = page.get_by_role("button", name=re.compile("^Listen to"))
        assert listen.count() == (1 if offered else 0)
        if offered:
            listen.click()
            assert page.evaluate("window.__spoken") == [["三区三线", "zh-CN", "zh-CN"]]
    finally:
        context.close()


def test_widget_hits_name_their_report_and_the_all_results_row_stays_in_view(page, servers):
    origin, host = servers
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(host + "/")
    box = widget_input(page)
    box.click()
    box.press_sequentially("發展", delay=10)
    options = page.locator("[data-termsearch] >> [role=option]")
    options.last.wait_for()
    metas = page.locator("[data-termsearch] >> .m").all_inner_texts()
    titles = display_titles(origin, "hans")             # the host page is Simplified
    assert metas and all(any(m.startswith(t + " · ") for t in titles) for m in metas), (metas, titles)
    assert not any(SEED_DOC in m for m in metas)
    illegible = page.locator("[data-termsearch] >> .d .x").first       # 专精特新 lost a character
    assert "Illegible in the source" in illegible.get_attribute("title")
    assert "illegible text in the source" in illegible.text_content()
    last = options.last
    assert re.match(r"All \d+ results for “發展”", last.inner_text())
    listbox = page.locator("[data-termsearch] >> [role=listbox]").bounding_box()
    row = last.bounding_box()
    assert listbox["y"] <= row["y"] and row["y"] + row["height"] <= listbox["y"] + listbox["height"] + 1
    assert page.evaluate("document.querySelector('[data-termsearch]').shadowRoot.querySelector('ul').scrollHeight > "
                         "document.querySelector('[data-termsearch]').shadowRoot.querySelector('ul').clientHeight")
    page.watch.check()


def test_phone_ruby_is_readable_said_once_and_the_reader_has_one_dictionary(browser, servers):
    origin, _ = servers
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + "/prefs?ruby=1&next=/glossary")
        sizes = page.evaluate("[...document.querySelectorAll('rt')].slice(0, 50).map(r => parseFloat(getComputedStyle(r).fontSize))")
        assert sizes and min(sizes) >= 11
        assert not page.locator(".gloss-head .pinyin").first.is_visible()       # the ruby says it already
        page.goto(origin + "/prefs?ruby=0&next=" + quote(f"/documents/{SEED_DOC}"))
        visible = page.evaluate("[...document.querySelectorAll('.dict-toggle, .dict-one')].filter(e => e.offsetParent || getComputedStyle(e).position === 'fixed' && !e.hidden).length")
        assert visible == 1
        page.evaluate("window.scrollTo(0, document.querySelector('#p-7').getBoundingClientRect().top + scrollY - 70)")
        page.get_by_role("button", name="Dictionary for the paragraph at the top of the screen").click()
        page.locator("#dict-p-7 .dict-entry").first.wait_for()
        page.goto(origin + "/")
        fits = page.evaluate("""() => { const i = document.querySelector('#q'), s = getComputedStyle(i);
            const c = document.createElement('canvas').getContext('2d'); c.font = s.font;
            const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return c.measureText(i.placeholder).width <= room; }""")
        assert fits
        page.goto(origin + "/documents")
        assert not re.search(r"\b1 sections\b", page.locator("main").inner_text())
    finally:
        context.close()


@pytest.mark.parametrize("size, viewport", [("375", SMALL_PHONE), ("1280", DESKTOP)])
def test_issue_16_screenshots(browser, servers, size, viewport):
    """Pages this issue changed, at 375 and 1280 px wide, in tests/screenshots/ to look at."""
    origin, host = servers
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + "/")
        page.locator("#q").press_sequentially("shuang wan", delay=10)
        page.locator("#live-results .term-card").first.wait_for()
        page.keyboard.press("Escape")
        page.screenshot(path=SHOTS / f"live-results-{size}.png")
        page.goto(origin + "/terms/damaged:g01")
        page.screenshot(path=SHOTS / f"term-damaged-{size}.png")
        page.goto(origin + term_path(SHUANGWAN))
        page.screenshot(path=SHOTS / f"term-kwic-{size}.png", full_page=True)
        page.goto(origin + "/prefs?ruby=1&next=/glossary")
        page.screenshot(path=SHOTS / f"glossary-ruby-{size}.png")
        page.goto(origin + "/prefs?ruby=0&next=" + quote(f"/documents/{SEED_DOC}"))
        page.screenshot(path=SHOTS / f"reader-one-dictionary-{size}.png")
        page.goto(origin + "/documents")
        page.screenshot(path=SHOTS / f"documents-{size}.png")
        page.goto(origin + "/?q=" + quote("雙萬" * 150))
        page.screenshot(path=SHOTS / f"too-long-{size}.png")
        page.goto(host + "/")
        box = widget_input(page)
        box.click()
        box.press_sequentially("發展", delay=10)
        page.locator("[data-termsearch] >> [role=option]").last.wait_for()
        page.screenshot(path=SHOTS / f"widget-hits-{size}.png")
    finally:
        context.close()


def test_results_as_you_type_say_which_part_no_paragraph_holds(page, servers):
    """雙萬 is in the seed, 宪法 in no report here: the live results say so and show 雙萬's
    paragraphs, with a link to search 雙萬 alone."""
    origin, _ = servers
    page.goto(origin + "/")
    page.locator("#q").press_sequentially("雙萬 宪法", delay=20)
    said = page.locator("#live-results .correction a", has_text="No paragraph has “宪法”")
    said.wait_for()
    assert "showing the paragraphs of “雙萬”" in said.inner_text()
    assert page.locator("#live-results .hit .snippet mark").count() >= 1
    said.click()
    page.wait_for_url(re.compile(r"/\?q=%E9%9B%99%E8%90%AC$"))
    page.watch.check()


def test_timeline_chart_on_a_phone_keeps_its_years_legible_and_scrolls_inside_itself(browser, servers):
    # Shrunk to a phone's width, the 720-unit chart printed its years and scale at 5 px.
    origin, _ = servers
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(origin + "/timeline?q=" + quote("雙萬"))
        heights = page.evaluate("[...document.querySelectorAll('svg.chart text')].map(t => t.getBoundingClientRect().height)")
        assert heights and min(heights) >= 9
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        scroller = page.locator(".chart-scroll")
        assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")      # the chart alone scrolls
        scroller.focus()
        page.keyboard.press("ArrowRight")
        for _ in range(20):                                                  # by keyboard too
            if scroller.evaluate("e => e.scrollLeft") > 0:
                break
            page.wait_for_timeout(100)
        assert scroller.evaluate("e => e.scrollLeft") > 0
        assert run_axe(page) == []
    finally:
        context.close()


def test_a_long_query_echoed_in_the_widget_and_the_live_results_is_cut_and_stays_in_its_box(page, servers):
    origin, host = servers
    typed = "x" * 200                                   # pasted, not a word of any report
    page.goto(host + "/")
    box = widget_input(page)
    box.click()
    box.fill(typed)
    last = page.locator("[data-termsearch] >> [role=option]").last
    last.wait_for()
    assert last.inner_text().startswith("No paragraph matches “" + "x" * 40 + "…”")
    listbox = page.locator("[data-termsearch] >> [role=listbox]").bounding_box()
    row = last.bounding_box()
    assert row["x"] + row["width"] <= listbox["x"] + listbox["width"] + 1
    assert last.evaluate("e => e.scrollWidth <= e.clientWidth")
    page.goto(origin + "/")
    page.locator("#q").fill(typed)
    empty = page.locator("#live-results .empty")
    empty.wait_for()
    assert empty.inner_text() == "No paragraph matches “" + "x" * 40 + "…” yet."
    page.watch.check()
