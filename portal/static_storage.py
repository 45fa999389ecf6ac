"""The static files as production serves them: minified, hashed, compressed."""

import rcssmin
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

# The project's own stylesheets (static/css/); the libraries' ship as their authors made them.
MINIFIED = ("css/",)


class MinifiedCompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's storage (content-hashed names served with far-future cache
    headers, gzip and Brotli copies) with the project's CSS minified first."""

    def post_process(self, paths, dry_run=False, **options):
        if not dry_run:
            for path in paths:
                if path.startswith(MINIFIED) and path.endswith(".css"):
                    with self.open(path) as source:
                        text = source.read().decode("utf-8")
                    self.delete(path)
                    self.save(path, ContentFile(rcssmin.cssmin(text).encode("utf-8")))
                    # Hashed and compressed from the minified copy, not the source.
                    paths[path] = (self, path)
        yield from super().post_process(paths, dry_run=dry_run, **options)
