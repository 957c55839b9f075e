"""Server-rendered pages: search, term, reader, glossary, dictionary lists; escaping of hostile
documents and queries, CSP and security headers, display preferences, errors as pages (never a 500)."""
from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest

SEED_DOC = "2023-dongguan-liaobu-government-work-report"


def page(client, url: str, status: int = 200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.data[:500])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


PAGES = ["/", "/?q=" + quote("雙萬"), "/?q=" + quote("惡意"), "/?q=shuangwan", "/?q=sqsx",
         "/terms/small:g01", "/terms/hostile:g01", "/documents", "/documents/small", "/documents/hostile",
         "/documents/links", "/documents/" + quote("简体报告"), "/glossary", "/no-such-page",
         "/?q=" + quote('"><img src=x onerror=alert(1)>'), "/?q=" + quote("<script>alert(1)</script>"),
         "/documents/hostile?gloss=1", "/documents/small?gloss=2", "/?q=" + quote("惡意") + "&gloss=1"]


# ----------------------------------------------------------------------------- escaping and CSP

@pytest.mark.parametrize("url", PAGES)
def test_no_markup_from_documents_or_queries_reaches_a_page(client, url):
    body = page(client, url, status=404 if "no-such" in url else 200)
    assert "<script>alert" not in body
    assert "<img src=x" not in body.lower() and "<img src=\"x\"" not in body.lower()
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", body, re.I)
    # Every script is our own file; no inline script, no inline style (the CSP forbids both).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == []
    assert " style=" not in body and "<style" not in body
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), "duplicate ids"
    tags = re.sub(r'"[^"]*"', '""', " ".join(re.findall(r"<[a-z][^>]*>", body)))   # values dropped
    assert not re.search(r"\son[a-z]+\s*=", tags), "an event handler attribute"


def test_hostile_text_is_shown_as_text(client):
    body = page(client, "/documents/hostile")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in body or "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    term = page(client, "/terms/hostile:g01")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in term or "&lt;script&gt;alert(&quot;x&quot;)" in term


def test_a_query_is_escaped_where_it_is_echoed(client):
    body = page(client, "/?q=" + quote('"><img src=x onerror=alert(1)>'))
    assert 'value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in body
    assert "<title>&#34;&gt;&lt;img" in body


@pytest.mark.parametrize("url", ["/", "/glossary", "/terms/small:g01", "/documents/small", "/no-such-page"])
def test_pages_carry_a_strict_csp_and_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe" not in csp and "http" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_static_files_are_served_with_long_caching_when_versioned(client):
    body = page(client, "/")
    css = re.search(r'href="(/static/style\.css\?v=[^"]+)"', body).group(1)
    response = client.get(css)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/static/app.js").mimetype == "text/javascript"


def test_no_cdn_every_asset_is_local(client):
    for url in PAGES[:13]:
        body = client.get(url).get_data(as_text=True)
        assets = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]*)"', body)
        assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), (url, assets)


# ----------------------------------------------------------------------------- search page

def test_search_page_shows_term_cards_first_then_hits_with_marks(seed_client):
    body = page(seed_client, "/?q=shuangwan")
    assert body.index('class="term-card"') < body.index('class="hit"')
    assert '<mark>雙萬</mark>' in body
    assert "Searched as" in body and "shuang wan" in body and "双万" in body
    assert re.search(r"<strong>3</strong> paragraphs", body)
    # Correctable: search the letters instead, as a quoted phrase.
    assert 'href="/?q=%22shuangwan%22"' in body


def test_letters_searched_as_a_phrase_can_go_back_to_pinyin(seed_client):
    body = page(seed_client, "/?q=" + quote('"shuangwan"'))
    assert "read “shuangwan” as pinyin instead" in body
    assert 'href="/?q=shuangwan"' in body


@pytest.mark.parametrize("typed, headword", [("雙萬", "雙萬"), ("双万", "雙萬"), ("shuāng wàn", "雙萬"),
                                             ("sqsx", "三區三線"), ("双wan", "雙萬"), ("5080", "學前教育5080")])
