"""The preview page in a real headless browser (Debian's Chromium driven by Playwright):
load the sample, change a figure, see both languages change, fix a problem, download a PDF."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (./dev test installs it)"
)


@pytest.fixture(scope="module")
def server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "bulletin", "serve", "--port", str(port), "--pdf-workers", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx2.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def frame_text(page, lang: str) -> str:
    return page.frame_locator(f'.preview[data-lang="{lang}"] iframe').locator("body").inner_text()


def wait_for(page, lang: str, needle: str) -> None:
    for _ in range(100):
        try:
            if needle in frame_text(page, lang):
                return
        except Exception:
            pass
        page.wait_for_timeout(100)
    raise AssertionError(f"{needle!r} never appeared in the {lang} preview")


def test_edit_preview_and_download(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(accept_downloads=True)
            external = []
            page.on(
                "request",
                lambda r: (
                    None
                    if r.url.startswith((server, "about:", "blob:", "data:"))
                    else external.append(r.url)
                ),
            )
            page.goto(server + "/")
            # every kind's sample is offered; the first is loaded
            wait_for(page, "en", "Consumer prices in April 2023")
            options = page.locator("#sample option").all_inner_texts()
            assert {"consumer-prices", "industry-city", "industry-province"} <= set(options)
            page.select_option("#sample", "industry-province")
            page.click("#load-sample")
            wait_for(page, "en", "ranking fifth in the country")
            wait_for(page, "zh-CN", "居全国第五位")

            data = page.locator("#data")
            text = data.input_value()
            data.fill(text.replace("{national: {position: 5}}", "{national: {position: 3}}"))
            wait_for(page, "en", "ranking third in the country")
            wait_for(page, "zh-CN", "居全国第三位")

            data.fill(text.replace("    of: 700", "    of: -700"))
            page.wait_for_selector("#problems li")
            assert "a count cannot be negative" in page.inner_text("#problems")
            data.fill(text)
            page.locator("#problems li").first.wait_for(state="detached")

            with page.expect_download() as download:
                page.click('.preview[data-lang="zh-CN"] button[data-format="pdf"]')
            assert download.value.suggested_filename == "liaoning-2024q1.zh-CN.pdf"
            saved = tmp_path / "download.pdf"
            download.value.save_as(saved)
            assert saved.read_bytes().startswith(b"%PDF-")
            assert external == []
        finally:
            browser.close()
