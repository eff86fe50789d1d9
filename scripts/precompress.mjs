// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) next to every
// text and wasm file of a build, so servers send the smallest encoding without
// compressing per request: the demo server (tower-http `ServeDir` with
// `precompressed_br`/`precompressed_gzip`), nginx `gzip_static`/`brotli_static`,
// or a CDN that uploads the variants. Quality 11 takes seconds per megabyte,
// which a build can afford and a request cannot.
//   node scripts/precompress.mjs <dir>   (Trunk's post_build hook passes its staging dir)
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import path from "node:path";

const COMPRESSIBLE = /\.(js|mjs|wasm|css|html|svg|json|txt)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* files(file);
    else if (COMPRESSIBLE.test(name)) yield file;
  }
}

const root = process.argv[2];
if (!root) {
  console.error("usage: node scripts/precompress.mjs <dir>");
  process.exit(2);
}
let count = 0;
for (const file of files(root)) {
  const raw = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      [constants.BROTLI_PARAM_MODE]: file.endsWith(".wasm") ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  }));
  writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  count += 1;
}
console.log(`precompressed ${count} files in ${root}`);
