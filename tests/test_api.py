"""The JSON API: the search contract, terms, suggestions, documents, dictionary glosses, OpenAPI,
errors, CORS, caching."""
from __future__ import annotations

import json
import shutil
from urllib.parse import quote

import pytest

from conftest import WEB_REPORTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEED_DOC = "2023-dongguan-liaobu-government-work-report"


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]["message"]


# ----------------------------------------------------------------------------- search

def test_search_answers_the_same_object_as_the_library(seed_client, engine):
    response = seed_client.get("/api/search?q=shuangwan&limit=5")
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == ["query", "interpretation", "terms", "hits", "total", "terms_total"]
    assert body == json.loads(json.dumps(engine.search("shuangwan", limit=5).to_dict()))
    assert body["interpretation"]["kind"] == "pinyin"
    leaf = body["interpretation"]["leaves"][0]
    assert set(leaf) == {"typed", "kind", "words", "pinyin", "note", "corrected", "alternatives", "runs"}
    assert leaf["words"] == ["双万"] and leaf["corrected"] == ""
    assert body["terms"][0]["term"] == "“雙萬”"
    assert all("<mark>" in h["snippet"] for h in body["hits"])


def test_search_pages_with_limit_and_offset(seed_client):
    first = seed_client.get("/api/search?q=" + quote("發展") + "&limit=3").get_json()
    second = seed_client.get("/api/search?q=" + quote("發展") + "&limit=3&offset=3").get_json()
    assert first["total"] == second["total"] > 6
    assert len(first["hits"]) == len(second["hits"]) == 3
    assert not {h["paragraph"] for h in first["hits"]} & {h["paragraph"] for h in second["hits"]}


def test_search_filters_by_document_and_section(client):
    everything = client.get("/api/search?q=" + quote("雙萬") + "&limit=50").get_json()
    assert {h["document"] for h in everything["hits"]} >= {"small", "hostile"}
    only_small = client.get("/api/search?q=" + quote("雙萬") + "&limit=50&document=small").get_json()
    assert only_small["hits"] and {h["document"] for h in only_small["hits"]} == {"small"}
    assert only_small["total"] == len(only_small["hits"])
    section = client.get("/api/search?q=" + quote("雙萬") + "&document=small&section=" + quote("二、工作安排")).get_json()
    assert [h["line"] for h in section["hits"]] == [6]


@pytest.mark.parametrize("query, message", [
    ("", "missing query"),
    ("?q=", "missing query"),
    ("?q=%20%20", "missing query"),
    ("?q=x&limit=abc", "limit must be a whole number"),
    ("?q=x&limit=101", "limit must be from 0 to 100"),
    ("?q=x&limit=-1", "limit must be from 0 to 100"),
    ("?q=x&offset=99999999", "offset must be from"),
    ("?q=" + "a" * 600, "the limit is 512"),
    ("?q=x&document=" + "d" * 400, "document is too long"),
])
def test_bad_search_parameters_are_a_json_400(client, query, message):
    assert message in error_of(client.get("/api/search" + query), 400)


@pytest.mark.parametrize("script, convert", [("hans", "to_simplified"), ("hant", "to_traditional")])
def test_search_terms_and_documents_in_the_script_a_client_shows(client, script, convert):
    from termsearch.analysis import variants

    to = getattr(variants, convert)
    plain = client.get("/api/search?q=" + quote("雙萬")).get_json()
    shown = client.get("/api/search?q=" + quote("雙萬") + "&script=" + script).get_json()
    assert shown["total"] == plain["total"] and shown["hits"]
    for before, after in zip(plain["hits"], shown["hits"]):
        assert after["text"] == to(before["text"]) and after["snippet"] == to(before["snippet"])
        assert after["section"] == to(before["section"]) and after["paragraph"] == before["paragraph"]
    term, term_shown = plain["terms"][0], shown["terms"][0]
    assert term_shown["term"] == to(term["term"]) and term_shown["definition"] == to(term["definition"])
    assert (term_shown["id"], term_shown["traditional"], term_shown["simplified"]) == \
        (term["id"], term["traditional"], term["simplified"])
    terms = {t["id"]: t for t in client.get("/api/terms").get_json()["terms"]}
    for t in client.get("/api/terms?script=" + script).get_json()["terms"]:
        assert t["term"] == to(terms[t["id"]]["term"]) and t["forms"] == terms[t["id"]]["forms"]
    titles = {d["id"]: d["title"] for d in client.get("/api/documents").get_json()["documents"]}
    for d in client.get("/api/documents?script=" + script).get_json()["documents"]:
        assert d["title"] == to(titles[d["id"]])



