"""The HTTP service: documents, validation, schema, samples, errors, limits, safety."""

import http.server
import json
import logging
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from bulletin.http import Settings, _scrubber, create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "data" / "liaoning-2024q1.yaml").read_bytes()
YAML = {"content-type": "application/yaml"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(pdf_workers=1, project_root=str(ROOT)))) as c:
        yield c


@pytest.mark.parametrize(
    ("lang", "fmt", "media", "needle"),
    [
        ("en", "md", "text/markdown", b"18.57 billion yuan"),
        ("zh-CN", "md", "text/markdown", "185.7亿元".encode()),
        ("zh-CN", "html", "text/html", b'<html lang="zh-CN">'),
        ("en", "pdf", "application/pdf", b"%PDF-"),
    ],
)
def test_bulletins_in_every_format(client, lang, fmt, media, needle):
    response = client.post(f"/v1/bulletins?lang={lang}&format={fmt}", content=SAMPLE, headers=YAML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert response.headers["content-disposition"] == (
        f'attachment; filename="liaoning-2024q1.{lang}.{fmt}"'
    )
    assert needle in response.content


def test_json_bodies_use_the_same_schema(client):
    import yaml

    document = yaml.safe_load(SAMPLE)
    document["release"]["published"] = str(document["release"]["published"])
    response = client.post("/v1/bulletins?lang=en&format=md", json=document)
    assert response.status_code == 200
    assert b"13 of the 14 cities" in response.content


def test_invalid_data_is_422_with_every_problem(client):
    bad = SAMPLE.replace(b"    of: 700", b"    of: -700").replace(
        b"{national: {position: 5}}", b"{national: {positon: 5}}"
    )
    response = client.post("/v1/bulletins?lang=en&format=pdf", content=bad, headers=YAML)
    assert response.status_code == 422
    problems = response.json()["problems"]
    wheres = " ".join(p["where"] for p in problems)
    assert "(tallies.key_enterprises.of)" in wheres
    assert "(indicators.industrial_investment.ranks.national.positon)" in wheres
    assert any("did you mean 'position'" in p["hint"] for p in problems)


def test_validate_reports_like_the_cli(client):
    assert client.post("/v1/validate", content=SAMPLE, headers=YAML).json() == {
        "valid": True,
        "problems": [],
    }
    bad = SAMPLE.replace(b"    value: 5.3\n", b'    value: "5.3%"\n', 1)
    result = client.post("/v1/validate", content=bad, headers=YAML).json()
    assert result["valid"] is False
    assert result["problems"][0]["where"] == "28:12 (indicators.value_added.value)"
    assert "a percentage written as text" in result["problems"][0]["what"]
    syntax = client.post("/v1/validate", content=b"release: [", headers=YAML).json()
    assert "YAML syntax error" in syntax["problems"][0]["what"]
    narrative = SAMPLE.replace(b"narrative: liaoning-2024q1", b"narrative: x")
    missing = client.post("/v1/validate", content=narrative, headers=YAML).json()
    assert missing["valid"] is False  # what generate would fail on, as in the CLI
    assert missing["problems"][0]["where"] == "21:14 (release.narrative)"


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("lang=fr&format=md", ["en", "ja", "ru", "zh-CN"]),
        ("lang=en&format=docx", ["md", "html", "pdf"]),
    ],
)
def test_unknown_language_or_format_lists_the_supported_ones(client, query, listed):
    response = client.post(f"/v1/bulletins?{query}", content=SAMPLE, headers=YAML)
    assert response.status_code == 400
    assert response.json()["supported"] == listed


def test_body_over_the_limit_is_413_and_the_server_goes_on(client):
    response = client.post("/v1/validate", content=b"#" * (1 << 20 + 1), headers=YAML)
    assert response.status_code == 413
    chunked = client.post("/v1/validate", content=iter([b"#" * 65536] * 20), headers=YAML)
    assert chunked.status_code == 413  # no Content-Length: refused once the limit is passed
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["pdf_renderers"] == "ready"


