// The app as a user works it: load a file (drop, pick, paste, sample), check
// what was understood, read the pyramid, Pareto and ABC figures, change
// settings and roles, filter, search and sort the customer table.
//
// tests/fixtures/app/small.csv is small enough to compute by hand; the
// expected figures below are worked out in the comments, not copied from the app.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveDist, launchBrowser, openApp, FIXTURES } from "./harness.mjs";

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SMALL = join(FIXTURES, "app", "small.csv");

/** How far the pyramid's and the Pareto curve's cards scroll sideways (0: all in view). */
function chartCardsOverflow(app) {
  return Promise.all(
    ["pyramid-table", "abc-table"].map((testid) =>
      app.page.getByTestId(testid).evaluate((el) => {
        const card = el.closest(".card");
        return card.scrollWidth - card.clientWidth;
      }),
    ),
  );
}

/** Opens the app, runs `body`, then insists nothing went wrong on the page. */
async function withApp(options, body) {
  const app = await openApp(browser, server.url, options);
  try {
    await body(app);
    assert.deepEqual(app.hygiene(), [], "console errors, failed or late network requests");
  } finally {
    await app.close();
  }
}

// small.csv, reference date R = 30-06-2024 (latest invoice), window 12 months:
// K01..K10 active with 1000, 900, 800, 700, 600, 500, 400, 300, 200 and
// 100 − 50 (credit note) = 50. N = 10 → top ⌈0.1⌉ = 1 (K01), large up to ⌈0.5⌉ = 1
// (none), medium up to ⌈2⌉ = 2 (K02), small the other 8 = 3550.
// K11 bought only on 01-03-2023 → inactive; K12 has status Prospect and no purchase.
const SMALL_LAYERS = {
  top: { customers: 1, value: "1000.00" },
  large: { customers: 0, value: "0.00" },
  medium: { customers: 1, value: "900.00" },
  small: { customers: 8, value: "3550.00" },
  inactive: { customers: 1, value: "0.00" },
  prospect: { customers: 1, value: "0.00" },
  suspect: { customers: 0, value: "0.00" },
};

test("picking a file shows what was read and the hand-computed pyramid, Pareto and ABC figures", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.importSummary(), { rowsRead: 13, rowsUsed: 13, rowsSkipped: 0, customers: 12 });
    assert.deepEqual(await app.layers(), SMALL_LAYERS);
    // Total 5450; 80% = 4360 is first reached after 6 customers (4600).
    // Top 20% = 2 customers = 1900 / 5450 = 0.3486.
    // Gini: ascending 50..1000, Σ i·x = 38450 → 2·38450/(10·5450) − 11/10 = 0.3110.
    assert.deepEqual(await app.pareto(), { customersFor80: 6, shareTop20: "0.3486", gini: "0.3110" });
    assert.equal(
      await app.page.locator(".pareto-summary__lead").innerText(),
      "20% van je klanten (2 klanten) brengen 35% van je omzet.",
    );
    // K11 last bought 01-03-2023: inactive, but within the 12 months before the
    // window (after 30-06-2022), so one to call now.
    const reactivate = app.page.getByTestId("call-inactive-recent");
    assert.equal(await reactivate.getAttribute("data-count"), "1");
    assert.match(await reactivate.innerText(), /^1 te heractiveren$/);
    // Clicking it shows whom to call: the customer table, those inactive customers only.
    await reactivate.click();
    assert.deepEqual(await app.customerKeys(), ["K11"]);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "inactive-recent");
    // From the call list, "Inactief" in the pyramid table widens to all inactive
    // customers; a second click clears the filter. The select follows each time,
    // also after the user has picked in it.
    await app.page.getByTestId("filter-inactive").click();
    await app.idle();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "inactive");
    await app.page.getByTestId("filter-inactive").click();
    await app.idle();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "");
    assert.equal((await app.customerKeys()).length, 12);
    await app.page.getByTestId("layer-filter").selectOption("top");
    assert.deepEqual(await app.customerKeys(), ["K01"]);
    await reactivate.click();
    await app.idle();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "inactive-recent");
    assert.deepEqual(await app.customerKeys(), ["K11"]);
    // The key figures' counts open their relations too: K01..K10 active, K11 inactive,
    // K12 the prospect; no suspect, so that card does nothing.
    await app.page.getByTestId("figure-prospects").click();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "prospect");
    assert.deepEqual(await app.customerKeys(), ["K12"]);
    await app.page.getByTestId("figure-inactive").click();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "inactive");
    assert.deepEqual(await app.customerKeys(), ["K11"]);
    await app.page.getByTestId("figure-active").click();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "active");
    assert.deepEqual(await app.customerKeys(), ["K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10"]);
    assert.equal(await app.page.getByTestId("figure-suspects").isDisabled(), true);
    // No row lies after R (the latest invoice): nothing to report.
    assert.equal(await app.page.getByTestId("after-reference").count(), 0);
    // Share before each customer: 0, 18.3, 34.9, 49.5, 62.4, 73.4 (A) | 82.6, 89.9 (B) | 95.4, 99.1 (C).
    assert.deepEqual(await app.abc(), { A: 6, B: 2, C: 2 });
    // Columns were understood: each has a role select, with the right role chosen.
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-0").inputValue(), "customer-id");
    assert.equal(await app.page.getByTestId("role-2").inputValue(), "date");
    assert.equal(await app.page.getByTestId("role-3").inputValue(), "revenue");
    assert.equal(await app.page.getByTestId("role-4").inputValue(), "profit");
  });
});

// rhythm.csv, R = 30-06-2026 (latest invoice). Purchase days (revenue > 0, one per day):
// A 02-03, 01-04, 01-05, 31-05: gaps 30, 30, 30 → rhythm 30 days, next 30-06; quiet 30 days
//   ≥ 30 − 7 (lead) → due; not > 45 → not silent.
// B 01-04, 15-04, 29-04, 13-05 (the credit note of 20-06 is no purchase): rhythm 14, next
//   27-05; quiet 48 days > 1.5 × 14 = 21 → silent.
// C 10-02, 10-04, 10-06: gaps 59, 61 → rhythm 60, next 09-08; quiet 20 < 60 − 7 → on schedule.
// D 01-06 (twice), 30-06: two purchase days → no rhythm.
// E 20-05 (twice), 03-06, 17-06: gaps 14, 14 → rhythm 14, next 01-07; lead min(7, 14/4) = 3,
//   quiet 13 ≥ 14 − 3 → due.
// F 01+02-04, 01+02-05, 31-05+01-06 (6 × 80 = 480): days less than 3 apart are one order (a split
//   delivery), counted at its last day: 02-04, 02-05, 01-06 → rhythm 30 (not 1), next 01-07,
//   quiet 29 → due.
const RHYTHM = join(FIXTURES, "app", "rhythm.csv");

test("the call plan lists who is due to reorder and who went quiet, by their own rhythm", async () => {
  await withApp({}, async (app) => {
    await app.pick(RHYTHM);
    assert.equal(await app.settled(), "ready");
    // A screen reader finds the plan by its name, and its lists as buttons.
    const plan = app.page.getByRole("group", { name: "Wie bel je nu?" });
    // The file starts on 10-02-2026: no previous period to compare with, so no trend lists,
    // and the plan says from when it needs data (R − 24 months + 1 day).
    assert.equal(await plan.getByRole("button").count(), 3);
    // No period before, so no movement through the pyramid either.
    await app.page.getByTestId("customer-table").waitFor();
    assert.equal(await app.page.getByTestId("moves").count(), 0);
    assert.equal(
      await app.page.getByTestId("call-no-trend").innerText(),
      "Parels en kernklanten die minder kopen vragen factuurregels vanaf 1 jul 2024; dit bestand begint op 10 feb 2026.",
    );
    assert.equal(await app.page.getByTestId("sort-trend").count(), 0);
    const due = app.page.getByTestId("call-due");
    const silent = app.page.getByTestId("call-silent");
    assert.equal(await due.getAttribute("data-count"), "3");
    assert.match(await due.innerText(), /^3 aan de beurt om te bestellen$/);
    assert.equal(await silent.getAttribute("data-count"), "1");
    assert.match(await silent.innerText(), /^1 stiller dan het eigen ritme$/);
    assert.equal(await app.page.getByTestId("call-inactive-recent").isDisabled(), true);
    const without = app.page.getByTestId("call-without");
    assert.equal(await without.getAttribute("data-count"), "1");
    assert.match(await without.innerText(), /^1 nog zonder ritme$/);
    assert.match(await without.getAttribute("title"), /Actieve klanten met minder dan 3 bestellingen in de laatste 24 maanden/);
    // Due: by value, F 480, A 400, E 320 (all active, so in rank order).
    await due.click();
    assert.deepEqual(await app.customerKeys(), ["F", "A", "E"]);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "due");
    // What the cells show: their first line (words for a screen reader follow on a line of their own).
    const cells = async (key) =>
      (await app.page.locator(`[data-testid=customer-row][data-key=${key}] td`).allInnerTexts()).map(
        (text) => text.split("\n")[0],
      );
    const a = await cells("A");
    assert.ok(a.includes("30 dagen") && a.includes("30 jun 2026"), a.join(" | "));
    const e = await cells("E");
    assert.ok(e.includes("14 dagen") && e.includes("1 jul 2026"), e.join(" | "));
    const f = await cells("F");
    assert.ok(f.includes("30 dagen") && f.includes("1 jul 2026"), f.join(" | "));
    // The list goes along as CSV: all of it, in this order, with the rhythm columns.
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "bellijst-aan-de-beurt.csv");
    const csv = (await readFile(await file.path(), "utf8")).split("\r\n");
    assert.equal(
      csv[0],
      "\uFEFFrang;klantnummer;naam;laag;ABC;waarde;regels;laatste aankoop;ritme (dagen);volgende aankoop;ritmestatus;aanpak;accountmanager",
    );
    assert.deepEqual(csv.slice(1, -1).map((l) => l.split(";")[1]), ["F", "A", "E"]);
    assert.match(csv[2], /^\d+;A;Stipt BV;klein;[ABC];400,00;4;2026-05-31;30;2026-06-30;aan de beurt om te bestellen;verkoop;$/);
    // By the next expected order: latest first on the first click (like every date
    // column), F and E (01-07; a tie, so by rank) before A (30-06); then earliest first.
    await app.page.getByTestId("sort-expected").click();
    assert.deepEqual(await app.customerKeys(), ["F", "E", "A"]);
    await app.page.getByTestId("sort-expected").click();
    assert.deepEqual(await app.customerKeys(), ["A", "F", "E"]);
    // The next-order cell says where it stands on the reference date (30-06).
    const next = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}] [data-cadence]`);
    assert.equal(await next("A").getAttribute("title"), "aan de beurt om te bestellen; verwacht op de peildatum");
    assert.equal(await next("E").getAttribute("title"), "aan de beurt om te bestellen; verwacht 1 dag na de peildatum");
    await silent.click();
    assert.deepEqual(await app.customerKeys(), ["B"]);
    // B was expected on 27-05: 34 days before 30-06.
    assert.equal(await next("B").getAttribute("title"), "stiller dan het eigen ritme; 34 dagen over tijd op de peildatum");
    assert.equal(
      await app.page.locator("[data-testid=customer-row][data-key=B] [data-cadence]").getAttribute("data-cadence"),
      "silent",
    );
    // All customers again: C on schedule, D without a rhythm.
    await app.page.getByTestId("layer-filter").selectOption("");
    assert.equal((await app.customerKeys()).length, 6);
    assert.equal(
      await app.page.locator("[data-testid=customer-row][data-key=C] [data-cadence]").getAttribute("data-cadence"),
      "on-schedule",
    );
    assert.equal(await app.page.locator("[data-testid=customer-row][data-key=D] [data-cadence]").count(), 0);
    // Due and quieter are told apart by shape too (that of their chip), and in words for a
    // screen reader; on schedule has neither.
    const shape = (locator) => locator.evaluate((el) => getComputedStyle(el, "::before").content);
    assert.match(await shape(next("A")), /^"●"/);
    assert.match(await shape(app.page.getByTestId("call-due")), /^"●"/);
    assert.match(await shape(next("B")), /^"■"/);
    assert.match(await shape(app.page.getByTestId("call-silent")), /^"■"/);
    assert.equal(await shape(next("C")), "none");
    const nextCell = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}] td`, { has: app.page.locator("[data-cadence]") });
    assert.match(await nextCell("B").textContent(), /, stiller dan het eigen ritme$/);
    assert.doesNotMatch(await nextCell("C").textContent(), /,/);
    // An earlier reference date moves everyone's clock: on 20-05-2026 A (quiet 19 of 30
    // days) and B (quiet 7 of 14, lead 3) are not due yet; C and E have fewer than three
    // purchase days by then, D none.
    await app.page.getByTestId("reference-date").fill("2026-05-20");
    await app.idle();
    assert.equal(await due.getAttribute("data-count"), "0");
    assert.equal(await silent.getAttribute("data-count"), "0");
    // In English.
    await app.page.getByTestId("lang-en").click();
    await app.idle();
    assert.match(await app.page.getByTestId("call-plan").innerText(), /Who to call now\?/);
  });
});

