// The contact plan (domain.md §3) as a user meets it: an invoice export with
// a due date and a paid date per invoice gives blooming, engaging and
// tiresome customers, each a click away in the table and in the download.
//
// tests/fixtures/app/payments.csv, R = 30-06-2026 (the latest invoice), every
// invoice due 30 days after it (worked out in tests/contact_plan.rs too):
//   A  monthly, every invoice paid on its due date          → on time, blooming
//   B  monthly, 2 of 5 paid 20 days late                     → chasing, tiresome
//   C  one invoice open 60 days past due                     → chasing, tiresome
//   D  monthly, 1 of 5 paid 10 days late                     → sometimes late, no plan
//   E  quarterly, on time                                    → on time, not monthly: no plan
//   F  one invoice of 20.000 at a 10% margin (others 30%)    → top, below the median: engaging
//   G  its paid date reads "gisteren" (row 24)               → a warning; payment unknown
//   H  one small invoice on R, not due yet                   → on time, no plan
// Blooming 1 visit a month + engaging ⌈1/2⌉ = 2 visits; calls 1 + ⌈2/5⌉ = 2 a week.
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

const PAYMENTS = join(FIXTURES, "app", "payments.csv");

async function withApp(options, body) {
  const app = await openApp(browser, server.url, options);
  try {
    await body(app);
    assert.deepEqual(app.hygiene(), [], "console errors, failed or late network requests");
  } finally {
    await app.close();
  }
}

async function planCounts(app) {
  await app.page.waitForFunction(() => document.querySelector("[data-testid=contact-blooming]")?.hasAttribute("data-count"));
  const out = {};
  for (const p of ["blooming", "engaging", "tiresome"]) {
    out[p] = Number(await app.page.getByTestId(`contact-${p}`).getAttribute("data-count"));
  }
  return out;
}

