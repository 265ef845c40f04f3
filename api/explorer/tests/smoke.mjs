// Headless check of the explorer: search, open a result, expand a node, save a screenshot.
// Usage: node tests/smoke.mjs <base-url> <query> <screenshot.png>
// Prints one JSON line: {results, nodesAfterOpen, nodesAfterExpand, details}.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, query, screenshot] = process.argv.slice(2);
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
  await page.fill("#search-input", query);
  await page.press("#search-input", "Enter");
  await page.waitForSelector("[data-testid=result]", { timeout: 20000 });
  const results = await page.locator("[data-testid=result]").count();
  await page.locator("[data-testid=result]").first().click();
  await page.waitForFunction(() => window.citegraph.graph.order > 1, null, { timeout: 20000 });
  await page.waitForSelector("[data-testid=details-title]", { timeout: 20000 });
  const nodesAfterOpen = await page.evaluate(() => window.citegraph.graph.order);
  // click neighbours on the canvas (papers first) until one brings nodes not shown yet
  const candidates = await page.evaluate(() => {
    const { graph } = window.citegraph;
    const around = graph.neighbors(graph.nodes()[0]);
    const kind = (n) => graph.getNodeAttribute(n, "kind");
    return [...around.filter((n) => kind(n) === "Paper"), ...around.filter((n) => kind(n) !== "Paper")];
  });
  const clicked = [];
  for (const id of candidates.slice(0, 6)) {
    const before = await page.evaluate(() => window.citegraph.graph.order);
    const point = await page.evaluate((node) => {
      const { graph, renderer } = window.citegraph;
      const { x, y } = graph.getNodeAttributes(node);
      const pos = renderer.graphToViewport({ x, y });
      const box = document.getElementById("graph").getBoundingClientRect();
      return { x: box.left + pos.x, y: box.top + pos.y };
    }, id);
    await page.mouse.click(point.x, point.y);
    clicked.push(id);
    await page.waitForFunction((node) => window.citegraph.expanded.has(node), id, { timeout: 20000 });
    if ((await page.evaluate(() => window.citegraph.graph.order)) > before) break;
  }
  const nodesAfterExpand = await page.evaluate(() => window.citegraph.graph.order);
  const details = await page.locator("[data-testid=details-title]").innerText();
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ results, nodesAfterOpen, nodesAfterExpand, clicked, details, errors }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
