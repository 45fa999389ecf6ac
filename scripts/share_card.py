"""Draw static/img/share-card.png, the image share previews show (Open Graph and
Twitter cards), from the logo: 1200 × 630 pixels, as those previews want.

Open Graph wants a PNG or JPEG, not the SVG logo: Chromium (Debian's, through
Playwright, as the browser tests drive it) renders the logo and the site's name and
tagline, in both languages, on the site's colours and takes a screenshot. Run it
again after changing the logo:

    .venv/bin/python scripts/share_card.py
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "static" / "img" / "logo.svg"
OUTPUT = ROOT / "static" / "img" / "share-card.png"
WIDTH, HEIGHT = 1200, 630
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# The site's palette (static/css/site.css): navy text on white, a teal band.
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>
  html, body {{ margin: 0; width: {width}px; height: {height}px; }}
  body {{
    display: flex; flex-direction: column; justify-content: center; gap: 28px;
    box-sizing: border-box; padding: 0 96px; background: #ffffff; color: #13315c;
    font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
    border-bottom: 28px solid #0b6b66;
  }}
  .brand {{ display: flex; align-items: center; gap: 40px; }}
  .brand svg {{ width: 190px; height: 190px; flex: none; }}
  h1 {{ margin: 0; font-size: 112px; font-weight: 700; letter-spacing: -2px; }}
  p {{ margin: 0; font-size: 36px; line-height: 1.3; color: #1b2230; }}
  p + p {{ color: #475467; }}
</style></head>
<body>
  <div class="brand">{logo}<h1>Passerelle</h1></div>
  <p>Cross-border life-sciences collaboration</p>
  <p lang="fr">La collaboration internationale en sciences de la vie</p>
</body></html>
"""


def main():
    page_html = PAGE.format(width=WIDTH, height=HEIGHT, logo=LOGO.read_text(encoding="utf-8"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.set_content(page_html)
        page.screenshot(path=str(OUTPUT), type="png")
        browser.close()
    print(f"Wrote {OUTPUT.relative_to(ROOT)} ({WIDTH} × {HEIGHT}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