def test_every_kind_of_query_gives_the_term_card(seed_client, typed, headword):
    body = page(seed_client, "/?q=" + quote(typed))
    card = re.search(r'<h3 class="card-head"><a href="([^"]+)"><span lang="[^"]+">([^<]+)</span>', body)
    assert card and card.group(2) == headword, typed
    assert card.group(1).startswith("/terms/" + SEED_DOC + ":g")


def test_hit_links_go_to_the_paragraph_in_the_reader_with_the_query(seed_client):
    body = page(seed_client, "/?q=" + quote("三區三線"))
    links = re.findall(r'class="hit-link" href="([^"]+)"', body)
    assert f"/documents/{SEED_DOC}?q=%E4%B8%89%E5%8D%80%E4%B8%89%E7%B7%9A#p-10" in [l.replace("&amp;", "&") for l in links]


def test_pagination(seed_client):
    body = page(seed_client, "/?q=" + quote("發展"))
    assert 'aria-label="Result pages"' in body and 'rel="next"' in body
    second = page(seed_client, "/?q=" + quote("發展") + "&page=2")
    assert 'rel="prev"' in second and 'aria-current="page">2<' in second
    assert '<ol class="hits" start="11">' in second
    page(seed_client, "/?q=" + quote("發展") + "&page=999", status=404)
    for bad in ("0", "abc", "-1", "1e3", "99999"):
        page(seed_client, "/?q=x&page=" + bad, status=400)


def test_filters_by_document_and_section(client):
    everything = page(client, "/?q=" + quote("雙萬"))
    assert re.search(r"Filter by (?:[a-z]+, )*report or section", everything)   # year, region… when the reports say them
    assert 'href="/?q=%E9%9B%99%E8%90%AC&amp;document=small"' in everything
    only = page(client, "/?q=" + quote("雙萬") + "&document=small")
    assert set(re.findall(r'href="/documents/([^"?#]+)', only.split('class="hit-results"')[1])) == {"small"}
    section = page(client, "/?q=" + quote("雙萬") + "&document=small&section=" + quote("二、工作安排"))
    assert re.findall(r"line (\d+)</span>", section) == ["6"]
    unknown = page(client, "/?q=" + quote("雙萬") + "&document=nope", status=404)   # not "no paragraph matches"
    assert "no document &#39;nope&#39; in the index" in unknown


def test_a_bad_query_is_a_400_page(client):
    body = page(client, "/?q=" + "a" * 600, status=400)
    assert "the limit is 512" in body


def test_an_over_long_query_stays_in_the_box_to_be_corrected(client):
    long = "雙萬" * 300
    body = page(client, "/?q=" + quote(long), status=400)
    box = re.search(r'<input id="q-header"[^>]*>', body).group()
    assert f'value="{long}"' in box


@pytest.mark.parametrize("url", ["/", "/?q=x", "/glossary", "/terms/small:g01", "/documents/small", "/nope"])
def test_search_boxes_stop_at_the_servers_limit(client, url):
    from termsearch.query import MAX_QUERY_CHARS

    body = client.get(url).get_data(as_text=True)
    boxes = re.findall(r'<input id="q(?:-header)?"[^>]*>', body)
    assert boxes and all(f'maxlength="{MAX_QUERY_CHARS}"' in b for b in boxes)


@pytest.mark.parametrize("url", ["/documents", "/documents/small", "/documents/links", "/glossary",
                                 "/documents/" + quote("简体报告"), "/terms/small:g01", "/?q=" + quote("雙萬")])
def test_counts_of_one_are_singular(client, url):
    body = re.sub(r"<[^>]+>", " ", client.get(url).get_data(as_text=True))
    assert not re.search(r"(?<![\d,.])1 (sections|paragraphs|glossary terms|reports|terms|uses|damaged spans|matches)\b", body)


def test_one_section_is_said_so(client):
    counts = re.findall(r"(\d+) (sections?)\b", page(client, "/documents"))
    assert counts and all((n == "1") == (word == "section") for n, word in counts)


