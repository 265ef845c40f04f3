// The headless Chromium every explorer check runs in. `explore(base, check)` opens a fresh
// profile, gives `check` a page at `base` and a `newPage()` for more pages (page errors of each
// collected), prints what `check` returns plus `errors` as one JSON line, and always closes the
// browser and removes the profile.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--use-gl=angle",
  "--use-angle=swiftshader", "--enable-unsafe-swiftshader"];

export async function explore(base, check) {
  const profile = mkdtempSync(join(tmpdir(), "citegraph-chromium-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ARGS,
  });
  const errors = [];
  const newPage = async () => {
    const page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(String(error)));
    return page;
  };
  try {
    const page = await newPage();
    await page.goto(base, { waitUntil: "load" });
    const report = await check(page, newPage);
    console.log(JSON.stringify({ ...report, errors }));
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