// trend.csv, R = 30-06-2026 (latest invoice), window 12 months: the window is 01-07-2025 to
// 30-06-2026, the period before it 01-07-2024 to 30-06-2025; the file starts on 15-05-2024,
// so it covers both. Gross profit is a fixed margin per customer.
//   key  before  window  trend   margin  orders in the last 24 months (< 3 days apart = one)
//   T    20000   10000   -50%    30%     2       top (largest value)
//   M     5000    5000     0%    30%     2       medium (N = 10: top ⌈0.1⌉ = 1, medium up to ⌈2⌉ = 2)
//   P      400    1200  +200%    40%     4       small; rhythm: gaps 470, 31, 20 → 31, last 20-06,
//                                                not silent → a pearl
//   G        0    1000   new     40%     2       small; no rhythm → not a pearl
//   N        0     900   new     35%     3       small; gaps 30, 60 → 45, last 30-06 → a pearl
//   S      100     900  +800%    40%     4       small; gaps 61, 31, 30 → 31, last 01-10-2025:
//                                                272 days > 1.5 × 31 → silent, not a pearl
//   L        0     750   new     10%     3       small, regular (gaps 30, 31 → 30, due), new, but
//                                                its margin is below the median → not a pearl
//   F      600     600     0%    25%     4       small; regular but not growing
//   D      800     200   -75%    20%     2       small, and 800 before is less than the smallest
//                                                key customer now (M, 5000): not "buying less"
//   K     8000     100   -98%    30%     2       small now, but 8000 before ≥ 5000: a key customer
//                                                who fell, so "buying less"
//   X      500       0  gestopt   –      1       inactive (last bought 01-09-2024): to reactivate
//   Z        0       0     –      –      0       inactive since 15-05-2024: nothing to compare
// Median margin of the ten active customers: 10 20 25 30 30 | 30 35 40 40 40 → the lower
// middle one, 30%. Key customers buying less: K (-98%) and T (-50%), deepest drop first.
// Pearls: P and N, largest first.
const TREND = join(FIXTURES, "app", "trend.csv");

test("the call plan finds pearls and key customers buying less, against the period before", async () => {
  await withApp({}, async (app) => {
    await app.pick(TREND);
    assert.equal(await app.settled(), "ready");
    const less = app.page.getByTestId("call-buying-less");
    const pearls = app.page.getByTestId("call-pearl");
    assert.equal(await less.getAttribute("data-count"), "2");
    assert.match(await less.innerText(), /^2 kernklanten die minder kopen$/);
    assert.match(await less.getAttribute("title"), /minstens 25% lager is dan in de 12 maanden daarvoor/);
    assert.equal(await pearls.getAttribute("data-count"), "2");
    assert.match(await pearls.innerText(), /^2 parels: kleine klanten die groeien$/);
    assert.match(
      await pearls.getAttribute("title"),
      /minstens 50% hoger .*, en met een marge van minstens 30,0% \(de mediaan van de actieve klanten\)/,
    );
    assert.equal(await app.page.getByTestId("call-inactive-recent").getAttribute("data-count"), "1");
    assert.equal(await app.page.getByTestId("call-no-trend").count(), 0);
    // The file names no account managers: no split per manager.
    assert.equal(await app.page.getByTestId("manager-calls").count(), 0);
    const row = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}]`);
    const trend = (key) => row(key).locator("[data-testid=trend]");
    // Every trend, worked out above.
    const keys = ["T", "M", "K", "P", "G", "N", "S", "L", "F", "D", "X"];
    const cells = {};
    for (const key of keys) {
      cells[key] = await trend(key).innerText();
    }
    assert.deepEqual(cells, {
      T: "-50%", M: "0%", K: "-98%", P: "+200%", G: "nieuw", N: "nieuw", S: "+800%", L: "nieuw", F: "0%", D: "-75%", X: "gestopt",
    });
    assert.equal(await trend("Z").count(), 0);
    assert.ok((await row("Z").locator("td").allInnerTexts()).includes("–"));
    const signals = {};
    for (const key of keys) {
      signals[key] = await trend(key).getAttribute("data-signal");
    }
    assert.deepEqual(signals, {
      T: "buying-less", M: null, K: "buying-less", P: "pearl", G: null, N: "pearl", S: null, L: null, F: null, D: null, X: null,
    });
    assert.equal(
      await trend("T").getAttribute("title"),
      "kernklant die minder koopt; de 12 maanden ervoor: €\u00a020.000,00; marge 30,0%",
    );
    assert.equal(await trend("L").getAttribute("title"), "de 12 maanden ervoor: €\u00a00,00; marge 10,0%");
    // The colour is for the eye; a screen reader reads the signal with the number.
    const cell = (key) => row(key).locator("td", { has: app.page.getByTestId("trend") });
    assert.equal(await cell("T").textContent(), "-50%, kernklant die minder koopt");
    assert.equal(await cell("P").textContent(), "+200%, parel");
    assert.equal(await cell("S").textContent(), "+800%");
    // Nor only colour for the eye: a pearl and a key customer buying less carry the shape of
    // their call-plan chip (a colour-blind user tells "+200%" of a pearl from a plain "+800%").
    const shape = (locator) => locator.evaluate((el) => getComputedStyle(el, "::before").content);
    assert.match(await shape(trend("P")), /^"◆"/);
    assert.match(await shape(app.page.getByTestId("call-pearl")), /^"◆"/);
    assert.match(await shape(trend("T")), /^"▼"/);
    assert.match(await shape(app.page.getByTestId("call-buying-less")), /^"▼"/);
    assert.equal(await shape(trend("S")), "none");
    // By trend, largest first on the first click: new (by rank), then +800, +200, the two
    // zeros (by rank), -50, -75, -98, -100, and Z without a trend last.
    await app.page.getByTestId("sort-trend").click();
    assert.deepEqual(await app.customerKeys(), ["G", "N", "L", "S", "P", "M", "F", "T", "D", "K", "X", "Z"]);
    // The lists open on the table, the way they are worked through.
    await pearls.click();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "pearl");
    assert.deepEqual(await app.customerKeys(), ["P", "N"]);
    await less.click();
    assert.deepEqual(await app.customerKeys(), ["K", "T"]);
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "bellijst-kernklanten-die-minder-kopen.csv");
    const csv = (await readFile(await file.path(), "utf8")).split("\r\n");
    assert.equal(
      csv[0],
      "\uFEFFrang;klantnummer;naam;laag;ABC;waarde;waarde periode ervoor;trend (%);laag periode ervoor;marge (%);regels;laatste aankoop;ritme (dagen);volgende aankoop;ritmestatus;signaal;aanpak;accountmanager",
    );
    // The layer then: K was medium (see the movement test), T top.
    assert.equal(csv[1], "10;K;Kelder BV;klein;C;100,00;8000,00;-98;middelgroot;30,0;2;2026-03-01;;;;kernklant die minder koopt;service;");
    assert.equal(csv[2], "1;T;Top Daalt BV;top;A;10000,00;20000,00;-50;top;30,0;2;2026-03-15;;;;kernklant die minder koopt;service;");
    // A window of 6 months compares with the 6 months before: T's 15-01-2025 and K's
    // 01-12-2024 lie outside both periods, so they bought nothing before: new, and nobody
    // buys less.
    const months = app.page.getByTestId("window-months");
    await months.fill("6");
    await months.press("Enter");
    await months.blur();
    await app.idle();
    assert.equal(await less.getAttribute("data-count"), "0");
    assert.equal((await app.customerKeys()).length, 0);
    await app.page.getByTestId("layer-filter").selectOption("");
    assert.equal(await trend("T").innerText(), "nieuw");
    // A reference date early in 2025: the file (from 15-05-2024) does not reach back to
    // R − 24 months, so the trend, its lists and its column go, and a trend list on
    // screen is left for all customers.
    await months.fill("12");
    await months.press("Enter");
    await months.blur();
    await app.idle();
    await less.click();
    assert.deepEqual(await app.customerKeys(), ["K", "T"]);
    await app.page.getByTestId("reference-date").fill("2025-03-31");
    await app.idle();
    assert.equal(await less.count(), 0);
    assert.equal(await app.page.getByTestId("sort-trend").count(), 0);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "");
    assert.match(
      await app.page.getByTestId("call-no-trend").innerText(),
      /vragen factuurregels vanaf 1 apr 2023; dit bestand begint op 15 mei 2024\.$/,
    );
    await app.page.getByTestId("reference-date").fill("2026-06-30");
    await app.idle();
    // In English.
    await app.page.getByTestId("lang-en").click();
    await app.idle();
    assert.match(await pearls.innerText(), /^2 pearls: small customers growing$/);
  });
});

// trend.csv again (see above), each relation's conversation code, first rule that fits. High
// value: key, or ABC class A. ABC over 20.650: the share before G is 16.200 = 78,5% < 80%, so
// T, M, P and G are A; N starts at 83,3%.
//   service: high value, buying less or quieter than its rhythm: T (top, -50%), K (fell, -98%)
//   sales: M (medium: key, no risk), G (small but A), P and N (pearls), S (small, silent, not of
//          high value), L (due), X (inactive, last bought 01-09-2024: to reactivate)
//   efficiency: F (small, B/C, on schedule: gaps 337, 59, 61 → 61, next 31-07-2026), D (small,
//          no rhythm; 800 before < 5000: not key), Z (stopped before R − 24 months)
test("every relation gets one of three conversation codes, counted, filtered and exported", async () => {
  await withApp({}, async (app) => {
    await app.pick(TREND);
    assert.equal(await app.settled(), "ready");
    const chip = (code) => app.page.getByTestId(`approach-${code}`);
    assert.equal(await chip("sales").getAttribute("data-count"), "7");
    assert.equal(await chip("service").getAttribute("data-count"), "2");
    assert.equal(await chip("efficiency").getAttribute("data-count"), "3");
    assert.match(await chip("service").innerText(), /^2 service$/);
    assert.match(await chip("sales").innerText(), /^7 verkoop$/);
    assert.match(
      await app.page.locator("#approach-title").getAttribute("title"),
      /Waardevol: een kernklant of een A-klant\. Service: waardevol en koopt minder of is stiller dan zijn ritme/,
    );
    const codes = {};
    for (const row of await app.page.getByTestId("customer-row").all()) {
      codes[await row.getAttribute("data-key")] = await row.getByTestId("approach").innerText();
    }
    assert.deepEqual(codes, {
      T: "service", M: "verkoop", P: "verkoop", G: "verkoop", N: "verkoop", S: "verkoop",
      L: "verkoop", F: "efficiency", D: "efficiency", K: "service", X: "verkoop", Z: "efficiency",
    });
    // A count opens its relations, in rank order, across all layers.
    await chip("service").click();
    assert.equal(await app.page.getByTestId("approach-filter").inputValue(), "service");
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "");
    assert.deepEqual(await app.customerKeys(), ["T", "K"]);
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "klanten-aanpak-service.csv");
    const csv = (await readFile(await file.path(), "utf8")).split("\r\n");
    assert.equal(csv.length, 4, csv.join("\n"));
    assert.ok(csv.slice(1, 3).every((line) => line.endsWith(";kernklant die minder koopt;service;")), csv.join("\n"));
    // The select, with a layer too.
    await app.page.getByTestId("approach-filter").selectOption("efficiency");
    assert.deepEqual(await app.customerKeys(), ["F", "D", "Z"]);
    await app.page.getByTestId("layer-filter").selectOption("small");
    assert.deepEqual(await app.customerKeys(), ["F", "D"]);
    await app.page.getByTestId("approach-filter").selectOption("");
    await app.page.getByTestId("layer-filter").selectOption("");
    // Sorted by code: sales, service, efficiency, each in rank order.
    await app.page.getByTestId("sort-approach").click();
    assert.deepEqual(await app.customerKeys(), ["M", "P", "G", "N", "S", "L", "X", "T", "K", "F", "D", "Z"]);
    await app.page.getByTestId("lang-en").click();
    await app.idle();
    assert.match(await chip("sales").innerText(), /^7 sales$/);
    assert.equal(await app.page.locator("[data-testid=customer-row][data-key=M] [data-testid=approach]").innerText(), "sales");
  });
});

// trend.csv again, the movement through the pyramid. Bought in the period before (01-07-2024 to
// 30-06-2025), by value then: T 20.000, K 8.000, M 5.000, D 800, F 600, X 500, P 400, S 100.
// N = 8: top up to ⌈0,08⌉ = 1 (T), large up to ⌈0,4⌉ = 1 (none), medium up to ⌈1,6⌉ = 2 (K),
// small the other 6. Now: T top, M medium, the other 8 active small, X and Z inactive.
//   T top → top; K medium → small (down); M small → medium (up); D, F, P, S small → small;
//   X small → inactive (stopped); G, N, L new → small; Z: active in neither period, no move.
test("the movement through the pyramid: then against now, each count opens its customers", async () => {
  await withApp({}, async (app) => {
    await app.pick(TREND);
    assert.equal(await app.settled(), "ready");
    const moves = app.page.getByTestId("moves");
    await moves.waitFor();
    const cell = (id) => app.page.getByTestId(`move-${id}`);
    const counts = {};
    for (const el of await moves.locator("[data-testid^=move-]").all()) {
      const n = Number(await el.getAttribute("data-count"));
      if (n > 0) counts[(await el.getAttribute("data-testid")).slice(5)] = n;
    }
    assert.deepEqual(counts, {
      "top-top": 1, "top-all": 1,
      "medium-small": 1, "medium-all": 1,
      "small-medium": 1, "small-small": 4, "small-inactive": 1, "small-all": 6,
      "inactive-small": 3, "inactive-all": 3,
    });
    // Active in neither period: no cell at all.
    assert.equal(await cell("inactive-inactive").count(), 0);
    assert.match(await moves.innerText(), /De periode ervoor: de 12 maanden vóór het venster, in lagen verdeeld zoals nu\./);
    assert.equal(
      await app.page.getByTestId("moves-summary").innerText(),
      "Topklanten in de periode ervoor: 1, nu nog top: 1. Een laag of meer omhoog: 1 · omlaag: 1 · gestopt: 1 · nieuw of terug: 3.",
    );
    // A count opens its customers: the layer now in the select, the layer then as a chip.
    await cell("inactive-small").click();
    assert.deepEqual(await app.customerKeys(), ["G", "N", "L"]);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "small");
    assert.equal(await app.page.getByTestId("previous-filter").innerText(), "Periode ervoor: nieuw of terug ✕");
    const mark = app.page.locator("[data-testid=customer-row][data-key=G] [data-testid=move]");
    assert.equal(await mark.innerText(), "+");
    assert.equal(await mark.getAttribute("title"), "periode ervoor: nieuw of terug");
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "klanten-klein-vorige-periode-nieuw-of-terug.csv");
    const csv = (await readFile(await file.path(), "utf8")).split("\r\n");
    const head = csv[0].split(";");
    const at = head.indexOf("laag periode ervoor");
    assert.ok(at > head.indexOf("trend (%)"), csv[0]);
    assert.deepEqual(csv.slice(1, 4).map((line) => line.split(";")[at]), ["nieuw of terug", "nieuw of terug", "nieuw of terug"]);
    // The chip lifts the filter on the period before: all of small now.
    await app.page.getByTestId("previous-filter").click();
    assert.equal(await app.page.getByTestId("previous-filter").count(), 0);
    assert.deepEqual(await app.customerKeys(), ["P", "G", "N", "S", "L", "F", "D", "K"]);
    // Up and down in the table: M rose from small, K fell from medium, T stayed.
    await app.page.getByTestId("layer-filter").selectOption("");
    const markOf = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}] [data-testid=move]`);
    assert.equal(await markOf("M").innerText(), "↑");
    assert.equal(await markOf("K").innerText(), "↓");
    assert.equal(await markOf("K").getAttribute("data-then"), "medium");
    assert.equal(await markOf("X").innerText(), "↓");
    assert.equal(await markOf("T").count(), 0);
    assert.equal(await markOf("Z").count(), 0);
    // A row total: everyone who was small then, wherever they are now.
    await cell("small-all").click();
    assert.deepEqual(await app.customerKeys(), ["M", "P", "S", "F", "D", "X"]);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "");
    await app.page.getByTestId("lang-en").click();
    await app.idle();
    assert.match(await app.page.getByTestId("moves-summary").innerText(), /^Top customers in the period before: 1, still top now: 1\. Up a layer or more: 1 · down: 1 · stopped: 1 · new or back: 3\.$/);
    assert.equal(await app.page.getByTestId("previous-filter").innerText(), "Period before: small ✕");
  });
});