@pytest.mark.parametrize("script, convert", [("hans", "to_simplified"), ("hant", "to_traditional")])
def test_a_term_a_document_and_a_gloss_come_in_the_script_a_client_shows(client, script, convert):
    from termsearch.analysis import variants

    to = getattr(variants, convert)
    term_id = client.get("/api/search?q=" + quote("雙萬")).get_json()["terms"][0]["id"]
    plain = client.get(f"/api/terms/{term_id}").get_json()
    shown = client.get(f"/api/terms/{term_id}?script={script}").get_json()
    assert shown["term"] == to(plain["term"]) and shown["definition"] == to(plain["definition"])
    assert (shown["id"], shown["traditional"], shown["simplified"]) == \
        (plain["id"], plain["traditional"], plain["simplified"])
    assert plain["uses"] and [(u["before"], u["match"], u["after"]) for u in shown["uses"]] == \
        [(to(u["before"]), to(u["match"]), to(u["after"])) for u in plain["uses"]]
    document = plain["source"]["document"]
    page, page_shown = (client.get(f"/api/documents/{document}{tail}").get_json() for tail in ("", f"?script={script}"))
    assert page_shown["title"] == to(page["title"]) and page_shown["id"] == page["id"]
    assert [p["text"] for p in page_shown["paragraphs"]] == [to(p["text"]) for p in page["paragraphs"]]
    assert page != page_shown           # the small index is written in Traditional and Simplified both
    gloss = client.get("/api/gloss?text=" + quote("鞏固學前教育") + f"&script={script}").get_json()["words"]
    assert [w["word"] for w in gloss] == [to("鞏固"), to("學前教育")] and gloss[1]["simplified"] == "学前教育"


@pytest.mark.parametrize("script, convert", [("hans", "to_simplified"), ("hant", "to_traditional")])
def test_damaged_and_term_spans_point_into_the_text_in_the_script_a_client_shows(seed_client, script, convert):
    """A client marks a paragraph's damaged spans and terms by their offsets in the text it was
    given: converted, they must still cover the same words (the Liaobu report is in Traditional,
    its damage in either script: 椕苤我咔榉揽貓 is 椕苤我咔榉揽猫 in Simplified)."""
    from termsearch.analysis import variants

    to = getattr(variants, convert)
    plain = seed_client.get(f"/api/documents/{SEED_DOC}?limit=500").get_json()
    shown = seed_client.get(f"/api/documents/{SEED_DOC}?limit=500&script={script}").get_json()
    assert plain["next"] is None and len(shown["paragraphs"]) == plain["paragraph_total"]
    damaged = terms = changed = 0
    for before, after in zip(plain["paragraphs"], shown["paragraphs"]):
        text = after["text"]
        for span, span_shown in zip(before["damaged"], after["damaged"]):
            assert text[span_shown["start"]:span_shown["end"]] == to(span["text"]) == span_shown["text"]
            damaged += 1
            changed += to(span["text"]) != span["text"]
        for term, term_shown in zip(before["terms"], after["terms"]):
            assert text[term_shown["start"]:term_shown["end"]] == to(before["text"][term["start"]:term["end"]])
            terms += 1
    assert damaged == sum(len(p["damaged"]) for p in plain["paragraphs"]) > 0
    assert terms == sum(len(p["terms"]) for p in plain["paragraphs"]) > 0
    assert changed or script == "hant"       # in Simplified some damaged text itself is converted


