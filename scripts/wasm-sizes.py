#!/usr/bin/env python3
"""Which functions take the space in a wasm file (a poor man's twiggy).

Usage: scripts/wasm-sizes.py target/wasm32-unknown-unknown/release/itt_esim_widget.wasm [N]
Reads the code section and the `name` section (kept by cargo's release build, before
wasm-bindgen and wasm-opt strip it) and prints the N biggest functions and totals per crate.
"""
import re, sys
from collections import Counter

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def main(path, n):
    b = open(path, "rb").read()
    i = 8; imports = 0; bodies = []; names = {}; data = 0
    while i < len(b):
        sid = b[i]; i += 1
        size, i = leb(b, i); end = i + size
        if sid == 2:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                l, j = leb(b, j); j += l
                l, j = leb(b, j); j += l
                kind = b[j]; j += 1
                if kind == 0:
                    imports += 1; _, j = leb(b, j)
                elif kind == 1: j += 1; f, j = leb(b, j); _, j = leb(b, j); j = j if not f & 1 else leb(b, j)[1]
                elif kind == 2: f, j = leb(b, j); _, j = leb(b, j); j = j if not f & 1 else leb(b, j)[1]
                elif kind == 3: j += 2
        elif sid == 10:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                l, j = leb(b, j); bodies.append(l); j += l
        elif sid == 11:
            data = size
        elif sid == 0:
            l, j = leb(b, i); nm = b[j:j + l].decode(); j += l
            if nm == "name":
                while j < end:
                    sub = b[j]; j += 1
                    sl, j = leb(b, j); se = j + sl
                    if sub == 1:
                        cnt, j = leb(b, j)
                        for _ in range(cnt):
                            idx, j = leb(b, j); l, j = leb(b, j)
                            names[idx] = b[j:j + l].decode("utf8", "replace"); j += l
                    j = se
        i = end
    total = sum(bodies)
    print(f"code {total/1024:.1f} KB in {len(bodies)} functions, data {data/1024:.1f} KB")
    rows = [(s, names.get(imports + k, f"func{imports + k}")) for k, s in enumerate(bodies)]
    crates = ["itt_esim_widget", "tachys", "reactive_graph", "leptos", "serde_json", "serde_core",
              "serde", "futures_util", "futures", "wasm_bindgen_futures", "wasm_bindgen", "js_sys", "web_sys",
              "dlmalloc", "hashbrown", "any_spawner", "send_wrapper", "slotmap", "core", "alloc", "std"]
    per_crate = Counter()
    for s, name in rows:
        found = [(name.find(c), c) for c in crates if c in name]
        per_crate[min(found)[1] if found else "?"] += s
    print("by crate (first path segment):")
    for crate, s in per_crate.most_common(15):
        print(f"  {s/1024:8.1f} KB  {crate}")
    print(f"biggest {n} functions:")
    for s, name in sorted(rows, reverse=True)[:n]:
        print(f"  {s:7d}  {name[:150]}")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