// totals-trend.csv, one row per customer, "Omzet 2024" before "Omzet 2025": the later year
// is the revenue, the year before the period before. K's "n.v.t." is not an amount: a
// warning (row 12), K stays with its 4.000 now, and its trend is unknown ("–"), not "new".
// No dates, so revenue > 0 is active: A–I and K, N = 10 → top ⌈0.1⌉ = 1 (A 50.000), large
// up to ⌈0.5⌉ = 1 (none), medium up to ⌈2⌉ = 2 (B 20.000), small the other 8.
// J sold 0 now and 5.000 then: it bought then, so inactive (not a prospect), and stopped in
// the period before: to reactivate.
// ABC over 103.500: A, B, C and D start below 80% (0, 48,3, 67,6, 77,3%): class A.
//   key  2024    2025    trend  key?
//   A    40.000  50.000  +25%   top
//   B    30.000  20.000  -33%   medium          → buying less
//   C    10.000  10.000    0%
//   D    20.000   8.000  -60%   20.000 ≥ B's 20.000 (the key floor) → buying less
//   E    (none)   5.000  nieuw
//   F     6.000   3.000  -50%   6.000 < 20.000: not key
//   G     2.000   2.000    0%
//   H       900   1.000  +11%   (100/900 = 11,1%)
//   I         0     500  nieuw  (0 is no purchase)
//   J     5.000       0 gestopt not key
// Buying less, deepest drop first: D, B. No rhythm, so no pearls and no due list.
const TOTALS_TREND = join(FIXTURES, "app", "totals-trend.csv");