def test_unsupported_content_type_is_415(client):
    response = client.post("/v1/validate", content=SAMPLE, headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_schema_languages_samples(client):
    schema = client.get("/v1/schema").json()
    assert {"Release", "Indicator", "Breakdown", "Tally"} <= set(schema["$defs"])
    kinds = schema["$defs"]["Release"]["properties"]["kind"]["enum"]
    assert kinds == ["consumer-prices", "industry-city", "industry-province"]
    assert "亿元" in schema["$defs"]["Indicator"]["properties"]["unit"]["enum"]
    languages = {lang["code"]: lang for lang in client.get("/v1/languages").json()}
    assert languages["en"]["name"] == "English"
    assert languages["zh-CN"]["native_name"].startswith("中文")
    # one sample per kind (by the kind's name), then the other files in data/
    assert client.get("/v1/samples").json() == [
        "consumer-prices",
        "industry-city",
        "industry-province",
    ]
    sample = client.get("/v1/samples/industry-province")
    assert sample.status_code == 200 and "# Liaoning Province" in sample.text


def test_kinds_list_their_schema_and_sample(client):
    kinds = {k["name"]: k for k in client.get("/v1/kinds").json()}
    assert set(kinds) == {"consumer-prices", "industry-city", "industry-province"}
    prices = kinds["consumer-prices"]
    assert prices["sample"] == "consumer-prices" and prices["description"]
    assert prices["schema"]["$defs"]["Release"]["properties"]["kind"]["enum"] == ["consumer-prices"]
    text = client.get(f"/v1/samples/{prices['sample']}").text
    assert "kind: consumer-prices" in text


@pytest.mark.parametrize(
    "path",
    [
        "/v1/samples/..%2F..%2Fetc%2Fpasswd",
        "/v1/samples/../../etc/passwd",
        "/v1/samples/%2Fetc%2Fpasswd",
        "/v1/samples/liaoning-2024q1.yaml",
        "/v1/samples/nope",
    ],
)
def test_no_path_traversal_through_samples(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_samples_are_regular_files_inside_the_data_folder_never_symlinks(project_copy):
    data = project_copy.data
    (data / "evil.yaml").symlink_to("/etc/passwd")
    (data / "alias.yaml").symlink_to(data / "liaoning-2024q1.yaml")  # even to a real sample
    (data / "folder.yaml").mkdir()
    (data / "mine.yaml").write_bytes(SAMPLE)
    prices = project_copy.root / "kinds" / "consumer-prices" / "china-2023-04.yaml"
    prices.unlink()
    prices.symlink_to("/etc/passwd")  # a kind's sample too
    settings = Settings(pdf_workers=1, project_root=str(project_copy.root))
    with TestClient(create_app(settings)) as client:
        for name in ("evil", "alias", "folder", "consumer-prices"):
            response = client.get(f"/v1/samples/{name}")
            assert response.status_code == 404, name
            assert "root:" not in response.text
        assert client.get("/v1/samples").json() == ["industry-city", "industry-province", "mine"]
        assert client.get("/v1/samples/mine").status_code == 200


def test_no_response_tells_a_server_path(client):
    narrative = SAMPLE.replace(b"narrative: liaoning-2024q1", b"narrative: x")
    requests = [
        ("/v1/bulletins?lang=en&format=md", narrative),
        ("/v1/bulletins?lang=zh-CN&format=html", narrative),
        ("/v1/bulletins?lang=en&format=pdf", narrative),
        ("/v1/bulletins?lang=en&format=md", SAMPLE.replace(b"  research_teams: 15\n", b"")),
        ("/v1/bulletins?lang=xx&format=md", SAMPLE),
        ("/v1/bulletins?lang=en&format=pdf&pdf_variant=pdf/x", SAMPLE),
        ("/v1/validate", b"release: ["),
        ("/v1/validate", SAMPLE.replace(b"narrative: liaoning-2024q1", b"narrative: ../../x")),
    ]
    responses = [client.post(url, content=body, headers=YAML) for url, body in requests]
    responses += [client.get(f"/v1/samples/{name}") for name in ("nope", "..%2F..%2Fetc")]
    template = responses[0].json()  # the data's to fix: a located problem
    assert responses[0].status_code == 422
    assert template["problems"][0]["where"] == "21:14 (release.narrative)"
    assert template["problems"][0]["what"] == "there is no narrative 'x'"
    for response in responses:
        assert response.status_code < 500, response.text
        assert str(ROOT) not in response.text


def test_paths_in_messages_are_made_relative_or_cut():
    scrub = _scrubber(Path("/srv/bulletin"))
    assert scrub(
        {"error": "no catalog at /srv/bulletin/locales/x.po", "hints": ["see /srv/bulletin"]}
    ) == {"error": "no catalog at locales/x.po", "hints": ["see ."]}
    assert (
        scrub("cannot read /usr/lib/python3/site-packages/weasyprint/css.py (file:///etc/passwd)")
        == "cannot read css.py (file:///etc/passwd)"
    )
    assert scrub("5/3 = 1.7, 2024-01/02, and/or") == "5/3 = 1.7, 2024-01/02, and/or"


def test_an_unexpected_error_is_a_json_500_and_one_log_record(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("bulletin.http.available_languages", broken)
    monkeypatch.setattr("bulletin.http.facts_from", broken)
    with caplog.at_level(logging.INFO, logger="bulletin"):
        for response in (
            client.get("/v1/languages"),
            client.post("/v1/validate", content=SAMPLE, headers=YAML),
        ):
            assert response.status_code == 500
            assert response.headers["content-type"] == "application/json"
            assert response.json()["error"].startswith("internal error")
            assert "boom" not in response.text
    records = [r for r in caplog.records if r.name.startswith("bulletin")]
    assert [r.levelname for r in records] == ["ERROR", "ERROR"]
    assert all(r.exc_info for r in records)


def test_openapi_documents_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/bulletins",
        "/v1/validate",
        "/v1/schema",
        "/v1/languages",
        "/v1/samples/{name}",
        "/healthz",
    ):
        assert path in paths
    for path in ("/v1/bulletins", "/v1/validate"):  # read by the route, declared for clients
        body = paths[path]["post"]["requestBody"]["content"]
        assert {"application/json", "application/yaml"} <= set(body)


def test_preview_page_is_served_by_the_service(client):
    page = client.get("/")
    assert page.status_code == 200 and "preview.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/preview.js").status_code == 200


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_urls_in_data_are_text_and_never_fetched(client):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        payload = (
            f'<img src="http://127.0.0.1:{port}/img"> '
            f'<link rel=stylesheet href="http://127.0.0.1:{port}/css"> file:///etc/passwd'
        )
        body = SAMPLE.replace(  # the region: in the text whole (a chart shortens long names)
            "{en: Liaoning, zh-CN: 辽宁, ja: 遼寧, ru: Ляонин}".encode(),
            json.dumps(dict.fromkeys(("en", "zh-CN", "ja", "ru"), payload)).encode(),
        )
        assert body != SAMPLE
        for lang in ("en", "zh-CN"):
            response = client.post(
                f"/v1/bulletins?lang={lang}&format=pdf", content=body, headers=YAML
            )
            assert response.status_code == 200, response.text
            text = "".join(
                p.extract_text()
                for p in PdfReader(__import__("io").BytesIO(response.content)).pages
            )
            assert "file:///etc/passwd" in text.replace("\n", "")
            html = client.post(
                f"/v1/bulletins?lang={lang}&format=html", content=body, headers=YAML
            ).text
            assert "&lt;img src=" in html and '<img src="http' not in html
    finally:
        server.shutdown()
        server.server_close()
    assert _Counter.hits == []


def test_a_render_past_the_time_limit_is_an_error_and_the_server_recovers():
    settings = Settings(pdf_workers=1, render_timeout=0.01, project_root=str(ROOT))
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/bulletins?lang=zh-CN&format=pdf", content=SAMPLE, headers=YAML)
        assert response.status_code == 504
        assert "took longer than" in response.json()["error"]
        # (no timed render here: 10 ms is too short for anything; /healthz answers 200 only
        # once the killed renderer has been replaced and the pool can render again)
        assert client.get("/healthz").status_code == 200
