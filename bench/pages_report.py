"""
What bench/pages.py found, as one table: each page type's queries, its figures
straight from gunicorn and through Varnish, and each as a multiple of the trivial
view's rate; then which of issue 13's targets a page misses, if any.
"""

from dataclasses import dataclass

from bench.serving import Figures

# The targets, relative to the trivial view's requests per second.
CACHED_TARGET, UNCACHED_TARGET, QUERY_BUDGET = 3.0, 0.05, 8


@dataclass
class Row:
    """One page type's measurements."""

    name: str
    status: int  # what the address is meant to answer
    queries: list  # with the small site, then the large one
    uncached: Figures
    cached: Figures | None  # None: never cacheable, not loaded through Varnish
    stored: str | None  # "yes" when Varnish answered a second request from its store


COLUMNS = (
    ("page", 18),
    ("status", 6),
    ("queries", 7),
    ("uncached rps", 12),
    ("p50 ms", 7),
    ("p99 ms", 7),
    ("cached rps", 10),
    ("p50 ms", 7),
    ("p99 ms", 7),
    ("uncached/trivial", 16),
    ("cached/trivial", 14),
    ("stored", 6),
)


def print_table(rows, yardstick, options, small):
    sizes = f"{small} and {options.items}" if options.items != small else f"{small}"
    print(
        f"\n{options.items} each of resources, events and articles; queries counted "
        f"with {sizes} (a/b when they differ); "
        f"{options.connections} connections, {options.seconds} s per address."
    )
    print(
        f"trivial Django view: {yardstick.rps:.0f} requests/s, "
        f"p50 {yardstick.p50_ms:.1f} ms, p99 {yardstick.p99_ms:.1f} ms"
    )
    print(line(title for title, _ in COLUMNS))
    for row in rows:
        cells = [row.name, row.status, query_counts(row)]
        cells += figures(row.uncached)
        cells += figures(row.cached) if row.cached else ["-", "-", "-"]
        cells.append(f"{row.uncached.rps / yardstick.rps:.3f}x")
        cells.append(
            f"{row.cached.rps / yardstick.rps:.2f}x" if row.cached else "never"
        )
        cells.append(row.stored or "-")
        print(line(cells))
    unexpected = [row.name for row in rows if answered_badly(row)]
    if unexpected:
        print("Errors or unexpected answers under load: " + ", ".join(unexpected))
    misses = [miss for row in rows for miss in missed_targets(row, yardstick)]
    print(
        f"Targets (cached >= {CACHED_TARGET}x, uncached >= {UNCACHED_TARGET}x, "
        f"<= {QUERY_BUDGET} queries, the same with more content): "
        + ("all met." if not misses else "missed by " + "; ".join(misses) + ".")
    )


def line(cells):
    """One row of the table: the page's name to the left, figures to the right."""
    return "  ".join(
        f"{cell:>{width}}" if i else f"{cell:<{width}}"
        for i, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def query_counts(row):
    """One count when content size does not change it, else each: "7/9"."""
    counts = row.queries if len(set(row.queries)) > 1 else row.queries[:1]
    return "/".join(map(str, counts))


def figures(measured):
    return [f"{measured.rps:.0f}", f"{measured.p50_ms:.1f}", f"{measured.p99_ms:.1f}"]


def answered_badly(row):
    """Errors under load, where the page is meant to answer 200."""
    if row.status >= 400:
        return False  # every answer is meant to be an error status
    return bool(row.uncached.bad or (row.cached and row.cached.bad))


def missed_targets(row, yardstick):
    """What of the issue's targets ``row`` misses, in words."""
    misses = []
    if max(row.queries) > QUERY_BUDGET or len(set(row.queries)) > 1:
        misses.append(f"queries {query_counts(row)}")
    if row.uncached.rps < UNCACHED_TARGET * yardstick.rps:
        misses.append(f"uncached {row.uncached.rps / yardstick.rps:.3f}x")
    if row.cached and (
        row.stored != "yes" or row.cached.rps < CACHED_TARGET * yardstick.rps
    ):
        ratio = row.cached.rps / yardstick.rps
        misses.append(f"cached {ratio:.2f}x, stored: {row.stored}")
    return [f"{row.name} ({', '.join(misses)})"] if misses else []