test("due and paid dates give the contact plan; each count opens its customers and the download", async () => {
  await withApp({}, async (app) => {
    await app.pick(PAYMENTS);
    assert.equal(await app.settled(), "ready");
    // What was read: both payment columns, G's paid date a warning that keeps the row.
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-4").inputValue(), "due-date");
    assert.equal(await app.page.getByTestId("role-5").inputValue(), "paid-date");
    // Each date column with the order it was read in and why, under the one select.
    assert.equal(
      await app.page.getByTestId("date-order-note").innerText(),
      "Factuurdatum: de waarde '15-06-2026' laat maar één lezing toe",
    );
    assert.deepEqual(await app.page.locator("[data-testid=date-order-others] li").allInnerTexts(), [
      "Vervaldatum: dag-maand-jaar; de waarde '14-08-2025' laat maar één lezing toe",
      "Betaald op: dag-maand-jaar; de waarde '23-03-2026' laat maar één lezing toe",
    ]);
    const warnings = await app.page.getByTestId("warnings").innerText();
    assert.match(warnings, /^1 melding\n/);
    assert.match(
      warnings,
      /rij 24, kolom Betaald op: 'gisteren' is geen datum; de betaling van deze factuur telt niet mee/,
    );
    assert.deepEqual(await app.importSummary(), { rowsRead: 24, rowsUsed: 24, rowsSkipped: 0, customers: 8 });

    assert.deepEqual(await planCounts(app), { blooming: 1, engaging: 1, tiresome: 2 });
    assert.match(await app.page.getByTestId("contact-intro").innerText(), /\(de kolommen ‘Vervaldatum’ en ‘Betaald op’\)\./);
    assert.equal(
      await app.page.getByTestId("contact-workload").innerText(),
      "Samen ongeveer 2 bezoeken per maand en 2 telefoontjes per week; de andere actieve klanten bel je als het belplan het zegt.",
    );
    assert.equal(
      await app.page.getByTestId("contact-payers").innerText(),
      "Betaalgedrag van de actieve klanten: 4 op tijd · 1 soms te laat · 2 vaak te laat of lang open · 1 zonder factuur met vervaldatum in het venster.",
    );

    // A count opens its customers, by rank (B 7.500 before C 800); the select says which plan.
    await app.page.getByTestId("contact-tiresome").click();
    assert.deepEqual(await app.customerKeys(), ["B", "C"]);
    assert.equal(await app.page.getByTestId("contact-filter").inputValue(), "tiresome");
    // Each row carries its plan as a mark, with what it rests on.
    const mark = (key) => app.page.locator(`[data-testid=customer-row][data-key=${key}] [data-testid=contact-mark]`);
    assert.equal(
      await mark("C").getAttribute("title"),
      "contactplan: vermoeiend; 1 van 1 facturen te laat; een factuur 60 dagen na de vervaldatum open",
    );
    assert.equal(await mark("B").getAttribute("title"), "contactplan: vermoeiend; 2 van 5 facturen te laat");
    await app.page.getByTestId("contact-filter").selectOption("engaging");
    assert.deepEqual(await app.customerKeys(), ["F"]);
    await app.page.getByTestId("contact-filter").selectOption("blooming");
    assert.deepEqual(await app.customerKeys(), ["A"]);
    assert.equal(await mark("A").getAttribute("data-plan"), "blooming");
    // Without a plan, no mark.
    await app.page.getByTestId("contact-filter").selectOption("");
    assert.equal(await mark("D").count(), 0);

    // The whole list as CSV: the payment figures and the plan per customer.
    await app.page.getByTestId("contact-filter").selectOption("");
    const download = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    const file = await download;
    assert.equal(file.suggestedFilename(), "klanten.csv");
    const lines = (await readFile(await file.path(), "utf8")).split("\r\n");
    const head = lines[0].split(";");
    const col = (name) => {
      const i = head.indexOf(name);
      assert.ok(i >= 0, `${name} in ${lines[0]}`);
      return i;
    };
    const [inv, late, open, plan] = ["facturen met vervaldatum", "te laat betaald", "dagen open na vervaldatum", "contactplan"].map(col);
    const byKey = Object.fromEntries(lines.slice(1, -1).map((l) => {
      const f = l.split(";");
      return [f[1], [f[inv], f[late], f[open], f[plan]]];
    }));
    assert.deepEqual(byKey, {
      A: ["5", "0", "", "bloeiend"],
      B: ["5", "2", "", "vermoeiend"],
      C: ["1", "1", "60", "vermoeiend"],
      D: ["5", "1", "", ""],
      E: ["4", "0", "", ""],
      F: ["1", "0", "", "boeiend"],
      G: ["", "", "", ""],
      H: ["1", "0", "", ""],
    });

    // A filtered download is named after the plan.
    await app.page.getByTestId("contact-filter").selectOption("tiresome");
    const named = app.page.waitForEvent("download");
    await app.page.getByTestId("export-customers").click();
    assert.equal((await named).suggestedFilename(), "klanten-contactplan-vermoeiend.csv");

    // In English.
    await app.page.getByTestId("lang-en").click();
    await app.idle();
    assert.match(await app.page.getByTestId("contact-plan").innerText(), /Contact plan: blooming, engaging, tiresome/);
    assert.equal(
      await app.page.getByTestId("contact-workload").innerText(),
      "Together about 2 visits a month and 2 calls a week; the other active customers you call when the call plan says so.",
    );
    assert.equal(await app.page.locator("[data-testid=contact-filter] option:checked").innerText(), "tiresome");
  });
});

