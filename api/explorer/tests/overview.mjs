// Headless check of the explorer's first screen and its URLs.
// Usage: node tests/overview.mjs <base-url> <paper-id>
// Prints one JSON line: {title, counts, entities, startNodes, entityHash, entityTitle,
// paperTitle, paperMs, errors}.
import { explore } from "./browser.mjs";

const [base, paperId] = process.argv.slice(2);

await explore(base, async (page, newPage) => {
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
  const fresh = await newPage();
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
  return { title, counts, entities, startNodes, wanted, entityHash, entityTitle,
    paperTitle, paperMs, reloadedTitle };
});
