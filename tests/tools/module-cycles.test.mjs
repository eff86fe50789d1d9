// The import-circle check (`scripts/module-cycles.mjs`) on small crates written
// here: it must find each kind of circle the project has had, and must not see
// one in what Rust nesting, comments, strings and tests do.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { circles, crateGraph, expandUseTree, siblings } from "../../scripts/module-cycles.mjs";

const script = fileURLToPath(new URL("../../scripts/module-cycles.mjs", import.meta.url));

/** Writes `files` (path -> text) under a fresh `src/`; its graph and circles. */
function crate(files) {
  const root = mkdtempSync(join(tmpdir(), "module-cycles-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, "src", path)), { recursive: true });
    writeFileSync(join(root, "src", path), text);
  }
  const graph = crateGraph(join(root, "src"));
  return { root, graph, found: circles(graph) };
}

test("use trees expand into their paths", () => {
  assert.deepEqual(expandUseTree("crate::{a::B, c::{self, d::E as F}}"), [
    ["crate", "a", "B"],
    ["crate", "c"],
    ["crate", "c", "d", "E"],
  ]);
});

test("a re-export is known by its alias", () => {
  assert.deepEqual(expandUseTree("a::{B as C, d}", true), [
    { path: ["a", "B"], name: "C" },
    { path: ["a", "d"], name: "d" },
  ]);
});

test("an edge is between the children of the nearest common ancestor", () => {
  assert.deepEqual(siblings(["a", "b", "c"], ["a", "d"]), { from: "a::b", to: "a::d" });
  assert.equal(siblings(["a", "b"], ["a"]), null, "a child naming its parent");
  assert.equal(siblings(["a"], ["a", "b"]), null, "a parent naming its child");
});

test("finds a circle through a folder, a re-export and an inline path", () => {
  const { root, found } = crate({
    "lib.rs": "mod api;\nmod money;\nmod i18n;\n",
    "api/mod.rs": "pub mod search;\n",
    // api::search -> money, by a `use` tree.
    "api/search.rs": "use crate::{money::Money, i18n};\n",
    // money -> i18n, through i18n's aliased re-export of a child.
    "money.rs": "use crate::i18n::Lang;\npub struct Money;\n",
    "i18n/mod.rs": "mod locale;\npub use locale::{Locale as Lang, Other};\n",
    // i18n::locale -> api, by a path inline in code.
    "i18n/locale.rs": "pub struct Locale;\nfn f() { let _ = crate::api::search::X; }\n",
  });
  try {
    assert.deepEqual(found, [["api", "i18n", "money"]]);
    const run = spawnSync(process.execPath, [script, root], { encoding: "utf8" });
    assert.equal(run.status, 1, "the command fails");
    assert.match(run.stderr, /import circle in .*: api , i18n , money/);
    assert.match(run.stderr, /src\/i18n\/locale\.rs:2 {2}i18n -> api/, "names the line of each edge");
  } finally {
    rmSync(root, { recursive: true });
  }
});

test("finds a circle made by super:: paths between sibling folders", () => {
  const { root, found } = crate({
    "lib.rs": "mod components;\n",
    "components/mod.rs": "pub mod checkout;\npub mod install;\n",
    "components/checkout/mod.rs": "use super::install::Card;\n",
    "components/install/mod.rs": "mod usage;\npub struct Card;\n",
    "components/install/usage.rs": "fn f() { super::super::checkout::pay(); }\n",
  });
  try {
    assert.deepEqual(found, [["components::checkout", "components::install"]]);
  } finally {
    rmSync(root, { recursive: true });
  }
});

test("nesting, comments, strings and test modules make no circle", () => {
  const { root, graph, found } = crate({
    "lib.rs": "mod a;\nmod b;\n",
    // A parent and its child name each other: how Rust nests modules.
    "a/mod.rs": "mod child;\nuse child::Thing;\npub struct Top;\n",
    "a/child.rs": "use super::Top;\npub struct Thing;\nfn f() { let _ = crate::b::B; }\n",
    // Tests in a file of their own, declared `#[cfg(test)] mod tests;`.
    "b/tests.rs": "use crate::a::Top;\n",
    "b.rs": [
      "#[cfg(test)]",
      "mod tests;",
      "pub struct B;",
      "// use crate::a::Top;",
      "/* crate::a::Top */",
      'const S: &str = "crate::a::Top";',
      'const R: &str = r#"crate::a::Top"#;',
      "#[cfg(test)]",
      "mod tests {",
      "    use crate::a::Top;",
      "}",
    ].join("\n"),
  });
  try {
    assert.deepEqual(found, []);
    assert.deepEqual(
      graph.edges.map((e) => `${e.from}->${e.to}`),
      ["a->b"],
      "only the real edge is seen",
    );
    const run = spawnSync(process.execPath, [script, root], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  } finally {
    rmSync(root, { recursive: true });
  }
});

test("the project's crates have no import circle", () => {
  const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /no import circles: \d+ modules in 5 crates/);
});
