// Headless check of the explorer: search, open a result, expand a node, save a screenshot.
// Usage: node tests/smoke.mjs <base-url> <query> <screenshot.png>
// Prints one JSON line: {results, nodesAfterOpen, nodesAfterExpand, details}.
import { explore } from "./browser.mjs";

const [base, query, screenshot] = process.argv.slice(2);

await explore(base, async (page) => {
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
  return { results, nodesAfterOpen, nodesAfterExpand, clicked, details };
});
