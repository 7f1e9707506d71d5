// End-to-end tests of the built sample handbook in headless Chromium.
//
// Build the site first (`cargo run --release -- build --today 2026-11-22`),
// then `npm ci && npm test` in this folder. The browser is the system's
// (Debian's `chromium`, or CHROMIUM=/path); nothing is ever downloaded.
// Screenshots go to target/e2e-screenshots/ (outside the published site).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const site = path.resolve(process.env.QMSBOOK_SITE || path.join(repo, "book"));
const shots = path.join(repo, "target", "e2e-screenshots");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
// The site is served below a sub-path, to show that every URL is relative.
const PREFIX = "/handbook/";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv", ".pdf": "application/pdf" };

let server, base, browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(site, "index.html")),
    `no site at ${site}: run \`cargo run --release -- build --today 2026-11-22\` first`);
  fs.mkdirSync(shots, { recursive: true });
  server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(PREFIX)) { res.writeHead(404); res.end(); return; }
    rel = rel.slice(PREFIX.length) || "index.html";
    const file = path.join(site, path.normalize(rel));
    if (file.startsWith(site + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      fs.createReadStream(file).pipe(res);
    } else {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(fs.readFileSync(path.join(site, "404.html")));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

// A new page that records console errors, script errors, failed requests and
// any request that leaves the site. `check()` asserts there were none.
// `bypassCSP` is only for injecting the axe-core test script; the pages' own
// Content-Security-Policy is enforced in every other test.
async function open(url, { allow404Document = false, bypassCSP = false, width = 1280, theme } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP });
  // A theme chosen with the switch on an earlier visit.
  if (theme) await context.addInitScript((t) => localStorage.setItem("qmsbook-theme", t), theme);
  const page = await context.newPage();
  const problems = [];
  const siteRoots = [base, pathToFileURL(site).href + "/"];
  page.on("console", (m) => {
    if (m.type() === "error" && !(allow404Document && /404/.test(m.text()))) problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (!siteRoots.some((s) => r.url().startsWith(s)) && !r.url().startsWith("data:")) problems.push(`request outside the site: ${r.url()}`);
  });
  page.on("response", (r) => {
    const isDoc = r.request().isNavigationRequest();
    if (r.status() >= 400 && !(allow404Document && isDoc)) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  page.check = () => assert.deepEqual(problems, [], "no console errors, failed or outside requests");
  page.done = async () => { page.check(); await context.close(); };
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });

async function search(page, query) {
  await page.fill("#search-input", query);
  // Results appear as you type; wait for those of this query, with the full text loaded.
  await page.waitForFunction((q) => {
    const list = document.getElementById("search-results");
    return !list.hidden && list.getAttribute("data-query") === q &&
      !/loading/i.test(document.getElementById("search-status").textContent);
  }, query);
  return page.$$eval("#search-results .search-result", (as) => as.map((a) => ({ text: a.innerText, href: a.getAttribute("href") })));
}

test("sidebar navigation", async () => {
  const page = await open(base + "index.html");
  await shot(page, "home");
  await page.click('#nav-tree a:has-text("SOP-001")');
  await page.waitForURL(/doc\/SOP-001\.html$/);
  assert.match(await page.textContent("h1"), /SOP-001/);
  assert.equal(await page.getAttribute('#nav-tree a[aria-current="page"]', "href"), "../doc/SOP-001.html");
  await shot(page, "document");
  await page.click('.sidebar a:has-text("Document register")');
  await page.waitForURL(/register\.html$/);
  await page.done();
});

test("an ID link and a backlink", async () => {
  const page = await open(base + "doc/SOP-004.html");
  const link = page.locator(".prose a.doc-ref").first();
  const target = (await link.locator(".doc-id").textContent()).trim();
  await link.click();
  await page.waitForURL(new RegExp(`doc/${target}\\.html`));
  assert.match(await page.textContent("h1"), new RegExp(target));
  const back = page.locator('.backlinks a:has-text("SOP-004")');
  assert.equal(await back.count(), 1, `${target} lists SOP-004 under "Referenced by"`);
  await back.click();
  await page.waitForURL(/doc\/SOP-004\.html$/);
  await page.done();
});

test("search: a document ID, a clause id and a body word; Enter opens the page at the heading", async () => {
  const page = await open(base + "doc/SOP-004.html");
  assert.equal(await page.locator("script[src$='search-index.js']").count(), 0, "the index is loaded only when search is used");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input", "/ focuses the search box");
  await page.waitForFunction(() => window.QMSBOOK_SEARCH);

  let results = await search(page, "SOP-012");
  assert.match(results[0].text, /^SOP-012\b/, "the exact ID comes first");
  assert.equal(results[0].href, "../doc/SOP-012.html");

  results = await search(page, "7.5.3");
  assert.match(results[0].text, /^7\.5\.3 /, "the clause comes first");
  assert.equal(results[0].href, "../clauses/iso9001-2015/7.5.3.html");
  assert.ok(results.some((r) => r.href.startsWith("../doc/SOP-001.html")), "documents tagged with it are found");

  results = await search(page, "calibration");
  assert.ok(results.length >= 3, "a body word finds sections");
  assert.ok(results.some((r) => r.href.includes("#")), "results point at headings");
  assert.ok(await page.locator("#search-results mark").count() > 0, "the match is highlighted");
  await shot(page, "search");

  // Keyboard: down twice, up once, Enter opens the second result.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
  await page.keyboard.press("ArrowDown");
  const chosen = results[1].href.replace(/^\.\.\//, "");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.href === new URL(chosen, base).href);
  const anchor = chosen.split("#")[1];
  if (anchor) assert.equal(await page.locator(`[id="${anchor}"]`).count(), 1, "the heading is on the page");
  await page.done();
});

test("the coverage matrix shows a gap row", async () => {
  const page = await open(base + "coverage/iso9001-2015.html");
  await page.click('[data-matrix-view="full"]');
  const gap = page.locator("tr.requirement.row-gap").first();
  assert.ok(await gap.count() > 0, "a gap row");
  assert.match(await gap.innerText(), /gap/i, "the status is written out, not only coloured");
  await gap.scrollIntoViewIfNeeded();
  await shot(page, "matrix");
  await page.done();
});

test("the register filters", async () => {
  const page = await open(base + "register.html");
  const all = await page.locator("#register tbody tr").count();
  await page.fill('#register-filters input[data-filter="text"]', "supplier");
  const shown = await page.locator("#register tbody tr:not([hidden])").count();
  assert.ok(shown > 0 && shown < all, `filtered ${shown} of ${all}`);
  assert.match(await page.textContent("#register-count"), new RegExp(`${shown} of ${all}`));
  await page.selectOption('#register-filters select[data-filter="type"]', "form");
  await shot(page, "register");
  await page.done();
});

test("the print view", async () => {
  const page = await open(base + "print.html");
  assert.ok(await page.locator(".print-doc").count() > 10, "every document is on the print page");
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".topbar").isVisible(), false, "no screen chrome on paper");
  await shot(page, "print");
  await page.done();
});