test("without a paid date there is no plan, and the card says what it needs", async () => {
  await withApp({}, async (app) => {
    await app.pick(PAYMENTS);
    assert.equal(await app.settled(), "ready");
    await app.page.getByTestId("contact-tiresome").click();
    assert.deepEqual(await app.customerKeys(), ["B", "C"]);
    // The user says the paid-date column is not used: the plan goes, and so does its filter.
    await app.openImportPanel();
    await app.page.getByTestId("role-5").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(await app.page.getByTestId("contact-blooming").count(), 0);
    assert.match(
      await app.page.getByTestId("contact-needs").innerText(),
      /^Heeft je export per factuur een vervaldatum en een betaaldatum \(leeg: nog open\) of een openstaand bedrag, dan deelt de app/,
    );
    assert.equal(
      await app.page.getByTestId("contact-half").innerText(),
      "Dit bestand heeft een vervaldatum (‘Vervaldatum’), maar geen betaaldatum of openstaand bedrag.",
    );
    assert.equal(await app.page.getByTestId("contact-filter").count(), 0);
    assert.equal((await app.customerKeys()).length, 8);
    // On paper for the client, a sentence about what the file lacks has no place.
    await app.page.emulateMedia({ media: "print" });
    assert.equal(await app.page.getByTestId("contact-plan").isVisible(), false);
    await app.page.emulateMedia({ media: "screen" });
    assert.equal(await app.page.getByTestId("contact-plan").isVisible(), true);
    // Giving the role back brings the plan back.
    await app.page.getByTestId("role-5").selectOption("paid-date");
    assert.equal(await app.settled(), "ready");
    assert.deepEqual(await planCounts(app), { blooming: 1, engaging: 1, tiresome: 2 });
  });
});

test("an open amount per invoice stands in for the paid date", async () => {
  // payments.csv as e-Boekhouden and SnelStart export it: "Openstaand" (the
  // amount when unpaid, else 0) instead of "Betaald op". The late payments of
  // B and D are paid now, on a day the file does not say: on time, so A, B and
  // D bloom; C's invoice is still open 60 days past due.
  const open = (await readFile(PAYMENTS, "utf8"))
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const f = l.split(";");
      const paid = f.pop();
      const value = { "Betaald op": "Openstaand", gisteren: "weet ik niet", "": f[2] }[paid] ?? "0,00";
      return [...f, value].join(";");
    })
    .join("\n");
  await withApp({ locale: "en-US" }, async (app) => {
    await app.drop("openstaande-posten.csv", Buffer.from(open));
    assert.equal(await app.settled(), "ready");
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("role-5").inputValue(), "open-amount");
    assert.match(
      await app.page.getByTestId("warnings").innerText(),
      /row 24, column Openstaand: 'weet ik niet' is not an amount; this invoice's payment is not counted/,
    );
    assert.deepEqual(await planCounts(app), { blooming: 3, engaging: 1, tiresome: 1 });
    assert.match(
      await app.page.getByTestId("contact-intro").innerText(),
      /\(the columns ‘Vervaldatum’ and ‘Openstaand’\)\. Without a paid date, an invoice with nothing open counts as paid on time: only an invoice open past its due date now is late\./,
    );
    await app.page.getByTestId("contact-tiresome").click();
    assert.deepEqual(await app.customerKeys(), ["C"]);
    // Without the open amount, the card says what the file lacks.
    await app.page.getByTestId("role-5").selectOption("ignore");
    assert.equal(await app.settled(), "ready");
    await app.idle();
    assert.equal(await app.page.getByTestId("contact-blooming").count(), 0);
    assert.equal(
      await app.page.getByTestId("contact-half").innerText(),
      "This file has a due date (‘Vervaldatum’), but no paid date or open amount.",
    );
  });
});

