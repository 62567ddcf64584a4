"""Checks a report in a real browser: headless Chromium through Selenium (Debian's chromium,
chromium-driver and python3-selenium).

    /usr/bin/python3 -m analysis.browser REPORT_DIR [--page zh/index.html] [--screenshot first-screen.png]

The report folder is served over HTTP on 127.0.0.1 (so that the browser fetches every file as a
reader's browser would) and opened in a 1366 x 768 viewport. `check()` returns the problems:
  - errors in the browser console (a missing image or file is one);
  - an image that did not decode (naturalWidth 0);
  - a link inside the page that does not resolve: '#id' without an element of that id, or a
    file of the report that the server cannot give (status other than 200);
  - a summary (the element id="summary") not wholly inside the first screen (above the fold).
It also saves a screenshot of the first screen. Exit status of the command: 0 when there is no
problem, 1 otherwise (each problem printed), 2 when the browser cannot start.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import threading
from dataclasses import dataclass, field

from ._deps import require

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WIDTH, HEIGHT = 1366, 768


@dataclass
class Result:
    problems: list = field(default_factory=list)
    console: list = field(default_factory=list)
    images: int = 0
    links: int = 0
    summary_rect: dict | None = None
    viewport: tuple = (0, 0)
    screenshot: str | None = None


class _Handler(http.server.SimpleHTTPRequestHandler):
    failures: list = []

    def log_message(self, fmt, *args):  # quiet; remember failures
        pass

    def send_error(self, code, message=None, explain=None):
        type(self).failures.append(f"{code} {self.path}")
        super().send_error(code, message, explain)


def _serve(directory):
    handler = type("Handler", (_Handler,), {"failures": []})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=directory))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, handler


def _driver(width, height):
    webdriver = require("selenium.webdriver", "python3-selenium")
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--hide-scrollbars", f"--window-size={width},{height}", "--force-device-scale-factor=1",
              "--lang=en-US"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    drv.set_page_load_timeout(120)
    drv.set_script_timeout(120)
    return drv


_WAIT_IMAGES = """
const done = arguments[arguments.length - 1];
Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null))).then(() => done(
  Array.from(document.images).map(i => [i.getAttribute('src').slice(0, 120), i.complete, i.naturalWidth])));
"""

_CHECK_LINKS = """
const done = arguments[arguments.length - 1];
const out = [];
const jobs = [];
for (const a of document.querySelectorAll('a[href]')) {
  const href = a.getAttribute('href');
  if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    out.push([href, id === '' || document.getElementById(id) !== null ? 200 : 0]);
    continue;
  }
  const url = new URL(href, document.baseURI);
  if (url.origin !== location.origin) continue;      // outside the report: not checked
  jobs.push(fetch(url, {method: 'GET', cache: 'no-store'}).then(r => out.push([href, r.status]))
                                                        .catch(e => out.push([href, -1])));
}
Promise.all(jobs).then(() => done(out));
"""


def check(report_dir: str, screenshot: str | None = None, width: int = WIDTH, height: int = HEIGHT,
          page: str = "index.html") -> Result:
    """Opens REPORT_DIR/index.html in headless Chromium and returns what is wrong with it."""
    res = Result()
    srv, handler = _serve(os.path.abspath(report_dir))
    drv = _driver(width, height)
    try:
        drv.get(f"http://127.0.0.1:{srv.server_address[1]}/{page}")
        imgs = drv.execute_async_script(_WAIT_IMAGES)
        res.images = len(imgs)
        for src, complete, nw in imgs:
            if not nw:
                res.problems.append(f"image not decoded (naturalWidth 0): {src}")
        links = drv.execute_async_script(_CHECK_LINKS)
        res.links = len(links)
        for href, status in links:
            if status != 200:
                res.problems.append(f"link does not resolve ({'no such element' if status == 0 else status}): {href}")
        res.viewport = tuple(drv.execute_script("return [window.innerWidth, window.innerHeight];"))
        drv.execute_script("window.scrollTo(0, 0);")
        rect = drv.execute_script(
            "const e = document.getElementById('summary'); if (!e) return null;"
            "const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};")
        res.summary_rect = rect
        if rect is None:
            res.problems.append("no summary (element id='summary') on the page")
        elif rect["top"] < 0 or rect["bottom"] > res.viewport[1] or rect["right"] > res.viewport[0]:
            res.problems.append(f"summary not above the fold at {width}x{height}: it spans y {rect['top']:.0f} to "
                                f"{rect['bottom']:.0f} of {res.viewport[1]}")
        if screenshot:
            os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
            drv.save_screenshot(screenshot)
            res.screenshot = screenshot
        for entry in drv.get_log("browser"):
            res.console.append(f"{entry.get('level')}: {entry.get('message')}")
            if entry.get("level") == "SEVERE":
                res.problems.append(f"console error: {entry.get('message')}")
    finally:
        drv.quit()
        srv.shutdown()
        srv.server_close()
    for f in handler.failures:
        res.problems.append(f"server could not give {f}")
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m analysis.browser", description=__doc__.split("\n\n")[0])
    ap.add_argument("report", help="report folder (holding index.html)")
    ap.add_argument("--page", default="index.html",
                    help="the page to open, relative to REPORT_DIR (default index.html); links may lead "
                         "anywhere under REPORT_DIR")
    ap.add_argument("--screenshot", help="save the first screen (1366 x 768) as this PNG")
    a = ap.parse_args(argv)
    try:
        res = check(a.report, a.screenshot, page=a.page)
    except Exception as e:  # noqa: BLE001 -- selenium raises many kinds when the browser cannot start
        print(f"error: the browser could not check {a.report}/{a.page}: {e}", file=sys.stderr)
        return 2
    for p in res.problems:
        print(f"problem: {p}", file=sys.stderr)
    print(f"browser: {os.path.join(a.report, a.page)}: {res.images} images, {res.links} links, viewport {res.viewport[0]}x{res.viewport[1]}, "
          f"summary y {res.summary_rect['top']:.0f}-{res.summary_rect['bottom']:.0f}" if res.summary_rect else
          f"browser: {os.path.join(a.report, a.page)}: {res.images} images, {res.links} links, no summary")
    if res.screenshot:
        print(f"browser: screenshot {res.screenshot}")
    return 1 if res.problems else 0


if __name__ == "__main__":
    sys.exit(main())