# ----------------------------------------------------------------------------- term page

def test_term_page_has_both_scripts_pinyin_definition_uses_and_documents(client):
    body = page(client, "/terms/small:g02")
    assert '<dd lang="zh-Hant">三區三線</dd>' in body and '<dd lang="zh-Hans">三区三线</dd>' in body
    assert "sān qū sān xiàn" in body
    assert "城鎮空間、農業空間、生態空間" in body
    assert re.search(r'class="kwic-line" href="/documents/small#p-\d+"', body)
    assert "<mark class=\"kwic-match\">三區三線</mark>" in body
    assert "Often in the same paragraph" in body and "/terms/small:g01" in body
    # English renderings (from the renderings file) with their confidence and a link to the source.
    assert "three spaces and three lines" in body and "badge-official" in body
    assert re.search(r'<a href="https?://[^"]+" rel="noopener noreferrer nofollow">', body)
    # A term nobody translated shows a literal gloss, labelled as one, never as a translation.
    hostile = page(client, "/terms/hostile:g01")
    assert "badge-literal" in hostile and "literal gloss" in hostile
    assert "No English rendering recorded yet." not in hostile


def test_term_page_renders_english_with_sources_and_only_safe_links(small_index, tmp_path):
    from termsearch.app import create_app
    from termsearch.index_layout import current_build, write_sizes

    shutil.copytree(small_index, tmp_path / "index")
    glossary = current_build(tmp_path / "index") / "glossary.json"
    terms = json.loads(glossary.read_text(encoding="utf-8"))
    shuangwan = next(t for t in terms if t["id"] == "small:g01")
    shuangwan["english"] = [
        {"text": "Double Ten-Thousand", "confidence": "official", "source": "Dongguan Today",
         "url": "https://www.dongguantoday.com/x", "note": "the label is not named"},
        {"text": "<b>bold</b> claim", "confidence": "descriptive", "source": "termsearch",
         "url": "javascript:alert(1)", "note": ""},
    ]
    glossary.write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
    write_sizes(glossary.parent)        # (as a build that wrote it would: else it reads as damaged)
    client = create_app(tmp_path / "index").test_client()
    body = page(client, "/terms/small:g01")
    assert '<a href="https://www.dongguantoday.com/x" rel="noopener noreferrer nofollow">Dongguan Today</a>' in body
    assert "badge-official" in body and "badge-descriptive" in body
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in body and "<b>bold" not in body
    assert 'href="javascript' not in body and "(javascript:alert(1))" in body
    # The reader's tooltips and the search cards show the first rendering too.
    assert '<span class="tip-en" lang="en">Double Ten-Thousand</span>' in page(client, "/documents/small")
    assert "Double Ten-Thousand" in page(client, "/?q=" + quote("雙萬"))


@pytest.mark.parametrize("url", ["/terms/nope", "/terms/small:g99", "/terms/../../etc/passwd", "/terms/三區三線",
                                 "/documents/nope", "/documents/../CURRENT", "/documents/small.json"])
def test_unknown_ids_are_404_pages(client, url):
    body = page(client, url, status=404)
    assert "Not found" in body


# ----------------------------------------------------------------------------- reader

def test_reader_has_sections_anchored_paragraphs_and_term_tooltips(client):
    body = page(client, "/documents/small")
    assert '<h2 id="s-2" class="reader-section">一、工作回顧</h2>' in body
    assert '<div class="para" id="p-3" data-gloss-scope>' in body and 'href="#p-3"' in body
    link = re.search(r'<a class="term" href="/terms/small:g01" aria-describedby="(tip-\d+)">雙萬</a>', body)
    assert link
    tip = re.search(rf'<span class="tip" role="tooltip" id="{link.group(1)}">(.*?)</span></span>', body)
    assert tip and "指東莞地區生產總值超過1萬億元" in tip.group(1)
    assert '<article class="reader">' in body and 'lang="zh-Hant"' in body