test("a customer-level file with last year's revenue: a trend and key customers buying less", async () => {
  await withApp({}, async (app) => {
    await app.pick(TOTALS_TREND);
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.importSummary(), { rowsRead: 11, rowsUsed: 11, rowsSkipped: 0, customers: 11 });
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-2").inputValue(), "previous-revenue");
    assert.equal(await app.page.getByTestId("role-3").inputValue(), "revenue");
    await app.page.getByText('het jaar vóór "Omzet 2025"').waitFor();
    await app.page.getByText("rij 12, kolom Omzet 2024: 'n.v.t.' is geen bedrag").waitFor();
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "50000.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 1, value: "20000.00" });
    assert.equal((await app.layer("inactive")).customers, 1);

    const less = app.page.getByTestId("call-buying-less");
    assert.equal(await less.getAttribute("data-count"), "2");
    assert.match(await less.getAttribute("title"), /in dit bestand minstens 25% lager .* vorige periode/);
    assert.equal(await app.page.getByTestId("call-pearl").count(), 0);
    assert.equal(await app.page.getByTestId("call-due").count(), 0);
    assert.equal(await app.page.getByTestId("call-partial-year").count(), 0);
    const reactivate = app.page.getByTestId("call-inactive-recent");
    assert.equal(await reactivate.getAttribute("data-count"), "1");
    await reactivate.click();
    assert.deepEqual(await app.customerKeys(), ["J"]);
    // Conversation codes without a rhythm: service for B and D (key, buying less), sales for
    // A (top, no risk), C (small but class A) and J (to reactivate), efficiency for the other six.
    const code = (c) => app.page.getByTestId(`approach-${c}`).getAttribute("data-count");
    assert.deepEqual([await code("sales"), await code("service"), await code("efficiency")], ["3", "2", "6"]);
    await app.page.getByTestId("layer-filter").selectOption("");
    assert.match(
      await app.page.getByTestId("call-totals-note").innerText(),
      /^Een koopritme en parels vragen factuurregels met datums/,
    );
    const row = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}]`);
    const trend = (key) => row(key).locator("[data-testid=trend]");
    const cells = {};
    for (const key of ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]) {
      cells[key] = await trend(key).innerText();
    }
    assert.deepEqual(cells, {
      A: "+25%", B: "-33%", C: "0%", D: "-60%", E: "nieuw", F: "-50%", G: "0%", H: "+11%", I: "nieuw", J: "gestopt",
    });
    assert.equal(await trend("K").count(), 0);
    assert.equal((await app.layer("small")).customers, 8);
    assert.equal(await trend("B").getAttribute("data-signal"), "buying-less");
    assert.equal(await trend("F").getAttribute("data-signal"), null);
    assert.equal(
      await trend("B").getAttribute("title"),
      "kernklant die minder koopt; Omzet 2024: €\u00a030.000,00",
    );
    await less.click();
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "buying-less");
    assert.deepEqual(await app.customerKeys(), ["D", "B"]);
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const csv = (await readFile(await (await download).path(), "utf8")).split("\r\n");
    // No order count in the file: no orders column (its count is unknown, not 0).
    assert.equal(csv[0], "\uFEFFrang;klantnummer;naam;laag;ABC;waarde;waarde periode ervoor;trend (%);laag periode ervoor;laatste aankoop;signaal;aanpak;accountmanager");
    assert.equal(csv[1], "4;D;Drukkerij Dekker;klein;A;8000,00;20000,00;-60;klein;;kernklant die minder koopt;service;");
    assert.equal(csv[2], "2;B;Bakkerij Bos;middelgroot;A;20000,00;30000,00;-33;middelgroot;;kernklant die minder koopt;service;");
    assert.ok((await row("D").locator("td").allInnerTexts()).includes("–"));
    assert.ok(!(await row("D").locator("td").allInnerTexts()).includes("0"));

    // The movement: bought in 2024 (not 0), by revenue then: A 40.000, B 30.000, D 20.000,
    // C 10.000, F 6.000, J 5.000, G 2.000, H 900; N = 8: A top, B medium (up to ⌈1,6⌉ = 2), the
    // rest small. Now A top, B medium, J inactive. E and I (0 in 2024) are new; K's 2024 is not
    // an amount, so its move is unknown: no move, no mark.
    const moved = {};
    for (const el of await app.page.locator("[data-testid=moves] [data-testid^=move-]").all()) {
      const n = Number(await el.getAttribute("data-count"));
      if (n > 0 && !(await el.getAttribute("data-testid")).endsWith("-all")) moved[(await el.getAttribute("data-testid")).slice(5)] = n;
    }
    assert.deepEqual(moved, { "top-top": 1, "medium-medium": 1, "small-small": 5, "small-inactive": 1, "inactive-small": 2 });
    assert.match(await app.page.getByTestId("moves").innerText(), /De periode ervoor: de kolom ‘Omzet 2024’, in lagen/);
    await app.page.getByTestId("move-inactive-small").click();
    assert.deepEqual(await app.customerKeys(), ["E", "I"]);
    await app.page.getByTestId("previous-filter").click();
    await app.page.getByTestId("layer-filter").selectOption("");
    assert.equal(await row("K").getByTestId("move").count(), 0);

    // A user who says the 2024 column is not used: no trend, and the note says what gives one.
    await app.page.getByTestId("role-2").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.page.getByTestId("moves").count(), 0);
    assert.equal(await app.page.getByTestId("call-buying-less").count(), 0);
    assert.equal(await app.page.getByTestId("sort-trend").count(), 0);
    assert.match(
      await app.page.getByTestId("call-totals-note").innerText(),
      /een trend vraagt die, of een kolom met de omzet van de vorige periode\./,
    );

    // This year to date against all of last year: the call plan warns, with both names.
    const ytd = "Klant;Omzet 2025 t/m nov;Omzet 2024\nA;900,00;1000,00\nB;90,00;100,00\n";
    await app.drop("ytd.csv", Buffer.from(ytd, "utf8"));
    assert.equal(await app.settled(), "ready");
    assert.equal(
      await app.page.getByTestId("call-partial-year").innerText(),
      'Let op: "Omzet 2025 t/m nov" lijkt een deel van een jaar, "Omzet 2024" een heel jaar, waardoor iedereen minder lijkt te kopen. Vergelijk even lange periodes.',
    );
  });
});

test("a customer-level file of this year's revenue against last year's says the trend is lopsided", async () => {
  await withApp({}, async (app) => {
    // An accountant's export during the year: "Omzet <this year>" holds only the months so far.
    const y = new Date().getFullYear();
    const file = (a, b) => `Klant;Omzet ${a};Omzet ${b}\nA;1.000,00;900,00\nB;500,00;100,00\nC;200,00;250,00\n`;
    await app.drop("omzet.csv", Buffer.from(file(y - 1, y)));
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(
      await app.page.getByTestId("call-running-year").innerText(),
      `‘Omzet ${y}’ is het lopende jaar: de trend zet een deel ervan tegen heel ‘Omzet ${y - 1}’, dus bijna iedereen lijkt minder te kopen. Exporteer dezelfde maanden van beide jaren voor een eerlijke trend.`,
    );
    // Two whole years: nothing to say.
    await app.drop("omzet.csv", Buffer.from(file(y - 2, y - 1)));
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(await app.page.getByTestId("call-running-year").count(), 0);
    assert.ok(await app.page.getByTestId("call-totals-note").isVisible());
  });
});

test("a report per customer: rows below a customer's header row are that customer's", async () => {
  await withApp({}, async (app) => {
    // Exported from an accounting package's report: the customer on a row of its own,
    // the invoices below without one, a subtotal under each customer.
    const report = [
      "Debiteur;Factuurdatum;Factuurnummer;Bedrag",
      "1001 Bakkerij Jansen;;;",
      ";03-01-2025;25001;100,00",
      ";10-02-2025;25003;50,00",
      "Subtotaal;;;150,00",
      "1002 Slagerij de Vries;;;",
      ";05-01-2025;25002;200,00",
      "Subtotaal;;;200,00",
    ].join("\n");
    await app.drop("omzet-per-debiteur.csv", Buffer.from(report));
    assert.equal(await app.settled(), "ready");
    // Two customers, by value; nothing counted twice (the subtotals are totals lines).
    assert.deepEqual(await app.customerKeys(), ["1002 Slagerij de Vries", "1001 Bakkerij Jansen"]);
    assert.equal(await app.activeValue(), 350);
    await app.openImportPanel();
    assert.deepEqual(await app.importSummary(), { rowsRead: 7, rowsUsed: 3, rowsSkipped: 2, customers: 2 });
    assert.match(await app.page.getByTestId("import-summary").innerText(), /7 rijen gelezen · 3 gebruikt · 2 kopregels · 2 overgeslagen/);
    assert.equal(
      await app.page.getByTestId("grouped").innerText(),
      "Een rapport per klant: 3 rijen zonder klant tellen voor de klant in de kopregel erboven (2 kopregels; een subtotaal sluit een klant af)",
    );
  });
});

test("several CSV exports dropped at once are read as one; each one's header row is counted apart", async () => {
  await withApp({}, async (app) => {
    // A year per file, the first without a final line break, the second with
    // a byte-order mark, the third (corrections) re-saved by Excel in Windows-1252.
    await app.dropFiles([
      { name: "omzet-2024.csv", bytes: Buffer.from("Klant;Datum;Bedrag\nCafé De Zon;01-06-2024;100,00\nB;02-06-2024;50,00") },
      { name: "omzet-2025.csv", bytes: Buffer.from("\ufeffKlant;Datum;Bedrag\nCafé De Zon;01-02-2025;30,00\nC;03-02-2025;20,00\n") },
      { name: "correcties-2025.csv", bytes: Buffer.from("Klant;Datum;Bedrag\r\nCaf\xe9 De Zon;15-02-2025;10,00\r\n", "latin1") },
    ]);
    assert.equal(await app.settled(), "ready");
    assert.match(await app.status().innerText(), /^Geanalyseerd: omzet-2024\.csv \+ omzet-2025\.csv \+ correcties-2025\.csv · 7 rijen/);
    // Each file's "Café De Zon" is one customer, whatever the file's encoding.
    assert.equal(await app.activeValue(), 210);
    assert.deepEqual(await app.importSummary(), { rowsRead: 7, rowsUsed: 5, rowsSkipped: 0, customers: 3 });
    assert.match(await app.page.getByTestId("import-summary").innerText(), /7 rijen gelezen · 5 gebruikt · 2 herhaalde kopregels · 0 overgeslagen/);
    await app.openImportPanel();
    assert.match(await app.page.locator(".import__facts").innerText(), /^CSV · UTF-8 \+ windows-1252 ·/);

    // A workbook among them cannot follow another file: nothing is read, and
    // the page says so; the analysis on screen stays.
    await app.dropFiles([
      { name: "omzet-2025.xlsx", bytes: Buffer.from("PK"), mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      { name: "omzet-2024.csv", bytes: Buffer.from("Klant;Datum;Bedrag\nA;01-06-2024;100,00\n") },
    ]);
    assert.equal(await app.settled(), "error");
    assert.equal(
      await app.status().innerText(),
      "Meerdere bestanden tegelijk kan alleen met CSV- of tekstbestanden (omzet-2025.xlsx, omzet-2024.csv); er is niets gelezen. Sleep een werkmap apart.",
    );
    assert.equal(await app.activeValue(), 210);
  });
});

test("dropping a file works like picking one", async () => {
  await withApp({}, async (app) => {
    await app.drop("small.csv", await readFile(SMALL));
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.layer("top"), SMALL_LAYERS.top);
  });
});

test("a file dropped anywhere on the dashboard replaces the analysis; the page stays", async () => {
  await withApp({}, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    const veil = app.page.getByTestId("drop-veil");
    assert.equal(await veil.isVisible(), false);
    // Dragged over the pyramid, far from the (now small) drop zone: the whole page says it takes it.
    const transfer = await app.dataTransfer([{ name: "small.csv", bytes: await readFile(SMALL) }]);
    const chart = app.page.getByTestId("pyramid-chart");
    await chart.dispatchEvent("dragenter", { dataTransfer: transfer });
    await chart.dispatchEvent("dragover", { dataTransfer: transfer });
    assert.equal(await veil.isVisible(), true);
    assert.match(await veil.innerText(), /Laat los om dit bestand te analyseren/);
    // Moving off the page again hides it: nothing was dropped.
    await chart.dispatchEvent("dragleave", { dataTransfer: transfer });
    assert.equal(await veil.isVisible(), false);
    await app.drop("small.csv", await readFile(SMALL), { on: "pyramid-chart" });
    assert.equal(await app.settled(), "ready");
    assert.equal(await veil.isVisible(), false);
    assert.match(await app.status().innerText(), /small\.csv/);
    assert.deepEqual(await app.layer("top"), SMALL_LAYERS.top);
    // An element removed mid-drag never sends its "leave": two enters, one leave. When the
    // drag's "over" events stop, the veil goes all the same.
    await chart.dispatchEvent("dragenter", { dataTransfer: transfer });
    await chart.dispatchEvent("dragenter", { dataTransfer: transfer });
    await chart.dispatchEvent("dragleave", { dataTransfer: transfer });
    assert.equal(await veil.isVisible(), true);
    await veil.waitFor({ state: "hidden", timeout: 5_000 });
    // A drag that carries text, not a file, is not taken (the search field keeps working).
    const text = await app.page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.setData("text/plain", "bakker");
      return dt;
    });
    await chart.dispatchEvent("dragenter", { dataTransfer: text });
    assert.equal(await veil.isVisible(), false);
  });
});

test("switching to profit re-analyses without re-reading the file", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    await app.page.getByTestId("basis").selectOption("profit");
    // Profit in the window: K03 400, K01 300, K02 100, then 70+60+50+40+30+20+(10−5) = 275 + 100.
    // Active customers stay the same (activity is decided on revenue).
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "400.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 1, value: "300.00" });
    assert.deepEqual(await app.layer("small"), { customers: 8, value: "375.00" });
    assert.deepEqual(await app.importSummary(), { rowsRead: 13, rowsUsed: 13, rowsSkipped: 0, customers: 12 });
  });
});

test("the advanced layer and ABC limits re-analyse, and Defaults puts them back", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    await app.page.getByText("Geavanceerd: lagen en ABC-grenzen").click();
    const set = async (testid, value) => {
      const input = app.page.getByTestId(testid);
      await input.fill(value);
      await input.press("Enter");
      await input.blur();
      await app.idle();
    };
    assert.equal(await app.page.getByTestId("layer-top").inputValue(), "1");
    // N = 10 active. Top 20% → ⌈2⌉ = 2 (K01 1000, K02 900); top + large 24% → ⌈2.4⌉ = 3
    // (K03 800); + medium 39% → ⌈3.9⌉ = 4 (K04 700); small the other 6 = 600 + 500 + 400 +
    // 300 + 200 + 50 = 2050.
    await set("layer-top", "20");
    assert.deepEqual(await app.layer("top"), { customers: 2, value: "1900.00" });
    assert.deepEqual(await app.layer("large"), { customers: 1, value: "800.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 1, value: "700.00" });
    assert.deepEqual(await app.layer("small"), { customers: 6, value: "2050.00" });
    // A while the share before a customer is below 50% of 5450: K01..K04 (before K04:
    // 2700 = 49.5%); B below 95%: K05..K08 (before K08: 4900 = 89.9%); C: K09, K10.
    await set("abc-a", "50");
    assert.deepEqual(await app.abc(), { A: 4, B: 4, C: 2 });
    // The method text follows the limit, also where it says who counts as valuable.
    const method = await app.page.getByTestId("method").textContent();
    assert.match(method, /Waardevol: een kernklant of een A-klant \(de klanten van de eerste 50% van de waarde\)/);
    // Large 12.5% → top + large 32.5% → ⌈3.25⌉ = 4 (K03, K04); + medium 47.5% → ⌈4.75⌉ = 5 (K05).
    await set("layer-large", "12.5");
    assert.deepEqual(await app.layer("large"), { customers: 2, value: "1500.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 1, value: "600.00" });
    await app.page.getByTestId("settings-defaults").click();
    await app.idle();
    assert.deepEqual(await app.layers(), SMALL_LAYERS);
    assert.deepEqual(await app.abc(), { A: 6, B: 2, C: 2 });
    assert.equal(await app.page.getByTestId("layer-top").inputValue(), "1");
  });
});

test("a longer window and an earlier reference date change who is active", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    const months = app.page.getByTestId("window-months");
    await months.fill("24");
    await months.press("Enter");
    await months.blur();
    // 24 months: K11 (5000 on 01-03-2023) is active and on top; N = 11 → top 1,
    // large up to ⌈0.55⌉ = 1 (none), medium up to ⌈2.2⌉ = 3 (K01, K02), small 8.
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "5000.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 2, value: "1900.00" });
    assert.deepEqual(await app.layer("inactive"), { customers: 0, value: "0.00" });

    await months.fill("12");
    await months.blur();
    await app.page.getByTestId("reference-date").fill("2024-05-31");
    // R = 31-05-2024: K01's only invoice (30-06) and K10's credit note (10-06) lie after R
    // and are ignored, so K01 does not appear. Active: K02..K10 (N = 9) → top K02 900,
    // medium up to ⌈1.8⌉ = 2 → K03 800, small 7 = 700+600+500+400+300+200+100 = 2800.
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "900.00" });
    assert.deepEqual(await app.layer("medium"), { customers: 1, value: "800.00" });
    assert.deepEqual(await app.layer("small"), { customers: 7, value: "2800.00" });
    // Those two rows are not dropped silently: counted next to the window.
    const after = app.page.getByTestId("after-reference");
    assert.equal(await after.getAttribute("data-rows"), "2");
    assert.equal(await after.getAttribute("data-relations"), "1");
    assert.match(await after.innerText(), /2 regels na de peildatum tellen niet mee \(1 relatie heeft alleen regels daarna\)/);

    // R before every invoice: no customer with a positive value, and the
    // Pareto summary says so instead of "0 customers make 80%".
    await app.page.getByTestId("reference-date").fill("2020-01-01");
    await app.idle();
    // 12 dated rows (K12 has none), all after R; K01..K11 only have rows after it.
    assert.equal(await app.page.getByTestId("after-reference").getAttribute("data-rows"), "12");
    assert.equal(await app.page.getByTestId("after-reference").getAttribute("data-relations"), "11");
    assert.equal(
      await app.page.locator(".pareto-summary__lead").innerText(),
      "Geen klant met een positieve waarde in dit venster: er is geen curve om te lezen.",
    );
  });
});

test("a customer-level file: totals as the file gives them, statuses and credits classify", async () => {
  await withApp({}, async (app) => {
    // R = 15-05-2024 (latest purchase), window 12 months. Alfa bought in it → active;
    // Beta before it → inactive; Gamma has no date and no total but its status says
    // customer → inactive (it bought before); Delta has no date and a net credit →
    // inactive; Epsilon is a prospect; Zeta has no date and its status says it
    // stopped → inactive, whatever its total.
    const csv = [
      "Klant;Omzet;Laatste aankoop;Status",
      "Alfa;1.000,00;15-05-2024;Klant",
      "Beta;500,00;01-01-2022;Klant",
      "Gamma;;;Inactief",
      "Delta;-20,00;;Klant",
      "Epsilon;;;Prospect",
      "Zeta;800,00;;Inactief",
    ].join("\n");
    await app.drop("klanten.csv", Buffer.from(csv, "utf8"));
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "1000.00" });
    assert.equal((await app.layer("inactive")).customers, 4);
    assert.equal((await app.layer("prospect")).customers, 1);
    // The value is the file's own total, so the card does not claim "last 12 months".
    assert.equal(
      await app.page.locator("[data-testid=figure-total] .figure__label").innerText(),
      "Omzet van actieve klanten (totalen uit het bestand)",
    );
    // Alfa's total only: Beta, Gamma and Delta are inactive.
    assert.equal(await app.page.locator("[data-testid=figure-total] .figure__value").innerText(), "€\u00a01.000");
    // A reference date before Alfa's purchase: Alfa is left out, and that is said.
    await app.page.getByTestId("reference-date").fill("2024-01-31");
    await app.idle();
    const after = app.page.getByTestId("after-reference");
    assert.equal(await after.getAttribute("data-relations"), "1");
    assert.match(await after.innerText(), /1 relatie met een aankoop na de peildatum telt niet mee/);
    await app.page.getByTestId("method").locator("summary").click();
    assert.match(await app.page.getByTestId("method").innerText(), /het totaal in de kolom omzet \(of winst\) zoals het bestand het geeft/);
    // One row per customer: no purchase days, so no rhythm lists and no rhythm columns; the
    // call plan says why. (And the page is not left waiting for rhythms: settled above.)
    const plan = app.page.getByTestId("call-plan");
    assert.match(await plan.innerText(), /Een koopritme vraagt factuurregels met datums; een trend vraagt die, of een kolom met de omzet van de vorige periode\./);
    for (const list of ["due", "silent", "buying-less", "pearl"]) {
      assert.equal(await app.page.getByTestId(`call-${list}`).count(), 0, list);
    }
    assert.equal(await app.page.getByTestId("sort-interval").count(), 0);
    assert.equal(await app.page.getByTestId("sort-trend").count(), 0);
    // The layer select offers only the call list that works without dates of each order.
    const filter = app.page.getByTestId("layer-filter");
    assert.equal(await filter.locator("option[value=due]").count(), 0);
    assert.equal(await filter.locator("option[value=silent]").count(), 0);
    assert.equal(await filter.locator("option[value=pearl]").count(), 0);
    assert.equal(await filter.locator("option[value=buying-less]").count(), 0);
    assert.equal(await filter.locator("option[value=inactive-recent]").count(), 1);
  });
});

test("a date in the future is flagged, because it would become the reference date", async () => {
  await withApp({}, async (app) => {
    const csv = [
      "Klant;Datum;Bedrag",
      "Alfa;15-05-2024;100,00",
      "Beta;16-05-2024;200,00",
      "Gamma;16-05-2099;300,00", // a typo for 2024
    ].join("\n");
    await app.drop("facturen.csv", Buffer.from(csv, "utf8"));
    assert.equal(await app.settled(), "ready");
    // R = 16-05-2099: only Gamma is active.
    assert.equal((await app.layer("inactive")).customers, 2);
    assert.match(await app.page.getByTestId("future-reference").innerText(), /de peildatum ligt meer dan een maand na vandaag/);
    // Choosing a reference date is the way out; the warning goes, Gamma's row is counted as after R.
    await app.page.getByTestId("reference-date").fill("2024-05-31");
    await app.idle();
    assert.equal(await app.page.getByTestId("future-reference").count(), 0);
    assert.equal(await app.page.getByTestId("after-reference").getAttribute("data-rows"), "1");
    assert.equal((await app.layer("inactive")).customers, 0);
  });
});

test("changing a column's role re-reads the file already in memory", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    await app.openImportPanel();
    await app.page.getByTestId("role-4").selectOption("revenue");
    assert.equal(await app.settled(), "ready");
    // "Winst" is now the revenue: K03 400 on top, K01 300 medium, the rest 375.
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "400.00" });
    assert.deepEqual(await app.layer("small"), { customers: 8, value: "375.00" });
    // The amount role moved: "Bedrag" is no longer used, and the panel stayed open.
    assert.equal(await app.page.getByTestId("role-3").inputValue(), "ignore");

    // A correction that leaves no amount column is an error with a way back.
    await app.page.getByTestId("role-4").selectOption("ignore");
    assert.equal(await app.settled(), "error");
    assert.match(await app.status().innerText(), /bedrag/i);
    await app.page.getByTestId("reset-import").click();
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "1000.00" });
  });
});

test("dates that fit both orders are read day first and flagged; choosing month first re-reads them", async () => {
  await withApp({}, async (app) => {
    // 03-04-2024, 05-06-2024, 07-08-2024: every value fits both orders.
    await app.pick(join(FIXTURES, "import", "ambiguous_dates.csv"));
    assert.equal(await app.settled(), "ready");
    // The latest date is the reference date: 7 August, day first.
    assert.equal(await app.page.getByTestId("reference-date").inputValue(), "2024-08-07");
    await app.openImportPanel();
    const note = app.page.getByTestId("date-order-note");
    assert.match(await note.innerText(), /^onduidelijk; dag eerst/);
    assert.match(await note.getAttribute("class"), /field__hint--warn/);
    assert.equal(await app.page.getByTestId("date-order").inputValue(), "day-first");
    await app.page.getByTestId("date-order").selectOption("month-first");
    assert.equal(await app.settled(), "ready");
    // Month first: 8 July.
    assert.equal(await app.page.getByTestId("reference-date").inputValue(), "2024-07-08");
    assert.equal(await app.page.getByTestId("date-order").inputValue(), "month-first");
    assert.equal(await note.innerText(), "zelf gekozen");
  });
});

test("clicking a layer filters the customer table; search and sort work", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    assert.equal((await app.customerKeys()).length, 12);
    await app.page.locator("[data-testid=pyramid-chart] g[data-layer=small]").click();
    const small = await app.customerKeys();
    assert.deepEqual(small, ["K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10"]);
    // Clicking again clears the filter.
    await app.page.locator("[data-testid=pyramid-chart] g[data-layer=small]").click();
    assert.equal((await app.customerKeys()).length, 12);

    // Case-insensitive, also for non-ASCII names, and on the key as well as the name.
    await app.page.getByTestId("customer-search").fill("CAFÉ");
    assert.deepEqual(await app.customerKeys(), ["K05"]);
    await app.page.getByTestId("customer-search").fill("k1");
    assert.deepEqual(await app.customerKeys(), ["K10", "K11", "K12"]);
    await app.page.getByTestId("customer-search").fill("");
    await app.page.getByTestId("sort-name").click();
    await app.idle();
    const names = await app.page
      .locator("[data-testid=customer-row] td.name")
      .evaluateAll((cells) => cells.map((c) => c.textContent));
    assert.equal(names[0], "Architect Bos");
    assert.deepEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "en")), names);
    await app.page.getByTestId("sort-value").click();
    assert.equal((await app.customerKeys())[0], "K01");
    // The sort shows as an arrow (a ▼ triangle marks a key customer buying less).
    const sortedBy = app.page.getByTestId("sort-value");
    assert.match(await sortedBy.innerText(), /↓$/);
    assert.equal(await sortedBy.locator("xpath=..").getAttribute("aria-sort"), "descending");
    // Ascending: K11 (inactive) and K12 (prospect) have value 0; ties keep rank order.
    await app.page.getByTestId("sort-value").click();
    assert.deepEqual((await app.customerKeys()).slice(0, 3), ["K11", "K12", "K10"]);
    assert.match(await sortedBy.innerText(), /↑$/);
    assert.doesNotMatch(await app.page.locator("[data-testid=customer-table] thead").innerText(), /[▲▼]/);

    // Another file starts the table afresh: no search, no filter, rank order.
    await app.page.getByTestId("customer-search").fill("bakker");
    await app.page.getByTestId("abc-filter").selectOption("A");
    await app.pick(SMALL);
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.page.getByTestId("customer-search").inputValue(), "");
    assert.equal(await app.page.getByTestId("abc-filter").inputValue(), "");
    assert.equal((await app.customerKeys()).length, 12);
    assert.equal((await app.customerKeys())[0], "K01");
  });
});

test("the keyboard reaches the layer filter and the file picker", async () => {
  await withApp({}, async (app) => {
    await app.pick(SMALL);
    await app.settled();
    const button = app.page.getByTestId("filter-top");
    await button.focus();
    await app.page.keyboard.press("Enter");
    assert.equal(await button.getAttribute("aria-pressed"), "true");
    assert.deepEqual(await app.customerKeys(), ["K01"]);
    // The drop zone opens the file chooser on Enter.
    const chooser = app.page.waitForEvent("filechooser");
    await app.page.getByTestId("drop-zone").focus();
    await app.page.keyboard.press("Enter");
    await chooser;
  });
});

test("pasting a table from a spreadsheet analyses it", async () => {
  await withApp({}, async (app) => {
    await app.paste("Klant\tDatum\tOmzet\nA\t01-02-2024\t100,00\nB\t03-02-2024\t50,00\nA\t05-02-2024\t25,00\n");
    assert.equal(await app.settled(), "ready");
    // A = 125, B = 50; N = 2 → top 1, large and medium none (⌈0.1⌉ = ⌈0.4⌉ = 1), small 1.
    assert.deepEqual(await app.layer("top"), { customers: 1, value: "125.00" });
    assert.deepEqual(await app.layer("small"), { customers: 1, value: "50.00" });
  });
});

test("a report of revenue per customer per month or per year reads each as its first day, and says so", async () => {
  await withApp({}, async (app) => {
    await app.paste(
      "Relatie\tMaand\tOmzet\nBakkerij Jansen\t2025-11\t1.250,00\nSmit\t2025-12\t800,00\nBakkerij Jansen\t2026-01\t1.100,00\n",
    );
    assert.equal(await app.settled(), "ready");
    // Dated rows: the window ends on the last month's first day, 1 January 2026.
    assert.equal(await app.page.getByTestId("reference-date").inputValue(), "2026-01-01");
    assert.equal(await app.activeValue(), 3150);
    // The window is told in the months it holds, not as "after 1 Jan 2025".
    const windowText = () => app.page.getByTestId("window-text").innerText();
    assert.match(await windowText(), /^Venster: feb 2025 t\/m jan 2026/);
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("date-order-note").innerText(),
      "maanden of kwartalen zonder dag: elk telt als zijn eerste dag",
    );
    assert.equal(await app.page.getByTestId("date-order").count(), 0);

    // Per year: the last year is the window, the year before the trend.
    await app.paste(
      "Klant\tJaar\tOmzet\nBakkerij Jansen\t2024\t10.000,00\nBakkerij Jansen\t2025\t12.000,00\nSmit\t2024\t5.000,00\nDe Zwaan\t2025\t3.000,00\n",
    );
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.page.getByTestId("reference-date").inputValue(), "2025-01-01");
    assert.equal(await app.activeValue(), 15000);
    assert.match(await windowText(), /^Venster: 2025/);
    const months = app.page.getByTestId("window-months");
    await months.fill("24");
    await months.press("Enter");
    await months.blur();
    await app.idle();
    assert.match(await windowText(), /^Venster: 2024 t\/m 2025/);
    assert.equal(await app.activeValue(), 30000);
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("date-order-note").innerText(),
      "jaren zonder dag: elk jaar telt als 1 januari",
    );
  });
});

test("a pivot table pasted from Excel: each customer named once, its rows below count for it; one choice undoes it", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    // Excel's default pivot layout names a customer on the first row of its group only.
    await app.paste(
      [
        "Customer\tDate\tRevenue",
        "Bakery Johnson\t01/03/2025\t100.00",
        "\t02/10/2025\t50.00",
        "\t03/15/2025\t25.00",
        "Butcher Smith\t01/05/2025\t200.00",
        "\t02/20/2025\t80.00",
        "Corner Cafe\t01/02/2025\t60.00",
        "\t02/28/2025\t40.00",
        "Grand Total\t\t555.00",
      ].join("\n"),
    );
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.customerKeys(), ["Butcher Smith", "Bakery Johnson", "Corner Cafe"]);
    assert.equal(await app.activeValue(), 555);
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("grouped").innerText(),
      "Each customer is named on the first row of its group only: 4 rows without a customer count for the customer above them (a subtotal closes a customer)",
    );
    const select = app.page.getByTestId("fill-down");
    assert.equal(await select.inputValue(), "above");

    // Those rows as they stand: without a customer, listed, not in the pyramid.
    await select.selectOption("none");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 360);
    assert.equal(await app.page.getByTestId("grouped").count(), 0);
    assert.match(await app.page.getByTestId("import-panel").innerText(), /4 rows \(€195\.00\) have no customer/);
    assert.equal(await app.page.getByTestId("fill-down").inputValue(), "none");
    await app.page.getByTestId("fill-down").selectOption("above");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 555);
  });
});

test("a pivot of totals per customer per product group counts each group for the customer above it", async () => {
  await withApp({}, async (app) => {
    await app.paste(
      [
        "Rijlabels\tProductgroep\tSom van Omzet",
        "Bakkerij Jansen\tBrood\t1.250,00",
        "\tGebak\t1.400,00",
        "\tKoffie\t900,00",
        "Café De Zon\tGebak\t300,00",
        "\tKoffie\t450,00",
        "Visser Installatie\tBrood\t2.000,00",
        "Eindtotaal\t\t6.300,00",
      ].join("\n"),
    );
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await app.importSummary(), { rowsRead: 7, rowsUsed: 6, rowsSkipped: 1, customers: 3 });
    assert.equal(await app.activeValue(), 6300);
    await app.openImportPanel();
    assert.match(await app.page.getByTestId("grouped").innerText(), /^De klant staat alleen op de eerste rij van zijn groep: 3 rijen zonder klant/);
    const select = app.page.getByTestId("fill-down");
    assert.equal(await select.inputValue(), "above");
    await select.selectOption("none");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 3550);
    assert.match(await app.page.getByTestId("import-panel").innerText(), /3 rijen \(€\s2\.750,00\) hebben geen klant/);
  });
});

test("percentages of a whole add up to 100, as a client will check", async () => {
  await withApp({}, async (app) => {
    await app.paste("Klant\tDatum\tOmzet\nA\t01-02-2024\t80,00\nB\t01-02-2024\t15,00\nC\t01-02-2024\t5,00\n");
    assert.equal(await app.settled(), "ready");
    // Cumulative share before each: A 0 → A, B 80% → B, C 95% → C: one customer per
    // class, a third each. Rounded one by one that is 33,3 × 3 = 99,9%; the largest
    // remainder (all equal, so the first class) gets the missing tenth.
    const shares = await app.page
      .locator("[data-testid=abc-table] tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[1].textContent));
    assert.deepEqual(shares, ["33,4%", "33,3%", "33,3%"]);
    // The value column is exact already: 80 + 15 + 5.
    const values = await app.page
      .locator("[data-testid=abc-table] tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[3].textContent));
    assert.deepEqual(values, ["80,0%", "15,0%", "5,0%"]);
    // With three customers "the top 5" would be all of them: only the largest is named.
    assert.equal(await app.page.getByTestId("concentration").innerText(), "Je grootste klant is 80,0%.");
  });
});

test("bad rows are counted, listed with row and column, and downloadable", async () => {
  await withApp({}, async (app) => {
    await app.pick(join(FIXTURES, "app", "bad.csv"));
    assert.equal(await app.settled(), "ready");
    // Row 3: '12,3,4' is not an amount; row 4: 31-02 is not a date; row 5 has no customer.
    const summary = await app.importSummary();
    assert.equal(summary.rowsRead, 5);
    assert.equal(summary.rowsUsed, 2);
    assert.equal(summary.rowsSkipped, 3);
    await app.openImportPanel();
    const list = await app.page.getByTestId("warnings").innerText();
    assert.match(list, /rij 3, kolom Bedrag: '12,3,4'/);
    assert.match(list, /rij 4, kolom Factuurdatum/);
    assert.match(await app.page.getByTestId("import-panel").innerText(), /1 rij \(€ 75,50\) heeft geen klant/);
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("download-skipped").click();
    const file = await download;
    const text = await readFile(await file.path(), "utf8");
    // Each warning, then its row as in the file, under the file's headers.
    assert.match(text, /^\uFEFFrij;kolom;waarde;reden;overgeslagen;Klantnummer;Naam;Factuurdatum;Bedrag\r\n/);
    assert.match(text, /^3;Bedrag;12,3,4;geen bedrag;ja;K02;Smit;15-05-2024;12,3,4\r$/m);
    assert.match(text, /^5;Klantnummer;Zonder klant;geen klant;ja;;Zonder klant;01-06-2024;75,50\r$/m);
    assert.equal(text.trim().split("\r\n").length, 4, "a header and the three skipped rows");
    // Nothing bad became 0: the used value is exactly K01 + K04.
    assert.equal(await app.activeValue(), 1250);
  });
});

test("a general ledger export counts only its revenue accounts, and says so", async () => {
  await withApp({}, async (app) => {
    // Exact Online's transactions: per invoice a debtor, a revenue and a VAT
    // line (one signed amount, revenue credited), a purchase invoice, a payment.
    await app.pick(join(FIXTURES, "import", "exact_transacties.csv"));
    assert.equal(await app.settled(), "ready");
    // 1,250 + 980; 480.50 less a credit note of 80.50; 3,200 + 1,800.
    assert.equal(await app.activeValue(), 7630);
    assert.deepEqual(await app.importSummary(), { rowsRead: 23, rowsUsed: 6, rowsSkipped: 17, customers: 3 });
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-4").inputValue(), "ledger");
    assert.equal(
      await app.page.getByTestId("ledger").innerText(),
      "Alleen regels op een omzetrekening tellen, volgens ‘Grootboekrekening’ (8…, 70…; zonder nummer ‘omzet’, ‘opbrengst’, ‘verkoop’ in de naam): 17 regels op andere rekeningen (debiteuren, btw, bank) tellen niet mee; ‘Bedrag’ staat op de omzetrekeningen als credit (negatief) en is omgedraaid",
    );
    const list = await app.page.getByTestId("warnings").innerText();
    assert.match(list, /rij 2, kolom Grootboekrekening: '1300' is geen omzetrekening; rij overgeslagen/);
    assert.match(list, /rij 12, kolom Grootboekrekening: '7000' is geen omzetrekening/);
    // Every skipped line is in the download, as in the file.
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("download-skipped").click();
    const text = await readFile(await (await download).path(), "utf8");
    assert.equal(text.trim().split("\r\n").length, 18, "a header and the 17 other lines");
    assert.match(text, /^4;Grootboekrekening;1500;geen omzetrekening \(debiteuren, btw, bank\);ja;70;Verkoopboek;26700001;/m);
    // Every line counted after all is one choice away (then an invoice's
    // lines cancel out: that is why they are not).
    await app.page.getByTestId("role-4").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal((await app.importSummary()).rowsSkipped, 0);
    assert.equal(await app.page.getByTestId("ledger").count(), 0);
  });
});

test("a journal with a debit/credit indicator: credit on revenue counts, a debit there is a credit note", async () => {
  await withApp({}, async (app) => {
    // One unsigned amount and "D/C" beside it; a credit note debits revenue,
    // a correction without an indicator is not guessed.
    await app.pick(join(FIXTURES, "import", "journaal_debet_credit.csv"));
    assert.equal(await app.settled(), "ready");
    // 1,250; 2,000 less 300; 800.
    assert.equal(await app.activeValue(), 3750);
    assert.deepEqual(await app.importSummary(), { rowsRead: 15, rowsUsed: 4, rowsSkipped: 11, customers: 3 });
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-8").inputValue(), "side");
    assert.match(
      await app.page.getByTestId("ledger").innerText(),
      /; ‘Bedrag’ telt als omzet waar ‘D\/C’ credit zegt en gaat eraf waar het debet zegt \(een creditnota\)$/,
    );
    const list = await app.page.getByTestId("warnings").innerText();
    assert.match(list, /rij 16, kolom D\/C: geen debet \(D\) of credit \(C\) ingevuld; rij overgeslagen/);
    // Without the indicator every revenue line counts as written: the
    // credit note would add 300 instead of taking it off.
    await app.page.getByTestId("role-8").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 4375);
  });
});

test("cancelled, failed, refunded and unpaid webshop orders are not sales: skipped, counted and named", async () => {
  await withApp({}, async (app) => {
    // A WooCommerce order export: 9 orders, 4 of which were no sale (one
    // whose payment never started: "Pending payment").
    await app.pick(join(FIXTURES, "app", "orders.csv"));
    assert.equal(await app.settled(), "ready");
    // 1250 + 310 + 640 + 220 + 80: not Visser's cancelled 4800.
    assert.equal(await app.activeValue(), 2500);
    assert.equal((await app.importSummary()).rowsSkipped, 4);
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-1").inputValue(), "order-status");
    assert.equal(
      await app.page.getByTestId("not-sold").innerText(),
      "4 rijen (€ 6.324,00) tellen niet mee: volgens ‘Order Status’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling",
    );
    const list = await app.page.getByTestId("warnings").innerText();
    assert.match(list, /rij 3, kolom Order Status: 'cancelled' is geen verkoop; rij overgeslagen/);
    assert.match(list, /rij 8, kolom Order Status: 'refunded' is geen verkoop/);
    assert.match(list, /rij 10, kolom Order Status: 'Pending payment' is geen verkoop/);
    // Counting them after all is one choice away.
    await app.page.getByTestId("role-1").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 8824);
    assert.equal((await app.importSummary()).rowsSkipped, 0);
    assert.equal(await app.page.getByTestId("not-sold").count(), 0);
  });
});

test("orders in another currency than most are not summed with them: skipped, counted and named", async () => {
  await withApp({ locale: "en-GB" }, async (app) => {
    // A webshop selling abroad: two of six orders in dollars and pounds.
    await app.pick(join(FIXTURES, "app", "currencies.csv"));
    assert.equal(await app.settled(), "ready");
    // 1250 + 310 + 640 + 220 euros; not 900 dollars and 400 pounds added to them.
    assert.equal(await app.activeValue(), 2420);
    assert.equal((await app.importSummary()).rowsSkipped, 2);
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-3").inputValue(), "currency");
    const note = app.page.getByTestId("currency");
    assert.equal(
      await note.innerText(),
      "2 rows in another currency than EUR are not counted (according to ‘Order Currency’): the app does not convert",
    );
    assert.equal(await note.evaluate((el) => el.classList.contains("import__note--info")), false);
    const list = await app.page.getByTestId("warnings").innerText();
    assert.match(list, /row 3, column Order Currency: 'USD' is another currency; row skipped/);
    assert.match(list, /row 6, column Order Currency: 'GBP' is another currency; row skipped/);
    // Counting them as they stand is one choice away.
    await app.page.getByTestId("role-3").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 3720);
    assert.equal(await app.page.getByTestId("currency").count(), 0);
  });
});

test("a Shopify order with several lines counts once, its further lines named, not warned about", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    // Shopify writes an order's subtotal and status on its first line only.
    await app.pick(join(FIXTURES, "app", "shopify-lines.csv"));
    assert.equal(await app.settled(), "ready");
    const summary = app.page.getByTestId("import-summary");
    assert.equal(await summary.innerText(), "5 rows read · 2 used · 2 further lines · 1 skipped · 2 relations");
    assert.equal(await summary.getAttribute("data-rows-further"), "2");
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("further-lines").innerText(),
      "2 rows without ‘Subtotal’ and ‘Financial Status’ are further lines of an order: the order's total is on its first line and counts there",
    );
    // The one notice is the voided order, not the lines without an amount.
    assert.equal(await app.page.getByTestId("warnings").getAttribute("data-total"), "1");
    assert.match(await app.page.getByTestId("not-sold").innerText(), /^1 row \(€80\.00\) is not counted/);
    assert.equal(await app.activeValue(), 145);
  });
});

test("an order's total written on each of its lines counts once; the panel says so and switches it", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    // A row per product, the order's total on each (WooCommerce's export plugins).
    const orders = [
      "Order Number,Order Date,Customer Email,Item Name,Quantity,Order Total",
      "1001,2025-03-01,a@x.nl,Mug,2,45.00",
      "1001,2025-03-01,a@x.nl,Saucer,1,45.00",
      "1002,2025-03-02,b@x.nl,Teapot,1,30.00",
      "1003,2025-03-04,a@x.nl,Mug,1,62.50",
      "1003,2025-03-04,a@x.nl,Teapot,1,62.50",
      "1003,2025-03-04,a@x.nl,Spoon,4,62.50",
      "1004,2025-03-05,c@x.nl,Mug,3,80.00",
      "1004,2025-03-05,c@x.nl,Saucer,3,80.00",
    ].join("\n");
    await app.drop("orders.csv", Buffer.from(orders));
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 217.5);
    const summary = app.page.getByTestId("import-summary");
    assert.equal(await summary.innerText(), "8 rows read · 4 used · 4 repeated order totals · 0 skipped · 3 relations");
    assert.equal(await summary.getAttribute("data-rows-repeated"), "4");
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("order-totals-note").innerText(),
      "‘Order Total’ is an order's total, written on each of its lines: it counts once per ‘Order Number’ (4 lines repeated it)",
    );
    const select = app.page.getByTestId("order-totals");
    assert.equal(await select.inputValue(), "order");

    // Each line its own amount: every line counts.
    await select.selectOption("line");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 467.5);
    assert.equal(await summary.innerText(), "8 rows read · 8 used · 0 skipped · 3 relations");
    assert.equal(await app.page.getByTestId("order-totals-note").count(), 0);
    assert.equal(await app.page.getByTestId("order-totals").inputValue(), "line");

    // And back.
    await app.page.getByTestId("order-totals").selectOption("order");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 217.5);
  });
});

test("a Shopify refund lowers its order's revenue, never below 0, and the panel says by how much", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    await app.pick(join(FIXTURES, "app", "shopify-refunds.csv"));
    assert.equal(await app.settled(), "ready");
    await app.openImportPanel();
    assert.equal(
      await app.page.getByTestId("refunded").innerText(),
      "‘Refunded Amount’ was subtracted from the revenue: €100.50 on 2 rows (no order goes below 0)",
    );
    // Ann 100 + (40 − 48.40 → 0), Bob 200 − 60.50; Cy's order was refunded in full: no sale.
    assert.equal(await app.activeValue(), 239.5);
    // Without the column, every order in full.
    const column = await app.page.locator("table.columns tbody tr").filter({ hasText: "Refunded Amount" }).locator("select");
    await column.selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 340);
    assert.equal(await app.page.getByTestId("refunded").count(), 0);
  });
});

test("an invoice file with invoice numbers counts each customer's orders, not its lines", async () => {
  await withApp({}, async (app) => {
    await app.pick(join(FIXTURES, "app", "invoice-lines.csv"));
    assert.equal(await app.settled(), "ready");
    // The column says what it counts.
    const sort = app.page.getByTestId("sort-orders");
    assert.equal((await sort.textContent()).trim(), "Orders");
    assert.match(await app.page.locator("th", { has: sort }).getAttribute("title"), /^Verschillende order- of factuurnummers/);
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const csv = (await readFile(await (await download).path(), "utf8")).split("\r\n");
    const head = csv[0].replace("\uFEFF", "").split(";");
    const orders = head.indexOf("orders");
    assert.ok(orders > 0, csv[0]);
    const byKey = Object.fromEntries(csv.slice(1, -1).map((l) => l.split(";")).map((f) => [f[1], f[orders]]));
    // Jansen: F001 (two lines) and F002. Smit: F003 (two lines) and a line
    // without a number; the credit note F004 is no order.
    assert.deepEqual(byKey, { K1: "2", K2: "2" });
    // Without the number: lines.
    await app.openImportPanel();
    await app.page.getByTestId("role-0").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal((await app.page.getByTestId("sort-orders").textContent()).trim(), "Regels");
  });
});

test("a file of which no row is usable says so, shows what was read, and a column's role fixes it", async () => {
  await withApp({}, async (app) => {
    // After a good file; "Bedrag" is empty on every row: no row has an amount.
    await app.pick(SMALL);
    assert.equal(await app.settled(), "ready");
    await app.pick(join(FIXTURES, "app", "unusable.csv"));
    assert.equal(await app.settled(), "error");
    // The earlier file's figures are gone; this file's panel is there.
    assert.equal(await app.page.getByTestId("pyramid-chart").count(), 0);
    assert.match(await app.status().innerText(), /Geen enkele rij is bruikbaar \(3 overgeslagen\)/);
    // The import panel is there, open, with the rows and why.
    const panel = app.page.getByTestId("import-panel");
    assert.equal(await panel.getAttribute("open"), "");
    assert.equal(await app.page.getByTestId("import-summary").innerText(), "3 rijen gelezen · 0 gebruikt · 3 overgeslagen · 0 relaties");
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("download-skipped").click();
    const text = await readFile(await (await download).path(), "utf8");
    assert.equal(
      text,
      "\uFEFFrij;kolom;waarde;reden;overgeslagen;Klantnummer;Naam;Factuurdatum;Bedrag;Opmerking\r\n" +
        "2;Bedrag;;geen bedrag ingevuld;ja;K01;Jansen;01-02-2024;;100\r\n" +
        "3;Bedrag;;geen bedrag ingevuld;ja;K02;Smit;02-02-2024;;50\r\n" +
        "4;Bedrag;;geen bedrag ingevuld;ja;K03;Visser;03-02-2024;;75\r\n",
    );
    // The amounts were in "Opmerking": one choice there reads the file again.
    await app.page.getByTestId("role-4").selectOption("revenue");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 225);
    // One panel: the dashboard's.
    assert.equal(await app.page.getByTestId("import-panel").count(), 1);
  });
});

test("a file without an amount column shows its columns with their values, and choosing one reads it", async () => {
  await withApp({}, async (app) => {
    // "Prijs" alone is a unit price (it needs a quantity): no amount column.
    await app.pick(join(FIXTURES, "app", "no-amount.csv"));
    assert.equal(await app.settled(), "error");
    assert.equal(
      await app.status().innerText(),
      "Geen kolom lijkt op een bedrag; de kolommen zijn: Klant, Factuurdatum, Prijs, Plaats. Kies hieronder welke kolom de omzet is.",
    );
    const panel = app.page.getByTestId("import-panel");
    assert.equal(await panel.getAttribute("open"), "");
    assert.equal(await app.page.getByTestId("import-summary").innerText(), "4 kolommen · nog geen rij gelezen");
    // No rows were read: no notices, and no claim that every row was used.
    assert.equal(await app.page.getByTestId("warnings").count(), 0);
    assert.equal(await app.page.getByTestId("warnings-none").count(), 0);
    // Each column with its first values, to choose by.
    const rows = await panel.locator("table.columns tbody tr").allInnerTexts();
    assert.equal(rows.length, 4);
    assert.match(rows[2], /^Prijs\t100,00 · 50,00 · 75,00\t/);
    assert.match(rows[3], /^Plaats\tUtrecht · Gouda · Delft\t/);
    await app.page.getByTestId("role-2").selectOption("revenue");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 250);
    assert.equal(await app.page.getByTestId("import-panel").count(), 1);
  });
});

test("on a phone the panel of a file without an amount column fits the screen", async () => {
  await withApp({ width: 390, height: 800 }, async (app) => {
    await app.pick(join(FIXTURES, "app", "no-amount.csv"));
    assert.equal(await app.settled(), "error");
    assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth), 390);
    // Each column's name, role and why; the examples give way.
    const select = app.page.getByTestId("role-2");
    const box = await select.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
    assert.equal(await app.page.locator("td.columns__examples").first().isVisible(), false);
    // The panel is padded once, not by the card and again by its summary (38 px before).
    const panel = await app.page.getByTestId("import-panel").boundingBox();
    const title = await app.page.locator(".import__title").boundingBox();
    assert.ok(title.x - panel.x <= 20, `title ${title.x - panel.x} px in`);
    await select.selectOption("revenue");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth), 390);
  });
});

test("a file without a customer column: choosing the column that names the customer reads it", async () => {
  await withApp({ locale: "en-GB" }, async (app) => {
    await app.pick(join(FIXTURES, "app", "no-customer.csv"));
    assert.equal(await app.settled(), "error");
    assert.match(await app.status().innerText(), /Choose below which column names the customer\.$/);
    assert.equal(await app.page.getByTestId("import-summary").innerText(), "3 columns · no row read yet");
    await app.page.getByTestId("role-0").selectOption("customer-name");
    assert.equal(await app.settled(), "ready");
    const summary = await app.importSummary();
    assert.equal(summary.customers, 2);
  });
});

test("a file that is not a table gets a clear error and the page keeps working", async () => {
  await withApp({}, async (app) => {
    await app.pick(join(FIXTURES, "app", "not-a-table.png"));
    assert.equal(await app.settled(), "error");
    // It says what the file is, and what to do instead.
    assert.match(
      await app.status().innerText(),
      /Dit is een afbeelding, geen tabel: de app leest CSV en Excel\. Exporteer je klanten of facturen als CSV of Excel, of kopieer de tabel en plak hem hier \(Ctrl\+V\)\./,
    );
    // Recover with another file.
    await app.pick(SMALL);
    assert.equal(await app.settled(), "ready");
  });
});

test("an XLSX workbook is read, with a sheet choice; a chosen sheet without a table keeps the choice", async () => {
  await withApp({}, async (app) => {
    await app.pick(join(FIXTURES, "import", "two_sheets.xlsx"));
    assert.equal(await app.settled(), "ready");
    const value = await app.activeValue();
    await app.openImportPanel();
    assert.deepEqual(
      await app.page.getByTestId("sheet").locator("option").allInnerTexts(),
      ["Voorblad", "Omzet"],
    );
    // The cover sheet: no table, said so, and the sheets stay to choose from.
    await app.page.getByTestId("sheet").selectOption("0");
    assert.equal(await app.settled(), "error");
    assert.match(
      await app.status().innerText(),
      /^Blad ‘Voorblad’ bevat geen tabel met klanten en bedragen\. Kies hieronder een ander blad\./,
    );
    assert.equal(await app.page.getByTestId("import-summary").innerText(), "geen tabel");
    assert.equal(await app.page.locator("table.columns").count(), 0);
    await app.page.getByTestId("sheet").selectOption("1");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), value);
  });
});

test("a Stripe export: payments without a customer record count for their e-mail address, in any case", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    await app.pick(join(FIXTURES, "import", "stripe_payments.csv"));
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(
      (await app.customerKeys()).sort(),
      ["administratie@vostransport.be", "compta@ateliersdupont.be", "inkoop@korenschoof.nl", "sanne.dewit@example.nl"],
    );
    await app.openImportPanel();
    assert.match(
      await app.page.getByTestId("import-panel").innerText(),
      /chosen over "Customer ID" \(the e-mail address is on more rows than the number\)/,
    );
    assert.match(await app.page.getByTestId("import-panel").innerText(), /1 row \(€75\.00\) has no customer/);
  });
});

test("an 'Excel' export that is a web page, or Excel's XML of 2003, is read like a workbook", async () => {
  await withApp({}, async (app) => {
    // What many web applications' "export to Excel" write: a web page with
    // a table, named .xls, in Windows-1252, with a title table and a totals line.
    await app.pick(join(FIXTURES, "import", "facturen-webpagina.xls"));
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 3140);
    assert.deepEqual(await app.importSummary(), { rowsRead: 6, rowsUsed: 5, rowsSkipped: 1, customers: 3 });
    await app.openImportPanel();
    assert.match(await app.page.locator(".import__facts").innerText(), /^webpagina met een tabel · windows-1252/);
    assert.deepEqual(await app.page.locator("table.columns th[scope=row]").allInnerTexts(), ["Relatie", "Factuurdatum", "Bedrag"]);
    assert.match(await app.page.getByTestId("warnings").innerText(), /rij 7: 'Totaal' is een totaalregel; overgeslagen/);

    await app.pick(join(FIXTURES, "import", "facturen-xml2003.xls"));
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 3140);
    assert.match(await app.page.locator(".import__facts").innerText(), /^Excel/);
  });
});

test("a workbook is read from its first sheet with customers and amounts; each sheet stays one choice away", async () => {
  await withApp({}, async (app) => {
    // A cover sheet and a customer list (with credit limits, no amounts) before the invoices.
    await app.pick(join(FIXTURES, "import", "klanten-en-facturen.xlsx"));
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 2140);
    await app.openImportPanel();
    const sheet = app.page.getByTestId("sheet");
    assert.equal(await sheet.inputValue(), "2");
    assert.equal(
      await app.page.getByTestId("sheets-passed").innerText(),
      "Gelezen: blad ‘Facturen’, het eerste met bruikbare klanten en bedragen (‘Toelichting’ en ‘Klanten’ hebben die niet)",
    );
    // A role changed here re-reads this sheet, not the first sheet those
    // roles fit (the customer list's credit limits would pass for revenue).
    await app.page.getByTestId("role-1").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 2140);
    assert.equal(await sheet.inputValue(), "2");
    // The customer list, chosen: no amount, and its columns and the sheets to choose from.
    await sheet.selectOption("1");
    assert.equal(await app.settled(), "error");
    assert.match(await app.status().innerText(), /^Geen kolom lijkt op een bedrag; de kolommen zijn: Klantnummer, Naam, Klant sinds, Kredietlimiet\./);
    assert.equal(await app.page.getByTestId("sheet").inputValue(), "1");
    assert.equal(await app.page.getByTestId("sheets-passed").count(), 0);
    await app.page.getByTestId("sheet").selectOption("2");
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 2140);
    // "Back to automatic detection" from a chosen sheet looks for the sheet again.
    await app.openImportPanel();
    await app.page.getByTestId("sheet").selectOption("1");
    assert.equal(await app.settled(), "error");
    await app.page.getByTestId("reset-import").click();
    assert.equal(await app.settled(), "ready");
    assert.equal(await app.activeValue(), 2140);
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("sheet").inputValue(), "2");
  });
});

test("the sample data: realistic, consistent figures, in English too, at 1024×768, 1280×720 and 1920×1080", async () => {
  await withApp({ width: 1280, height: 720, locale: "nl-NL" }, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    const summary = await app.importSummary();
    assert.ok(summary.customers > 2000, `customers ${summary.customers}`);
    assert.equal(summary.rowsSkipped, 0);
    const layers = await app.layers();
    const active = ["top", "large", "medium", "small"].reduce((s, k) => s + layers[k].customers, 0);
    assert.equal(summary.customers, active + layers.inactive.customers + layers.prospect.customers + layers.suspect.customers);
    assert.equal(layers.top.customers, Math.ceil(active / 100));
    assert.equal(layers.top.customers + layers.large.customers, Math.ceil((active * 5) / 100));
    assert.equal(layers.prospect.customers, 60);
    assert.equal(layers.suspect.customers, 25);
    // Only active customers with a positive value get a class.
    const abc = await app.abc();
    const classed = abc.A + abc.B + abc.C;
    assert.ok(classed <= active && classed > active - 10, `classed ${classed} of ${active}`);
    // The last A customer is the one that takes the cumulative share to 80%.
    assert.equal(abc.A, (await app.pareto()).customersFor80);
    // Virtualised: a few dozen rows in the DOM, not two thousand.
    const rendered = (await app.customerKeys()).length;
    assert.ok(rendered > 10 && rendered < 60, `rendered rows ${rendered}`);
    await app.page.getByTestId("customer-viewport").evaluate((el) => (el.scrollTop = 36 * 1000));
    await app.page.waitForFunction(() => document.querySelector("[data-testid=customer-row]")?.dataset.key !== undefined);
    const after = await app.page.locator("[data-testid=customer-row]").count();
    assert.ok(after < 60);
    await app.page.getByTestId("customer-viewport").evaluate((el) => (el.scrollTop = 0));
    await app.screenshot("sample-1280x720.png");
    // On a 1280-pixel projector every column of the customer table is in view: nothing
    // scrolls sideways (long names are cut, with the whole name in their title).
    const overflow = () =>
      app.page.getByTestId("customer-viewport").evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.equal(await app.page.locator("[data-testid=customer-table] thead th").count(), 13);
    assert.equal(await overflow(), 0);
    // The two half-width chart cards: their tables fit, every column in view.
    assert.deepEqual(await chartCardsOverflow(app), [0, 0]);
    // Also for the widest lists of the sample: the medium layer (long layer names, with
    // the move in the swatch), the call lists by trend, and the movement's former customers.
    for (const list of ["medium", "silent", "buying-less"]) {
      await app.page.getByTestId("layer-filter").selectOption(list);
      await app.idle();
      assert.equal(await overflow(), 0, list);
    }
    await app.page.getByTestId("layer-filter").selectOption("");
    for (const cell of ["move-inactive-all", "move-top-all", "move-small-all"]) {
      await app.page.getByTestId(cell).click();
      await app.idle();
      assert.equal(await overflow(), 0, cell);
    }
    await app.page.getByTestId("previous-filter").click();

    await app.page.getByTestId("lang-en").click();
    await app.page.getByText("Your file never leaves this computer").waitFor();
    await app.page.getByText("of your revenue").first().waitFor();
    assert.equal(await overflow(), 0);
  });
  await withApp({ width: 1920, height: 1080, locale: "nl-NL" }, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    await app.screenshot("sample-1920x1080.png");
    assert.equal(await app.page.getByTestId("customer-viewport").evaluate((el) => el.scrollWidth - el.clientWidth), 0);
    // Here the names have room: the first rows' names (the sample's top customers, up to
    // 27 letters) read in full, not cut to an ellipsis, and the name column keeps its
    // width when the list scrolls to other names.
    const names = () =>
      app.page.locator("[data-testid=customer-table] tbody td.name").evaluateAll((cells) =>
        cells.map((c) => ({ name: c.textContent, cut: c.scrollWidth > c.clientWidth, width: Math.round(c.getBoundingClientRect().width) })),
      );
    const top = (await names()).slice(0, 8);
    assert.deepEqual(top.filter((n) => n.cut).map((n) => n.name), [], "names cut on a 1920-pixel screen");
    await app.page.getByTestId("customer-viewport").evaluate((el) => (el.scrollTop = 36 * 1500));
    await app.page.waitForFunction((first) => document.querySelector("[data-testid=customer-table] tbody td.name")?.textContent !== first, top[0].name);
    const later = await names();
    assert.deepEqual([...new Set(later.map((n) => n.width))], [top[0].width], "the name column's width while scrolling");
    await app.page.getByTestId("customer-viewport").evaluate((el) => (el.scrollTop = 0));
    // On a full-screen projector the figures, the call plan and the whole pyramid, down to
    // its suspects, are on the first screen: the client sees them without scrolling.
    const bottom = (testid) =>
      app.page.getByTestId(testid).evaluate((el) => Math.round(el.getBoundingClientRect().bottom));
    for (const testid of ["figure-total", "call-due", "pyramid-chart"]) {
      const b = await bottom(testid);
      assert.ok(b <= 1080, `${testid} ends at ${b} px, below the 1080-pixel screen`);
    }
  });
  // The narrowest window with the charts side by side: their tables still fit.
  await withApp({ width: 1100, height: 900, locale: "nl-NL" }, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.deepEqual(await chartCardsOverflow(app), [0, 0]);
  });
  // A 1024×768 projector (a meeting room's, often) and the narrowest window with the
  // charts side by side: the customer table in smaller type, every column in view, also
  // for the widest lists.
  for (const [width, height] of [[1024, 768], [1100, 900]]) {
    await withApp({ width, height, locale: "nl-NL" }, async (app) => {
      await app.loadSample();
      assert.equal(await app.settled(), "ready");
      await app.idle();
      // Name, promise and language on one line (two lines took 118 px at 1024).
      const mast = await app.page.locator(".masthead").boundingBox();
      assert.ok(mast.height < 80, `${width}: masthead ${mast.height} px`);
      const overflow = () =>
        app.page.getByTestId("customer-viewport").evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.equal(await app.page.locator("[data-testid=customer-table] thead th").count(), 13);
      assert.equal(await overflow(), 0, `${width}: all customers`);
      for (const list of ["medium", "silent", "buying-less"]) {
        await app.page.getByTestId("layer-filter").selectOption(list);
        await app.idle();
        assert.equal(await overflow(), 0, `${width}: ${list}`);
      }
      if (width === 1024) await app.screenshot("sample-1024x768-customers.png");
    });
  }
  // A small laptop window: the page itself never scrolls sideways (the customer table
  // scrolls inside its own frame), and what was read sits under the drop zone, not squeezed.
  await withApp({ width: 800, height: 900, locale: "nl-NL" }, async (app) => {
    assert.equal(await app.page.locator(".drop-zone__title").innerText(), "Sleep je klantenexport hierheen");
    assert.equal(
      await app.page.locator(".drop-zone__hint").innerText(),
      "of klik om een bestand te kiezen · CSV, TXT, Excel of ODS · plakken uit Excel kan ook",
    );
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth), 800);
    const box = (testid) => app.page.getByTestId(testid).boundingBox();
    const [zone, status] = [await box("drop-zone"), await box("status")];
    assert.ok(status.y >= zone.y + zone.height, "the status line is under the drop zone");
  });
  // A phone: still no sideways scrolling of the page.
  await withApp({ width: 390, height: 844, locale: "nl-NL", touch: true }, async (app) => {
    // Nothing to drag from and no Excel to paste from: the drop zone says "choose".
    assert.equal(await app.page.locator(".drop-zone__title").innerText(), "Kies je klantenexport");
    assert.equal(await app.page.locator(".drop-zone__hint").innerText(), "CSV, TXT, Excel of ODS");
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(await app.page.evaluate(() => document.documentElement.scrollWidth), 390);
    // The charts' tables fit too. The layer table keeps four columns: each layer's % of the
    // value is on the pyramid's label and its average in the line a tap shows.
    assert.deepEqual(await chartCardsOverflow(app), [0, 0]);
    // The ABC table's five headers keep clear of each other (in capitals, "KLASSE" ran
    // into "KLANTEN"): the gaps between their texts.
    const abcGaps = await app.page.locator("[data-testid=abc-table] thead th").evaluateAll((ths) => {
      const text = ths.map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        return range.getBoundingClientRect();
      });
      return text.slice(1).map((b, i) => Math.round(b.left - text[i].right));
    });
    assert.ok(abcGaps.length === 4 && abcGaps.every((g) => g >= 6), JSON.stringify(abcGaps));
    assert.deepEqual(await app.page.locator("[data-testid=pyramid-table] thead th:visible").allTextContents(), [
      "Laag",
      "Klanten",
      "Aandeel",
      "Waarde",
    ]);
    // Those labels are drawn at half size on a phone: their line boxes still 12 px high
    // or more (type of about 10 px), and each layer's name clear of its figures.
    const labels = await app.page.locator(".pyramid .band").evaluateAll((bands) =>
      bands.map((b) => {
        const [name, figures] = [b.querySelector(".band__name"), b.querySelector(".band__figures")].map((t) =>
          t?.getBoundingClientRect(),
        );
        return { name: name?.height, figures: figures?.height, gap: name && figures ? figures.top - name.bottom : null };
      }),
    );
    for (const l of labels.filter((l) => l.figures)) {
      assert.ok(l.figures >= 12 && l.name >= 13 && l.gap >= 0, JSON.stringify(labels));
    }
    // So are the Pareto chart's ticks (boxes 9.5 px or more) and axis titles (8.5), and
    // the upright title touches no tick.
    const pareto = await app.page.locator(".pareto svg").evaluate((svg) => {
      const box = (t) => t.getBoundingClientRect();
      const size = (t) => Math.min(box(t).height, box(t).width);
      const ticks = [...svg.querySelectorAll(".tick")];
      const titles = [...svg.querySelectorAll(".axis-title")];
      const upright = box(titles[1]);
      const touching = ticks
        .map(box)
        .filter((b) => b.left < upright.right && b.right > upright.left && b.top < upright.bottom && b.bottom > upright.top);
      return { ticks: ticks.map(size), titles: titles.map(size), touching: touching.length };
    });
    assert.ok(pareto.ticks.length >= 10 && pareto.ticks.every((h) => h >= 9.5), JSON.stringify(pareto));
    assert.ok(pareto.titles.every((h) => h >= 8.5) && pareto.touching === 0, JSON.stringify(pareto));
    await app.page.getByTestId("filter-medium").click();
    assert.match(await app.page.getByTestId("pyramid-detail").innerText(), /^middelgroot: .*\(29,2%\), gemiddeld €\s27\.548$/);
    // The movement's matrix is in view whole: its columns headed by initials, the
    // names still there for a screen reader.
    const moves = app.page.getByTestId("moves-table");
    assert.equal(await moves.evaluate((t) => t.parentElement.scrollWidth - t.parentElement.clientWidth), 0);
    assert.deepEqual(await moves.locator("thead th .moves__initial").allTextContents(), ["T", "G", "M", "K", "I", "tot."]);
    assert.deepEqual(
      await moves.locator("thead th").evaluateAll((ths) => ths.slice(1).map((th) => th.textContent.replace(/\s+/g, " ").trim())),
      ["topT", "grootG", "middelgrootM", "kleinK", "inactiefI", "totaaltot."],
    );
  });
});

test("the pyramid per account manager: choosing one analyses only their relations", async () => {
  await withApp({}, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    const everyone = await app.layers();
    const count = (layers) => Object.values(layers).reduce((s, l) => s + l.customers, 0);
    const select = app.page.getByTestId("account-manager");
    const names = (await select.locator("option").allTextContents()).slice(1);
    assert.equal(names.length, 3, `three account managers: ${names}`);
    // The call lists per account manager, under the call plan: one row per manager (by
    // name), and each column adds up to the call plan's own count.
    const split = app.page.getByTestId("manager-calls");
    await split.locator("summary").click();
    const rows = await split.locator("[data-testid=manager-calls-row]").evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/\./g, ""))),
    );
    assert.deepEqual(rows.map((r) => r[0]), [...names].sort());
    const column = (i) => rows.reduce((sum, r) => sum + Number(r[i]), 0);
    const plan = async (id) => Number(await app.page.getByTestId(id).getAttribute("data-count"));
    assert.equal(column(1), Number((await app.page.locator("[data-testid=figure-active] .figure__value").innerText()).replace(/\./g, "")));
    assert.equal(column(2), await plan("call-due"));
    assert.equal(column(3), await plan("call-silent"));
    assert.equal(column(4), await plan("call-buying-less"));
    assert.equal(column(5), await plan("call-pearl"));
    assert.equal(column(6), await plan("call-inactive-recent"));
    let sum = 0;
    for (const name of names) {
      await select.selectOption({ label: name });
      const theirs = await app.layers();
      sum += count(theirs);
      const managers = await app.page
        .locator("[data-testid=customer-row] td:last-child")
        .evaluateAll((cells) => [...new Set(cells.map((c) => c.textContent))]);
      assert.deepEqual(managers, [name]);
      // One manager's own pyramid: the split would be one row, so it is not shown.
      assert.equal(await split.count(), 0);
    }
    // Every relation has exactly one manager in the sample: the parts add up.
    assert.equal(sum, count(everyone));
    await select.selectOption({ label: "iedereen" });
    assert.deepEqual(await app.layers(), everyone);
    // Everyone again: the split per manager is back, with the same rows.
    await split.locator("summary").click();
    assert.equal(await split.locator("[data-testid=manager-calls-row]").count(), names.length);
  });
});

test("a count in the split per account manager opens that list for that manager only", async () => {
  await withApp({}, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    const split = app.page.getByTestId("manager-calls");
    await split.locator("summary").click();
    const row = split.locator("[data-testid=manager-calls-row]").nth(1);
    const name = await row.locator("th").innerText();
    const number = async (locator) => Number((await locator.innerText()).replace(/\./g, ""));
    const due = await number(row.getByTestId("manager-due"));
    const silent = await number(row.getByTestId("manager-silent"));
    assert.ok(due > 0 && silent > 0, `${name}: ${due} due, ${silent} quieter`);
    const shown = async () => {
      await app.idle();
      return Number(await app.page.getByTestId("customer-count").getAttribute("data-count"));
    };
    const managers = () =>
      app.page
        .locator("[data-testid=customer-row] td:last-child")
        .evaluateAll((cells) => [...new Set(cells.map((c) => c.textContent))]);

    await row.getByTestId("manager-due").click();
    assert.equal(await shown(), due);
    assert.equal(await app.page.getByTestId("layer-filter").inputValue(), "due");
    assert.deepEqual(await managers(), [name]);
    const chip = app.page.getByTestId("manager-filter");
    assert.equal(await chip.innerText(), `Accountmanager: ${name} ✕`);
    // Another list keeps the manager.
    await app.page.getByTestId("layer-filter").selectOption("silent");
    assert.equal(await shown(), silent);
    assert.deepEqual(await managers(), [name]);
    // The chip lifts it: the whole list again, as the call plan counts it.
    await chip.click();
    assert.equal(await shown(), Number(await app.page.getByTestId("call-silent").getAttribute("data-count")));
    assert.equal(await chip.count(), 0);
    // All active customers, from the layer select: as many as the key figure says, and the
    // pyramid dims the layers outside them.
    const filter = app.page.getByTestId("layer-filter");
    await filter.selectOption("active");
    const activeFigure = await number(app.page.locator("[data-testid=figure-active] .figure__value"));
    assert.equal(await shown(), activeFigure);
    const dimmed = await app.page.locator("[data-testid=pyramid-chart] .band--dim").evaluateAll((gs) => gs.map((g) => g.dataset.layer));
    assert.deepEqual(dimmed, ["inactive", "prospect", "suspect"]);
    // A manager's active count: their active customers.
    await split.evaluate((details) => (details.open = true));
    const active = await number(row.getByTestId("manager-active"));
    await row.getByTestId("manager-active").click();
    assert.equal(await shown(), active);
    assert.equal(await filter.inputValue(), "active");
    assert.deepEqual(await managers(), [name]);
    await chip.click();
    assert.equal(await shown(), activeFigure);
    // Choosing a manager of one's own in the settings ends a narrowed table.
    await split.evaluate((details) => (details.open = true));
    await row.getByTestId("manager-due").click();
    assert.equal(await chip.count(), 1);
    await app.page.getByTestId("account-manager").selectOption({ label: name });
    await app.idle();
    assert.equal(await chip.count(), 0);
  });
});

test("printing gives the client the figures on a few A4 pages, without the controls", async () => {
  await withApp({}, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    await app.idle();
    // Chromium's own PDF: A4 landscape (the page's @page), the dashboard on five pages
    // (four before the contact plan; without its print rules, six).
    // Without the print rules the two charts stood under each other (eight pages), and
    // the table's stand-in space for 2,085 rows would run to dozens.
    const pdf = (await app.page.pdf({ preferCSSPageSize: true })).toString("latin1");
    const pages = Number(/\/Count (\d+)/.exec(pdf)?.[1]);
    assert.ok(pages >= 2 && pages <= 5, `${pages} pages`);
    assert.match(pdf, /\/MediaBox \[0 0 841\.9\d* 594\.9\d*\]/, "A4 landscape");
    // The same layout on screen, as a check of what is on paper.
    await app.page.emulateMedia({ media: "print" });
    await app.page.setViewportSize({ width: 1047, height: 718 });
    for (const testid of ["drop-zone", "sample-button", "layer-filter", "export-customers", "lang-en"]) {
      assert.equal(await app.page.getByTestId(testid).count(), 1, testid);
      assert.equal(await app.page.getByTestId(testid).isVisible(), false, `${testid} is not printed`);
    }
    for (const testid of ["pyramid-chart", "pareto-chart", "figure-total", "call-due", "approach-sales"]) {
      assert.equal(await app.page.getByTestId(testid).isVisible(), true, `${testid} is printed`);
    }
    const box = (testid) => app.page.getByTestId(testid).boundingBox();
    const [pyramid, pareto] = [await box("pyramid-chart"), await box("pareto-chart")];
    assert.ok(pareto.x > pyramid.x + pyramid.width, "the charts side by side");
    // Every table within its card; the customer table says which rows are on paper.
    const overflowing = await app.page.evaluate(() =>
      [...document.querySelectorAll(".table")]
        .filter((t) => t.offsetParent && t.scrollWidth > t.parentElement.clientWidth + 1)
        .map((t) => t.dataset.testid),
    );
    assert.deepEqual(overflowing, []);
    const rows = await app.page.getByTestId("customer-row").count();
    assert.ok(rows > 10, `${rows} rows`);
    assert.equal(
      await app.page.getByTestId("print-rows").innerText(),
      `Afgedrukt: rij 1–${rows} van 2.085; de hele lijst staat in de CSV-download.`,
    );
    // On screen the caption is not there.
    await app.page.emulateMedia({ media: "screen" });
    assert.equal(await app.page.getByTestId("print-rows").isVisible(), false);
  });
});

test("a webshop's consumers without a company name are customers by their own name", async () => {
  await withApp({}, async (app) => {
    await app.pick(join(FIXTURES, "import", "webshop_bestellingen.csv"));
    assert.equal(await app.settled(), "ready");
    // Keyed by e-mail address (in any case); a consumer named by first and
    // last name, a business by its company (also after ordering as a person).
    assert.deepEqual(await app.importSummary(), { rowsRead: 8, rowsUsed: 7, rowsSkipped: 1, customers: 4 });
    const table = () => app.page.locator("[data-testid=customer-table]").innerText();
    for (const name of ["Bakkerij Jansen", "Anna de Vries", "Kees Bakker", "Installatiebedrijf Smit"]) {
      assert.match(await table(), new RegExp(name));
    }
    assert.doesNotMatch(await table(), /Sanne de Wit/);
    await app.openImportPanel();
    const panel = app.page.getByTestId("import-panel");
    assert.match(await panel.innerText(), /Voornaam[\s\S]*de klantnaam op een rij zonder "Bedrijfsnaam" \(een particulier\)/);
    // Without the e-mail address the name is the key: Sanne as a consumer
    // and her company are two customers.
    const mail = panel.locator("table.columns tbody tr").filter({ hasText: "E-mailadres" }).locator("select");
    await mail.selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(
      (await app.customerKeys()).sort(),
      ["Anna de Vries", "Bakkerij Jansen", "Installatiebedrijf Smit", "Kees Bakker", "Sanne de Wit"],
    );
  });
});
