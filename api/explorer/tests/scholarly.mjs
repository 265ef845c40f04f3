// Headless check of the explorer's authors: search an author, open them, open a paper of theirs.
// Usage: node tests/scholarly.mjs <base-url> <author name>
// Prints one JSON line: {results, authorNode, authorColor, papersLinked, details, citations, errors}.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, author] = process.argv.slice(2);
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
  await page.selectOption("#search-mode", "authors");
  await page.fill("#search-input", author);
  await page.press("#search-input", "Enter");
  await page.waitForSelector("[data-testid=result]", { timeout: 20000 });
  const results = await page.locator("[data-testid=result]").count();
  await page.locator("[data-testid=result]").first().click();
  await page.waitForSelector("[data-testid=details-title]", { timeout: 20000 });
  const canvas = await page.evaluate(() => {
    const { graph } = window.citegraph;
    const authorNode = graph.nodes().find((n) => graph.getNodeAttribute(n, "kind") === "Author");
    return {
      authorNode,
      authorColor: authorNode && graph.getNodeAttribute(authorNode, "color"),
      papersLinked: authorNode ? graph.outNeighbors(authorNode).length : 0,
    };
  });
  const details = await page.locator("[data-testid=details-title]").innerText();
  await page.locator("#details [data-paper]").first().click();
  await page.waitForSelector("[data-testid=citations]", { timeout: 20000 });
  const citations = await page.locator("[data-testid=citations]").innerText();
  console.log(JSON.stringify({ results, ...canvas, details, citations, errors }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
