// Headless check of the explorer's authors: search an author, open them, open a paper of theirs.
// Usage: node tests/scholarly.mjs <base-url> <author name>
// Prints one JSON line: {results, authorNode, authorColor, papersLinked, details, citations, errors}.
import { explore } from "./browser.mjs";

const [base, author] = process.argv.slice(2);

await explore(base, async (page) => {
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
  return { results, ...canvas, details, citations };
});
