"""The embedded cache: Django's file cache, which asks less often whether it is full.

Django's file cache lists its whole folder on every write to see whether it holds more than
MAX_ENTRIES files (and culls a third of them when it does): with the roll-ups of a province kept
per branch (fazhi.org.branches), some two thousand files, that listing was most of the time of the
first workbench after a write. Here each process lists it once every CULL_EVERY writes; the folder
may then hold that many entries per process beyond MAX_ENTRIES until the next look.
"""

from __future__ import annotations

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100


class FileCache(FileBasedCache):
    _writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % CULL_EVERY == 1:  # the first write of the process looks too
            super()._cull()