@pytest.mark.parametrize("url", ["/api/terms/x", "/api/documents/x", "/api/gloss?text=x"])
def test_an_unknown_script_on_a_term_a_document_or_a_gloss_is_a_400(client, url):
    sep = "&" if "?" in url else "?"
    assert "script must be one of" in error_of(client.get(f"{url}{sep}script=klingon"), 400)


# ----------------------------------------------------------------------------- terms

def test_terms_list_every_term_with_the_forms_that_find_it_in_a_text(client):
    body = client.get("/api/terms").get_json()
    assert body["total"] == len(body["terms"]) == 4
    by_id = {t["id"]: t for t in body["terms"]}
    assert {"雙萬", "双万"} <= set(by_id["small:g01"]["forms"])
    assert {"學前教育5080", "学前教育5080", "5080"} <= set(by_id["small:g03"]["forms"])


@pytest.mark.parametrize("path", ["/api/terms/small:g02", "/api/terms/small%3Ag02"])
def test_term_details_by_id_plain_or_url_encoded(client, path):
    body = client.get(path).get_json()
    assert body["id"] == "small:g02"
    assert body["simplified"] == "“三区三线”" and body["pinyin"] == "sān qū sān xiàn"
    assert {u["line"] for u in body["uses"]} >= {3, 6}
    assert body["documents"][0]["document"] == "small"
    assert set(body) >= {"uses", "documents", "mentions", "related", "english", "definition", "aliases"}


@pytest.mark.parametrize("term_id", ["nope", "small:g99", "三區三線", "small:g01/../g02", "../glossary.json",
                                     "%00", "small:g01%0a", "x" * 2000])
def test_unknown_term_is_a_json_404(client, term_id):
    error_of(client.get("/api/terms/" + term_id), 404)


# ----------------------------------------------------------------------------- documents

def test_documents_list_and_detail_never_show_the_server_path(client):
    listing = client.get("/api/documents").get_json()
    assert {d["id"] for d in listing["documents"]} == {"small", "hostile", "links", "简体报告"}
    assert all("/" not in d["path"] for d in listing["documents"])
    doc = client.get("/api/documents/" + quote("简体报告")).get_json()
    assert doc["path"] == "简体报告.txt"
    assert doc["paragraphs"][0]["id"] == "简体报告:1"
    small = client.get("/api/documents/small").get_json()
    terms = [t for p in small["paragraphs"] for t in p["terms"]]
    assert {"small:g01", "small:g02", "small:g03"} <= {t["id"] for t in terms}


@pytest.mark.parametrize("document_id", [
    "nope", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/CURRENT", "small/../small",
    "docs/small", "small.json", "/etc/passwd", "small%00", "..", ".", "%2e%2e",
])
def test_document_ids_cannot_reach_outside_the_index(client, document_id):
    response = client.get("/api/documents/" + document_id)
    assert response.status_code == 404, document_id
    assert response.mimetype == "application/json"
    assert b"root:" not in response.data and b"paragraphs" not in response.data


# ----------------------------------------------------------------------------- suggest

def test_suggest_gives_terms_first_then_words(seed_client):
    body = seed_client.get("/api/suggest?q=shuang").get_json()
    kinds = [s["kind"] for s in body["suggestions"]]
    assert kinds[0] == "term" and body["suggestions"][0]["text"] == "雙萬"
    assert kinds == sorted(kinds, key=lambda k: k != "term")
    simplified = seed_client.get("/api/suggest?q=sqsx&script=hans").get_json()["suggestions"][0]
    assert simplified["text"] == "三区三线" and simplified["match"] == "initials"


