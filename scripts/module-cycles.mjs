#!/usr/bin/env node
// Fails when the modules of a crate import each other in a circle.
//
//   node scripts/module-cycles.mjs            every crate of the workspace
//   node scripts/module-cycles.mjs DIR...     the crates whose `src/` is under DIR
//
// A module is a file with the folder of its children. An edge is a path that
// names another module of the same crate: `crate::a::b`, `super::x`, `self::x`,
// or a child module by its name, in a `use` tree or inline in code. The longest
// prefix of the path that is a module file is the module it lands on
// (`crate::i18n::Msg` lands on `i18n/mod.rs`), through `pub use` re-exports.
// A circle is between the children of one parent: a folder and everything in
// it is one module to its siblings. Not edges: comments and strings,
// `#[cfg(test)]` modules, inline or in a file of their own (tests may look
// anywhere), and a path up to an ancestor (a child naming its own parent's
// items is how Rust nests modules; the parent declares the child). Every
// circle is reported with the line that makes each of its edges, and the exit
// code is 1.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The crates' source roots of the workspace, from the root Cargo.toml. */
function workspaceRoots(root) {
  const toml = readFileSync(join(root, "Cargo.toml"), "utf8");
  const members = /members\s*=\s*\[([^\]]*)\]/.exec(toml);
  const dirs = members ? [...members[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : ["."];
  return dirs.map((d) => join(root, d, "src")).filter((d) => exists(d));
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The crate's files; `main.rs` left out beside a `lib.rs` (a binary of the crate). */
function crateFiles(dir) {
  const files = rustFiles(dir);
  const lib = join(dir, "lib.rs");
  return files.includes(lib) ? files.filter((f) => f !== join(dir, "main.rs")) : files;
}

function rustFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...rustFiles(path));
    else if (entry.name.endsWith(".rs")) out.push(path);
  }
  return out.sort();
}

/** `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `lib.rs`/`main.rs` the root. */
function modulePath(src, file) {
  const parts = relative(src, file).split(sep);
  const last = parts.pop().replace(/\.rs$/, "");
  if (parts.length === 0 && (last === "lib" || last === "main")) return [];
  if (last !== "mod") parts.push(last);
  return parts;
}

/** Blanks comments, strings and chars, keeping offsets (so line numbers hold). */
export function stripNoise(text) {
  const out = text.split("");
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && next === "*") {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === "/" && text[j + 1] === "*") (depth++, (j += 2));
        else if (text[j] === "*" && text[j + 1] === "/") (depth--, (j += 2));
        else j++;
      }
      blank(i, j);
      i = j;
    } else if (c === "r" && /^r#*"/.test(text.slice(i, i + 20)) && !/\w/.test(text[i - 1] ?? "")) {
      const hashes = /^r(#*)"/.exec(text.slice(i))[1];
      const close = `"${hashes}`;
      const end = text.indexOf(close, i + 2 + hashes.length);
      const stop = end < 0 ? text.length : end + close.length;
      blank(i, stop);
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      blank(i, j + 1);
      i = j + 1;
    } else if (c === "'" && /^'(\\.|[^\\'])'/.test(text.slice(i, i + 4))) {
      const m = /^'(\\.|[^\\'])'/.exec(text.slice(i));
      blank(i, i + m[0].length);
      i += m[0].length;
    } else if (c === "'" && /^'\\u\{[0-9a-fA-F]+\}'/.test(text.slice(i, i + 12))) {
      const m = /^'\\u\{[0-9a-fA-F]+\}'/.exec(text.slice(i));
      blank(i, i + m[0].length);
      i += m[0].length;
    } else i++;
  }
  return out.join("");
}

/** Blanks every `#[cfg(test)]` item that is a braced block (test modules). */
function stripTestModules(text) {
  const out = text.split("");
  const re = /#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*\{/g;
  let m;
  while ((m = re.exec(text))) {
    let depth = 1;
    let j = m.index + m[0].length;
    while (j < text.length && depth > 0) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}") depth--;
      j++;
    }
    for (let k = m.index; k < j; k++) if (out[k] !== "\n") out[k] = " ";
    re.lastIndex = j;
  }
  return out.join("");
}

/**
 * Expands a `use` tree into its paths: `a::{b, c::{d, e}}` is a::b, a::c::d,
 * a::c::e. Each path is a list of segments, `self` at the end dropped.
 */
export function expandUseTree(tree, named = false) {
  const paths = [];
  const walk = (prefix, s) => {
    s = s.trim();
    if (!s) return;
    const brace = s.indexOf("{");
    if (brace < 0) {
      const [path, alias] = s.split(/\s+as\s+/);
      const segs = path.split("::").map((x) => x.trim()).filter(Boolean);
      const full = [...prefix, ...segs];
      if (full[full.length - 1] === "self") full.pop();
      // The name it is known by where it is used: its alias, else its last segment.
      const name = alias?.trim() || full[full.length - 1];
      paths.push(named ? { path: full, name } : full);
      return;
    }
    const head = s.slice(0, brace).split("::").map((x) => x.trim()).filter(Boolean);
    const inner = s.slice(brace + 1, s.lastIndexOf("}"));
    for (const part of splitTop(inner)) walk([...prefix, ...head], part);
  };
  walk([], tree);
  return paths;
}

