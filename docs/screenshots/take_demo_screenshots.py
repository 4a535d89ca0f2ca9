"""Screenshots of the running demo for the README.

Start the demo first (`make run`, or `make run PORT=8001`), then:

    .venv/bin/python docs/screenshots/take_demo_screenshots.py [http://127.0.0.1:8000]

login.png, login-phone.png and person-search.png come from the browser test
`tests/browser/test_screenshots.py` (UPDATE_SCREENSHOTS=1 make test ...).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
# The shared demo password, printed by manage.py demo_logins; not a secret.
PASSWORD = "ketenzicht-demo"  # noqa: S105
# (login, page after login or None for the landing page, follow the first link
# matching this selector or None, file)
SHOTS = [
    ("mentor-amv", None, None, "demo-mentor-board.png"),
    ("voogd", None, None, "demo-voogd-wards.png"),
    # The review queue fills once the worker has run the demo's first linkage run.
    ("ir", "/koppeling/beoordelen/", None, "demo-linkage-queue.png"),
    ("ir", "/koppeling/beoordelen/", "a[href*='/koppeling/paren/']", "demo-linkage-pair.png"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for username, path, follow, name in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
            page = context.new_page()
            page.goto(base + "/account/inloggen/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("form.stacked button[type=submit]")
            page.wait_for_load_state()
            if path:
                page.goto(base + path)
            if follow:
                page.locator(follow).first.click()
                page.wait_for_load_state()
            page.screenshot(path=str(HERE / name), full_page=bool(follow))
            print(username, page.url, "->", HERE / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
