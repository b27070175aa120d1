"""Where the static files come from: the few front-end files the pages need, straight out of
node_modules, and the apps' static folders less what the product never serves.

The npm packages are installed from package-lock.json; copying whole dist folders (ECharts
alone ships 46 MB) into the static root would slow collectstatic for nothing.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# static path -> path inside node_modules
VENDOR_FILES = {
    "vendor/bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.min.css.map": "bootstrap/dist/css/bootstrap.min.css.map",
    "vendor/bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "vendor/bootstrap/bootstrap.bundle.min.js.map": "bootstrap/dist/js/bootstrap.bundle.min.js.map",
    "vendor/bootstrap-icons/bootstrap-icons.min.css": "bootstrap-icons/font/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2": "bootstrap-icons/font/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff": "bootstrap-icons/font/fonts/bootstrap-icons.woff",
    "vendor/htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vendor/echarts/echarts.min.js": "echarts/dist/echarts.min.js",
}


# Folders of the apps' static files that no page uses: Redoc's bundle and its source map (5 MB
# that collectstatic copied and compressed on every start; the API's documentation is Swagger UI).
NEVER_SERVED = ["redoc"]


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Django's finder of the apps' static folders, less NEVER_SERVED."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *NEVER_SERVED])


class VendorFinder(BaseFinder):
    """A static files finder over a fixed list of files from node_modules."""

    def _source(self, path: str) -> Path | None:
        rel = VENDOR_FILES.get(path)
        return Path(settings.NODE_MODULES) / rel if rel else None

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        source = self._source(path)
        if source and source.exists():
            return [str(source)] if (find_all or kwargs.get("all")) else str(source)
        return []

    def list(self, ignore_patterns):
        root = Path(settings.NODE_MODULES)
        for static_path, rel in VENDOR_FILES.items():
            source = root / rel
            if not source.exists():
                continue
            # A storage rooted so that the file's relative name is its static path.
            storage = _PrefixedStorage(location=str(source.parent), prefix=str(Path(static_path).parent))
            yield source.name, storage


class _PrefixedStorage(FileSystemStorage):
    def __init__(self, *, prefix: str, **kwargs):
        super().__init__(**kwargs)
        self.prefix = prefix
