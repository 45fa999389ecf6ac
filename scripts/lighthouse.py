"""`make lighthouse`: Lighthouse's SEO audit over the portal's pages in both languages.

The site is served as in production (DEBUG off, collected static files, gunicorn)
on a fresh SQLite database holding the demo data, in a temporary folder. Each page
named on the command line (URL names: ``home``, ``organizations:list``…; by default
DEFAULT_PAGES) is audited in English and in French by Lighthouse from npm
(node_modules/.bin/lighthouse, ``--only-categories=seo``) in headless Chromium.
A record page (``organizations:detail``…) is audited on a demo record; a name that
does not resolve, or whose page is not HTML, is skipped and said so.

Prints each page's SEO score and the audits it fails; exits non-zero when a page
scores under 100, Lighthouse fails, or no page was audited. Slow (about twenty
seconds a page): not part of `make test`.

Environment: CHROME_PATH (/usr/bin/chromium), LIGHTHOUSE (node_modules/.bin/lighthouse),
LIGHTHOUSE_PORT (a free port).
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = os.environ.get("LIGHTHOUSE", str(ROOT / "node_modules" / ".bin" / "lighthouse"))
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox"

DEFAULT_PAGES = [
    "home",
    "organizations:list",
    "agreements:list",
    "events:list",
    "benefits:list",
    "organizations:detail",
    "agreements:detail",
    "events:detail",
    "events:series",
    "partners:map",
    "partners:corridors",
    "partners:corridor",
    "partners:network",
    "partners:between",
    "events:calendar_page",
]
# Record pages: the model whose demo record each is audited on, and the text field a
# record worth auditing fills in.
RECORD_PAGES = {
    "organizations:detail": ("organizations.Organization", "description"),
    "agreements:detail": ("agreements.Agreement", "summary"),
    "events:detail": ("events.Event", "description"),
    "events:series": ("events.Series", "description"),
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(folder):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/lighthouse.sqlite3",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "LOG_FORMAT": "text",
    }


def prepare(environment):
    """Migrate the fresh database, load the demo data, collect the static files."""
    for command in (
        ["migrate", "--verbosity", "0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=environment, check=True)


def page_paths(names, environment):
    """{(name, language): path or None} for the pages named, resolved by Django on the
    database just prepared (record pages on a demo record with the most to show)."""
    program = f"""
import json, sys
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

records = {json.dumps(RECORD_PAGES)}
paths = {{}}
for name in {json.dumps(names)}:
    kwargs = None
    if name == "partners:corridor":
        from django.utils import timezone
        from partners.corridors import corridor_index
        corridors = corridor_index(timezone.localdate()).corridors
        kwargs = {{"slug": corridors[0].slug}} if corridors else None
    elif name == "partners:between":
        from partners.between import pairs_sharing_an_agreement
        kwargs = next(iter(pairs_sharing_an_agreement()), None)
    elif name in records:
        label, text = records[name]
        model = apps.get_model(label)
        manager = getattr(model, "objects")
        record = manager.exclude(**{{text: ""}}).order_by("pk").first() or manager.first()
        kwargs = {{"slug": record.slug}} if record else None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                paths[f"{{name}} {{language}}"] = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                paths[f"{{name}} {{language}}"] = None
json.dump(paths, sys.stdout)
"""
    output = subprocess.run(
        [PYTHON, "-c", program],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {tuple(key.split(" ")): path for key, path in json.loads(output).items()}


def wait_until_served(base, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before serving the site.")
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"The site did not answer at {base} within {seconds} s.")


def content_type(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"


def describe(item):
    """One item of a failed audit, short: the element and the reasons Lighthouse gives."""
    source = item.get("source") or item.get("node") or {}
    element = source.get("snippet") if isinstance(source, dict) else None
    reasons = [
        sub.get("reason")
        for sub in (item.get("subItems") or {}).get("items", [])
        if sub.get("reason")
    ]
    if element:
        return element + (f" ({', '.join(reasons)})" if reasons else "")
    return json.dumps(item, ensure_ascii=False)[:200]


def audit(url):
    """Lighthouse's SEO report of ``url``: (score out of 100, [failed audit lines])."""
    result = subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--only-categories=seo",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROME_PATH},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return None, [f"Lighthouse failed: {result.stderr.strip()[-500:]}"]
    report = json.loads(result.stdout)
    category = report["categories"]["seo"]
    failed = []
    for reference in category["auditRefs"]:
        found = report["audits"][reference["id"]]
        if found["scoreDisplayMode"] in ("manual", "notApplicable", "informative"):
            continue
        if found["score"] is not None and found["score"] < 1:
            items = (found.get("details") or {}).get("items") or []
            detail = "; ".join(describe(item) for item in items[:3])
            failed.append(
                f"{reference['id']}: {found['title']}" + (f" ({detail})" if detail else "")
            )
    score = category["score"]
    return (None if score is None else round(score * 100)), failed


def main(names):
    names = names or DEFAULT_PAGES
    if not Path(LIGHTHOUSE).exists():
        raise SystemExit(f"Lighthouse not found at {LIGHTHOUSE}: npm ci installs it.")
    with tempfile.TemporaryDirectory(prefix="passerelle-lighthouse-") as folder:
        environment = site_environment(folder)
        prepare(environment)
        paths = page_paths(names, environment)
        port = int(os.environ.get("LIGHTHOUSE_PORT") or free_port())
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [ROOT / ".venv" / "bin" / "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**environment, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_served(base, server)
            audited, below = 0, 0
            for (name, language), path in paths.items():
                label = f"{name} ({language})"
                if path is None:
                    print(f"skipped  {label}: the name does not resolve")
                    continue
                kind = content_type(base + path)
                if kind != "text/html":
                    print(f"skipped  {label} {path}: {kind}, not an HTML page")
                    continue
                score, failed = audit(base + path)
                audited += 1
                if score != 100:
                    below += 1
                shown = "--" if score is None else f"{score:3d}"
                print(f"SEO {shown}  {label} {path}", flush=True)
                for line in failed:
                    print(f"         failed: {line}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{audited} pages audited, {below} under 100.")
    return 1 if below or not audited else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
