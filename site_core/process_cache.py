"""
What this app server has already read from the shared cache, or built, in the
current content generation, kept in its own memory.

Everything ``site_core.content_cache`` keeps is filed under the content
generation, so an entry can never become wrong: a change of content makes a
new generation and new keys. A process may therefore keep its own copy of what
it reads, and skip the round trip to Redis (and the unpickling of what comes
back) the next time. Only the generation itself is read from the shared cache
on each request, which keeps every server as fresh as the shared cache is.

The store holds one generation at a time: the first look-up under a newer one
empties it. It keeps at most ``limit`` entries and ``max_bytes`` of text and
pickled values, dropping the least recently used, so no run of different
addresses can grow a worker's memory without end.
"""

import threading
from collections import OrderedDict

# Enough for every page, listing and fragment of a site this size many times
# over; a few kilobytes each.
DEFAULT_LIMIT = 2000
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


def size(entry):
    """The text and pickled bytes an entry holds (a tuple of them and others)."""
    parts = entry if isinstance(entry, tuple) else (entry,)
    return sum(len(part) for part in parts if isinstance(part, str | bytes))


class GenerationStore:
    def __init__(self, limit=DEFAULT_LIMIT, max_bytes=DEFAULT_MAX_BYTES):
        self.limit = limit
        self.max_bytes = max_bytes
        self.bytes = 0
        self.generation = None
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # gthread and async workers share a process

    def get(self, generation, key):
        """What was kept under ``key`` in ``generation``, or None."""
        with self.lock:
            if generation != self.generation:
                return None
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, generation, key, entry):
        with self.lock:
            if generation != self.generation:
                # Newer content: what was kept belongs to an older generation.
                # (An older generation's entry, from a slow request, is dropped.)
                if self.generation is not None and generation < self.generation:
                    return
                self.generation = generation
                self.entries.clear()
                self.bytes = 0
            replaced = self.entries.pop(key, None)
            if replaced is not None:
                self.bytes -= size(replaced)
            self.entries[key] = entry
            self.bytes += size(entry)
            while self.entries and (
                len(self.entries) > self.limit or self.bytes > self.max_bytes
            ):
                self.bytes -= size(self.entries.popitem(last=False)[1])

    def clear(self):
        with self.lock:
            self.generation = None
            self.entries.clear()
            self.bytes = 0

    def __len__(self):
        return len(self.entries)
