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

// Swagger UI for the API's /docs page, served from here rather than a CDN (works offline).
mkdirSync("dist/assets/swagger", { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]) {
  cpSync(`node_modules/swagger-ui-dist/${name}`, `dist/assets/swagger/${name}`);
}
