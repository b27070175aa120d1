"""The static files' storage: whitenoise's hashed names and compressed copies, made once.

whitenoise compresses every collected file, under its plain name and under its hashed name,
with Brotli at its slowest setting, each time `collectstatic` runs: 25 s on two cores for what
`fazhi demo` collects, on every start. Here
- only the hashed names are compressed: they are what `{% static %}` hands out and what is
  served with far-future caching; the plain copies stay, uncompressed, for anything that names
  a file directly;
- a hashed name's content is fixed by its name, so its compressed copies, once written, are
  kept on the next run instead of being made again (each copy is written under a temporary
  name and renamed, so a run stopped half-way leaves no cut-off copy behind to be kept);
- source maps (`.map`, several MB each, read only by a browser's developer tools) are not
  compressed (settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS).
"""

import os
import threading

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class _WholeFileCompressor(Compressor):
    def write_data(self, path, data, suffix, stat_result):
        filename = path + suffix
        # Named per process and thread (whitenoise compresses in threads); made with the umask's
        # permissions like every other collected file, for a web server reading the folder.
        partial = f"{filename}.{os.getpid()}-{threading.get_ident()}.partial"
        try:
            with open(partial, "wb") as f:
                f.write(data)
            os.utime(partial, (stat_result.st_atime, stat_result.st_mtime))
            os.replace(partial, filename)
        except BaseException:
            if os.path.exists(partial):
                os.unlink(partial)
            raise
        return filename


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return _WholeFileCompressor(**kwargs)

    def compress_files(self, paths):
        hashed = set(self.hashed_files.values())
        yield from super().compress_files([p for p in paths if p in hashed and not self._compressed_already(p)])

    def _compressed_already(self, path: str) -> bool:
        # The .gz copy is written after the .br one. A file that does not compress well enough
        # gets neither, and is tried again each run (a few small files).
        return os.path.exists(self.path(path + ".gz"))