const AXE_PAGES = [["home", "index.html"], ["document", "doc/SOP-001.html"], ["matrix", "coverage/iso9001-2015.html"], ["register", "register.html"],
  ["search results", "search.html?q=how%20do%20I%20report%20a%20nonconformity"], ["search results (dark)", "search.html?q=calibration", { dark: true }],
  ["grid", "coverage/iso9001-2015-grid.html"], ["grid (phone, dark switch)", "coverage/iso9001-2015-grid.html", { width: 360, theme: "dark" }],
  ["matrix (expanded, dark switch)", "coverage/iso9001-2015.html", { theme: "dark", expand: true }],
  ["document (dark, search open)", "doc/SOP-001.html", { dark: true, query: "calibration" }]];
for (const [name, url, opts = {}] of AXE_PAGES) {
  test(`axe-core: no WCAG 2.1 AA violations on the ${name} page`, async () => {
    const page = await open(base + url, { bypassCSP: true, width: opts.width, theme: opts.theme });
    if (opts.dark) await page.emulateMedia({ colorScheme: "dark" });
    if (opts.theme) assert.equal(await page.getAttribute("html", "data-theme"), opts.theme);
    if (opts.expand) await page.click('[data-matrix-view="full"]');
    if (opts.query) { await page.click("#search-input"); await search(page, opts.query); await shot(page, "search-dark"); }
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }));
    const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("\n    ")}`);
    assert.deepEqual(summary, [], `axe violations on ${url}`);
    await page.done();
  });
}

test("keyboard only: skip link first, visible focus", async () => {
  const page = await open(base + "doc/SOP-001.html");
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({ cls: document.activeElement.className, outline: getComputedStyle(document.activeElement).outlineStyle }));
  assert.equal(first.cls, "skip-link");
  assert.notEqual(first.outline, "none", "focus is visible");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.getElementById("main").contains(document.activeElement)), "the skip link jumps into the main content");
  await page.done();
});

test("from file://: pages, sidebar and search work without a server", async () => {
  const page = await open(pathToFileURL(path.join(site, "doc", "SOP-001.html")).href);
  assert.ok(await page.locator("#nav-tree details").count() > 0, "the sidebar is built from nav.js");
  await page.click("#search-input");
  const results = await search(page, "SOP-009");
  assert.match(results[0].text, /^SOP-009\b/);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForURL(/doc\/SOP-009\.html$/);
  await shot(page, "file-url");
  // Enter with no suggestion selected opens the full results page, from file:// too.
  await page.click("#search-input");
  await search(page, "sop 9");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\.html\?q=sop%209$/);
  const first = await resultsPage(page, "sop 9");
  assert.equal(first[0].href, "doc/SOP-009.html");
  await page.done();
});

test("the 404 page is styled and links home at any depth", async () => {
  const page = await open(base + "doc/no/such/page.html", { allow404Document: true });
  assert.equal(await page.textContent("h1"), "Page not found");
  const home = await page.evaluate(() => document.querySelector("main a").href);
  assert.equal(home, base + "index.html");
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".topbar")).position);
  assert.equal(styled, "sticky", "the stylesheet loaded");
  await shot(page, "404");
  await page.done();
});

// Every table with a sticky header: the first body row is visible, not under
// the header, at desktop and phone widths (it was hidden on gaps.html and
// documented-information.html).
test("sticky table headers never cover the first row", async () => {
  for (const width of [1280, 390]) {
    for (const name of ["gaps.html", "documented-information.html", "coverage/iso9001-2015.html", "register.html", "reviews.html"]) {
      const page = await open(base + name, { width });
      const covered = await page.evaluate(() => {
        const out = [];
        for (const table of document.querySelectorAll("table")) {
          const head = table.querySelector("thead");
          const row = table.querySelector("tbody tr");
          if (!head || !row) continue;
          row.scrollIntoView({ block: "center" });
          const r = row.getBoundingClientRect();
          const x = Math.min(r.left + 20, window.innerWidth - 1), y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (!hit || !row.contains(hit)) out.push(`${row.innerText.slice(0, 40)} is covered by <${hit && hit.tagName}>`);
        }
        return out;
      });
      assert.deepEqual(covered, [], `${name} at ${width}px`);
      await page.done();
    }
  }
});

// The search table: a query a member of staff (or an auditor) would type, and
// the page that should come first, on the sample handbook's default build
// (drafts not published). Each expectation follows from the sample's content,
// as the comments say; the ranking is not tuned to any one of them.
const SEARCH_TABLE = [
  // The calibration work instruction WI-001 is a draft, so not published; SOP-006
  // is the published procedure for measuring equipment and says where calibration is done.
  { query: "calibration", expectFirst: "doc/SOP-006.html" },
  // Stop words dropped: "report" + "nonconformity"; SOP-016's title is "Nonconformity and corrective action".
  { query: "how do I report a nonconformity", expectFirst: "doc/SOP-016.html" },
  // One ID, written five ways.
  { query: "sop-4", expectFirst: "doc/SOP-004.html" },
  { query: "sop004", expectFirst: "doc/SOP-004.html" },
  { query: "SOP004", expectFirst: "doc/SOP-004.html" },
  { query: "sop 004", expectFirst: "doc/SOP-004.html" },
  { query: "SOP-004", expectFirst: "doc/SOP-004.html" },
  // Other ID schemes of the handbook.
  { query: "wi-2", expectFirst: "doc/WI-002.html" },
  { query: "qm1", expectFirst: "doc/QM-001.html" },
  { query: "pol 3", expectFirst: "doc/POL-003.html" },
  { query: "FRM006", expectFirst: "doc/FRM-006.html" },
  // Clause numbers: the clause page, then the documents tagged with it (SOP-001 is tagged 7.5.3.1 and 7.5.3.2).
  { query: "clause 7.5.3", expectFirst: "clauses/iso9001-2015/7.5.3.html", expectAlso: "doc/SOP-001.html" },
  { query: "iso9001 7.5.3", expectFirst: "clauses/iso9001-2015/7.5.3.html", expectAlso: "doc/SOP-001.html" },
  { query: "8.4", expectFirst: "clauses/iso9001-2015/8.4.html", expectAlso: "doc/SOP-009.html" },
  // Titles.
  { query: "internal audit", expectFirst: "doc/SOP-014.html" },
  { query: "management review", expectFirst: "doc/SOP-015.html" },
  { query: "quality policy", expectFirst: "doc/POL-001.html" },
  { query: "nonconformance report", expectFirst: "doc/FRM-006.html" },
  { query: "corrective action request", expectFirst: "doc/FRM-001.html" },
  { query: "first article inspection", expectFirst: "doc/WI-002.html" },
  // "document" stems to the word of SOP-001's title "Control of documented information".
  { query: "document control", expectFirst: "doc/SOP-001.html" },
  // FRM-004 is the "Training and competence record".
  { query: "training records", expectFirst: "doc/FRM-004.html" },
  // Questions: SOP-001 has the section "Retention of records"; SOP-006 the section "Equipment register".
  { query: "how long do we keep records", expectFirst: "doc/SOP-001.html#retention" },
  { query: "where is the equipment register", expectFirst: "doc/SOP-006.html#register" },
  { query: "what are our quality objectives", expectFirst: "doc/POL-004.html" },
  // Typos (one edit, words of 5+ letters) and prefixes.
  { query: "managment review", expectFirst: "doc/SOP-015.html" },
  { query: "purchsing", expectFirst: "doc/SOP-009.html" },
  // FRM-003 has the heading "Documents received".
  { query: "documents recieved", expectFirst: "doc/FRM-003.html#documents" },
  { query: "first art", expectFirst: "doc/WI-002.html" },
  // A view of the handbook.
  { query: "gaps", expectFirst: "gaps.html" },
];

// Opens nothing: reads the results of `query` off the results page `page` is on.
async function resultsPage(page, query) {
  await page.waitForFunction((q) => document.querySelector("ol[data-search-results]")?.getAttribute("data-query") === q ||
    /^No results/.test(document.getElementById("search-page-status").textContent), query);
  return page.$$eval("ol[data-search-results] > li", (lis) => lis.map((li) => ({
    href: li.querySelector("a").getAttribute("href"), text: li.innerText, marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
  })));
}

test("search table: the expected first result for each query, on search.html", async () => {
  const failures = [];
  for (const row of SEARCH_TABLE) {
    // A page each: leaving a page at once would cancel its requests (favicon), which `done` reports.
    const page = await open(base + "search.html?q=" + encodeURIComponent(row.query));
    const results = await resultsPage(page, row.query);
    await page.done();
    // A result opens its document at the best matching section; the table names the section only where it matters.
    const got = !results[0] ? "(nothing)" : row.expectFirst.includes("#") ? results[0].href : results[0].href.split("#")[0];
    if (got !== row.expectFirst) failures.push(`${JSON.stringify(row.query)}: expected ${row.expectFirst} first, got ${got} (then ${results.slice(1, 3).map((r) => r.href).join(", ")})`);
    if (row.expectAlso && !results.some((r) => r.href === row.expectAlso)) failures.push(`${JSON.stringify(row.query)}: ${row.expectAlso} not among the results`);
  }
  assert.deepEqual(failures, [], "every query of the table finds its document first");
});

test("search: a query loads the index, its terms' shards and the snippets of the results shown, nothing else", async () => {
  const page = await open(base + "doc/SOP-001.html");
  const loaded = [];
  page.on("request", (r) => { const m = /\/(search-[^/]*\.js)$/.exec(r.url()); if (m) loaded.push(m[1]); });
  await page.click("#search-input");
  const results = await search(page, "calibration records");
  assert.ok(results.length > 1, "results");
  assert.ok(loaded.includes("search-index.js"));
  // Term shards: only those of the query's words (or of words they start).
  const terms = loaded.filter((f) => f.startsWith("search-terms")).map((f) => f.replace(/^search-terms-?|\.js$/g, ""));
  assert.ok(terms.length > 0, "the terms' shards are loaded");
  for (const k of terms) assert.ok(["calibrat", "record"].some((t) => t.startsWith(k) || k.startsWith(t)), `search-terms-${k}.js is not a shard of the query's words`);
  // Text shards: only those holding the sections of the documents shown.
  const texts = loaded.filter((f) => f.startsWith("search-text-"));
  assert.ok(texts.length > 0, "snippets are loaded");
  const outside = await page.evaluate(({ texts, hrefs }) => {
    const ix = window.QMSBOOK_SEARCH, ranges = {};
    let s = 0;
    ix.docs.forEach((d) => { ranges[d[0]] = [s, s + d[4].length]; s += d[4].length; });
    const shown = hrefs.map((h) => /doc\/([^/#]+)\.html/.exec(h || "")).filter(Boolean).map((m) => ranges[m[1]]);
    return texts.filter((f) => {
      const shard = ix.text.find((t) => t[0] === f);
      return !shard || !shown.some((r) => r[0] < shard[1] + shard[2] && shard[1] < r[1]);
    });
  }, { texts, hrefs: results.map((r) => r.href) });
  assert.deepEqual(outside, [], "no text shard outside the results'");
  await page.close();
});

test("search: a misspelling finds the word, marked in the snippet; exact matches rank above fuzzy ones", async () => {
  let page = await open(base + "search.html?q=recieve");
  const results = await resultsPage(page, "recieve");
  assert.ok(results.length > 0, "recieve finds something");
  assert.ok(results[0].marks.some((m) => /^receiv/i.test(m)), `the first result shows "receive…" marked: ${results[0].text}`);
  await page.done();
  // "calibration" exactly against "calibraton" (one letter missing): the same first result.
  page = await open(base + "search.html?q=calibraton");
  const typo = await resultsPage(page, "calibraton");
  assert.equal(typo[0].href.split("#")[0], "doc/SOP-006.html");
  await page.done();
  // Four-letter words get no typo tolerance.
  page = await open(base + "search.html?q=audt");
  assert.equal((await resultsPage(page, "audt")).length, 0);
  await page.done();
});

test("search results page: ranked list with snippets, Enter and \"See all results\" lead there; 360 px and 1366 px", async () => {
  for (const width of [1366, 360]) {
    const page = await open(base + "doc/SOP-001.html", { width });
    await page.click("#search-input");
    const results = await search(page, "internal audit");
    assert.match(results.at(-1).text, /^See all \d+ results/, "the last option leads to every result");
    assert.equal(results.at(-1).href, "../search.html?q=internal%20audit");
    await page.keyboard.press("Enter");
    await page.waitForURL(/search\.html\?q=internal%20audit$/);
    const list = await resultsPage(page, "internal audit");
    assert.equal(list[0].href, "doc/SOP-014.html");
    assert.ok(list.length >= 3);
    assert.ok(list.every((r) => r.href && !r.href.startsWith("http")), "relative links");
    assert.ok(list.some((r) => r.marks.some((m) => /audit/i.test(m))), "snippets mark the matching words");
    assert.equal(await page.inputValue("#search-page-input"), "internal audit", "the query stays in the page's search field");
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scroll at ${width}px`);
    await shot(page, `search-page-${width}`);
    await page.done();
  }
  // The combobox: choosing "See all" with the keyboard.
  const page = await open(base + "index.html");
  await page.click("#search-input");
  const results = await search(page, "calibration");
  for (let i = 0; i < results.length; i++) await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-all");
  await page.keyboard.press("Enter");
  await page.waitForURL(/search\.html\?q=calibration$/);
  await resultsPage(page, "calibration");
  await page.done();
});
// ==== Reader conveniences (issue 15): theme switch, "On this page",
// "Edit this page", the matrix's compact view, the grid's density. ====

// Screenshots of a page at phone and desktop widths, light and dark.
async function shotsAt(rel, name, prepare) {
  for (const width of [360, 1366]) {
    for (const scheme of ["light", "dark"]) {
      const page = await open(base + rel, { width });
      await page.emulateMedia({ colorScheme: scheme });
      if (prepare) await prepare(page, width);
      await shot(page, `${name}-${width}-${scheme}`);
      await page.done();
    }
  }
}

test("theme switch: remembered across pages, applied before the first paint", async () => {
  const page = await open(base + "doc/SOP-001.html", { width: 1366 });
  await page.emulateMedia({ colorScheme: "light" });
  const toggle = page.locator("#theme-toggle");
  assert.ok(await toggle.isVisible(), "the switch is shown when scripts run");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  // automatic → light → dark
  await toggle.click();
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  await toggle.click();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.notEqual(await bg(), light, "the dark colours apply");
  assert.match(await toggle.getAttribute("title"), /dark/);
  assert.equal(await page.evaluate(() => localStorage.getItem("qmsbook-theme")), "dark");

  // On the next page the attribute is set by the time <body> is parsed, so
  // the first paint is already dark (no flash of the light theme).
  await page.addInitScript(() => {
    window.__themeAtBody = "not seen";
    new MutationObserver((_, obs) => {
      if (document.body) {
        window.__themeAtBody = document.documentElement.getAttribute("data-theme");
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.click('.sidebar a:has-text("Document register")');
  await page.waitForURL(/register\.html$/);
  assert.equal(await page.evaluate(() => window.__themeAtBody), "dark", "dark before the body is parsed");
  assert.equal(await bg(), "rgb(15, 20, 25)", "dark page background");
  // A light system does not override the reader's choice; "automatic" gives it back.
  await page.locator("#theme-toggle").click();
  assert.equal(await page.getAttribute("html", "data-theme"), null, "automatic: no attribute");
  assert.equal(await page.evaluate(() => localStorage.getItem("qmsbook-theme")), null);
  assert.equal(await bg(), light, "automatic follows the (light) system");
  await page.done();
});

test("On this page stays in view on wide screens and marks the section read", async () => {
  const page = await open(base + "doc/SOP-001.html", { width: 1366 });
  const links = await page.$$eval(".toc a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.length >= 3, "a contents list");
  const target = links[links.length - 2];
  await page.click(`.toc a[href="${target}"]`);
  await page.waitForFunction((t) => document.querySelector(".toc a[aria-current]")?.getAttribute("href") === t, target);
  assert.equal(await page.locator(".toc a[aria-current]").count(), 1, "one current entry");
  const box = await page.locator(".toc").boundingBox();
  assert.ok(box.y >= 0 && box.y < 200, `the contents stay in view (top at ${box.y})`);
  const heading = await page.locator(target).boundingBox();
  assert.ok(heading.y >= 50, `the heading is not under the top bar (${heading.y})`);
  await shot(page, "toc-1366");
  // Scrolling back to the top section moves the mark.
  await page.evaluate((t) => document.querySelector(t).scrollIntoView(), links[0]);
  await page.waitForFunction((t) => document.querySelector(".toc a[aria-current]")?.getAttribute("href") === t, links[0]);
  await page.done();
});

test("Edit this page links to the source file in the repository", async () => {
  const page = await open(base + "doc/SOP-001.html");
  const href = await page.getAttribute("a.edit-link", "href");
  const source = (await page.textContent(".source-path code")).trim();
  assert.equal(href, `https://git.example.com/harbour-precision/qms-handbook/edit/main/${source}`);
  await page.done();
});

test("coverage matrix: compact view folds sub-clauses, keeps gaps in sight, expands", async () => {
  const page = await open(base + "coverage/iso9001-2015.html", { width: 1366 });
  const all = await page.locator("#matrix-table tbody tr").count();
  const shown = () => page.locator("#matrix-table tbody tr:visible").count();
  const compact = await shown();
  assert.ok(compact < all / 2, `compact: ${compact} of ${all} rows`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height < 6000, `the compact page is ${height}px tall (was ~13,900)`);

  // Each gap is inside a folded parent that names it, or is shown itself.
  const gaps = await page.$$eval("#matrix-table tr.requirement.row-gap", (rs) => rs.map((r) => r.id));
  if (!process.env.QMSBOOK_SITE) assert.ok(gaps.length > 0, "the sample has a gap");
  for (const id of gaps) {
    const visible = await page.locator(`[id="${id}"]`).isVisible();
    if (visible) continue;
    const clause = id.slice(2);
    const parent = page.locator(`tr.collapsed:visible .inside a[href="#${id}"]`);
    assert.equal(await parent.count(), 1, `a folded parent shows gap ${clause}`);
    assert.ok(await parent.isVisible());
    assert.match(await parent.locator("xpath=ancestor::span[contains(@class,'inside-item')]").innerText(), /gap/);
    // Its row's button unfolds it.
    const button = await parent.locator("xpath=ancestor::tr").locator(".row-toggle").elementHandle();
    await shot(page, "matrix-compact");
    await button.click();
    assert.equal(await button.getAttribute("aria-expanded"), "true");
  }
  for (const id of gaps) assert.ok(await page.locator(`[id="${id}"]`).isVisible(), `${id} is shown once opened`);

  await page.click('[data-matrix-view="compact"]');
  assert.equal(await shown(), compact);
  // A link to a folded clause opens its parents.
  const deep = gaps[0] || await page.$eval("#matrix-table tr.row-hidden", (r) => r.id);
  await page.evaluate((id) => { location.hash = id; }, deep);
  await page.waitForFunction((id) => document.getElementById(id).offsetParent !== null, deep);
  await page.click('[data-matrix-view="full"]');
  assert.equal(await shown(), all, "expand all");
  await page.click('[data-matrix-view="compact"]');
  // Long document lists (a large handbook) show their first entries and "and N more".
  const more = page.locator("#matrix-table .docs-more-button:visible").first();
  if (await more.count()) {
    const row = await more.locator("xpath=ancestor::tr").elementHandle();
    const hidden = await row.$$eval(".doc-extra", (es) => es.filter((e) => !e.offsetParent).length);
    assert.ok(hidden > 0, "entries after the first are folded");
    await more.click();
    assert.equal(await row.$$eval(".doc-extra", (es) => es.filter((e) => !e.offsetParent).length), 0, "and shown on request");
  }
  await page.emulateMedia({ media: "print" });
  assert.equal(await shown(), all, "on paper every row is shown");
  assert.equal(await page.$$eval("#matrix-table .doc-extra", (es) => es.filter((e) => !e.offsetParent).length), 0, "and every document");
  await page.done();
});

test("coverage matrix: each document once, an exclusion justified once", async () => {
  const page = await open(base + "coverage/iso9001-2015.html");
  const repeats = await page.$$eval("#matrix-table tbody tr", (rows) => rows.flatMap((r) => {
    const ids = [...r.querySelectorAll(".clause-docs .doc-groups > li > a .doc-id, .clause-docs .doc-groups > li > .doc-id")].map((e) => e.textContent);
    return ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `${r.id}: ${id}`);
  }));
  assert.deepEqual(repeats, [], "no document twice in a row");
  const justifications = await page.$$eval("#matrix-table .justification:not(.excluded-with)", (es) => es.map((e) => e.textContent));
  assert.equal(new Set(justifications).size, justifications.length, "no justification repeated");
  assert.ok(await page.locator("#matrix-table .excluded-with").count() > 0, "sub-clauses point to the excluded clause");
  await page.done();
});

test("cross-reference grid: every column fits at 1366px; on a phone the document column stays", async () => {
  let page = await open(base + "coverage/iso9001-2015-grid.html", { width: 1366 });
  const fit = await page.evaluate(() => {
    const w = document.querySelector(".grid-wrap");
    return { cols: document.querySelectorAll(".xref thead th").length - 1, scroll: w.scrollWidth, client: w.clientWidth,
      page: document.documentElement.scrollWidth };
  });
  assert.ok(fit.cols >= 28, `${fit.cols} columns`);
  assert.ok(fit.scroll <= fit.client, `every column fits (${fit.scroll} > ${fit.client})`);
  assert.ok(fit.page <= 1366, "no page scroll");
  assert.equal(await page.locator("#grid-hint").isVisible(), false, "no scroll hint when it fits");
  await shot(page, "grid-1366");
  await page.done();

  page = await open(base + "coverage/iso9001-2015-grid.html", { width: 360 });
  assert.ok(await page.locator("#grid-hint").isVisible(), "a hint that it scrolls");
  assert.ok(await page.locator("#grid-frame.more-right").count() === 1, "a shadow at the right edge");
  const after = await page.evaluate(() => {
    const w = document.querySelector(".grid-wrap");
    w.scrollLeft = w.scrollWidth;
    w.scrollTop = 200;
    w.dispatchEvent(new Event("scroll"));
    const wr = w.getBoundingClientRect();
    const first = document.querySelector(".xref tbody tr:nth-child(8) th").getBoundingClientRect();
    const head = document.querySelector(".xref thead th:last-child").getBoundingClientRect();
    return { wrapLeft: wr.left, wrapTop: wr.top, firstLeft: first.left, headTop: head.top, page: document.documentElement.scrollWidth };
  });
  assert.ok(Math.abs(after.firstLeft - after.wrapLeft) <= 2, `the document column stays (${after.firstLeft} vs ${after.wrapLeft})`);
  assert.ok(Math.abs(after.headTop - after.wrapTop) <= 2, `the header row stays (${after.headTop} vs ${after.wrapTop})`);
  assert.ok(after.page <= 360, `no page scroll (${after.page})`);
  assert.equal(await page.locator("#grid-frame.more-right").count(), 0, "no shadow at the end");
  await shot(page, "grid-360-scrolled");
  await page.done();
});

test("screenshots: matrix, grid and a document at 360 and 1366 px, light and dark", async () => {
  await shotsAt("coverage/iso9001-2015.html", "matrix", (page) => page.evaluate(() => document.getElementById("matrix").scrollIntoView()));
  await shotsAt("coverage/iso9001-2015-grid.html", "grid");
  await shotsAt("doc/SOP-001.html", "document-toc", (page) => page.evaluate(() => (document.querySelectorAll(".prose h2")[2] || document.querySelector("h1")).scrollIntoView()));
});

// The layout sweep: every page type at phone and desktop width, light and
// dark. No page is wider than the window (wide tables scroll inside their own
// box), the first body row of every table is what is seen at its centre (no
// sticky header over it), axe finds nothing; a screenshot of each page type
// at both widths goes to target/e2e-screenshots/ for a reviewer.
// With QMSBOOK_SITE set to another site, its own pages of each type are used.
function firstFile(dir, pattern) {
  const full = path.join(site, dir);
  if (!fs.existsSync(full)) return null;
  const name = fs.readdirSync(full).filter((f) => pattern.test(f)).sort()[0];
  return name ? `${dir}/${name}` : null;
}
// The first page of an earlier revision (or changes page) in any document's folder.
function firstArchive(pattern) {
  const docs = path.join(site, "doc");
  if (!fs.existsSync(docs)) return null;
  for (const d of fs.readdirSync(docs).sort()) {
    const dir = path.join(docs, d);
    if (!fs.statSync(dir).isDirectory()) continue;
    const name = fs.readdirSync(dir).filter((f) => pattern.test(f)).sort()[0];
    if (name) return `doc/${d}/${name}`;
  }
  return null;
}
const SWEEP_PAGES = [
  ["home", "index.html"],
  ["document", fs.existsSync(path.join(site, "doc", "QM-001.html")) ? "doc/QM-001.html" : firstFile("doc", /\.html$/)],
  ["matrix", firstFile("coverage", /^[^-]+(-[0-9]+)*\.html$/) || firstFile("coverage", /\.html$/)],
  ["grid", firstFile("coverage", /-grid\.html$/)],
  ["gaps", "gaps.html"],
  ["documented-information", "documented-information.html"],
  ["register", "register.html"],
  ["records", "records.html"],
  ["external documents", "external-documents.html"],
  ["reviews", "reviews.html"],
  ["print", "print.html"],
  ["objectives", fs.existsSync(path.join(site, "objectives.html")) ? "objectives.html" : null],
  ["objective", firstFile("objectives", /\.html$/)],
  ["alignment", fs.existsSync(path.join(site, "alignment.html")) ? "alignment.html" : null],
  ["clause", fs.existsSync(path.join(site, "clauses", "iso9001-2015", "7.5.3.html")) ? "clauses/iso9001-2015/7.5.3.html" : null],
  ["404", "doc/no-such-page.html"],
  ["earlier revision", firstArchive(/^rev-.*\.html$/)],
  ["changes", firstArchive(/^changes\.html$/)],
  ["management reviews", "management-review.html"],
  ["review record", fs.existsSync(path.join(site, "doc", "MR-2026-06.html")) ? "doc/MR-2026-06.html" : null],
  ["awareness", "awareness.html"],
  ["reading list", firstFile("awareness/roles", /\.html$/)],
  ["transition", firstFile("transition", /--.*\.html$/)],
  ["transitions", "transition/index.html"],
  ["document type", firstFile("documents", /\.html$/)],
].filter(([, url]) => url && (url === "doc/no-such-page.html" || fs.existsSync(path.join(site, url))));

// A page over 2 MB (the print page of a 1,000-document handbook) gets the
// width check, the first 40 tables and no axe run, which would take minutes.
const BIG_PAGE = 2_000_000;
for (const [name, url] of SWEEP_PAGES) {
  test(`layout sweep: the ${name} page at 360 and 1366 px, light and dark`, async (t) => {
    const file = path.join(site, url);
    const big = fs.existsSync(file) && fs.statSync(file).size > BIG_PAGE;
    if (big) t.diagnostic(`${url} is over 2 MB: first 40 tables only, no axe run`);
    for (const width of [360, 1366]) {
      for (const scheme of ["light", "dark"]) {
        const page = await open(base + url, { width, bypassCSP: true, allow404Document: name === "404" });
        await page.emulateMedia({ colorScheme: scheme });
        const where = `${url} at ${width}px, ${scheme}`;
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth}px wide`);
        // The first body row of every table is the element at its own centre.
        const covered = await page.evaluate((limit) => {
          const out = [];
          for (const table of [...document.querySelectorAll("table")].slice(0, limit)) {
            const row = table.tBodies[0] && table.tBodies[0].rows[0];
            // Rows in a closed <details> (a chart's numbers) are not shown.
            if (!row || !row.offsetParent || row.closest("details:not([open])")) continue;
            row.scrollIntoView({ block: "center", inline: "nearest" });
            const r = row.getBoundingClientRect();
            const x = Math.max(1, Math.min(r.left + Math.min(r.width, window.innerWidth) / 2, window.innerWidth - 2));
            const hit = document.elementFromPoint(x, r.top + r.height / 2);
            if (!hit || !row.contains(hit)) out.push(`"${row.innerText.slice(0, 40)}" is under <${hit && hit.tagName.toLowerCase()} class="${hit && hit.className}">`);
          }
          window.scrollTo(0, 0);
          return out;
        }, big ? 40 : Infinity);
        assert.deepEqual(covered, [], where);
        if (scheme === "light") await shot(page, `sweep-${name}-${width}`);
        else if (width === 360) await shot(page, `sweep-${name}-${width}-dark`);
        if (width === 360 && name !== "print") {
          // The top bar is one line, and the search box is wide enough to use.
          const bar = await page.evaluate(() => {
            const top = document.querySelector(".topbar").getBoundingClientRect();
            const box = document.querySelector(".search-input");
            const style = getComputedStyle(box);
            const ctx = document.createElement("canvas").getContext("2d");
            ctx.font = `${style.fontSize} ${style.fontFamily}`;
            const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return { height: top.height, search: box.getBoundingClientRect().width,
              placeholderFits: ctx.measureText(box.placeholder).width <= room };
          });
          assert.ok(bar.height <= 60, `${where}: the top bar is ${bar.height}px tall`);
          assert.ok(bar.search >= 120, `${where}: the search box is ${bar.search}px wide`);
          assert.ok(bar.placeholderFits, `${where}: the search box's placeholder is cut`);
        }
        if (!big) {
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(() => window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          }));
          const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("\n    ")}`);
          assert.deepEqual(summary, [], `axe violations on ${where}`);
        }
        await page.done();
      }
    }
  });
}

// IDs, dates and revisions never break inside (they did: "POL-/001", "2026-01-/12").
test("IDs and dates never wrap inside", async () => {
  for (const url of ["index.html", "register.html", SWEEP_PAGES.find(([n]) => n === "document")[1]]) {
    const page = await open(base + url, { width: 360 });
    const broken = await page.evaluate(() => {
      const out = [];
      const cells = document.querySelectorAll(".doc-id, .clause-id, td.nowrap, .nowrap");
      for (const el of cells) {
        if (!el.offsetParent || !el.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) out.push(el.textContent.trim());
      }
      return out;
    });
    assert.deepEqual(broken, [], `${url}: broken across lines`);
    await page.done();
  }
});

// Print: the contents list in two columns, no entry overlapping another.
test("print: the contents entries do not overlap", async () => {
  for (const media of ["print", "screen"]) {
    const page = await open(base + "print.html", { width: 1366 });
    await page.emulateMedia({ media });
    const overlaps = await page.evaluate(() => {
      // Each entry's box including its number: the list marker ("24.") is
      // drawn left of the entry's box, so its width (measured in the entry's
      // font, plus the marker's gap of about half an em) is added on the left.
      const ctx = document.createElement("canvas").getContext("2d");
      const boxes = [...document.querySelectorAll(".print-toc li")].map((li, i) => {
        const r = li.getBoundingClientRect();
        const style = getComputedStyle(li);
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const marker = ctx.measureText(`${i + 1}.`).width + parseFloat(style.fontSize) / 2;
        return { text: li.innerText.slice(0, 30), left: r.left - marker, right: r.right, top: r.top, bottom: r.bottom };
      });
      const out = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${a.text} / ${b.text}`);
      }
      return out;
    });
    assert.deepEqual(overlaps, [], `print.html contents (${media})`);
    if (media === "print") await shot(page, "print-contents");
    await page.done();
  }
});