@pytest.mark.parametrize("query, message", [
    ("?q=x&limit=0", "limit must be from 1 to 20"),
    ("?q=x&script=klingon", "script must be one of"),
    ("?q=" + "x" * 400, "too long"),
])
def test_bad_suggest_parameters_are_a_json_400(client, query, message):
    assert message in error_of(client.get("/api/suggest" + query), 400)


def test_empty_suggest_is_an_empty_list(client):
    assert client.get("/api/suggest?q=").get_json()["suggestions"] == []


# ----------------------------------------------------------------------------- gloss

def test_gloss_gives_the_dictionary_words_of_a_text_in_order(client):
    body = client.get("/api/gloss?text=" + quote("鞏固學前教育成果")).get_json()
    assert body["text"] == "鞏固學前教育成果"
    assert [w["word"] for w in body["words"]] == ["鞏固", "學前教育", "成果"]
    preschool = body["words"][1]
    assert preschool["simplified"] == "学前教育" and preschool["pinyin"] == "xué qián jiào yù"
    assert "preschool education" in preschool["english"]


def test_a_gloss_gives_every_reading_the_dictionary_has_for_its_word(client, small_index):
    # A word the dictionary reads more than one way (glosses.json: "more") is glossed with
    # every reading, as the build wrote it, whatever form the server keeps the glosses in.
    from termsearch.index_layout import current_build, read_json

    glosses = read_json(current_build(small_index) / "glosses.json", kind=dict)
    several = [word for word, gloss in glosses.items() if gloss.get("more")][:20]
    assert several
    for word in several:
        words = client.get("/api/gloss?text=" + quote(word)).get_json()["words"]
        assert words[0]["simplified"] == word
        assert {k: v for k, v in words[0].items() if k not in ("word", "simplified")} == glosses[word]


def test_gloss_of_traditional_and_simplified_text_is_one_word_as_written(client):
    traditional = client.get("/api/gloss?text=" + quote("推動鎮域經濟發展")).get_json()["words"]
    simplified = client.get("/api/gloss?text=" + quote("推动镇域经济发展")).get_json()["words"]
    assert [w["simplified"] for w in traditional] == [w["simplified"] for w in simplified]
    economy = next(w for w in traditional if w["simplified"] == "经济")
    assert economy["word"] == "經濟" and economy["pinyin"] == "jīng jì" and economy["english"]
    assert next(w for w in simplified if w["simplified"] == "经济")["word"] == "经济"


def test_gloss_limit_and_text_without_dictionary_words(client):
    assert len(client.get("/api/gloss?limit=1&text=" + quote("鞏固學前教育成果")).get_json()["words"]) == 1
    assert client.get("/api/gloss?text=hello%20%3Cb%3E").get_json()["words"] == []


@pytest.mark.parametrize("query, message", [
    ("", "missing text"),
    ("?text=", "missing text"),
    ("?text=%20%0A", "missing text"),
    ("?text=" + quote("發展" * 251), "the limit is 500"),
    ("?text=x&limit=0", "limit must be from 1 to 500"),
    ("?text=x&limit=abc", "limit must be a whole number"),
])
def test_bad_gloss_parameters_are_a_json_400(client, query, message):
    assert message in error_of(client.get("/api/gloss" + query), 400)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "%00", "%ED%A0%80", "%FF%FE", "\u202e發展\u202d",
                                  "𠀀𪚥發展" * 100, "發\u0301展\ufe0f", "ｆｕｌｌ寬度　發展", "..%2F..%2Fetc%2Fpasswd",
                                  "發展" * 250, "\U000e0001" * 10])
def test_hostile_gloss_text_is_a_json_answer(client, text):
    response = client.get("/api/gloss?text=" + (text if "%" in text else quote(text)))
    assert response.status_code in (200, 400), response.data[:200]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 200:
        assert all(w["word"] and w["pinyin"] and w["english"] for w in body["words"])
        assert "<" not in "".join(w["word"] for w in body["words"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.one_of(st.sampled_from("發展经济學前教育成果長期以來，。“”"), st.characters()), max_size=520))