def test_reader_gives_sections_with_one_title_their_own_anchors(client):
    body = page(client, "/documents/links")          # 一、工作回顧 comes twice in links.md
    anchors = re.findall(r'<h2 id="(s-\d+)" class="reader-section">', body)
    assert len(anchors) == len(set(anchors)) == 3
    for anchor in anchors:
        assert f'href="#{anchor}"' in body


def test_reader_marks_damaged_spans(seed_client):
    body = page(seed_client, f"/documents/{SEED_DOC}")
    assert body.count('<span class="damaged"') >= 10
    assert '<span class="vh">[damaged text: </span>' in body
    assert "(probably “" in body              # a certain repair is shown beside the damage


def test_reader_marks_the_query(client):
    body = page(client, "/documents/small?q=" + quote("三区三线"))
    assert "<mark>三區三線</mark>" in body and 'class="para para-hit"' in body
    assert "matches for “三区三线” marked" in body


def test_reader_paragraph_dictionary_opens_and_closes_without_javascript(client):
    closed = page(client, "/documents/small")
    assert 'class="dict"' not in closed
    toggle = re.search(r'<a class="dict-toggle" href="([^"]+)" lang="en" aria-expanded="false" '
                       r'data-gloss-panel="dict-p-2">Dictionary<span class="vh"> for paragraph 2</span></a>', closed)
    assert toggle and toggle.group(1) == "/documents/small?gloss=2#p-2"
    body = page(client, toggle.group(1).split("#")[0])
    assert re.search(r'<a class="dict-toggle" href="/documents/small#p-2" lang="en" aria-expanded="true" '
                     r'aria-controls="dict-p-2"', body)
    panel = body.split('<div class="dict" id="dict-p-2" lang="en">')[1].split("</div>")[0]
    assert '<ul class="dict-list" aria-label="Dictionary for paragraph 2">' in panel
    assert ('<span class="dict-word" lang="zh-Hant">學前教育</span> <span class="dict-pinyin" lang="zh-Latn-pinyin">'
            'xué qián jiào yù</span> <span class="dict-senses">preschool education / early childhood education</span>') in panel
    words = re.findall(r'class="dict-word" lang="[^"]+">([^<]+)<', panel)
    assert words.index("鞏固") < words.index("學前教育") < words.index("成果") and len(words) == len(set(words))
    assert body.count('class="dict"') == 1
    # The query's marks are kept; the list follows the display script.
    assert 'href="/documents/small?q=%E6%88%90%E6%9E%9C&amp;gloss=2#p-2"' in page(client, "/documents/small?q=" + quote("成果"))
    simplified = page(client, "/documents/small?gloss=2&script=hans")
    assert '<span class="dict-word" lang="zh-Hans">学前教育</span>' in simplified


@pytest.mark.parametrize("value", ["0", "99999"])
def test_reader_opens_no_list_for_a_gloss_of_no_paragraph(client, value):
    assert 'class="dict"' not in page(client, "/documents/small?gloss=" + value)


@pytest.mark.parametrize("value", ["abc", "-1", "1e3", "9" * 40, "%00"])
def test_reader_refuses_a_gloss_that_is_no_number(client, value):
    # As a bad ?page= is: a 400 saying what gloss is, not the page as if it were absent.
    response = client.get("/documents/small?gloss=" + value)
    assert response.status_code == 400
    assert "gloss must be a whole number" in response.get_data(as_text=True)


def test_search_hit_dictionary_without_javascript(client):
    body = page(client, "/?q=" + quote("學前教育") + "&gloss=1")
    assert re.search(r'<li class="hit" id="hit-1" data-gloss-scope>', body)
    assert re.search(r'<a class="dict-toggle" href="/\?q=[^"#]+#hit-1" lang="en" aria-expanded="true" '
                     r'aria-controls="dict-hit-1"', body)
    panel = body.split('<div class="dict" id="dict-hit-1" lang="en">')[1].split("</div>")[0]
    assert "xué qián jiào yù" in panel and "<mark>" not in panel
    # Another hit's link opens that one instead; only one list at a time.
    assert 'href="/?q=%E5%AD%B8%E5%89%8D%E6%95%99%E8%82%B2&amp;gloss=2#hit-2"' in body
    assert body.count('class="dict"') == 1


