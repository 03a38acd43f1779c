"""Fails when the import graph of a package has a cycle.

    python3 tests/imports/cycles.py GRAPH.json

GRAPH.json maps each module to the modules it imports, as `pydeps --show-deps --no-output`
writes it (imports inside functions included) or as `madge --json` does (a list per file).
A cycle is a strongly connected group of more than one module. An edge from a module to a
package that contains it (or to itself) is left out: `from . import _native` reads as an
import of the package, which Python has always initialised before its modules.
"""

from __future__ import annotations

import json
import sys


def graph(data: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, v in data.items():
        deps = v.get("imports", []) if isinstance(v, dict) else v
        out[name] = [d for d in deps if d in data and d != name and not name.startswith(d + ".")]
    return out


def cycles(g: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in g:
        if v not in index:
            visit(v)
    return found


def main() -> int:
    with open(sys.argv[1]) as f:
        g = graph(json.load(f))
    found = cycles(g)
    for c in found:
        print("import cycle:", " <-> ".join(c))
    print(f"{len(g)} modules, {len(found)} import cycle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
