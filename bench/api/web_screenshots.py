"""The README's and docs/web-client.md's pictures of the reference client, taken again.

Starts the API over NEO4J_URI (holding the bundled catalog) and saves, with Debian's Chromium:
docs/images/web-client-list.png (a search with two goals ticked, at 1280 px) and
docs/images/web-client-phone.png (the list at 390 px with the filter drawer open).

    python -m bench.api.web_screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.api.web_timing import ARGS, CHROMIUM, free_port, serve

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def main() -> int:
    port = free_port()
    server = serve(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{base}/#/?q=privacy&goal=Privacy&goal=Fairness")
            page.locator("#results mark").first.wait_for()
            page.screenshot(path=str(IMAGES / "web-client-list.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            phone.goto(f"{base}/#/?goal=Fairness")
            phone.locator("#results > li").first.wait_for()
            phone.locator("#filters-toggle").click()
            phone.locator("#filters.open").wait_for()
            phone.wait_for_timeout(400)  # the drawer slides in
            phone.screenshot(path=str(IMAGES / "web-client-phone.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"saved {IMAGES / 'web-client-list.png'} and {IMAGES / 'web-client-phone.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