def test_non_ascii_document_ids_are_url_encoded(client):
    listing = page(client, "/documents")
    assert 'href="/documents/%E7%AE%80%E4%BD%93%E6%8A%A5%E5%91%8A"' in listing
    assert "2024年简体示例报告" in page(client, "/documents/%E7%AE%80%E4%BD%93%E6%8A%A5%E5%91%8A")


# ----------------------------------------------------------------------------- glossary

def test_glossary_is_in_pinyin_order_with_a_letter_bar(seed_client):
    body = page(seed_client, "/glossary")
    heads = re.findall(r'<p class="gloss-head"><a href="[^"]+"><span lang="[^"]+">([^<]+)</span>', body)
    assert len(heads) == 19
    assert heads.index("百舸計劃") < heads.index("瞪羚企業") < heads.index("三區三線") < heads.index("專精特新小巨人企業")
    assert heads[-1] == "2+2政策"                              # numbers last, under #
    assert '<a href="#g-S">S</a>' in body and '<span class="letter-off" aria-hidden="true">A</span>' in body
    assert 'id="g-num"' in body


# ----------------------------------------------------------------------------- display preferences

def test_script_preference_converts_the_text_and_sets_lang(client):
    response = client.get("/prefs?script=hans&next=/terms/small:g02")
    assert response.status_code == 303 and response.headers["Location"] == "/terms/small:g02"
    assert "ts_display=hans.0" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    body = page(client, "/terms/small:g02")
    assert '<h1><span lang="zh-Hans">三区三线</span></h1>' in body
    assert "城镇空间、农业空间" in body
    traditional = page(client, "/documents/" + quote("简体报告") + "?script=hant")
    assert "2024年簡體示例報告" in traditional and 'lang="zh-Hant"' in traditional
    client.get("/prefs?script=orig&ruby=0&next=/")


def test_ruby_pinyin_over_characters(client):
    body = page(client, "/terms/small:g02?ruby=1")
    assert "<ruby>指<rt>zhǐ</rt></ruby>" in body
    assert 'class=" with-ruby"' in body or "with-ruby" in body
    assert "<ruby>" not in page(client, "/terms/small:g02?ruby=0")


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil.example", "evil", "",
                                    "/%0d%0aSet-Cookie:x=1", "javascript:alert(1)"])
def test_preferences_never_redirect_off_site(client, target):
    response = client.get("/prefs?script=hant&next=" + quote(target))
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\n" not in location
    client.get("/prefs?script=orig&next=/")