test("the sample has payment dates: its contact plan adds up", async () => {
  await withApp({ width: 1920, height: 1080 }, async (app) => {
    await app.loadSample();
    assert.equal(await app.settled(), "ready");
    const counts = await planCounts(app);
    const active = Number((await app.page.getByTestId("figure-active").innerText()).split("\n")[0].replace(/\./g, ""));
    const plans = counts.blooming + counts.engaging + counts.tiresome;
    // Every plan has customers, and fewer than the active customers have a plan.
    assert.ok(counts.blooming > 0 && counts.engaging > 0 && counts.tiresome > 0, JSON.stringify(counts));
    assert.ok(plans < active, `${plans} of ${active}`);
    // The payment behaviour covers every active customer exactly once.
    const payers = (await app.page.getByTestId("contact-payers").innerText()).match(/[\d.]+(?= )/g).map((n) => Number(n.replace(/\./g, "")));
    assert.equal(payers.reduce((a, b) => a + b, 0), active, payers.join(" + "));
    // Tiresome is exactly "often late or long open"; workload: one visit per blooming, one per two engaging.
    assert.equal(payers[2], counts.tiresome);
    const workload = await app.page.getByTestId("contact-workload").innerText();
    const [visits, calls] = workload.match(/[\d.]+/g).map((n) => Number(n.replace(/\./g, "")));
    assert.equal(visits, counts.blooming + Math.ceil(counts.engaging / 2));
    assert.equal(calls, counts.blooming + Math.ceil((counts.engaging * 2) / 5));
    // Each count opens exactly that many customers.
    await app.page.getByTestId("contact-engaging").click();
    await app.idle();
    assert.equal(await app.page.getByTestId("contact-filter").inputValue(), "engaging");
    assert.equal(await app.page.getByTestId("customer-count").getAttribute("data-count"), String(counts.engaging));

    // Per account manager: the plan split over the three managers, adding up to the whole.
    await app.page.locator("[data-testid=manager-contact] summary").click();
    const rows = app.page.getByTestId("manager-contact-row");
    assert.equal(await rows.count(), 3);
    const sums = { blooming: 0, engaging: 0, tiresome: 0 };
    let managerVisits = 0;
    for (const row of await rows.all()) {
      const of = {};
      for (const p of Object.keys(sums)) {
        of[p] = Number((await row.getByTestId(`manager-contact-${p}`).innerText()).replace(/\./g, ""));
        sums[p] += of[p];
      }
      const v = Number((await row.getByTestId("manager-visits").innerText()).replace(/\./g, ""));
      assert.equal(v, of.blooming + Math.ceil(of.engaging / 2));
      managerVisits += v;
    }
    assert.deepEqual(sums, counts);
    // Rounding up per manager adds at most one visit per manager.
    const whole = counts.blooming + Math.ceil(counts.engaging / 2);
    assert.ok(managerVisits >= whole && managerVisits <= whole + 3, `${managerVisits} against ${whole}`);
    // A count opens that manager's customers of that plan: the chip says whose.
    const first = rows.first();
    const name = await first.locator("th").innerText();
    const tiresome = Number(await first.getByTestId("manager-contact-tiresome").innerText());
    await first.getByTestId("manager-contact-tiresome").click();
    await app.idle();
    assert.equal(await app.page.getByTestId("customer-count").getAttribute("data-count"), String(tiresome));
    assert.equal(await app.page.getByTestId("contact-filter").inputValue(), "tiresome");
    assert.equal(await app.page.getByTestId("manager-filter").innerText(), `Accountmanager: ${name} ✕`);
    const managers = await app.page.locator("[data-testid=customer-row] td.manager").allInnerTexts();
    assert.ok(managers.length > 0 && managers.every((m) => name.startsWith(m.replace(/…$/, ""))), managers.join(", "));
  });
});

test("a paid-date column of ISO timestamps is listed as read one way only, without an order", async () => {
  await withApp({ locale: "en-US" }, async (app) => {
    // Shopify's order export: "Created at" is the date, "Paid at" the paid date (no due date).
    await app.pick(join(FIXTURES, "import", "shopify_orders.csv"));
    assert.equal(await app.settled(), "ready");
    await app.openImportPanel();
    assert.equal(await app.page.getByTestId("date-order-note").innerText(), "Created at: dates are unambiguous");
    // Dates that read one way only have no order to choose: no select offering "31-12-2024".
    assert.equal(await app.page.getByTestId("date-order").count(), 0);
    assert.deepEqual(await app.page.locator("[data-testid=date-order-others] li").allInnerTexts(), [
      "Paid at: dates are unambiguous",
    ]);
    // Without a due date there is no contact plan, and the card says what it needs.
    assert.equal(await app.page.getByTestId("contact-blooming").count(), 0);
    assert.equal(
      await app.page.getByTestId("contact-half").innerText(),
      "This file has a paid date (‘Paid at’), but no due date.",
    );
  });
});
