// Headless check of the explorer's first screen and its URLs.
// Usage: node tests/overview.mjs <base-url> <paper-id>
// Prints one JSON line: {title, counts, entities, startNodes, entityHash, entityTitle,
// paperTitle, paperMs, errors}.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, paperId] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "citegraph-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 860 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(base, { waitUntil: "load" });
  await page.waitForSelector("[data-testid=overview-title]", { timeout: 30000 });
  await page.waitForFunction(() => window.citegraph.graph.order > 1, null, { timeout: 30000 });
  const title = await page.locator("[data-testid=overview-title]").innerText();
  const counts = await page.locator("#details p").first().innerText();
  const entities = await page.locator("[data-testid=overview-entity]").count();
  const startNodes = await page.evaluate(() => window.citegraph.graph.order);
  const wanted = await page.locator("[data-testid=overview-entity]").first().innerText();
  await page.locator("[data-testid=overview-entity]").first().click();
  await page.waitForSelector("[data-testid=details-title]", { timeout: 30000 });
  const entityHash = await page.evaluate(() => window.location.hash);
  const entityTitle = await page.locator("[data-testid=details-title]").innerText();
  // a shared link to a paper, opened in a fresh page
  const fresh = await browser.newPage();
  fresh.on("pageerror", (error) => errors.push(String(error)));
  const started = Date.now();
  await fresh.goto(`${base}#paper=${encodeURIComponent(paperId)}`, { waitUntil: "load" });
  await fresh.waitForSelector("[data-testid=details-title]", { timeout: 30000 });
  const paperMs = Date.now() - started;
  const paperTitle = await fresh.locator("[data-testid=details-title]").innerText();
  // reloading the entity link shows the same entity again
  await fresh.goto(`${base}${entityHash}`, { waitUntil: "load" });
  await fresh.reload({ waitUntil: "load" });
  await fresh.waitForSelector("[data-testid=details-title]", { timeout: 30000 });
  const reloadedTitle = await fresh.locator("[data-testid=details-title]").innerText();
  console.log(JSON.stringify({ title, counts, entities, startNodes, wanted, entityHash, entityTitle,
    paperTitle, paperMs, reloadedTitle, errors }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
