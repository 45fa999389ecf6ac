"""Static files as production serves them: minified CSS under a content-hashed name,
compressed copies, and headers that let browsers keep them for good."""

import gzip
import json

import brotli
import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from portal.settings import BASE_DIR

SOURCE = BASE_DIR / "static" / "css" / "site.css"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.static_storage.MinifiedCompressedManifestStorage"},
}


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory):
    # collectstatic compresses every file twice (gzip, Brotli): once for the module.
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def collected(collected_root, settings):
    settings.STATIC_ROOT = collected_root
    settings.STORAGES = PRODUCTION_STORAGES
    return collected_root


def test_the_sites_css_is_minified_under_a_hashed_name_with_compressed_copies(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())
    hashed = collected / manifest["paths"]["css/site.css"]
    minified = hashed.read_text()
    source = SOURCE.read_text()

    assert hashed.name != "site.css"
    assert len(minified) < 0.9 * len(source)
    assert "/*" not in minified
    assert "\n\n" not in minified
    # Every rule survives: as many blocks as the source has.
    assert minified.count("{") == source.count("{")
    assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()).decode() == minified
    assert (
        brotli.decompress(hashed.with_name(hashed.name + ".br").read_bytes()).decode() == minified
    )


def test_hashed_static_files_are_served_compressed_with_far_future_headers(collected):
    from django.templatetags.static import static
    from whitenoise.middleware import WhiteNoiseMiddleware

    with override_settings(DEBUG=False):
        middleware = WhiteNoiseMiddleware(lambda request: None)
        path = static("css/site.css")
        response = middleware(RequestFactory().get(path, HTTP_ACCEPT_ENCODING="br, gzip"))
        # The file it would stream, closed without response.close(): that would also
        # announce the end of a request, and close the database connection.
        response.file_to_stream.close()

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