def test_any_gloss_text_is_never_a_500(client, text):
    response = client.get("/api/gloss?text=" + quote(text.encode("utf-8", "surrogatepass"), safe=""))
    assert response.status_code in (200, 400), (text, response.data[:200])
    body = response.get_json()
    assert ("words" in body) == (response.status_code == 200)


def test_gloss_is_cached_and_open_to_other_origins(client):
    response = client.get("/api/gloss?text=" + quote("成果"), headers={"Origin": "https://portal.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    again = client.get("/api/gloss?text=" + quote("成果"), headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


# ----------------------------------------------------------------------------- OpenAPI

def resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = spec["components"]["schemas"][name]
    return schema


def validate(value, schema: dict, spec: dict, where: str = "$") -> None:
    """Enough of JSON Schema for our OpenAPI document: $ref, allOf, type, required, enum."""
    schema = resolve(schema, spec)
    for part in schema.get("allOf", []):
        validate(value, part, spec, where)
    if value is None:
        assert schema.get("nullable"), f"{where}: null"
        return
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool}
    if kind:
        assert isinstance(value, types[kind]), f"{where}: {type(value).__name__} is not {kind}"
        assert not (kind in ("integer", "number") and isinstance(value, bool)), where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if kind == "object":
        for name in schema.get("required", []):
            assert name in value, f"{where}: missing {name}"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                validate(value[name], sub, spec, f"{where}.{name}")
    if kind == "array":
        for i, item in enumerate(value[:20]):
            validate(item, schema.get("items", {}), spec, f"{where}[{i}]")


def test_openapi_describes_every_api_route(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {rule.rule.replace("<path:term_id>", "{id}").replace("<path:document_id>", "{id}")
              for rule in client.application.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert routes == set(spec["paths"])
    for path, item in spec["paths"].items():
        for operation in item.values():
            assert operation["responses"]["200"]
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in ("query", "path") and parameter["schema"]


@pytest.mark.parametrize("url, path, status", [
    ("/api/search?q=shuangwan", "/api/search", "200"),
    ("/api/search?q=" + quote("雙萬 OR 5080") + "&limit=3", "/api/search", "200"),
    ("/api/suggest?q=sq", "/api/suggest", "200"),
    ("/api/terms", "/api/terms", "200"),
    (f"/api/terms/{SEED_DOC}:g05", "/api/terms/{id}", "200"),
    ("/api/documents", "/api/documents", "200"),
    (f"/api/documents/{SEED_DOC}", "/api/documents/{id}", "200"),
    ("/api/terms/nope", "/api/terms/{id}", "404"),
    ("/api/search?q=x&limit=900", "/api/search", "400"),
    ("/api/gloss?text=" + quote("長期以來，我們堅持發展"), "/api/gloss", "200"),
    ("/api/gloss?text=", "/api/gloss", "400"),
])
def test_answers_match_the_openapi_schemas(seed_client, url, path, status):
    spec = seed_client.get("/api/openapi.json").get_json()
    response = seed_client.get(url)
    assert str(response.status_code) == status
    schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    validate(response.get_json(), schema, spec)


# ----------------------------------------------------------------------------- the spec agrees with the server

def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def request_url(path: str, params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    for name in [n for n in params if "{" + n + "}" in path]:
        path = path.replace("{" + name + "}", quote(params.pop(name), safe=":"))
    return path + ("?" + urlencode(params) if params else "")


def example_params(operation: dict) -> dict[str, str]:
    """Every required parameter (and every one with an example) at its documented example."""
    out = {}
    for p in operation.get("parameters", []):
        if "example" in p:
            out[p["name"]] = p["example"]
        else:
            assert not p["required"], f"required parameter {p['name']} needs an example in the spec"
    return out


def invalid_values(schema: dict, example: str | None) -> list[tuple[str, str]]:
    """Values the parameter's schema forbids, each with why."""
    out = []
    if schema.get("type") == "integer":
        out.append(("not a number", "abc"))
        if "minimum" in schema:
            out.append(("below the minimum", str(schema["minimum"] - 1)))
        if "maximum" in schema:
            out.append(("above the maximum", str(schema["maximum"] + 1)))
    if "enum" in schema:
        out.append(("not in the enum", "no-such-value"))
    if schema.get("minLength", 0) >= 1:
        out.append(("shorter than minLength", ""))
    if schema.get("pattern") == "\\S":
        out.append(("only spaces", "   "))
    if "maxLength" in schema:
        out.append(("longer than maxLength", (example or "x")[:1] * (schema["maxLength"] + 1)))
    return out


def valid_edges(schema: dict, example: str | None) -> list[tuple[str, str]]:
    """Values at the edges of what the schema allows."""
    out = []
    for key in ("minimum", "maximum", "default"):
        if key in schema:
            out.append((key, str(schema[key]).lower()))
    out += [("enum", v) for v in schema.get("enum", [])]
    if "maxLength" in schema and example:
        out.append(("maxLength", example[:1] * schema["maxLength"]))
    if schema.get("type") == "string" and not schema.get("minLength") and "pattern" not in schema and "enum" not in schema:
        out.append(("empty, which the spec allows", ""))
    return out


def test_every_documented_parameter_behaves_as_the_spec_says(seed_client):
    spec = seed_client.get("/api/openapi.json").get_json()
    checked = 0
    for path, method, operation in operations(spec):
        assert method == "get"
        if "application/json" not in operation["responses"]["200"]["content"]:
            continue        # a file (/api/export of parallel documents: tests/test_parallel_search.py)
        base = example_params(operation)
        response = seed_client.get(request_url(path, dict(base)))
        assert response.status_code == 200, (path, base, response.data[:200])
        validate(response.get_json(), operation["responses"]["200"]["content"]["application/json"]["schema"], spec)
        for p in operation.get("parameters", []):
            name, schema, example = p["name"], p["schema"], p.get("example")
            if p["required"] and p["in"] == "query":
                params = {k: v for k, v in base.items() if k != name}
                assert seed_client.get(request_url(path, params)).status_code == 400, f"{path}: {name} is required"
                checked += 1
            elif p["in"] == "query":
                params = {k: v for k, v in base.items() if k != name}
                assert seed_client.get(request_url(path, params)).status_code == 200, f"{path}: {name} is optional"
            if p["in"] == "path":
                continue            # a bad id is a 404, below
            for why, value in invalid_values(schema, example):
                answer = seed_client.get(request_url(path, {**base, name: value}))
                assert answer.status_code == 400, f"{path}?{name}= {why}: {answer.status_code}"
                assert "400" in operation["responses"]
                validate(answer.get_json(), operation["responses"]["400"]["content"]["application/json"]["schema"], spec)
                checked += 1
            for why, value in valid_edges(schema, example):
                answer = seed_client.get(request_url(path, {**base, name: value}))
                assert answer.status_code == 200, f"{path}?{name}= {why} ({value[:20]!r}): {answer.status_code}"
                checked += 1
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            params = {**base, **{p["name"]: "no-such-id" for p in operation["parameters"] if p["in"] == "path"}}
            answer = seed_client.get(request_url(path, params))
            assert answer.status_code == 404 and "404" in operation["responses"], path
    assert checked > 30


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_every_documented_endpoint_answers_other_methods_405_with_allow(seed_client, method):
    spec = seed_client.get("/api/openapi.json").get_json()
    for path, _, operation in operations(spec):
        answer = getattr(seed_client, method)(request_url(path, example_params(operation)))
        assert answer.status_code == 405 and "405" in operation["responses"], path
        assert set(answer.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}, path


# ----------------------------------------------------------------------------- HTTP

def test_cors_is_open_for_get_and_preflight(client):
    response = client.get("/api/search?q=x", headers={"Origin": "https://portal.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    preflight = client.options("/api/search", headers={
        "Origin": "https://portal.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    widget = client.get("/widget.js")
    assert widget.headers["Access-Control-Allow-Origin"] == "*"
    assert widget.mimetype == "text/javascript"


def test_json_answers_carry_security_headers(client):
    response = client.get("/api/terms")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"]


def test_etag_answers_304_and_changes_when_the_index_is_rebuilt(small_index, tmp_path):
    from termsearch.app import create_app
    from termsearch.index_build import build

    shutil.copy(WEB_REPORTS / "small.txt", tmp_path / "small.txt")
    index_dir = tmp_path / "index"
    shutil.copytree(small_index, index_dir)
    api = create_app(index_dir).test_client()
    first = api.get("/api/search?q=shuangwan")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    again = api.get("/api/search?q=shuangwan", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert api.get("/api/search?q=shuangwan&limit=3").headers["ETag"] != etag
    build([tmp_path / "small.txt"], index_dir)                 # a rebuild swaps in a new build
    after = api.get("/api/search?q=shuangwan", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag


@pytest.mark.parametrize("changed", ["scoring.py", "english/__init__.py", "data/termbase.csv"])
def test_etag_changes_when_any_file_of_the_package_changes(small_index, tmp_path, monkeypatch, changed):
    """Files the old hand-kept list left out (scoring, English, data) change every ETag too."""
    import termsearch.app as app_module

    package = tmp_path / "termsearch"
    shutil.copytree(app_module.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(app_module, "PACKAGE_DIR", package)
    before = app_module.create_app(small_index).test_client().get("/api/search?q=shuangwan").headers["ETag"]
    with open(package / changed, "a", encoding="utf-8") as f:
        f.write("\n")
    after = app_module.create_app(small_index).test_client().get("/api/search?q=shuangwan")
    assert after.headers["ETag"] != before
    unchanged = app_module.create_app(small_index).test_client().get(
        "/api/search?q=shuangwan", headers={"If-None-Match": after.headers["ETag"]})
    assert unchanged.status_code == 304


def test_errors_are_not_cached(client):
    assert client.get("/api/terms/nope").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_are_a_json_405(client, method):
    assert "method" in error_of(getattr(client, method)("/api/search?q=x"), 405).lower()


def test_unknown_api_route_is_a_json_404(client):
    error_of(client.get("/api/nothing-here"), 404)


def test_no_index_yet_is_a_json_503(tmp_path):
    from termsearch.app import create_app

    api = create_app(tmp_path / "empty").test_client()
    message = error_of(api.get("/api/search?q=x"), 503)
    assert str(tmp_path) not in message                         # no server paths in answers
    assert api.get("/").status_code == 503


_text = st.text(st.characters(blacklist_categories=()), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=_text, limit=st.one_of(st.none(), _text, st.integers(-5, 200).map(str)),
       offset=st.one_of(st.none(), _text), document=st.one_of(st.none(), _text), which=st.sampled_from(
           ["/api/search", "/api/suggest", "/api/terms/", "/api/documents/", "/api/gloss"]))
def test_any_input_is_a_json_answer_never_a_500(client, q, limit, offset, document, which):
    params = {"text" if which == "/api/gloss" else "q": q}
    for name, value in (("limit", limit), ("offset", offset), ("document", document)):
        if value is not None:
            params[name] = value
    def encoded(value: str) -> str:    # lone surrogates go out as the (invalid UTF-8) bytes a client may send
        return quote(value.encode("utf-8", "surrogatepass"), safe="")

    if which.endswith("/"):
        response = client.get(which + encoded(q))
    else:
        response = client.get(which + "?" + "&".join(f"{k}={encoded(v)}" for k, v in params.items()))
    assert response.status_code < 500, (which, params, response.data[:200])
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert ("error" in body) == (response.status_code >= 400)