def test_page_etags_answer_304_and_vary_with_preferences(client):
    first = client.get("/glossary")
    assert first.headers["Cache-Control"] == "no-cache" and "Cookie" in first.headers["Vary"]
    again = client.get("/glossary", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    client.get("/prefs?script=hans&next=/")
    changed = client.get("/glossary", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    client.get("/prefs?script=orig&next=/")


def test_head_requests_work(client):
    assert client.head("/glossary").status_code == 200


# ----------------------------------------------------------------------------- widget files

def test_widget_demo_page_points_at_this_server(client):
    body = page(client, "/widget/demo")
    assert '<script src="/widget.js" data-popups="true">' in body
    assert 'href="/widget/demo.css"' in body
    odd = client.get("/widget/demo", headers={"Host": 'evil"><script>x</script>'})
    assert b"<script>x" not in odd.data


def test_widget_demo_never_takes_its_script_address_from_the_host_header(client):
    body = client.get("/widget/demo", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body
    # The same page whatever the Host, so an ETag that ignores the Host is right.
    assert body == client.get("/widget/demo", headers={"Host": "other.example"}).get_data(as_text=True)


def test_widget_demo_uses_the_configured_public_url(small_index):
    from termsearch.app import create_app

    body = create_app(small_index, public_url="https://terms.example.org/").test_client().get(
        "/widget/demo", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert '<script src="https://terms.example.org/widget.js" data-endpoint="https://terms.example.org"' in body
    assert "evil.example" not in body


def test_widget_script_is_small(client):
    import gzip

    script = client.get("/widget.js").data
    assert len(gzip.compress(script, 9)) < 10_000


# ----------------------------------------------------------------------------- damage in definitions

DAMAGED_REPORT = """2024年受損示例鎮政府工作報告
一、工作回顧
推進“標準化”建設，完善管理。
名詞注解：
“標準化”：指最嚴謹〓準的管理方式。
"""


@pytest.fixture(scope="module")
def damaged_client(tmp_path_factory):
    from termsearch.app import create_app
    from termsearch.index_build import build

    folder = tmp_path_factory.mktemp("damaged")
    (folder / "damaged.txt").write_text(DAMAGED_REPORT, encoding="utf-8")
    build([folder / "damaged.txt"], folder / "index")
    return create_app(folder / "index").test_client()


@pytest.mark.parametrize("url", ["/terms/damaged:g01", "/glossary", "/?q=" + quote("標準化"),
                                 "/terms/damaged:g01?ruby=1", "/documents/damaged"])
def test_illegible_text_in_a_definition_is_marked_and_explained(damaged_client, url):
    body = page(damaged_client, url)
    marks = re.findall(r'<span class="damaged illegible" title="([^"]+)"><span aria-hidden="true">〓</span>'
                       r'<span class="vh">\[illegible text in the source\]</span></span>', body)
    assert marks and all("Illegible in the source" in m for m in marks)
    assert "〓" not in re.sub(r'<span aria-hidden="true">〓</span>', "", body)       # no bare, unexplained mark


# ----------------------------------------------------------------------------- start-up

def test_a_server_warms_the_index_up_in_the_background(small_index):
    from termsearch import suggest
    from termsearch.app import create_app

    app = create_app(small_index, warm=True)
    thread = app.extensions["termsearch.warm_up"]
    assert thread.daemon                     # start-up does not wait for it
    thread.join(60)
    engine = app.extensions["termsearch.engine"]
    loaded = engine.reader().__dict__
    # (texts: a phrase of common words checks them; no warm-up query does)
    assert {"terms", "texts", "vocab", "readings", "pinyin", "initials", "english"} <= set(loaded)
    assert engine in suggest._cache
    assert "termsearch.warm_up" not in create_app(small_index).extensions     # tests' apps do not


def test_reader_marks_words_in_a_row_whole(tmp_path_factory):
    # jjfz is 经济 发展 in a row: the document page marks 经济发展, not each 经济 and 发展 apart.
    from conftest import engine_of_report
    from termsearch.app import create_app

    engine = engine_of_report(tmp_path_factory, "reader-runs", "报告\n经济发展稳中向好，经济总量增加，发展质量提高。\n")
    document = engine.search("jjfz", limit=1).hits[0].document
    body = page(create_app(engine.index_dir).test_client(), f"/documents/{document}?q=jjfz")
    assert re.findall("<mark>(.*?)</mark>", body) == ["经济发展"]


@pytest.mark.parametrize("pasted, meant", [("雙萬", "雙萬"), ("shuang wan", "shuang wan")])
def test_a_query_pasted_percent_encoded_offers_what_it_encodes(seed_client, pasted, meant):
    # Copied from an address bar: %E9%9B%99%E8%90%AC finds nothing as typed; its characters do.
    encoded = quote(pasted)
    body = page(seed_client, "/?q=" + quote(encoded))
    assert f"is an encoded web address: search “{meant}”" in body
    link = re.search(r'<p class="correction"><a href="([^"]+)">[^<]*encoded web address', body)
    assert link and link.group(1) == "/?q=" + quote(meant)
    assert "<strong>3</strong> paragraphs" in page(seed_client, link.group(1).replace("&amp;", "&"))


@pytest.mark.parametrize("typed", ["50%AB", "雙萬", "100%"])
def test_a_percent_sign_that_encodes_nothing_offers_no_decoding(seed_client, typed):
    assert "encoded web address" not in page(seed_client, "/?q=" + quote(typed))
