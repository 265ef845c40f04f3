// Bundles src/ into dist/ (index.html + assets/) for the API to serve at "/".
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/assets", { recursive: true });
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outfile: "dist/assets/explorer.js",
  logLevel: "info",
});
cpSync("src/index.html", "dist/index.html");
cpSync("src/explorer.css", "dist/assets/explorer.css");