// A register split into pages (issue 23): a handbook of 1,500 documents from
// the gen-corpus example, built in a temporary folder and opened from
// file:// (where a page cannot fetch local files: the filter's data is a
// script). The filter finds a document that is not on the page, from every
// page of the register. Skipped when the release binaries are not built
// (`cargo build --release --examples`).
test("a register in pages: the filter searches every page, from file://; search loads what it shows", async (t) => {
  const bin = path.join(repo, "target", "release");
  const gen = path.join(bin, "examples", "gen-corpus"), qmsbook = path.join(bin, "qmsbook");
  if (!fs.existsSync(gen) || !fs.existsSync(qmsbook)) { t.skip("needs target/release/qmsbook and examples/gen-corpus"); return; }
  const { execFileSync } = await import("node:child_process");
  const os = await import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qmsbook-e2e-pages-"));
  try {
    execFileSync(gen, ["-n", "1500", "--seed", "42", path.join(dir, "src")], { stdio: "ignore" });
    execFileSync(qmsbook, ["build", path.join(dir, "src"), "-d", path.join(dir, "out"), "--today", "2026-11-22"], { stdio: "ignore" });
    const out = path.join(dir, "out");
    assert.ok(fs.existsSync(path.join(out, "register-2.html")) && fs.existsSync(path.join(out, "register-data.js")), "the register is split");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(out, "register.html")).href);
    const onPage = await page.$$eval("#register tbody tr td:first-child", (tds) => tds.map((td) => td.textContent.trim()));
    const data = fs.readFileSync(path.join(out, "register-data.js"), "utf8");
    const all = JSON.parse(data.replace(/^window\.QMSBOOK_REGISTER = /, "").replace(/;\s*$/, "")).rows;
    const elsewhere = all.find((r) => !onPage.includes(r[0]));
    assert.ok(elsewhere, "a document that is not on page 1");
    assert.match(await page.textContent("#register-count"), new RegExp(`${onPage.length} of ${all.length} documents on this page`));
    await page.fill('#register-filters input[data-filter="text"]', elsewhere[0]);
    await page.waitForFunction(() => !/Searching/.test(document.getElementById("register-count").textContent) &&
      /^\d+ of \d+ documents$/.test(document.getElementById("register-count").textContent));
    const found = await page.$$eval("#register tbody tr td:first-child", (tds) => tds.map((td) => td.textContent.trim()));
    assert.ok(found.includes(elsewhere[0]), `${elsewhere[0]} is found from page 1`);
    assert.equal(await page.getAttribute(`#register tbody a.doc-id:text-is("${elsewhere[0]}")`, "href"), elsewhere[10]);
    assert.match(await page.textContent("#register-count"), new RegExp(`^${found.length} of ${all.length} documents$`));
    assert.equal(await page.locator("nav.pager").first().isVisible(), false, "the page links step aside while filtering");
    // A broad filter shows the first matches and says how many more there are.
    await page.fill('#register-filters input[data-filter="text"]', "");
    await page.selectOption('#register-filters select[data-filter="status"]', "approved");
    const approved = all.filter((r) => r[5] === "approved").length;
    const count = await page.textContent("#register-count");
    if (approved > 500) assert.match(count, new RegExp(`^${approved} of ${all.length} documents: the first 500 are shown`));
    assert.equal(await page.locator("#register tbody tr").count(), Math.min(approved, 500));
    // Clearing the filters brings the page's own rows back.
    await page.selectOption('#register-filters select[data-filter="status"]', "");
    assert.equal(await page.locator("#register tbody tr").count(), onPage.length);
    assert.ok(await page.locator("nav.pager").first().isVisible());
    await page.screenshot({ path: path.join(shots, "register-pages.png") });
    // Search at this size loads the query's shards and the shown results'
    // snippets (50 at a time on the results page), never all the text.
    const loaded = [];
    page.on("request", (r) => { const m = /\/(search-[^/]*\.js)$/.exec(r.url()); if (m) loaded.push(m[1]); });
    await page.goto(pathToFileURL(path.join(out, "search.html")).href + "?q=calibration");
    await page.waitForSelector("#search-page-results[data-query]");
    const shards = await page.evaluate(() => window.QMSBOOK_SEARCH.text.length);
    const texts = new Set(loaded.filter((f) => f.startsWith("search-text-")));
    assert.ok(texts.size > 0 && texts.size <= 50, `${texts.size} text shards for 50 results shown (of ${shards})`);
    assert.ok(!loaded.some((f) => f.startsWith("search-terms") && !"calibrat".startsWith(f.replace(/^search-terms-?|\.js$/g, ""))),
      `only the query's term shards: ${loaded.filter((f) => f.startsWith("search-terms"))}`);
    assert.equal(await page.locator("#search-page-results li").count(), 50);
    const more = page.locator("button.search-page-more");
    assert.ok(await more.isVisible(), "more results are offered");
    assert.match(await page.textContent("#search-page-status"), /the first 50 shown/);
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll("#search-page-results li").length === 100);
    await page.waitForSelector("#search-page-results[data-query]");
    const after = new Set(loaded.filter((f) => f.startsWith("search-text-")));
    assert.ok(after.size > texts.size && after.size <= 100, `${after.size} text shards for 100 results shown`);
    assert.match(await page.textContent("#search-page-status"), /the first 100 shown|^\d+ results for “calibration”\.$/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