function splitTop(s) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}") depth--;
    else if (s[i] === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/**
 * Builds the module graph of one crate: `{ modules, edges }`, each edge
 * `{ from, to, line, file }` between two modules of the same parent (see
 * `siblings`), with the file and line of the path that made it.
 */
export function crateGraph(src, readFile = (f) => readFileSync(f, "utf8"), files = crateFiles(src)) {
  const modules = new Map(); // "a::b" -> file
  for (const file of files) modules.set(modulePath(src, file).join("::"), file);
  const parsed = files.map((file) => {
    const self = modulePath(src, file);
    const text = stripTestModules(stripNoise(readFile(file)));
    const children = new Set([...text.matchAll(/\bmod\s+(\w+)\s*;/g)].map((m) => m[1]));
    const absolute = (segs) => {
      if (segs[0] === "crate") return segs.slice(1);
      if (segs[0] === "self") return [...self, ...segs.slice(1)];
      if (segs[0] === "super") {
        const base = [...self];
        let k = 0;
        while (segs[k] === "super") (base.pop(), k++);
        return [...base, ...segs.slice(k)];
      }
      if (children.has(segs[0])) return [...self, ...segs];
      return null; // another crate, std, or a local name
    };
    return { file, self, text, absolute };
  });
  // Re-exports (`pub use x::Name`): a path through them lands where the item is.
  const reexports = new Map(); // "a::b" -> Map(name -> absolute path)
  for (const { self, text, absolute } of parsed) {
    const map = new Map();
    for (const m of text.matchAll(/\bpub(?:\([^)]*\))?\s+use\s+([^;]+);/g)) {
      for (const { path, name } of expandUseTree(m[1], true)) {
        const abs = absolute(path);
        if (abs && abs.length) map.set(name, abs);
      }
    }
    reexports.set(self.join("::"), map);
  }
  /** The module file a path lands on, following re-exports (at most 8 hops). */
  const landing = (abs, hops = 0) => {
    for (let n = abs.length; n >= 0; n--) {
      const key = abs.slice(0, n).join("::");
      if (!modules.has(key)) continue;
      const via = reexports.get(key)?.get(abs[n]);
      if (via && hops < 8) return landing([...via, ...abs.slice(n + 1)], hops + 1);
      return abs.slice(0, n);
    }
    return [];
  };
  // Modules declared `#[cfg(test)] mod name;` (tests in a file of their own):
  // tests may look anywhere, as the inline ones.
  const testOnly = new Set();
  for (const { self, text } of parsed) {
    for (const m of text.matchAll(/#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;/g)) {
      testOnly.add([...self, m[1]].join("::"));
    }
  }
  const isTest = (self) =>
    self.some((_, k) => testOnly.has(self.slice(0, k + 1).join("::")));
  const edges = [];
  for (const { file, self, text, absolute } of parsed) {
    if (isTest(self)) continue;
    const lineOf = (offset) => text.slice(0, offset).split("\n").length;
    const land = (segs, offset) => {
      const abs = absolute(segs);
      if (!abs) return;
      const edge = siblings(self, landing(abs));
      if (edge) edges.push({ ...edge, file, line: lineOf(offset) });
    };
    const useRe = /\buse\s+([^;]+);/g;
    const spans = [];
    let m;
    while ((m = useRe.exec(text))) {
      spans.push([m.index, m.index + m[0].length]);
      for (const path of expandUseTree(m[1])) land(path, m.index);
    }
    // Inline paths in code: `crate::a::b`, `super::x`, `self::x`, `child::x`.
    const inlineRe = /(?<![\w:])((?:\w+)(?:\s*::\s*\w+)+)/g;
    while ((m = inlineRe.exec(text))) {
      if (spans.some(([a, b]) => m.index >= a && m.index < b)) continue;
      land(m[1].split("::").map((x) => x.trim()), m.index);
    }
  }
  return { modules, edges };
}

/**
 * A path from module `from` to module `to` is an edge between the two children
 * of their nearest common ancestor that hold them: `a::b::c -> a::d` is
 * `a::b -> a::d`, so a folder and everything in it is one module to its
 * siblings. None when one holds the other (a parent and its own children).
 */
export function siblings(from, to) {
  let k = 0;
  while (k < from.length && k < to.length && from[k] === to[k]) k++;
  if (k === from.length || k === to.length) return null;
  return { from: from.slice(0, k + 1).join("::"), to: to.slice(0, k + 1).join("::") };
}

/** Strongly connected components with more than one module (Tarjan). */
export function circles({ edges }) {
  const next = new Map();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from).add(e.to);
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let counter = 0;
  const visit = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

function main(argv) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const roots = argv.length
    ? argv.map((d) => (exists(join(d, "src")) ? join(d, "src") : d))
    : workspaceRoots(root);
  let failed = 0;
  let modulesSeen = 0;
  for (const src of roots) {
    const graph = crateGraph(src);
    modulesSeen += graph.modules.size;
    for (const scc of circles(graph)) {
      failed++;
      const inside = new Set(scc);
      console.error(`import circle in ${relative(root, src) || "."}: ${scc.join(" , ")}`);
      const seen = new Set();
      for (const e of graph.edges) {
        const key = `${e.from}>${e.to}`;
        if (inside.has(e.from) && inside.has(e.to) && !seen.has(key)) {
          seen.add(key);
          console.error(`  ${relative(root, e.file)}:${e.line}  ${e.from} -> ${e.to}`);
        }
      }
    }
  }
  if (failed) {
    console.error(`${failed} import circle(s); break each at one of the edges above.`);
    process.exit(1);
  }
  console.log(`no import circles: ${modulesSeen} modules in ${roots.length} crates`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
