/**
 * Test helper: Debian's chromium driven by playwright-core (no browser download), headless, with a
 * fresh profile and no background networking. `findChromium` says why the browser tests must skip.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

const CANDIDATES = [process.env.EQUIMD_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The browser executable, or the reason there is none. */
export function findChromium(): { path: string } | { skip: string } {
  const path = CANDIDATES.find((p) => p !== undefined && p !== "" && existsSync(p));
  if (path) return { path };
  return {
    skip: `no chromium found (looked at ${CANDIDATES.filter(Boolean).join(", ")}; apt-get install chromium, or set EQUIMD_CHROMIUM)`,
  };
}

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless browser with a fresh profile; close() also removes the profile. */
export async function openBrowser(
  executablePath: string,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "equimd-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
