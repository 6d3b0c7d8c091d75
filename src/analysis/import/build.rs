//! From rows to the dataset: sampling, the per-column decisions (roles,
//! decimal separator, date order, shape) and the single main pass.
//!
//! The first rows are buffered (header scan + a sample of data rows) and
//! decisions are made on them. When a decimal separator or date order is
//! still ambiguous after the sample and the file is longer, one extra pass
//! looks at just those columns over the rest of the file (stopping as soon
//! as a value settles it). Then the main pass reads every row once: no
//! String per field, customer keys interned through a byte-keyed hash map.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use csv::ByteRecord;
use serde::{Deserialize, Serialize};

use super::columns::{
    ColumnStats, OrderState, Side, belgian_short_chart, currency_code, detect, holds_emails,
    holds_years, is_converted_amount, is_revenue_account, is_revenue_account_in, is_year_header,
    may_name_ledger, named_chart, names_order_total, names_revenue, normalise_header, order_state,
    side_of, us_looking_headers,
};
use super::date::{DateEvidence, DayCache, date_evidence, is_month, parse_date, year_day};
use super::hash::{FxBuild, KeyInterner, Located};
use super::number::{
    DecimalEvidence, Number, amount_currency, clean_cell, decimal_evidence, div_round,
    parse_number, plain_cents, trim,
};
use super::report::{
    Cells, ColumnReport, DOWNLOAD_CAP, DataShape, DateOrderReason, DateReport, DecimalReport,
    FileKind, ImportError, ImportReport, Reason, WARNING_CAP, Warning, WarningCount, WarningKind,
};
use super::table::{Row, Source, find_header, is_blank};
use super::{DateOrder, DecimalSeparator, ImportOptions, Imported, Role};
use crate::analysis::calendar::Day;
use crate::analysis::dataset::{
    Cents, Customer, CustomerId, CustomerTotals, Dataset, DeclaredStatus, Facts, Payments,
    ProfitSource, Transactions, order_starts,
};

/// Rows scanned for the header.
const HEADER_SCAN: usize = 50;
/// Data rows sampled for role and format decisions.
const SAMPLE: usize = 1000;

/// What the reader already knows about the input.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meta {
    pub file_kind: FileKind,
    pub encoding: String,
    pub delimiter: Option<char>,
    pub sep_line: bool,
    pub sheets: Vec<String>,
    pub sheet: Option<usize>,
}

/// Which column has which role (first column wins when the user gives a role twice).
#[derive(Default, Clone, Copy, Debug, Serialize, Deserialize)]
struct Cols {
    id: Option<usize>,
    name: Option<usize>,
    /// A second name column ("Last Name" after "First Name"), joined with a space.
    name2: Option<usize>,
    /// A person's name (one column, or first and last name): the name, and
    /// without a customer number the key, of a row whose name is empty.
    person: [Option<usize>; 2],
    date: Option<usize>,
    revenue: Option<usize>,
    previous: Option<usize>,
    profit: Option<usize>,
    margin: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    status: Option<usize>,
    last: Option<usize>,
    orders: Option<usize>,
    manager: Option<usize>,
    due: Option<usize>,
    paid: Option<usize>,
    order_status: Option<usize>,
    refunded: Option<usize>,
    order_number: Option<usize>,
    currency: Option<usize>,
    open: Option<usize>,
    ledger: Option<usize>,
    debit: Option<usize>,
    /// "D" or "C" per line ([`Role::Side`]).
    side: Option<usize>,
}

impl Cols {
    fn from_roles(roles: &[Role]) -> Self {
        let mut c = Cols::default();
        for (i, r) in roles.iter().enumerate() {
            let slot = match r {
                Role::Ignore => continue,
                Role::CustomerId => &mut c.id,
                Role::CustomerName => &mut c.name,
                Role::PersonName if c.person[0].is_none() => &mut c.person[0],
                Role::PersonName => &mut c.person[1],
                Role::Date => &mut c.date,
                Role::Revenue => &mut c.revenue,
                Role::PreviousRevenue => &mut c.previous,
                Role::Profit => &mut c.profit,
                Role::MarginPercent => &mut c.margin,
                Role::Quantity => &mut c.quantity,
                Role::UnitPrice => &mut c.price,
                Role::Status => &mut c.status,
                Role::LastPurchase => &mut c.last,
                Role::OrderCount => &mut c.orders,
                Role::AccountManager => &mut c.manager,
                Role::DueDate => &mut c.due,
                Role::PaidDate => &mut c.paid,
                Role::OrderStatus => &mut c.order_status,
                Role::Refunded => &mut c.refunded,
                Role::OrderNumber => &mut c.order_number,
                Role::Currency => &mut c.currency,
                Role::OpenAmount => &mut c.open,
                Role::Ledger => &mut c.ledger,
                Role::Debit => &mut c.debit,
                Role::Side => &mut c.side,
            };
            if slot.is_none() {
                *slot = Some(i);
            } else if *r == Role::CustomerName && c.name2.is_none() {
                c.name2 = Some(i);
            }
        }
        // A person's name and no other: that is the name.
        if c.name.is_none() {
            [c.name, c.name2] = std::mem::take(&mut c.person);
        }
        c
    }

    fn key(&self) -> Option<usize> {
        self.id.or(self.name)
    }

    /// A sampled row's key, as [`row_key`] makes it, in its parts: the key
    /// column's cell and (without a customer number) the second name part,
    /// else the person's name. Compared whole, empty when all are.
    fn sample_key<'r>(&self, r: &'r ByteRecord) -> [&'r [u8]; 4] {
        let key = field(r, self.key());
        if self.id.is_some() {
            return [key, b"", b"", b""];
        }
        let name2 = field(r, self.name2);
        if key.is_empty() && name2.is_empty() {
            [
                key,
                name2,
                field(r, self.person[0]),
                field(r, self.person[1]),
            ]
        } else {
            [key, name2, b"", b""]
        }
    }

    /// Whether the rows say when they were due and whether or when they
    /// were paid (a paid date, else an open amount): both are needed for
    /// the payment behaviour.
    fn has_payments(&self) -> bool {
        self.due.is_some() && (self.paid.is_some() || self.open.is_some())
    }

    /// Whether profit comes from a column (an amount or a margin).
    fn has_profit(&self) -> bool {
        self.profit.is_some() || self.margin.is_some()
    }
}

fn field(rec: &ByteRecord, col: Option<usize>) -> &[u8] {
    col.and_then(|c| rec.get(c)).map_or(&b""[..], clean_cell)
}

/// A row's name for [`Interner::describe`].
#[derive(Clone, Copy)]
struct RowName<'a> {
    /// One part, or two joined with a space (first and last name).
    parts: [&'a [u8]; 2],
    /// From the person's name columns: the name columns were empty.
    person: bool,
}

impl RowName<'_> {
    const NONE: RowName<'static> = RowName {
        parts: [b"", b""],
        person: false,
    };
}

/// The row's name: its name columns, else its person's name.
#[inline]
fn row_name<'r>(rec: &'r Row<'_>, cols: &Cols) -> RowName<'r> {
    let parts = [cell(rec, cols.name), cell(rec, cols.name2)];
    if parts[0].is_empty() && parts[1].is_empty() && cols.person[0].is_some() {
        RowName {
            parts: [cell(rec, cols.person[0]), cell(rec, cols.person[1])],
            person: true,
        }
    } else {
        RowName {
            parts,
            person: false,
        }
    }
}

/// The customer's key on a row of the main pass: the customer number, in
/// lower case when it is an e-mail address (`fold_key`, [`fold`]); without a
/// number the name, both parts of it ("Voornaam" + "Achternaam": two Piets
/// are two customers), and on a row without a name the person's name
/// ([`Cols::person`]). Kept in `buf` when it is not one cell.
#[inline(always)]
fn row_key<'r>(rec: &'r Row<'_>, cols: &Cols, fold_key: bool, buf: &'r mut Vec<u8>) -> &'r [u8] {
    let key = cell(rec, cols.key());
    if fold_key {
        return fold(key, buf);
    }
    if cols.id.is_some() {
        return key;
    }
    let name2 = cell(rec, cols.name2);
    if !name2.is_empty() {
        joined([key, name2], buf)
    } else if key.is_empty() && cols.person[0].is_some() {
        joined([cell(rec, cols.person[0]), cell(rec, cols.person[1])], buf)
    } else {
        key
    }
}

/// The day of a cell of the date column: a year alone when the column is a
/// report's "Jaar" (`years`, [`year_day`]), else as `parse` reads it.
#[inline]
fn day_of(v: &[u8], years: bool, parse: impl FnOnce(&[u8]) -> Option<Day>) -> Option<Day> {
    match years.then(|| year_day(v)).flatten() {
        Some(day) => Some(day),
        None => parse(v),
    }
}

/// Whether a [`Cols::sample_key`] is empty.
fn no_key(key: &[&[u8]; 4]) -> bool {
    key.iter().all(|k| k.is_empty())
}

/// A name in two parts as one: the filled part, or both joined with a
/// space in `buf`.
fn joined<'a>(parts: [&'a [u8]; 2], buf: &'a mut Vec<u8>) -> &'a [u8] {
    match parts {
        [a, []] => a,
        [[], b] => b,
        [a, b] => {
            buf.clear();
            buf.extend_from_slice(a);
            buf.push(b' ');
            buf.extend_from_slice(b);
            buf
        }
    }
}

/// [`field`] of a row in the main pass.
#[inline(always)]
fn cell<'r>(row: &'r Row<'_>, col: Option<usize>) -> &'r [u8] {
    // Spelled out: at opt-level "z" the Option combinators stay calls.
    match col {
        Some(c) => match row.get(c) {
            Some(f) => clean_cell(f),
            None => b"",
        },
        None => b"",
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// [`lossy`] as a shared string, made in one allocation (not a `String`
/// first) when the text is UTF-8: a customer's key and name, for each new one.
fn shared(b: &[u8]) -> Arc<str> {
    match std::str::from_utf8(b) {
        Ok(s) => s.into(),
        Err(_) => lossy(b).into(),
    }
}

/// Maps a status cell to what it declares.
pub fn declared_status(v: &[u8]) -> DeclaredStatus {
    let v = trim(v);
    // Short ASCII text (nearly every cell the plan looks at) is lower-cased
    // on the stack: the same text as below, without two allocations per cell.
    let mut buf = [0u8; 64];
    if v.len() <= buf.len() && v.is_ascii() {
        let lower = &mut buf[..v.len()];
        lower.copy_from_slice(v);
        lower.make_ascii_lowercase();
        if let Ok(s) = std::str::from_utf8(lower) {
            return status_of(s.trim());
        }
    }
    status_of(String::from_utf8_lossy(v).to_lowercase().trim())
}

/// What a trimmed, lower-case status text declares.
fn status_of(s: &str) -> DeclaredStatus {
    // A new or just-won customer may not have an invoice yet: without one
    // it is a prospect (with one, the purchase decides anyway), not a
    // customer who "bought before" and so inactive.
    const PROSPECT: &[&str] = &[
        "nieuwe klant",
        "new customer",
        "won",
        "closed won",
        "prospect",
        "lead",
        "interessent",
        "opportunity",
        "mql",
        "sql",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "marketing qualified lead",
        "sales qualified lead",
        "potentiele klant",
        "potentiële klant",
        "offerte",
        "interessé",
        "interessent/prospect",
        "new lead",
        "open lead",
    ];
    const SUSPECT: &[&str] = &["suspect", "subscriber", "abonnee", "koude lead"];
    const CUSTOMER: &[&str] = &[
        "klant",
        "customer",
        "actief",
        "active",
        "debiteur",
        "bestaande klant",
        "kunde",
        "client",
        "evangelist",
        "vaste klant",
        "actieve klant",
    ];
    const INACTIVE: &[&str] = &[
        "inactief",
        "inactive",
        "niet actief",
        "not active",
        "oud-klant",
        "oud klant",
        "oudklant",
        "ex-klant",
        "ex klant",
        "exklant",
        "former customer",
        "ex-customer",
        "inactieve klant",
        "inactive customer",
        "churned",
        "lost",
    ];
    if PROSPECT.contains(&s) || s.starts_with("prospect") || s.starts_with("lead") {
        DeclaredStatus::Prospect
    } else if SUSPECT.contains(&s) || s.starts_with("suspect") {
        DeclaredStatus::Suspect
    } else if INACTIVE.contains(&s) {
        DeclaredStatus::Inactive
    } else if CUSTOMER.contains(&s) || s.starts_with("klant") || s.starts_with("customer") {
        DeclaredStatus::Customer
    } else {
        DeclaredStatus::Unknown
    }
}

/// Totals lines: "Totaal", "Total:", "Grand Totals (312 records)", "Eindtotaal".
#[inline(always)]
fn is_totals_text(v: &[u8]) -> bool {
    // Cheap rejection first, in the caller: this runs on every row, three
    // times; the rest is a call.
    match v.first() {
        Some(c) if matches!(c | 0x20, b't' | b'g' | b'e' | b's') && v.len() < 60 => {
            may_be_totals_text(v)
        }
        _ => false,
    }
}

/// [`is_totals_text`] for a text that starts as a totals word may.
#[inline(never)]
fn may_be_totals_text(v: &[u8]) -> bool {
    // Every totals word starts with one of these: three other ASCII letters rule it out
    // without lower-casing into a String.
    match v.get(..3) {
        None => return false,
        Some(&[a, b, c]) if [a, b, c].is_ascii() => {
            let p = [a, b, c].map(|x| x.to_ascii_lowercase());
            if !matches!(
                &p,
                b"tot" | b"ein" | b"sub" | b"som" | b"sum" | b"gra" | b"ges"
            ) {
                return false;
            }
        }
        Some(_) => {}
    }
    let s = String::from_utf8_lossy(v).to_lowercase();
    let s = s.trim().trim_end_matches(':').trim();
    const EXACT: &[&str] = &[
        "totaal",
        "total",
        "totals",
        "totalen",
        "eindtotaal",
        "subtotaal",
        "subtotal",
        "som",
        "sum",
        "totaal generaal",
        "grand total",
        "grand totals",
        "summe",
        "gesamt",
        "gesamtsumme",
        "total general",
        "total général",
        "totaal:",
    ];
    if EXACT.contains(&s) || s.starts_with("grand total") || s.starts_with("eindtotaal") {
        return true;
    }
    ["totaal", "total", "totals", "subtotaal", "subtotal"]
        .iter()
        .any(|w| {
            s.strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(" (") || rest.starts_with(':'))
        })
}

/// A group's subtotal line in a report ("Totaal Bakkerij Jansen",
/// "Subtotal 1001"): a totals word, then more. Only on a row without a date:
/// a customer may be called "Totaal Techniek BV".
fn is_subtotal_text(v: &[u8]) -> bool {
    let head = v.get(..v.len().min(10)).unwrap_or(v).to_ascii_lowercase();
    [
        "totaal ",
        "total ",
        "totalen ",
        "subtotaal ",
        "subtotal ",
        "summe ",
        "gesamt ",
    ]
    .iter()
    .any(|w| head.starts_with(w.as_bytes()))
}

/// Lines like "© 2024 Exact", "Gegenereerd op ...", "Pagina 1 van 3".
fn is_note_text(v: &[u8]) -> bool {
    let s = String::from_utf8_lossy(v).to_lowercase();
    s.contains('©')
        || [
            "copyright",
            "gegenereerd",
            "generated",
            "afgedrukt",
            "printed",
            "pagina ",
            "page ",
            "aantal records",
            "records:",
            "rapport",
            "report",
        ]
        .iter()
        .any(|w| s.trim_start().starts_with(w))
        || s.split_whitespace().count() > 6
}

/// How many of an import's warnings are listed, and with what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WarningDetail {
    /// The first [`WARNING_CAP`] (the report the page shows; every kind is
    /// counted in full either way).
    #[default]
    First,
    /// Every warning (up to [`DOWNLOAD_CAP`]), each with its row's cells
    /// (the skipped rows' download).
    Every,
}

#[derive(Default)]
struct Warnings {
    list: Vec<Warning>,
    counts: HashMap<WarningKind, u64>,
    detail: WarningDetail,
}

impl Warnings {
    /// Gives the warnings added since the list had `from` entries the cells
    /// of their row, when every warning is kept.
    fn with_cells(&mut self, from: usize, rec: &Row<'_>) {
        if self.detail == WarningDetail::Every
            && let Some(added) = self.list.get_mut(from..)
        {
            for w in added {
                w.cells = Some(Cells::new(rec.iter()));
            }
        }
    }

    fn add(
        &mut self,
        row: u64,
        column: Option<&str>,
        value: &[u8],
        kind: WarningKind,
        skipped: bool,
    ) {
        *self.counts.entry(kind).or_insert(0) += 1;
        let cap = match self.detail {
            WarningDetail::First => WARNING_CAP,
            WarningDetail::Every => DOWNLOAD_CAP,
        };
        if self.list.len() < cap {
            self.list.push(Warning {
                row,
                column: column.map(str::to_string),
                value: lossy(value),
                kind,
                skipped,
                cells: None,
            });
        }
    }
}

#[derive(Default)]
struct Votes {
    comma: u64,
    point: u64,
    ambiguous: u64,
}

impl Votes {
    fn add(&mut self, v: &[u8]) {
        match decimal_evidence(v) {
            DecimalEvidence::Comma => self.comma += 1,
            DecimalEvidence::Point => self.point += 1,
            DecimalEvidence::Ambiguous => self.ambiguous += 1,
            _ => {}
        }
    }
    fn settled(&self) -> bool {
        self.comma + self.point > 0
    }
}

#[derive(Default)]
struct DateVotes {
    day_first: u64,
    month_first: u64,
    either: u64,
    /// Months without a day ("2026-01"): each counts as its first day.
    months: u64,
    first_settling: Option<String>,
}

impl DateVotes {
    fn add(&mut self, v: &[u8]) {
        let evidence = date_evidence(v);
        if evidence == DateEvidence::Fixed && is_month(v) {
            self.months += 1;
        }
        match evidence {
            DateEvidence::DayFirst => {
                self.day_first += 1;
                self.first_settling.get_or_insert_with(|| lossy(v));
            }
            DateEvidence::MonthFirst => {
                self.month_first += 1;
                self.first_settling.get_or_insert_with(|| lossy(v));
            }
            DateEvidence::Either => self.either += 1,
            _ => {}
        }
    }
    fn settled(&self) -> bool {
        self.day_first + self.month_first > 0
    }
}

/// Interns customer keys to dense ids; allocates only for new keys.
#[derive(Default)]
struct Interner {
    map: KeyInterner,
    customers: Vec<Customer>,
    managers: Vec<String>,
    manager_map: HashMap<Box<[u8]>, u32, FxBuild>,
    /// Per customer: which of name / status / manager are settled (bits 1, 2, 4),
    /// so rows of known customers skip the string work; bit 8: the name is a
    /// person's ([`RowName::person`]).
    settled: Vec<u8>,
    /// The customers in the order they got their account manager (merging
    /// parts registers managers in the order one pass would).
    manager_order: Vec<CustomerId>,
}

impl Interner {
    fn id(&mut self, key: &[u8]) -> (CustomerId, bool) {
        self.id_at(None, key)
    }

    /// [`id`](Self::id), with the lookup started by [`KeyInterner::locate`].
    #[inline]
    fn id_at(&mut self, at: Option<Located>, key: &[u8]) -> (CustomerId, bool) {
        let (id, new) = match at {
            Some(at) => self.map.intern_at(at, key),
            None => self.map.intern(key),
        };
        if !new {
            return (id, false);
        }
        let k = shared(key);
        self.settled.push(0);
        self.customers.push(Customer {
            key: k.clone(),
            name: k,
            status: DeclaredStatus::Unknown,
            account_manager: None,
        });
        (id, true)
    }

    /// Whether a row can tell nothing more about customer `id` (so
    /// [`Interner::describe`] would change nothing): it is named, not by a
    /// person's name, and has what else the rows tell (`told`: bit 2 when the
    /// file has statuses, 4 when it has account managers).
    #[inline]
    fn knows(&self, id: CustomerId, told: u8) -> bool {
        let wanted = 1 | told;
        self.settled
            .get(id as usize)
            .is_some_and(|&f| f & 8 == 0 && f & wanted == wanted)
    }

    /// Fills name, status and account manager from the first row that has
    /// them; a name that was a person's gives way to the first company name.
    fn describe(&mut self, id: CustomerId, name: RowName<'_>, status: &[u8], manager: &[u8]) {
        let i = id as usize;
        let Some(flags) = self.settled.get_mut(i) else {
            return;
        };
        let Some(c) = self.customers.get_mut(i) else {
            return;
        };
        if *flags == 7 {
            return;
        }
        let named = *flags & 1 != 0 && (*flags & 8 == 0 || name.person);
        let empty = name.parts[0].is_empty() && name.parts[1].is_empty();
        if !named && !empty {
            *flags = (*flags | 1) & !8 | if name.person { 8 } else { 0 };
            c.name = match name.parts {
                [a, []] => shared(a),
                [[], b] => shared(b),
                [a, b] => format!("{} {}", lossy(a), lossy(b)).into(),
            };
        }
        if *flags & 2 == 0 && !status.is_empty() {
            *flags |= 2;
            c.status = declared_status(status);
        }
        if *flags & 4 == 0 && !manager.is_empty() {
            *flags |= 4;
            let am = match self.manager_map.get(manager) {
                Some(&m) => m,
                None => {
                    let m = self.managers.len() as u32;
                    self.manager_map.insert(manager.into(), m);
                    self.managers.push(lossy(manager));
                    m
                }
            };
            c.account_manager = Some(am);
            self.manager_order.push(id);
        }
    }
}

/// Parsed money cell: empty, a value, or not a number.
#[derive(Clone, Copy)]
enum Cell<T> {
    Empty,
    Value(T),
    Bad,
}

/// An amount in cents: a plain one read directly ([`plain_cents`]), any
/// other by [`parse_number`]; as [`money`] reads it.
#[inline]
fn money_cents(v: &[u8], dec: DecimalSeparator) -> Cell<Cents> {
    if v.is_empty() {
        return Cell::Empty;
    }
    match plain_cents(v, dec).or_else(|| parse_number(v, dec)?.cents()) {
        Some(c) => Cell::Value(c),
        None => Cell::Bad,
    }
}

fn money(v: &[u8], dec: DecimalSeparator) -> Cell<Number> {
    if v.is_empty() {
        return Cell::Empty;
    }
    match parse_number(v, dec) {
        Some(n) if n.cents().is_some() => Cell::Value(n),
        _ => Cell::Bad,
    }
}

/// Adds `v`, if any, to a customer's total (saturating; a total with
/// nothing added stays `None`).
fn add_cents(total: &mut Option<Cents>, v: Option<Cents>) {
    if let Some(v) = v {
        *total = Some(total.unwrap_or(0).saturating_add(v));
    }
}

/// A sum that stays unknown (`None`) once one of its parts is.
fn add_known(total: Option<Cents>, v: Option<Cents>) -> Option<Cents> {
    Some(total?.saturating_add(v?))
}

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 16;

/// Rows read ahead before their customers are looked up: the lookups of a
/// batch miss the cache together instead of one after the other.
const LOOKAHEAD: usize = 16;

/// Imports every row of `src`: [`plan`], one [`main_pass`], [`finish`].
pub fn run(
    src: Source<'_>,
    meta: Meta,
    options: &ImportOptions,
    detail: WarningDetail,
    progress: &mut dyn FnMut(u64, u64, u64),
) -> Result<Imported, ImportError> {
    let (plan, part, _) = plan(src, meta, options)?.read_with(detail, progress);
    finish(plan, part)
}

/// Everything decided before the main pass: what the main pass reads and
/// what the report says about the columns. Serialisable, so a second worker
/// can read another part of the file the same way.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    meta: Meta,
    cols: Cols,
    shape: DataShape,
    width: usize,
    labels: Vec<String>,
    columns: Vec<ColumnReport>,
    decimals: Vec<DecimalReport>,
    dates: Vec<DateReport>,
    header_row: Option<u64>,
    /// The header row's cells (trimmed), to know it again further down:
    /// files put together, or a header printed on every page. Empty without one.
    header: Vec<Box<[u8]>>,
    dec_rev: DecimalSeparator,
    dec_previous: DecimalSeparator,
    dec_profit: DecimalSeparator,
    dec_qty: DecimalSeparator,
    dec_price: DecimalSeparator,
    dec_refunded: DecimalSeparator,
    dec_open: DecimalSeparator,
    dec_debit: DecimalSeparator,
    order_date: DateOrder,
    order_last: DateOrder,
    order_due: DateOrder,
    order_paid: DateOrder,
    margin_fraction: bool,
    /// The currency of most of the sample's rows, by their currency column,
    /// else by the symbols or codes of their amounts: a row in another is
    /// skipped.
    currency: Option<[u8; 3]>,
    /// A row without a customer counts for the customer above it: a report
    /// laid out per customer (a header row with the customer, no date, no
    /// amount; its rows below without one; each group closed by a subtotal:
    /// [`group_layout`]), or a pivot table that names each customer on its
    /// first row only ([`pivot_layout`]); or the user's choice.
    fill_down: bool,
    /// The ledger's numbers are a short Belgian chart's ([`belgian_short_chart`]):
    /// a 70… of any length is revenue.
    ledger_be: bool,
    /// The ledger's numbers are another chart's, told by its names
    /// ([`named_chart`]): an account is revenue by its name alone.
    ledger_by_name: bool,
    /// The unused "Credit" of a customer's account card ([`Reason::CreditPaid`]):
    /// a row with a credit and no debit is a payment or a credit note,
    /// said as such rather than as a missing amount.
    credit_paid: Option<usize>,
    /// Whether the amount is the order's total, written again on each of
    /// its lines, so that it counts once per order number ([`order_lines`],
    /// or the user's choice); `None` when there is nothing to choose: no
    /// order number and amount, or no order of several lines in the sample
    /// (unless the user chose).
    order_totals: Option<bool>,
    /// A decimal separator or date order the second look could not settle in
    /// these rows, or a ledger column of accounts in which no revenue account
    /// came: more rows might settle it.
    unsettled: bool,
    /// The customer's key is an e-mail address ([`holds_emails`]): compared
    /// without regard to case, so "Sanne.DeWit@…" and "sanne.dewit@…" are
    /// one customer (shown in lower case).
    fold_key: bool,
    /// The date column is a report's "Jaar" of years alone: each is read as
    /// its 1 January ([`year_day`]).
    date_years: bool,
}

impl Plan {
    /// Whether the file holds transactions (not one row per customer).
    pub fn is_transactions(&self) -> bool {
        self.shape == DataShape::Transactions
    }

    /// Whether the file is a report per customer ([`Plan::fill_down`]).
    pub fn fill_down(&self) -> bool {
        self.fill_down
    }

    /// Whether an order's total counts once, not on each of its lines ([`Plan::order_totals`]).
    pub fn order_totals(&self) -> bool {
        self.order_totals == Some(true)
    }

    /// Whether a decision is still open after every row the plan saw.
    pub fn unsettled(&self) -> bool {
        self.unsettled
    }

    /// The delimiter of delimited text.
    pub fn delimiter(&self) -> Option<char> {
        self.meta.delimiter
    }

    /// The name of the text's encoding, as the report gives it.
    pub fn encoding(&self) -> &str {
        &self.meta.encoding
    }

    /// Names the text's encoding (a file read in parts learns it from all of them).
    pub fn set_encoding(&mut self, name: &str) {
        self.meta.encoding = name.to_string();
    }
}

/// A plan with the rows it buffered and the source positioned after them.
pub struct Prepared<'a> {
    pub plan: Plan,
    buffer: Vec<(u64, ByteRecord)>,
    data_start: usize,
    /// Whether the buffer holds every row.
    pub exhausted: bool,
    pub src: Source<'a>,
}

impl<'a> Prepared<'a> {
    /// Step 5 over every row: the buffered ones, then the rest of the source
    /// (returned, read to its end).
    pub fn read(self, progress: &mut dyn FnMut(u64, u64, u64)) -> (Plan, Partial, Source<'a>) {
        self.read_with(WarningDetail::First, progress)
    }

    /// [`Prepared::read`], listing the warnings as `detail` says.
    pub fn read_with(
        self,
        detail: WarningDetail,
        progress: &mut dyn FnMut(u64, u64, u64),
    ) -> (Plan, Partial, Source<'a>) {
        let Prepared {
            plan,
            buffer,
            data_start,
            exhausted,
            mut src,
        } = self;
        let rows = &buffer[data_start.min(buffer.len())..];
        let reserve = if exhausted {
            0
        } else {
            rows.len() + src.estimate_left(buffer.len())
        };
        let mut part = Partial::default();
        part.warnings.detail = detail;
        main_pass(
            &plan,
            &mut part,
            rows,
            (!exhausted).then_some(&mut src),
            reserve,
            progress,
        );
        (plan, part, src)
    }
}

/// The plan's second look: the rows of `src` after its first `skip` (the
/// header scan and the sample), each given to `row` until it says no more
/// is needed (returns `false`) or the text ends.
fn beyond_sample(src: &Source<'_>, skip: usize, mut row: impl FnMut(&Row<'_>) -> bool) {
    let mut again = src.restart();
    let mut rec = Row::new();
    let mut n = 0usize;
    while again.next_row(&mut rec).is_some() {
        n += 1;
        if n > skip && !row(&rec) {
            break;
        }
    }
}

/// Steps 1–4: header, roles, shape, decimal separators and date orders.
pub fn plan<'a>(
    mut src: Source<'a>,
    meta: Meta,
    options: &ImportOptions,
) -> Result<Prepared<'a>, ImportError> {
    // 1. Buffer the header scan and the sample.
    let mut buffer: Vec<(u64, ByteRecord)> = Vec::new();
    let mut exhausted = false;
    loop {
        if buffer.len() >= HEADER_SCAN + SAMPLE {
            break;
        }
        let mut rec = ByteRecord::new();
        match src.next_into(&mut rec) {
            Some(row) => buffer.push((row, rec)),
            None => {
                exhausted = true;
                break;
            }
        }
    }
    if buffer.iter().all(|(_, r)| is_blank(r)) {
        return Err(ImportError::EmptyFile);
    }
    if buffer
        .iter()
        .all(|(_, r)| r.iter().filter(|f| !clean_cell(f).is_empty()).count() < 2)
    {
        return Err(ImportError::NotATable);
    }
    let header_idx = find_header(&buffer);
    let data_start = header_idx.map_or(0, |h| h + 1);
    let width = buffer.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let mut headers: Vec<String> = match header_idx {
        Some(h) => buffer[h].1.iter().map(|f| lossy(trim(f))).collect(),
        None => Vec::new(),
    };
    headers.resize(width, String::new());
    let labels: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.is_empty() {
                format!("#{}", i + 1)
            } else {
                h.clone()
            }
        })
        .collect();
    let sample: Vec<&ByteRecord> = buffer[data_start.min(buffer.len())..]
        .iter()
        .map(|(_, r)| r)
        .filter(|r| !is_blank(r))
        .collect();
    if sample.is_empty() {
        return Err(ImportError::NoDataRows);
    }

    // 2. Roles.
    let mut stats: Vec<ColumnStats> = (0..width)
        .map(|c| {
            let ledger = headers.get(c).is_some_and(|h| may_name_ledger(h));
            ColumnStats::collect(sample.iter().map(|r| r.get(c).unwrap_or(b"")), ledger)
        })
        .collect();
    // A ledger's column of accounts without a revenue account among them:
    // a journal sorted by account (its revenue further down) or an account
    // card (one account throughout). Looked at beyond the sample, up to the
    // first revenue account (which also tells the chart, see `named_chart`
    // below), else to the end: one account then is a card's. None in a text
    // that goes on (the start of a file read in parts): only the whole file
    // can tell (`unsettled`).
    let mut later_revenue: Vec<Option<Vec<u8>>> = vec![None; width];
    let mut ledger_open = false;
    if options.roles.is_none() {
        let open: Vec<usize> = (0..width)
            .filter(|&c| {
                let st = &stats[c];
                headers.get(c).is_some_and(|h| may_name_ledger(h))
                    && st.nonempty > 0
                    && st.holds_accounts()
                    && st.revenue_accounts == 0
            })
            .collect();
        // Each open column's first account, to tell whether another comes.
        let mut first: Vec<&[u8]> = vec![b""; width];
        for &c in &open {
            stats[c].one_account = stats[c].distinct == 1;
            first[c] = sample
                .iter()
                .map(|r| clean_cell(r.get(c).unwrap_or(b"")))
                .find(|v| !v.is_empty())
                .unwrap_or_default();
        }
        if !open.is_empty() && !exhausted {
            let mut left = open;
            beyond_sample(&src, buffer.len(), |rec| {
                left.retain(|&c| {
                    let v = clean_cell(rec.get(c).unwrap_or(b""));
                    if is_revenue_account(v) || names_revenue(v) {
                        stats[c].revenue_accounts += 1;
                        later_revenue[c] = Some(v.to_vec());
                        return false;
                    }
                    if !v.is_empty() && v != first[c] {
                        stats[c].one_account = false;
                    }
                    true
                });
                !left.is_empty()
            });
            ledger_open = !left.is_empty();
        }
    }
    let detected: Vec<(Role, Reason)> = match &options.roles {
        Some(roles) => (0..width)
            .map(|i| {
                (
                    roles.get(i).copied().unwrap_or(Role::Ignore),
                    Reason::UserChoice,
                )
            })
            .collect(),
        None => detect(&headers, &stats),
    };
    let mut roles: Vec<Role> = detected.iter().map(|(r, _)| *r).collect();
    let mut reasons: Vec<Reason> = detected.into_iter().map(|(_, r)| r).collect();
    let mut cols = Cols::from_roles(&roles);
    let examples: Vec<Vec<String>> = (0..width)
        .map(|c| examples_of(sample.iter().map(|r| r.get(c).unwrap_or(b""))))
        .collect();
    let header_row = header_idx.and_then(|h| buffer.get(h)).map(|(row, _)| *row);
    let header: Vec<Box<[u8]>> = header_idx
        .and_then(|h| buffer.get(h))
        .map(|(_, r)| r.iter().map(|f| Box::from(clean_cell(f))).collect())
        .unwrap_or_default();
    let column_reports = |roles: &[Role], reasons: &[Reason]| -> Vec<ColumnReport> {
        (0..width)
            .map(|i| ColumnReport {
                index: i,
                header: headers[i].clone(),
                role: roles[i],
                reason: reasons[i].clone(),
                examples: examples[i].clone(),
            })
            .collect()
    };
    let no_amount = cols.revenue.is_none() && !(cols.quantity.is_some() && cols.price.is_some());
    if cols.key().is_none() || no_amount {
        // A lone quantity or unit price says what it lacks.
        let lone = match (cols.revenue, cols.quantity, cols.price) {
            (None, Some(c), None) => Some((c, Role::UnitPrice)),
            (None, None, Some(c)) => Some((c, Role::Quantity)),
            _ => None,
        };
        if let Some((c, missing)) = lone
            && matches!(reasons[c], Reason::HeaderMatched { .. })
        {
            reasons[c] = Reason::NeedsPartner(missing);
        }
        // Nothing is read: the report has the columns, for the user to choose.
        let shape = match cols.date {
            Some(_) => DataShape::Transactions,
            None => DataShape::CustomerTotals,
        };
        let columns = column_reports(&roles, &reasons);
        let report = Box::new(columns_only_report(meta, header_row, columns, shape));
        return Err(if cols.key().is_none() {
            ImportError::NoCustomerColumn { report }
        } else {
            ImportError::NoAmountColumn { report }
        });
    }

    // 3. Shape: transactions when there is a date and customers repeat.
    let mut keys: HashSet<[&[u8]; 4], FxBuild> =
        HashSet::with_capacity_and_hasher(sample.len(), FxBuild::default());
    let repeats = sample
        .iter()
        .map(|r| cols.sample_key(r))
        .filter(|k| !no_key(k))
        .any(|k| !keys.insert(k));
    // A CRM export (HubSpot, Salesforce) has one row per relation with a status and a
    // record-creation date, a webshop's customer list a registration date
    // (WooCommerce's "Date registered"): such a date says nothing about purchases.
    let created_date = cols.date.is_some_and(|d| {
        let n = normalise_header(&headers[d]);
        [
            "creat",
            "aangemaakt",
            "erstellt",
            "regist",
            "aangemeld",
            "sinds",
            "since",
            "joined",
            "sign up",
            "signup",
            "first",
            "eerste",
        ]
        .iter()
        .any(|w| n.contains(w))
    });
    let crm_file = !repeats && cols.status.is_some() && created_date;
    let per_customer_column =
        cols.last.is_some() || cols.orders.is_some() || cols.previous.is_some();
    let shape = match (cols.date, per_customer_column) {
        (None, _) => DataShape::CustomerTotals,
        (Some(_), true) if !repeats => DataShape::CustomerTotals,
        (Some(_), _) if crm_file => DataShape::CustomerTotals,
        (Some(_), _) => DataShape::Transactions,
    };
    if shape == DataShape::CustomerTotals
        && let Some(d) = cols.date.take()
    {
        // A record-creation date says nothing about purchases, status column or not.
        if cols.last.is_none() && !created_date {
            cols.last = Some(d);
            roles[d] = Role::LastPurchase;
            if options.roles.is_none() {
                reasons[d] = Reason::DateAsLastPurchase;
            }
        } else {
            roles[d] = Role::Ignore;
            if options.roles.is_none() {
                reasons[d] = match cols.last {
                    Some(last) if !created_date => Reason::LostTo {
                        role: Role::LastPurchase,
                        winner: headers.get(last).cloned().unwrap_or_default(),
                    },
                    _ => Reason::NotAPurchaseDate,
                };
            }
        }
    }
    // An invoice file's trend comes from its own dates: a column with last
    // period's total has no place in it (and is said so).
    if shape == DataShape::Transactions
        && let Some(p) = cols.previous.take()
    {
        roles[p] = Role::Ignore;
        reasons[p] = Reason::PreviousNeedsTotals;
    }

    // An amount converted to the company's currency: the rows' currency
    // column says nothing about it.
    if let (Some(r), Some(c)) = (cols.revenue, cols.currency)
        && is_converted_amount(&headers, r)
    {
        cols.currency = None;
        roles[c] = Role::Ignore;
        reasons[c] = Reason::AmountConverted;
    }

    // 4. Decimal separator per money column, date order per date column.
    let money_cols: Vec<usize> = [
        cols.revenue,
        cols.previous,
        cols.profit,
        cols.margin,
        cols.quantity,
        cols.price,
        cols.refunded,
        cols.open,
    ]
    .into_iter()
    .flatten()
    .collect();
    let date_cols: Vec<usize> = [cols.date, cols.last, cols.due, cols.paid]
        .into_iter()
        .flatten()
        .collect();
    let mut votes: Vec<Votes> = money_cols.iter().map(|_| Votes::default()).collect();
    let mut dvotes: Vec<DateVotes> = date_cols.iter().map(|_| DateVotes::default()).collect();
    for r in &sample {
        for (v, &c) in votes.iter_mut().zip(&money_cols) {
            v.add(clean_cell(r.get(c).unwrap_or(b"")));
        }
        for (v, &c) in dvotes.iter_mut().zip(&date_cols) {
            v.add(clean_cell(r.get(c).unwrap_or(b"")));
        }
    }
    let need_dec =
        options.decimal.is_none() && votes.iter().any(|v| !v.settled() && v.ambiguous > 0);
    let need_date =
        options.date_order.is_none() && dvotes.iter().any(|v| !v.settled() && v.either > 0);
    if !exhausted && (need_dec || need_date) {
        // Second look at just the unsettled columns, beyond the sample, until settled.
        beyond_sample(&src, buffer.len(), |rec| {
            let mut open = false;
            for (v, &c) in votes.iter_mut().zip(&money_cols) {
                if !v.settled() {
                    v.add(clean_cell(rec.get(c).unwrap_or(b"")));
                    open |= !v.settled();
                }
            }
            for (v, &c) in dvotes.iter_mut().zip(&date_cols) {
                if !v.settled() {
                    v.add(clean_cell(rec.get(c).unwrap_or(b"")));
                    open |= !v.settled();
                }
            }
            open
        });
    }
    let delim = meta.delimiter;
    let (file_comma, file_point) = votes
        .iter()
        .fold((0, 0), |(c, p), v| (c + v.comma, p + v.point));
    // Evidence from the other money columns first, then what the file format suggests.
    let point_file = meta.file_kind == FileKind::Xlsx || matches!(delim, Some(',') | Some('|'));
    let file_default = if file_comma > file_point || (file_comma == file_point && !point_file) {
        DecimalSeparator::Comma
    } else {
        DecimalSeparator::Point
    };
    let decimals: Vec<DecimalReport> = money_cols
        .iter()
        .zip(&votes)
        .map(|(&c, v)| {
            let (decimal, ambiguous) = match options.decimal {
                Some(d) => (d, false),
                None if v.comma > v.point => (DecimalSeparator::Comma, false),
                None if v.point > v.comma => (DecimalSeparator::Point, false),
                None if v.settled() => (file_default, false),
                None => (
                    file_default,
                    v.ambiguous > 0 && meta.file_kind != FileKind::Xlsx,
                ),
            };
            DecimalReport {
                column: c,
                header: labels[c].clone(),
                decimal,
                ambiguous,
            }
        })
        .collect();
    let dec_of = |c: Option<usize>| {
        c.and_then(|c| decimals.iter().find(|d| d.column == c))
            .map_or(file_default, |d| d.decimal)
    };
    let european = delim == Some(';')
        || decimals
            .iter()
            .any(|d| d.decimal == DecimalSeparator::Comma && !d.ambiguous);
    let us = sample.iter().take(200).any(|r| {
        money_cols
            .iter()
            .any(|&c| r.get(c).is_some_and(|v| v.contains(&b'$')))
    }) || us_looking_headers(&headers);
    let mut dates: Vec<DateReport> = date_cols
        .iter()
        .zip(&dvotes)
        .map(|(&c, v)| {
            let (order, ambiguous, reason) = if let Some(o) = options.date_order {
                (o, false, DateOrderReason::UserChoice)
            } else if v.day_first > 0 && v.month_first > 0 {
                let o = if v.month_first > v.day_first {
                    DateOrder::MonthFirst
                } else {
                    DateOrder::DayFirst
                };
                (
                    o,
                    false,
                    DateOrderReason::Conflicting {
                        day_first: v.day_first,
                        month_first: v.month_first,
                    },
                )
            } else if v.settled() {
                let o = if v.day_first > 0 {
                    DateOrder::DayFirst
                } else {
                    DateOrder::MonthFirst
                };
                (
                    o,
                    false,
                    DateOrderReason::SettledByValue {
                        value: v.first_settling.clone().unwrap_or_default(),
                    },
                )
            } else if v.either == 0 && v.months > 0 {
                (DateOrder::DayFirst, false, DateOrderReason::Months)
            } else if v.either == 0 {
                (DateOrder::DayFirst, false, DateOrderReason::Unambiguous)
            } else if european {
                (DateOrder::DayFirst, true, DateOrderReason::EuropeanFile)
            } else if us {
                (DateOrder::MonthFirst, true, DateOrderReason::UsFile)
            } else {
                (DateOrder::DayFirst, true, DateOrderReason::Default)
            };
            DateReport {
                column: c,
                header: labels[c].clone(),
                order,
                ambiguous,
                reason,
            }
        })
        .collect();
    // A date column its values leave open reads like one they settled: one
    // export writes all its dates one way (a paid date of 04/05 in a file
    // whose invoice dates include 03/25 is the 5th of April).
    let settled = dates
        .iter()
        .find(|d| {
            !d.ambiguous
                && matches!(
                    d.reason,
                    DateOrderReason::SettledByValue { .. } | DateOrderReason::Conflicting { .. }
                )
        })
        .map(|d| (d.order, d.header.clone()));
    if let Some((order, header)) = settled {
        for d in dates.iter_mut().filter(|d| d.ambiguous) {
            d.order = order;
            d.ambiguous = false;
            d.reason = DateOrderReason::SameAsColumn {
                header: header.clone(),
            };
        }
    }
    // A report per year: its "Jaar" holds years alone, each read as its 1 January.
    let date_years = cols.date.is_some_and(|d| {
        headers.get(d).is_some_and(|h| is_year_header(h)) && stats.get(d).is_some_and(holds_years)
    });
    if date_years {
        for d in dates.iter_mut().filter(|d| Some(d.column) == cols.date) {
            d.reason = DateOrderReason::Years;
            d.ambiguous = false;
        }
    }
    let order_of = |c: Option<usize>| {
        c.and_then(|c| dates.iter().find(|d| d.column == c))
            .map_or(DateOrder::DayFirst, |d| d.order)
    };
    // A margin column without `%` signs whose values are all within ±1.5 holds fractions (0,125 = 12,5 %).
    let margin_fraction = cols.margin.is_some_and(|c| {
        let dec = dec_of(Some(c));
        let mut any = false;
        let all_small = sample.iter().all(|r| {
            let v = field(r, Some(c));
            match parse_number(v, dec) {
                Some(n) => {
                    any = true;
                    !n.percent && n.nanos().abs() <= 1_500_000_000
                }
                None => true,
            }
        });
        any && all_small
    });

    let unsettled = (options.decimal.is_none()
        && votes.iter().any(|v| !v.settled() && v.ambiguous > 0))
        || (options.date_order.is_none() && dvotes.iter().any(|v| !v.settled() && v.either > 0))
        || ledger_open;
    let columns = column_reports(&roles, &reasons);
    // The rows' currency: from their currency column, else from the symbols
    // or codes the amounts carry ("€ 1.234,56", "$80.00").
    let column_values = |c: usize| sample.iter().map(move |r| r.get(c).unwrap_or(b""));
    let currency = match (cols.currency, cols.revenue) {
        (Some(c), _) => main_currency(column_values(c).filter_map(currency_code)),
        (None, Some(r)) => main_currency(column_values(r).filter_map(amount_currency)),
        (None, None) => None,
    };
    let fill_down = options.fill_down.unwrap_or_else(|| match shape {
        DataShape::Transactions => {
            let date_order = order_of(cols.date);
            group_layout(&sample, &cols)
                || pivot_layout(&sample, &cols, |d| {
                    day_of(d, date_years, |d| parse_date(d, date_order, true))
                })
        }
        DataShape::CustomerTotals => totals_pivot_layout(&sample, &cols, &roles),
    });
    let order_totals = if shape == DataShape::Transactions
        && cols.order_number.is_some()
        && cols.revenue.is_some()
    {
        let header = cols.revenue.and_then(|c| labels.get(c));
        let lines = order_lines(&sample, &cols, header.map_or("", String::as_str));
        (lines.several || options.order_totals.is_some())
            .then(|| options.order_totals.unwrap_or(lines.repeated))
    } else {
        None
    };
    let fold_key = cols
        .key()
        .and_then(|c| stats.get(c))
        .is_some_and(holds_emails);
    let credit_paid = columns
        .iter()
        .find(|c| c.role == Role::Ignore && c.reason == Reason::CreditPaid)
        .map(|c| c.index);
    let ledger_be = cols
        .ledger
        .is_some_and(|c| belgian_short_chart(sample.iter().map(|r| field(r, Some(c))), exhausted));
    let ledger_by_name = cols.ledger.is_some_and(|c| {
        let later = later_revenue.get(c).and_then(|v| v.as_deref());
        named_chart(
            sample.iter().map(|r| field(r, Some(c))).chain(later),
            ledger_be,
        )
    });
    let plan = Plan {
        fill_down,
        credit_paid,
        ledger_be,
        ledger_by_name,
        order_totals,
        fold_key,
        date_years,
        cols,
        shape,
        width,
        columns,
        header_row,
        header,
        dec_rev: dec_of(cols.revenue),
        dec_previous: dec_of(cols.previous),
        dec_profit: dec_of(cols.profit.or(cols.margin)),
        dec_qty: dec_of(cols.quantity),
        dec_price: dec_of(cols.price),
        dec_refunded: dec_of(cols.refunded),
        dec_open: dec_of(cols.open),
        dec_debit: dec_of(cols.debit),
        order_date: order_of(cols.date),
        order_last: order_of(cols.last),
        order_due: order_of(cols.due),
        order_paid: order_of(cols.paid),
        margin_fraction,
        currency,
        unsettled,
        decimals,
        dates,
        labels,
        meta,
    };
    Ok(Prepared {
        plan,
        buffer,
        data_start,
        exhausted,
        src,
    })
}

/// What a main pass over some rows found; parts of one file are merged.
#[derive(Default)]
pub struct Partial {
    interner: Interner,
    warnings: Warnings,
    tx: Transactions,
    tx_profit: Vec<Cents>,
    /// Per transaction, when the file has an order number: its hash
    /// ([`order_key`]).
    tx_order: Vec<u64>,
    /// Per transaction, when the file has both payment columns.
    tx_due: Vec<Option<Day>>,
    tx_paid: Vec<Option<Day>>,
    totals: CustomerTotals,
    tot_profit: Vec<Option<Cents>>,
    tot_previous: Vec<Option<Cents>>,
    tot_last: Vec<Option<Day>>,
    tot_orders: Vec<Option<u32>>,
    rows_read: u64,
    rows_used: u64,
    rows_skipped: u64,
    no_customer_rows: u64,
    no_customer_cents: Cents,
    /// Rows skipped for their order or invoice status, and their amounts.
    not_sold_rows: u64,
    not_sold_cents: Cents,
    /// Journal lines on another account than a revenue account ([`Role::Ledger`]).
    other_account_rows: u64,
    /// Rows without an amount and without a status in a file with an order
    /// status: the further lines of an order whose first line has both.
    further_lines: u64,
    /// Rows whose revenue a refund lowered, and by how much in all.
    refunded_rows: u64,
    refunded_cents: Cents,
    /// Rows skipped for their currency (not the file's).
    other_currency_rows: u64,
    /// A report per customer ([`Plan::fill_down`]): its header rows, and the
    /// rows below them counted for their customer.
    group_headers: u64,
    filled_down: u64,
    /// Lines whose amount repeats their order's total ([`Plan::order_totals`]).
    repeated_totals: u64,
    /// Rows that repeat the header row ([`Plan::header`]).
    repeated_headers: u64,
}

/// Step 5, the main pass: `rows` (buffered), then the rest of `src`, added
/// to `part` (so a file can be read in pieces). `reserve` is how many more
/// transactions to make room for.
pub fn main_pass(
    plan: &Plan,
    part: &mut Partial,
    rows: &[(u64, ByteRecord)],
    src: Option<&mut Source<'_>>,
    reserve: usize,
    progress: &mut dyn FnMut(u64, u64, u64),
) {
    let cols = plan.cols;
    let shape = plan.shape;
    let width = plan.width;
    let key_col = cols.key();
    let fold_key = plan.fold_key;
    // Whether a row's key is its key column's cell when that is filled (see
    // [`row_key`]): only then is it looked up ahead of its turn.
    let cell_key = !fold_key && (cols.id.is_some() || cols.name2.is_none());
    // Where a key that is not one cell is kept ([`row_key`]).
    let mut key_buf = Vec::new();
    let (dec_rev, dec_previous, dec_profit, dec_qty, dec_price) = (
        plan.dec_rev,
        plan.dec_previous,
        plan.dec_profit,
        plan.dec_qty,
        plan.dec_price,
    );
    let (order_date, order_last) = (plan.order_date, plan.order_last);
    let date_years = plan.date_years;
    let margin_fraction = plan.margin_fraction;
    let labels = &plan.labels;
    let label = |c: Option<usize>| c.and_then(|c| labels.get(c)).map(String::as_str);
    let Partial {
        mut interner,
        mut warnings,
        mut tx,
        mut tx_profit,
        mut tx_order,
        mut tx_due,
        mut tx_paid,
        mut totals,
        mut tot_profit,
        mut tot_previous,
        mut tot_last,
        mut tot_orders,
        mut rows_read,
        mut rows_used,
        mut rows_skipped,
        mut no_customer_rows,
        mut no_customer_cents,
        mut not_sold_rows,
        mut not_sold_cents,
        mut other_account_rows,
        mut further_lines,
        mut refunded_rows,
        mut refunded_cents,
        mut other_currency_rows,
        mut group_headers,
        mut filled_down,
        mut repeated_totals,
        mut repeated_headers,
    } = std::mem::take(part);
    let (dec_refunded, dec_open, dec_debit) = (plan.dec_refunded, plan.dec_open, plan.dec_debit);
    // A report per customer: the customer of the last header row, until a
    // subtotal or a row with its own customer.
    let fill_down = plan.fill_down;
    let credit_paid = plan.credit_paid;
    let (ledger_be, ledger_by_name) = (plan.ledger_be, plan.ledger_by_name);
    let mut group: Option<CustomerId> = None;
    // An order's total written on each of its lines: the amount of each order
    // number seen, so that it counts once.
    let mut seen_orders: Option<HashMap<u64, Cents, FxBuild>> =
        plan.order_totals().then(HashMap::default);
    let currency = plan.currency.map(|main| (cols.currency, main));
    let mut days = DayCache::default();
    let has_profit = cols.has_profit();
    let has_payments = cols.has_payments();
    let (order_due, order_paid) = (plan.order_due, plan.order_paid);
    if shape == DataShape::Transactions {
        // The rows still to come, so the columns grow without copying.
        tx.customer.reserve(reserve);
        tx.day.reserve(reserve);
        tx.revenue.reserve(reserve);
        if has_profit {
            tx_profit.reserve(reserve);
        }
        if has_payments {
            tx_due.reserve(reserve);
            tx_paid.reserve(reserve);
        }
        if cols.order_number.is_some() {
            tx_order.reserve(reserve);
        }
    }

    // The header's first filled cell: a row that starts with anything else
    // is no header (one comparison per row).
    let header_first: Option<&[u8]> = plan.header.iter().map(|h| &h[..]).find(|h| !h.is_empty());
    let plain = plain_columns(plan, cell_key);
    let mut process = |interner: &mut Interner,
                       warnings: &mut Warnings,
                       row: u64,
                       rec: &Row<'_>,
                       early: Option<Located>| {
        // A plain row of a plain file (see [`PlainColumns`]): read here, in
        // the few steps such a row takes below; any other row goes on.
        if let Some(p) = plain {
            'plain: {
                let first = cell(rec, Some(0));
                let key = cell(rec, Some(p.key));
                let dv = cell(rec, Some(p.date));
                if first.is_empty()
                    || key.is_empty()
                    || dv.is_empty()
                    || header_first.is_some_and(|h| h == without_bom(first))
                {
                    break 'plain;
                }
                let Cell::Value(rev) = money_cents(cell(rec, Some(p.revenue)), dec_rev) else {
                    break 'plain;
                };
                let profit = match p.profit {
                    Some(c) => match money_cents(cell(rec, Some(c)), dec_profit) {
                        Cell::Value(v) => v,
                        _ => break 'plain,
                    },
                    None => 0,
                };
                let id_present = cols.id.is_some_and(|c| !cell(rec, Some(c)).is_empty());
                if is_totals_text(key)
                    || is_totals_text(cell(rec, cols.name))
                    || (!id_present && is_totals_text(first))
                {
                    break 'plain;
                }
                let Some(day) = day_of(dv, date_years, |d| days.parse(d, order_date, true)) else {
                    break 'plain;
                };
                let located = match early {
                    Some(at) => at,
                    None => interner.map.locate(key),
                };
                let (id, _) = interner.id_at(Some(located), key);
                if !interner.knows(id, p.told) {
                    interner.describe(
                        id,
                        row_name(rec, &cols),
                        cell(rec, cols.status),
                        cell(rec, cols.manager),
                    );
                }
                tx.customer.push(id);
                tx.day.push(day);
                tx.revenue.push(rev);
                tx_profit.push(profit);
                if let Some(c) = p.order {
                    tx_order.push(order_key(cell(rec, Some(c))));
                }
                rows_read += 1;
                rows_used += 1;
                #[cfg(test)]
                PLAIN_ROWS.set(PLAIN_ROWS.get() + 1);
                return;
            }
        }
        // One look at the fields: which comes first, and whether there is more
        // than one (nothing below needs the exact count beyond that).
        let mut filled = 0usize;
        let mut first: &[u8] = b"";
        for c in rec.iter().map(clean_cell) {
            if !c.is_empty() {
                if filled == 0 {
                    first = c;
                }
                filled += 1;
                if filled == 2 {
                    break;
                }
            }
        }
        if filled == 0 {
            return;
        }
        rows_read += 1;
        // The header again (files put together, a header on every page):
        // no data, counted apart.
        if header_first.is_some_and(|h| h == without_bom(first))
            && repeats_header(rec, &plan.header)
        {
            repeated_headers += 1;
            return;
        }
        let key = row_key(rec, &cols, fold_key, &mut key_buf);
        // The customer lookup, started for the whole batch before its first row
        // (or now): its memory access overlaps the parsing below.
        let located = match early {
            Some(at) => Some(at),
            None => (!key.is_empty()).then(|| interner.map.locate(key)),
        };
        // Totals and notes: never customers.
        let id_present = cols.id.is_some_and(|c| !cell(rec, Some(c)).is_empty());
        let undated = cols.date.is_some_and(|c| cell(rec, Some(c)).is_empty());
        if is_totals_text(key)
            || is_totals_text(cell(rec, cols.name))
            || (!id_present && is_totals_text(first))
            || (undated
                && !id_present
                && (is_subtotal_text(cell(rec, cols.name)) || is_subtotal_text(first)))
        {
            warnings.add(row, None, first, WarningKind::TotalsRow, true);
            rows_skipped += 1;
            group = None;
            return;
        }
        // A row without a customer counts for the customer above it: a
        // header row's (the customer, no date, no amount) in a report per
        // customer, or the last used row's in a pivot table (set below,
        // once the row is used: a skipped row gives none).
        let mut carried = None;
        if fill_down {
            if key.is_empty() {
                carried = group;
            } else if undated && cell(rec, cols.revenue.or(cols.quantity)).is_empty() {
                let (id, _) = interner.id_at(located, key);
                interner.describe(id, row_name(rec, &cols), b"", cell(rec, cols.manager));
                group = Some(id);
                group_headers += 1;
                return;
            } else {
                group = None;
            }
        }
        let no_customer = key.is_empty() && carried.is_none();
        if filled == 1 && width >= 3 && (key.is_empty() || is_note_text(first)) {
            warnings.add(row, None, first, WarningKind::NotADataRow, true);
            rows_skipped += 1;
            return;
        }
        // A cancelled order, a draft invoice: no sale. Only its own warning.
        let order_status = cell(rec, cols.order_status);
        let not_sold =
            !order_status.is_empty() && order_state(order_status) == OrderState::NotASale;
        // A journal line on another account than revenue (debtors, VAT,
        // bank): no sale either. A line without an account counts.
        let ledger = cell(rec, cols.ledger);
        let other_account = !ledger.is_empty()
            && !if ledger_by_name {
                names_revenue(ledger)
            } else {
                is_revenue_account_in(ledger, ledger_be)
            };
        // Rows skipped for what they are: no other warning about them.
        let not_a_sale = not_sold || other_account;
        // Another currency than the file's: not converted, not counted (and
        // only its own warning). A row without one (an empty cell, "n.v.t.",
        // an amount without a symbol) counts.
        let other_currency = currency.is_some_and(|(c, main)| match c {
            Some(c) => currency_code(cell(rec, Some(c))).is_some_and(|w| w != main),
            None => amount_currency(cell(rec, cols.revenue)).is_some_and(|w| w != main),
        });
        // Revenue: the amount column, or quantity × unit price.
        let revenue: Cell<Cents> = if let Some(c) = cols.revenue {
            match money_cents(cell(rec, Some(c)), dec_rev) {
                Cell::Value(c) => Cell::Value(c),
                Cell::Empty => Cell::Empty,
                Cell::Bad => {
                    if !no_customer && !not_a_sale && !other_currency {
                        warnings.add(
                            row,
                            label(Some(c)),
                            cell(rec, Some(c)),
                            WarningKind::AmountNotANumber,
                            true,
                        );
                    }
                    Cell::Bad
                }
            }
        } else {
            let q = money(cell(rec, cols.quantity), dec_qty);
            let p = money(cell(rec, cols.price), dec_price);
            match (q, p) {
                (Cell::Value(q), Cell::Value(p)) => {
                    let cents = p
                        .cents()
                        .map(|pc| div_round(q.nanos() * i128::from(pc), 1_000_000_000));
                    cents
                        .and_then(|c| i64::try_from(c).ok())
                        .map_or(Cell::Bad, Cell::Value)
                }
                (Cell::Empty, _) | (_, Cell::Empty) => Cell::Empty,
                (q, _) => {
                    if !no_customer && !not_a_sale && !other_currency {
                        let (col, kind) = if matches!(q, Cell::Bad) {
                            (cols.quantity, WarningKind::QuantityNotANumber)
                        } else {
                            (cols.price, WarningKind::UnitPriceNotANumber)
                        };
                        warnings.add(row, label(col), cell(rec, col), kind, true);
                    }
                    Cell::Bad
                }
            }
        };
        // The debit side of a journal line: taken off its credit.
        let revenue = match (cols.debit, revenue) {
            (Some(c), Cell::Value(_) | Cell::Empty) => {
                let v = cell(rec, Some(c));
                match (revenue, money_cents(v, dec_debit)) {
                    (r, Cell::Empty) => r,
                    (Cell::Value(cr), Cell::Value(d)) => Cell::Value(cr.saturating_sub(d)),
                    (_, Cell::Value(d)) => Cell::Value(d.saturating_neg()),
                    (_, Cell::Bad) => {
                        if !no_customer && !not_a_sale && !other_currency {
                            let kind = WarningKind::AmountNotANumber;
                            warnings.add(row, label(Some(c)), v, kind, true);
                        }
                        Cell::Bad
                    }
                }
            }
            _ => revenue,
        };
        // A debit/credit indicator beside the amount (unsigned, or signed
        // as well): in a journal the credit on a revenue account is revenue
        // and a debit there a credit note, whatever the amount's own sign;
        // on an account card (no ledger account) the debit is what was
        // invoiced, as written (a negative one is a credit note), a credit
        // is a payment or a credit note and not counted. An unreadable side
        // is not guessed.
        let mut side_skip = None;
        let revenue = match (cols.side, revenue) {
            (Some(c), Cell::Value(v)) if cols.debit.is_none() => {
                match (side_of(cell(rec, Some(c))), cols.ledger.is_some()) {
                    (Some(Side::Credit), true) => Cell::Value(v.saturating_abs()),
                    (Some(Side::Debit), true) => Cell::Value(v.saturating_abs().saturating_neg()),
                    (Some(Side::Debit), false) => Cell::Value(v),
                    (Some(Side::Credit), false) => {
                        side_skip = Some((cols.revenue, WarningKind::CreditLine));
                        Cell::Value(v)
                    }
                    (None, _) => {
                        side_skip = Some((Some(c), WarningKind::SideUnknown));
                        Cell::Value(v)
                    }
                }
            }
            _ => revenue,
        };
        if other_account {
            let c = cols.ledger;
            warnings.add(row, label(c), ledger, WarningKind::OtherAccount, true);
            rows_skipped += 1;
            other_account_rows += 1;
            return;
        }
        if not_sold {
            let c = cols.order_status;
            warnings.add(row, label(c), order_status, WarningKind::NotASale, true);
            rows_skipped += 1;
            not_sold_rows += 1;
            if let Cell::Value(c) = revenue {
                not_sold_cents = not_sold_cents.saturating_add(c);
            }
            return;
        }
        if other_currency {
            let c = cols.currency.or(cols.revenue);
            warnings.add(
                row,
                label(c),
                cell(rec, c),
                WarningKind::OtherCurrency,
                true,
            );
            rows_skipped += 1;
            other_currency_rows += 1;
            return;
        }
        if let Some((c, kind)) = side_skip {
            warnings.add(row, label(c), cell(rec, c), kind, true);
            rows_skipped += 1;
            return;
        }
        if no_customer {
            if let Cell::Value(c) = revenue {
                no_customer_rows += 1;
                no_customer_cents = no_customer_cents.saturating_add(c);
            }
            warnings.add(
                row,
                label(key_col),
                first,
                WarningKind::MissingCustomer,
                true,
            );
            rows_skipped += 1;
            return;
        }
        if matches!(revenue, Cell::Bad) {
            rows_skipped += 1;
            return;
        }
        // A refund lowers the order's revenue, to no less than 0 (a refund
        // with VAT and shipping on an amount without them). A refund that
        // is no number is said; the row counts in full.
        // What was taken off is counted once the row is used (a further line
        // of an order that repeats its total and refund is not).
        let mut refund_taken: Cents = 0;
        let revenue = match (cols.refunded, revenue) {
            (Some(c), Cell::Value(amount)) => {
                let v = cell(rec, Some(c));
                let refund = match money_cents(v, dec_refunded) {
                    Cell::Value(c) => Some(c),
                    Cell::Empty => Some(0),
                    Cell::Bad => None,
                };
                match refund {
                    Some(r) if r != 0 && amount > 0 => {
                        let net = amount.saturating_sub(r.saturating_abs()).max(0);
                        refund_taken = amount - net;
                        Cell::Value(net)
                    }
                    Some(_) => revenue,
                    None => {
                        warnings.add(row, label(Some(c)), v, WarningKind::RefundNotANumber, false);
                        revenue
                    }
                }
            }
            _ => revenue,
        };
        let mut count_refund = || {
            if refund_taken != 0 {
                refunded_rows += 1;
                refunded_cents = refunded_cents.saturating_add(refund_taken);
            }
        };
        // Profit: an amount, or a margin percentage of revenue.
        let profit: Cell<Cents> = if let Some(c) = cols.profit {
            money_cents(cell(rec, Some(c)), dec_profit)
        } else if let Some(c) = cols.margin {
            match (money(cell(rec, Some(c)), dec_profit), &revenue) {
                (Cell::Value(n), Cell::Value(rev)) => {
                    // Percent points: revenue × pct / 100; fractions: revenue × f.
                    let den: i128 = if margin_fraction {
                        1_000_000_000
                    } else {
                        100_000_000_000
                    };
                    i64::try_from(div_round(i128::from(*rev) * n.nanos(), den))
                        .map_or(Cell::Bad, Cell::Value)
                }
                (Cell::Value(_), _) | (Cell::Empty, _) => Cell::Empty,
                (Cell::Bad, _) => Cell::Bad,
            }
        } else {
            Cell::Empty
        };
        let profit_col = cols.profit.or(cols.margin);
        if matches!(profit, Cell::Bad) {
            warnings.add(
                row,
                label(profit_col),
                cell(rec, profit_col),
                WarningKind::ProfitNotANumber,
                true,
            );
            rows_skipped += 1;
            return;
        }
        let status = cell(rec, cols.status);
        let name = row_name(rec, &cols);
        let manager = cell(rec, cols.manager);
        match shape {
            DataShape::Transactions => {
                let rev = match revenue {
                    Cell::Value(c) => c,
                    _ => {
                        // A relation listed without purchases (a prospect) is registered, not warned about.
                        if !status.is_empty() && !key.is_empty() {
                            let (id, _) = interner.id(key);
                            interner.describe(id, name, status, manager);
                            rows_used += 1;
                        } else if matches!(revenue, Cell::Empty)
                            && cols.order_status.is_some()
                            && order_status.is_empty()
                        {
                            // Shopify writes an order's total and status on its
                            // first line only: the others are not missing an amount.
                            further_lines += 1;
                        } else if let Some(c) = credit_paid
                            && matches!(revenue, Cell::Empty)
                            && !cell(rec, Some(c)).is_empty()
                        {
                            let v = cell(rec, Some(c));
                            warnings.add(row, label(Some(c)), v, WarningKind::CreditLine, true);
                            rows_skipped += 1;
                        } else {
                            let col = cols.revenue.or(cols.quantity);
                            warnings.add(row, label(col), b"", WarningKind::MissingAmount, true);
                            rows_skipped += 1;
                        }
                        return;
                    }
                };
                let order = match cols.order_number {
                    Some(c) => order_key(cell(rec, Some(c))),
                    None => 0,
                };
                // A further line of an order whose total a line before counted
                // already (recorded once that line is used, below).
                if order != 0
                    && seen_orders
                        .as_ref()
                        .is_some_and(|s| s.get(&order) == Some(&rev))
                {
                    repeated_totals += 1;
                    return;
                }
                let dv = cell(rec, cols.date);
                if dv.is_empty() {
                    warnings.add(row, label(cols.date), b"", WarningKind::MissingDate, true);
                    rows_skipped += 1;
                    return;
                }
                let Some(day) = day_of(dv, date_years, |d| days.parse(d, order_date, true)) else {
                    warnings.add(row, label(cols.date), dv, WarningKind::DateNotADate, true);
                    rows_skipped += 1;
                    return;
                };
                let p = match profit {
                    Cell::Value(p) => p,
                    _ => {
                        if has_profit {
                            warnings.add(
                                row,
                                label(profit_col),
                                b"",
                                WarningKind::MissingProfit,
                                false,
                            );
                        }
                        0
                    }
                };
                if has_payments {
                    // An empty paid date is an open invoice; a cell that is no
                    // date leaves the invoice out of the payment behaviour (its
                    // due date unknown), never open.
                    let mut date_of = |c: Option<usize>, order: DateOrder| {
                        let v = cell(rec, c);
                        if v.is_empty() {
                            return Some(None);
                        }
                        let d = days.parse(v, order, true);
                        if d.is_none() {
                            warnings.add(row, label(c), v, WarningKind::PaymentDateNotADate, false);
                        }
                        d.map(Some)
                    };
                    let due = date_of(cols.due, order_due);
                    let paid = if cols.paid.is_some() {
                        date_of(cols.paid, order_paid)
                    } else {
                        // No paid date: an invoice with an amount open is
                        // open; one without was paid on a day the file does
                        // not say, counted as on its due date (on time).
                        let v = cell(rec, cols.open);
                        match money_cents(v, dec_open) {
                            Cell::Value(c) if c > 0 => Some(None),
                            Cell::Value(_) | Cell::Empty => due,
                            Cell::Bad => {
                                let kind = WarningKind::OpenAmountNotANumber;
                                warnings.add(row, label(cols.open), v, kind, false);
                                None
                            }
                        }
                    };
                    let (due, paid) = match (due, paid) {
                        (Some(d), Some(p)) => (d, p),
                        _ => (None, None),
                    };
                    tx_due.push(due);
                    tx_paid.push(paid);
                }
                let id = match carried {
                    Some(id) => {
                        filled_down += 1;
                        id
                    }
                    None => {
                        let (id, _) = interner.id_at(located, key);
                        interner.describe(id, name, status, manager);
                        // The customer of the rows below that have none.
                        if fill_down {
                            group = Some(id);
                        }
                        id
                    }
                };
                tx.customer.push(id);
                tx.day.push(day);
                tx.revenue.push(rev);
                tx_profit.push(p);
                if cols.order_number.is_some() {
                    tx_order.push(order);
                }
                if let Some(seen) = seen_orders.as_mut().filter(|_| order != 0) {
                    seen.entry(order).or_insert(rev);
                }
                count_refund();
                rows_used += 1;
            }
            DataShape::CustomerTotals => {
                // Last period's revenue: an empty cell is none (0); a bad amount is
                // unknown, not 0, and the row still counts with its revenue now (one
                // unreadable old figure must not take a customer out of the pyramid).
                let previous = match cols.previous.map(|c| (c, cell(rec, Some(c)))) {
                    None => Some(0),
                    Some((c, pv)) => match money_cents(pv, dec_previous) {
                        Cell::Value(cents) => Some(cents),
                        Cell::Empty => Some(0),
                        Cell::Bad => {
                            warnings.add(
                                row,
                                label(Some(c)),
                                pv,
                                WarningKind::AmountNotANumber,
                                false,
                            );
                            None
                        }
                    },
                };
                let lv = cell(rec, cols.last);
                let last = if lv.is_empty() {
                    None
                } else {
                    let d = days.parse(lv, order_last, true);
                    if d.is_none() {
                        warnings.add(
                            row,
                            label(cols.last),
                            lv,
                            WarningKind::LastPurchaseNotADate,
                            false,
                        );
                    }
                    d
                };
                let ov = cell(rec, cols.orders);
                let orders = if ov.is_empty() {
                    None
                } else {
                    let o = parse_number(ov, DecimalSeparator::Comma)
                        .or_else(|| parse_number(ov, DecimalSeparator::Point))
                        .and_then(|n| n.whole())
                        .and_then(|w| u32::try_from(w).ok());
                    if o.is_none() {
                        warnings.add(
                            row,
                            label(cols.orders),
                            ov,
                            WarningKind::OrderCountNotANumber,
                            false,
                        );
                    }
                    o
                };
                let (id, new) = match carried {
                    Some(id) => {
                        filled_down += 1;
                        (id, false)
                    }
                    None => {
                        let (id, new) = interner.id_at(located, key);
                        interner.describe(id, name, status, manager);
                        // The customer of the rows below that have none.
                        if fill_down {
                            group = Some(id);
                        }
                        (id, new)
                    }
                };
                let i = id as usize;
                if new {
                    totals.revenue.push(None);
                    tot_profit.push(None);
                    tot_previous.push(Some(0));
                    tot_last.push(None);
                    tot_orders.push(None);
                }
                let rev = if let Cell::Value(c) = revenue {
                    Some(c)
                } else {
                    None
                };
                let pr = if let Cell::Value(c) = profit {
                    Some(c)
                } else {
                    None
                };
                if let Some(s) = totals.revenue.get_mut(i) {
                    add_cents(s, rev);
                }
                if let Some(s) = tot_profit.get_mut(i) {
                    add_cents(s, pr);
                }
                if let Some(s) = tot_previous.get_mut(i) {
                    *s = add_known(*s, previous);
                }
                if let (Some(s), Some(d)) = (tot_last.get_mut(i), last) {
                    *s = Some(s.map_or(d, |x| x.max(d)));
                }
                if let (Some(s), Some(o)) = (tot_orders.get_mut(i), orders) {
                    *s = Some(s.map_or(o, |x| x.saturating_add(o)));
                }
                count_refund();
                rows_used += 1;
            }
        }
    };
    let mut rec = Row::new();
    // Each warning's row is kept only for the skipped rows' download. The hot
    // loop below tests this once per row rather than calling `with_cells`
    // every time (that measured 2–5% slower natively at 1M rows).
    let every = warnings.detail == WarningDetail::Every;
    for (row, r) in rows {
        rec.set_record(r);
        let listed = warnings.list.len();
        process(&mut interner, &mut warnings, *row, &rec, None);
        warnings.with_cells(listed, &rec);
    }
    if let Some(src) = src {
        let mut until_report = PROGRESS_EVERY;
        let mut batch: [(u64, Row<'_>); LOOKAHEAD] = std::array::from_fn(|_| (0, Row::new()));
        let mut early: [Option<Located>; LOOKAHEAD] = [None; LOOKAHEAD];
        loop {
            let mut n = 0;
            while n < LOOKAHEAD {
                let (row, rec) = &mut batch[n];
                match src.next_row(rec) {
                    Some(r) => *row = r,
                    None => break,
                }
                n += 1;
            }
            for ((_, rec), at) in batch[..n].iter().zip(&mut early) {
                let key = cell(rec, key_col);
                // A key of more than this cell is looked up in the row's turn.
                *at = (!key.is_empty() && cell_key).then(|| interner.map.locate(key));
            }
            for ((row, rec), at) in batch[..n].iter().zip(&early) {
                if every {
                    let listed = warnings.list.len();
                    process(&mut interner, &mut warnings, *row, rec, *at);
                    warnings.with_cells(listed, rec);
                } else {
                    process(&mut interner, &mut warnings, *row, rec, *at);
                }
                until_report -= 1;
                if until_report == 0 {
                    until_report = PROGRESS_EVERY;
                    let (done, total) = src.position();
                    progress(done, total, *row);
                }
            }
            if n < LOOKAHEAD {
                break;
            }
        }
    }
    *part = Partial {
        interner,
        warnings,
        tx,
        tx_profit,
        tx_order,
        tx_due,
        tx_paid,
        totals,
        tot_profit,
        tot_previous,
        tot_last,
        tot_orders,
        rows_read,
        rows_used,
        rows_skipped,
        no_customer_rows,
        no_customer_cents,
        not_sold_rows,
        not_sold_cents,
        other_account_rows,
        further_lines,
        refunded_rows,
        refunded_cents,
        other_currency_rows,
        group_headers,
        filled_down,
        repeated_totals,
        repeated_headers,
    };
}

/// The columns of a plain file, whose rows [`main_pass`] reads in a few
/// steps: invoice lines with a customer (one cell), a date, an amount and
/// perhaps a profit or an invoice number, and nothing that changes or
/// excludes a row (no fill down, order totals repeated on their lines, order
/// statuses, journal, currency, sides, refunds, margins or payments).
#[derive(Clone, Copy)]
struct PlainColumns {
    key: usize,
    date: usize,
    revenue: usize,
    profit: Option<usize>,
    /// The invoice or order number.
    order: Option<usize>,
    /// What rows say of a customer besides its name ([`Interner::knows`]).
    told: u8,
}

#[cfg(test)]
thread_local! {
    /// Tests: every row read the general way (to compare the two ways).
    static GENERAL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Tests: the rows read as plain rows.
    static PLAIN_ROWS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The plain file's columns, `None` for any other file (`cell_key`: a row's
/// key is its key column's cell, see [`main_pass`]).
fn plain_columns(plan: &Plan, cell_key: bool) -> Option<PlainColumns> {
    #[cfg(test)]
    if GENERAL_ONLY.get() {
        return None;
    }
    let c = &plan.cols;
    let plain = plan.shape == DataShape::Transactions
        && cell_key
        && !plan.fill_down
        && !plan.order_totals()
        && plan.currency.is_none()
        && c.margin.is_none()
        && c.order_status.is_none()
        && c.ledger.is_none()
        && c.currency.is_none()
        && c.debit.is_none()
        && c.side.is_none()
        && c.refunded.is_none()
        && !c.has_payments();
    if !plain {
        return None;
    }
    Some(PlainColumns {
        key: c.key()?,
        date: c.date?,
        revenue: c.revenue?,
        profit: c.profit,
        order: c.order_number,
        told: if c.status.is_some() { 2 } else { 0 } | if c.manager.is_some() { 4 } else { 0 },
    })
}

/// `cell` without a UTF-8 byte-order mark in front (a file put after
/// another keeps its own).
fn without_bom(cell: &[u8]) -> &[u8] {
    cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell)
}

/// Whether `rec` is the header row again, cell by cell (a byte-order mark
/// before the first ignored; missing cells are empty).
fn repeats_header(rec: &Row<'_>, header: &[Box<[u8]>]) -> bool {
    let width = rec.len().max(header.len());
    (0..width).all(|i| {
        let cell = without_bom(rec.get(i).map_or(&b""[..], clean_cell));
        let head = header.get(i).map_or(&b""[..], |h| &h[..]);
        cell == head
    })
}

/// Whether a sampled row is a totals or subtotal line (by its first
/// filled cell): it closes a customer's group in a report or a pivot table.
fn closes_group(r: &ByteRecord) -> bool {
    let first = r
        .iter()
        .map(clean_cell)
        .find(|c| !c.is_empty())
        .unwrap_or(b"");
    is_totals_text(first) || is_subtotal_text(first)
}

/// Whether the sampled rows are a report laid out per customer: at least two
/// header rows that hold the customer but no date and no amount, and every
/// dated row with an amount but without a customer below such a header
/// (before a subtotal or a row with a customer of its own closes the group).
/// A webshop's guest orders, without a customer among customers' orders,
/// are no such layout: they have no header row above them.
fn group_layout(sample: &[&ByteRecord], cols: &Cols) -> bool {
    let amount = cols.revenue.or(cols.quantity);
    let (mut headers, mut under, mut keyless) = (0u32, 0u32, 0u32);
    let mut in_group = false;
    for r in sample {
        let filled = |c: Option<usize>| !clean_cell(field(r, c)).is_empty();
        if closes_group(r) {
            in_group = false;
        } else if !no_key(&cols.sample_key(r)) {
            in_group = !filled(cols.date) && !filled(amount);
            headers += u32::from(in_group);
        } else if filled(cols.date) && filled(amount) {
            keyless += 1;
            under += u32::from(in_group);
        }
    }
    headers >= 2 && under >= 2 && under == keyless
}

/// Whether the sampled rows are a pivot table (or a list sorted by
/// customer) that names each customer on the first row of its group only,
/// the rows below it without one (Excel's default for a pivot table). Each
/// customer starts one group: in the sample no customer comes back, at
/// least two start a group, no row without a customer comes before the
/// first one, there are at least as many rows without a customer as with
/// one (two rows or more per group on average), and the dates start again
/// at a new customer (at least half the groups begin before the row above:
/// the rows are in customer order, not in date order). A webshop's guest
/// orders among its customers' orders are no such layout: its rows are in
/// date order, and customers order again.
fn pivot_layout(sample: &[&ByteRecord], cols: &Cols, day: impl Fn(&[u8]) -> Option<Day>) -> bool {
    let amount = cols.revenue.or(cols.quantity);
    let mut keys: HashSet<[&[u8]; 4], FxBuild> = HashSet::default();
    let (mut keyless, mut restarts) = (0usize, 0usize);
    let mut last_day: Option<Day> = None;
    for r in sample {
        if closes_group(r) {
            continue;
        }
        let key = cols.sample_key(r);
        let this_day = day(clean_cell(field(r, cols.date)));
        let with_amount = !clean_cell(field(r, amount)).is_empty();
        if !no_key(&key) {
            if !keys.insert(key) {
                return false;
            }
            restarts += usize::from(this_day.zip(last_day).is_some_and(|(d, l)| d < l));
        } else if this_day.is_some() && with_amount {
            if keys.is_empty() {
                return false;
            }
            keyless += 1;
        }
        last_day = this_day.or(last_day);
    }
    let groups = keys.len();
    groups >= 2 && keyless >= groups && restarts >= 1 && restarts * 2 >= groups - 1
}

/// Whether the sampled rows are a pivot table of totals broken down by a
/// second label (a year, a product group) that names each customer on the
/// first row of its group only: as [`pivot_layout`], but without dates. No
/// customer comes back, at least two start a group, no row without a
/// customer comes before the first one, there are at least as many rows
/// with an amount but without a customer as with one, and a column the
/// import does not read labels every such row with values that come back
/// under another customer ("2024" under each). A customer list with a few
/// nameless rows is no such table: they are fewer than the named ones, and
/// nothing labels them.
fn totals_pivot_layout(sample: &[&ByteRecord], cols: &Cols, roles: &[Role]) -> bool {
    let labels: Vec<usize> = (0..roles.len())
        .filter(|&c| roles[c] == Role::Ignore)
        .collect();
    let mut keys: HashSet<[&[u8]; 4], FxBuild> = HashSet::default();
    let mut keyless = 0usize;
    // Per label column: whether it labels every row without a customer, the
    // group each value was first seen in, and whether one came back later.
    let mut labelled = vec![true; labels.len()];
    let mut first_seen: Vec<HashMap<&[u8], usize>> = vec![HashMap::new(); labels.len()];
    let mut again = vec![false; labels.len()];
    for r in sample {
        if closes_group(r) {
            continue;
        }
        let key = cols.sample_key(r);
        if !no_key(&key) {
            if !keys.insert(key) {
                return false;
            }
        } else if !clean_cell(field(r, cols.revenue)).is_empty() {
            if keys.is_empty() {
                return false;
            }
            keyless += 1;
        } else {
            continue;
        }
        let group = keys.len();
        for (j, &c) in labels.iter().enumerate() {
            let value = clean_cell(field(r, Some(c)));
            if value.is_empty() {
                labelled[j] &= !no_key(&key);
                continue;
            }
            let first = *first_seen[j].entry(value).or_insert(group);
            again[j] |= first != group;
        }
    }
    let groups = keys.len();
    groups >= 2 && keyless >= groups && (0..labels.len()).any(|j| labelled[j] && again[j])
}

/// `key` in ASCII lower case (an e-mail address is one customer however it
/// is typed): itself when it has no upper case, else lowered into `buf`.
fn fold<'a>(key: &'a [u8], buf: &'a mut Vec<u8>) -> &'a [u8] {
    if !key.iter().any(u8::is_ascii_uppercase) {
        return key;
    }
    buf.clear();
    buf.extend(key.iter().map(u8::to_ascii_lowercase));
    buf
}

/// What the sample says of the lines of an order.
struct OrderLines {
    /// Some order number has more than one line with an amount: whether
    /// the amount is the order's total is worth a choice.
    several: bool,
    /// The amount column holds each order's total, written again on every
    /// line of the order (some webshop export plugins): its header names an
    /// order's total ([`names_order_total`]), and at least
    /// [`REPEATED_ORDERS`] order numbers have more than one line, every one
    /// of them with the same amount and date on all its lines. Real line
    /// amounts differ within an order (another product, another quantity);
    /// a file that shows a line's own amount has it chosen as the revenue
    /// already (a line amount beats a total).
    repeated: bool,
}

/// [`OrderLines`] of the sampled rows; the amount column is headed `amount_header`.
fn order_lines(sample: &[&ByteRecord], cols: &Cols, amount_header: &str) -> OrderLines {
    let none = OrderLines {
        several: false,
        repeated: false,
    };
    let (Some(number), Some(amount)) = (cols.order_number, cols.revenue) else {
        return none;
    };
    // Per order number: its first amount and date, its lines, and whether all agree.
    type Order<'r> = (&'r [u8], &'r [u8], u32, bool);
    let mut orders: HashMap<&[u8], Order<'_>> = HashMap::new();
    for r in sample {
        let (n, a) = (
            clean_cell(field(r, Some(number))),
            clean_cell(field(r, Some(amount))),
        );
        if n.is_empty() || a.is_empty() {
            continue;
        }
        let d = clean_cell(field(r, cols.date));
        let entry = orders.entry(n).or_insert((a, d, 0, true));
        entry.2 += 1;
        entry.3 &= entry.0 == a && entry.1 == d;
    }
    let mut multi = orders.values().filter(|(_, _, lines, _)| *lines > 1);
    let count = multi.clone().count();
    OrderLines {
        several: count > 0,
        repeated: names_order_total(amount_header)
            && count >= REPEATED_ORDERS
            && multi.all(|&(_, _, _, same)| same),
    }
}

/// How many orders of several lines [`OrderLines::repeated`] needs.
const REPEATED_ORDERS: usize = 3;

/// The most common of `codes` (the first seen of equals); `None` when there
/// are none.
fn main_currency(codes: impl Iterator<Item = [u8; 3]>) -> Option<[u8; 3]> {
    let mut seen: Vec<([u8; 3], usize)> = Vec::new();
    for code in codes {
        match seen.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => seen.push((code, 1)),
        }
    }
    // `max_by_key` keeps the last of equals: the first seen wins from the back.
    seen.into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(c, _)| c)
}

/// An order number as a key: a hash of its text (and length). Two numbers
/// of one customer share a key by chance about once in 2⁶⁴ pairs; an empty
/// cell is 0, which counts as an order of its own on every line.
fn order_key(number: &[u8]) -> u64 {
    use std::hash::Hasher;
    if number.is_empty() {
        return 0;
    }
    let mut h = super::hash::FxHasher::default();
    h.write(number);
    h.write_usize(number.len());
    h.finish().max(1)
}

/// How many different values of a column the report shows.
const EXAMPLES: usize = 3;
/// Characters of an example shown; a longer one is cut with "…".
const EXAMPLE_CHARS: usize = 24;

/// A column's first [`EXAMPLES`] different non-empty values, shortened.
fn examples_of<'c>(cells: impl Iterator<Item = &'c [u8]>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(EXAMPLES);
    for cell in cells {
        let cell = clean_cell(cell);
        if cell.is_empty() {
            continue;
        }
        let text = String::from_utf8_lossy(cell);
        let mut shown: String = text.chars().take(EXAMPLE_CHARS).collect();
        if text.chars().nth(EXAMPLE_CHARS).is_some() {
            shown.push('…');
        }
        if !out.contains(&shown) {
            out.push(shown);
            if out.len() == EXAMPLES {
                break;
            }
        }
    }
    out
}

/// The report of a workbook's sheet that holds no table: its facts and
/// the sheets, no columns.
pub fn sheets_report(meta: Meta) -> ImportReport {
    columns_only_report(meta, None, Vec::new(), DataShape::Transactions)
}

/// The report of a file whose columns gave no customer or no amount: the
/// file's facts and its columns, nothing read. (A read file's report is
/// this with what was read.)
fn columns_only_report(
    meta: Meta,
    header_row: Option<u64>,
    columns: Vec<ColumnReport>,
    shape: DataShape,
) -> ImportReport {
    ImportReport {
        file_kind: meta.file_kind,
        encoding: meta.encoding,
        delimiter: meta.delimiter,
        delimiter_from_sep_line: meta.sep_line,
        header_row,
        sheets: meta.sheets,
        sheet: meta.sheet,
        sheets_passed: Vec::new(),
        decimals: Vec::new(),
        date_order: None,
        date_order_ambiguous: false,
        date_order_reason: None,
        dates: Vec::new(),
        columns,
        shape,
        rows_read: 0,
        rows_used: 0,
        rows_skipped: 0,
        rows_without_customer: 0,
        cents_without_customer: 0,
        rows_not_sold: 0,
        cents_not_sold: 0,
        rows_other_account: 0,
        ledger_by_name: false,
        revenue_negated: false,
        rows_further_lines: 0,
        rows_refunded: 0,
        cents_refunded: 0,
        currency: None,
        rows_other_currency: 0,
        rows_group_headers: 0,
        rows_filled_down: 0,
        order_totals: None,
        rows_repeated_totals: 0,
        rows_repeated_headers: 0,
        fill_down: false,
        warnings: Vec::new(),
        warning_counts: Vec::new(),
    }
}

/// Step 6: the dataset and the report.
pub fn finish(plan: Plan, part: Partial) -> Result<Imported, ImportError> {
    let Plan {
        meta,
        cols,
        shape,
        columns,
        decimals,
        dates,
        header_row,
        currency,
        order_totals,
        fill_down,
        ..
    } = plan;
    let Partial {
        interner,
        warnings,
        mut tx,
        tx_profit,
        tx_order,
        tx_due,
        tx_paid,
        mut totals,
        tot_profit,
        tot_previous,
        tot_last,
        tot_orders,
        rows_read,
        rows_used,
        rows_skipped,
        no_customer_rows,
        mut no_customer_cents,
        not_sold_rows,
        mut not_sold_cents,
        other_account_rows,
        further_lines,
        refunded_rows,
        refunded_cents,
        other_currency_rows,
        group_headers,
        filled_down,
        repeated_totals,
        repeated_headers,
    } = part;
    // A journal with one signed amount (Exact's "Bedrag": debit positive,
    // credit negative): its revenue lines, summed, are negative, and are
    // turned round. Decided on the whole file, so a journal sorted by
    // account is read the same.
    let revenue_negated = shape == DataShape::Transactions
        && cols.ledger.is_some()
        && cols.debit.is_none()
        && cols.side.is_none()
        && tx.revenue.iter().map(|&v| i128::from(v)).sum::<i128>() < 0;
    if revenue_negated {
        for v in &mut tx.revenue {
            *v = v.saturating_neg();
        }
        no_customer_cents = no_customer_cents.saturating_neg();
        not_sold_cents = not_sold_cents.saturating_neg();
    }
    let has_profit = cols.has_profit();
    let profit_source = match (cols.profit, cols.margin) {
        (Some(_), _) => ProfitSource::Amount,
        (None, Some(_)) => ProfitSource::MarginPercent,
        _ => ProfitSource::None,
    };
    let facts = match shape {
        DataShape::Transactions => {
            tx.profit = has_profit.then_some(tx_profit);
            tx.orders = cols
                .order_number
                .map(|_| order_starts(&tx.customer, &tx.day, &tx.revenue, &tx_order));
            tx.payments = cols.has_payments().then_some(Payments {
                due: tx_due,
                paid: tx_paid,
            });
            Facts::Transactions(tx)
        }
        DataShape::CustomerTotals => {
            totals.profit = has_profit.then_some(tot_profit);
            totals.previous_revenue = cols.previous.map(|_| tot_previous);
            totals.last_purchase = cols.last.map(|_| tot_last);
            totals.orders = cols.orders.map(|_| tot_orders);
            Facts::Totals(totals)
        }
    };
    let mut counts: Vec<WarningCount> = warnings
        .counts
        .into_iter()
        .map(|(kind, count)| WarningCount { kind, count })
        .collect();
    counts.sort_by_key(|c| c.kind);
    let main_date = dates.first().cloned();
    let report = ImportReport {
        decimals,
        date_order: main_date.as_ref().map(|d| d.order),
        date_order_ambiguous: main_date.as_ref().is_some_and(|d| d.ambiguous),
        date_order_reason: main_date.map(|d| d.reason),
        dates,
        rows_read,
        rows_used,
        rows_skipped,
        rows_without_customer: no_customer_rows,
        cents_without_customer: no_customer_cents,
        rows_not_sold: not_sold_rows,
        cents_not_sold: not_sold_cents,
        rows_other_account: other_account_rows,
        ledger_by_name: plan.ledger_by_name,
        revenue_negated,
        rows_further_lines: further_lines,
        rows_refunded: refunded_rows,
        cents_refunded: refunded_cents,
        currency: currency.map(|c| String::from_utf8_lossy(&c).into_owned()),
        rows_other_currency: other_currency_rows,
        rows_group_headers: group_headers,
        rows_filled_down: filled_down,
        order_totals,
        rows_repeated_totals: repeated_totals,
        rows_repeated_headers: repeated_headers,
        fill_down,
        warnings: warnings.list,
        warning_counts: counts,
        ..columns_only_report(meta, header_row, columns, shape)
    };
    if interner.customers.is_empty() {
        return Err(ImportError::NothingUsable {
            report: Box::new(report),
        });
    }
    let dataset = Dataset {
        customers: interner.customers,
        account_managers: interner.managers.into_iter().map(Arc::from).collect(),
        facts,
        profit_source,
    };
    Ok(Imported { dataset, report })
}

impl Interner {
    /// Takes over a customer of a later part (`flags`: which of name and
    /// status that part settled), keeping what this part settled first. Its
    /// account manager is set apart, by [`Interner::give_manager`]. `None`
    /// when a text is not UTF-8 (it came from a text that was).
    fn adopt(
        &mut self,
        key: &[u8],
        name: &[u8],
        status: DeclaredStatus,
        flags: u8,
    ) -> Option<CustomerId> {
        let text = |b: &[u8]| std::str::from_utf8(b).ok().map(str::to_owned);
        let (id, new) = self.map.intern(key);
        let i = id as usize;
        if new {
            let key: Arc<str> = text(key)?.into();
            self.settled.push(0);
            self.customers.push(Customer {
                name: key.clone(),
                key,
                status: DeclaredStatus::Unknown,
                account_manager: None,
            });
        }
        let own = self.settled.get_mut(i)?;
        let mine = self.customers.get_mut(i)?;
        // A company's name replaces a person's, as in one pass.
        let named = *own & 1 != 0 && (*own & 8 == 0 || flags & 8 != 0);
        if !named && flags & 1 != 0 {
            *own = (*own | 1) & !8 | (flags & 8);
            mine.name = text(name)?.into();
        }
        if *own & 2 == 0 && flags & 2 != 0 {
            *own |= 2;
            mine.status = status;
        }
        Some(id)
    }

    /// Gives customer `id` the account manager `name`, unless it has one.
    fn give_manager(&mut self, id: CustomerId, name: &[u8]) {
        self.describe(id, RowName::NONE, b"", name);
    }
}

impl Partial {
    /// Makes room for `n` more transactions.
    pub fn reserve(&mut self, n: usize) {
        self.tx.customer.reserve(n);
        self.tx.day.reserve(n);
        self.tx.revenue.reserve(n);
        if !self.tx_profit.is_empty() {
            self.tx_profit.reserve(n);
        }
        if !self.tx_order.is_empty() {
            self.tx_order.reserve(n);
        }
        if !self.tx_due.is_empty() {
            self.tx_due.reserve(n);
            self.tx_paid.reserve(n);
        }
    }

    /// The part as bytes, to cross from one worker to another (read back by
    /// [`Partial::append_encoded`]), written into `room` (cleared first):
    /// memory that is in use already (the part's text once its rows are
    /// read) is written faster than fresh memory.
    pub fn encode_into(&self, mut room: Vec<u8>) -> Vec<u8> {
        let i = &self.interner;
        let columns = self.tx.len() * 24 + self.totals.revenue.len() * 40;
        room.clear();
        room.reserve(i.customers.len() * 48 + columns);
        let mut o = codec::Out(room);
        o.bytes(&i.settled);
        for c in &i.customers {
            o.bytes(c.key.as_bytes());
            o.bytes(c.name.as_bytes());
            o.u8(c.status as u8);
            o.u32(c.account_manager.unwrap_or(u32::MAX));
        }
        o.len(i.managers.len());
        for m in &i.managers {
            o.bytes(m.as_bytes());
        }
        o.u32s(&i.manager_order);
        o.len(self.warnings.list.len());
        for w in &self.warnings.list {
            o.u64(w.row);
            match &w.column {
                Some(c) => {
                    o.u8(1);
                    o.bytes(c.as_bytes());
                }
                None => o.u8(0),
            }
            o.bytes(w.value.as_bytes());
            o.u8(w.kind as u8);
            o.u8(u8::from(w.skipped));
        }
        let mut counts: Vec<(WarningKind, u64)> =
            self.warnings.counts.iter().map(|(&k, &n)| (k, n)).collect();
        counts.sort_unstable();
        o.len(counts.len());
        for (kind, n) in counts {
            o.u8(kind as u8);
            o.u64(n);
        }
        o.u32s(&self.tx.customer);
        o.i32s(&self.tx.day);
        o.i64s(&self.tx.revenue);
        o.i64s(&self.tx_profit);
        o.u64s(&self.tx_order);
        o.options(&self.tx_due, |o, v| o.i32(v));
        o.options(&self.tx_paid, |o, v| o.i32(v));
        o.options(&self.totals.revenue, |o, v| o.i64(v));
        o.options(&self.tot_profit, |o, v| o.i64(v));
        o.options(&self.tot_previous, |o, v| o.i64(v));
        o.options(&self.tot_last, |o, v| o.i32(v));
        o.options(&self.tot_orders, |o, v| o.u32(v));
        for n in [
            self.rows_read,
            self.rows_used,
            self.rows_skipped,
            self.no_customer_rows,
            self.not_sold_rows,
            self.further_lines,
            self.refunded_rows,
            self.other_currency_rows,
            self.group_headers,
            self.filled_down,
            self.repeated_totals,
            self.repeated_headers,
            self.other_account_rows,
        ] {
            o.u64(n);
        }
        o.i64(self.no_customer_cents);
        o.i64(self.not_sold_cents);
        o.i64(self.refunded_cents);
        o.0
    }

    /// Appends a part in its byte form ([`Partial::encode_into`]): the main pass
    /// over the rows right after this part's, whose row numbers count from
    /// `line_offset` lines on. The result equals one pass over both parts'
    /// rows. Read in place: only customers new to this part are allocated.
    /// `None` when the bytes are not such a part; this part is then unusable.
    pub fn append_encoded(&mut self, bytes: &[u8], line_offset: u64) -> Option<()> {
        let mut r = codec::In(bytes);
        let settled = r.bytes()?;
        // Customers, in their first-sight order; their account managers later.
        let mut ids = Vec::with_capacity(settled.len());
        let mut managers_of = Vec::with_capacity(settled.len());
        for &flags in settled {
            let key = r.bytes()?;
            let name = r.bytes()?;
            let status = *STATUSES.get(usize::from(r.u8()?))?;
            let m = r.u32()?;
            ids.push(self.interner.adopt(key, name, status, flags)?);
            managers_of.push((m != u32::MAX).then_some(m));
        }
        let mut managers = Vec::new();
        for _ in 0..r.len()? {
            managers.push(r.bytes()?);
        }
        // Managers in the order the later part gave them to customers: the
        // customers this part already gave one are skipped, as one pass would.
        for cb in r.u32s()? {
            let cb = cb as usize;
            let m = managers_of.get(cb).copied().flatten();
            let name = m.and_then(|m| managers.get(m as usize))?;
            self.interner.give_manager(*ids.get(cb)?, name);
        }
        // Warnings: this part's first, then the later part's, up to the cap.
        for _ in 0..r.len()? {
            let row = r.u64()? + line_offset;
            let column = match r.u8()? {
                0 => None,
                _ => Some(r.string()?),
            };
            let value = r.string()?;
            let kind = *WarningKind::ALL.get(usize::from(r.u8()?))?;
            let skipped = r.u8()? != 0;
            if self.warnings.list.len() < WARNING_CAP {
                self.warnings.list.push(Warning {
                    row,
                    column,
                    value,
                    kind,
                    skipped,
                    cells: None,
                });
            }
        }
        for _ in 0..r.len()? {
            let kind = *WarningKind::ALL.get(usize::from(r.u8()?))?;
            *self.warnings.counts.entry(kind).or_insert(0) += r.u64()?;
        }
        // Transactions, with the customers' ids of this part.
        let customers = r.array::<4>()?;
        let days = r.array::<4>()?;
        let revenue = r.array::<8>()?;
        let profit = r.array::<8>()?;
        let n = customers.len() / 4;
        if days.len() / 4 != n || revenue.len() / 8 != n {
            return None;
        }
        self.reserve(n);
        for c in customers.chunks_exact(4) {
            let c = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize;
            self.tx.customer.push(*ids.get(c)?);
        }
        self.tx.day.extend(
            days.chunks_exact(4)
                .map(|d| i32::from_le_bytes([d[0], d[1], d[2], d[3]])),
        );
        fn i64s(b: &[u8]) -> impl Iterator<Item = i64> + '_ {
            b.chunks_exact(8).map(|v| {
                let mut a = [0u8; 8];
                a.copy_from_slice(v);
                i64::from_le_bytes(a)
            })
        }
        self.tx.revenue.extend(i64s(revenue));
        self.tx_profit.extend(i64s(profit));
        let order = r.array::<8>()?;
        if !order.is_empty() && order.len() / 8 != n {
            return None;
        }
        self.tx_order.extend(i64s(order).map(|k| k as u64));
        let due = r.options(|r| r.i32())?;
        let paid = r.options(|r| r.i32())?;
        if due.len() != paid.len() || (!due.is_empty() && due.len() != n) {
            return None;
        }
        self.tx_due.extend(due);
        self.tx_paid.extend(paid);
        // Customer totals: one slot per customer, new ones appended in order.
        let revenue = r.options(|r| r.i64())?;
        let profit = r.options(|r| r.i64())?;
        let previous = r.options(|r| r.i64())?;
        let last = r.options(|r| r.i32())?;
        let orders = r.options(|r| r.u32())?;
        if !revenue.is_empty() {
            let n = self.interner.customers.len();
            self.totals.revenue.resize(n, None);
            self.tot_profit.resize(n, None);
            self.tot_previous.resize(n, Some(0));
            self.tot_last.resize(n, None);
            self.tot_orders.resize(n, None);
            for (cb, &id) in ids.iter().enumerate() {
                let i = id as usize;
                add_cents(
                    self.totals.revenue.get_mut(i)?,
                    revenue.get(cb).copied().flatten(),
                );
                add_cents(
                    self.tot_profit.get_mut(i)?,
                    profit.get(cb).copied().flatten(),
                );
                let total = self.tot_previous.get_mut(i)?;
                *total = add_known(*total, previous.get(cb).copied().flatten());
                if let (Some(s), Some(d)) =
                    (self.tot_last.get_mut(i), last.get(cb).copied().flatten())
                {
                    *s = Some(s.map_or(d, |x| x.max(d)));
                }
                if let (Some(s), Some(o)) = (
                    self.tot_orders.get_mut(i),
                    orders.get(cb).copied().flatten(),
                ) {
                    *s = Some(s.map_or(o, |x| x.saturating_add(o)));
                }
            }
        }
        self.rows_read += r.u64()?;
        self.rows_used += r.u64()?;
        self.rows_skipped += r.u64()?;
        self.no_customer_rows += r.u64()?;
        self.not_sold_rows += r.u64()?;
        self.further_lines += r.u64()?;
        self.refunded_rows += r.u64()?;
        self.other_currency_rows += r.u64()?;
        self.group_headers += r.u64()?;
        self.filled_down += r.u64()?;
        self.repeated_totals += r.u64()?;
        self.repeated_headers += r.u64()?;
        self.other_account_rows += r.u64()?;
        self.no_customer_cents = self.no_customer_cents.saturating_add(r.i64()?);
        self.not_sold_cents = self.not_sold_cents.saturating_add(r.i64()?);
        self.refunded_cents = self.refunded_cents.saturating_add(r.i64()?);
        r.0.is_empty().then_some(())
    }
}

/// [`DeclaredStatus`] by its index in the byte form.
const STATUSES: [DeclaredStatus; 5] = [
    DeclaredStatus::Unknown,
    DeclaredStatus::Suspect,
    DeclaredStatus::Prospect,
    DeclaredStatus::Customer,
    DeclaredStatus::Inactive,
];

/// A little-endian byte format for [`Partial`]: lengths as `u32`, strings and
/// byte strings length-first, columns as arrays.
mod codec {
    #[derive(Default)]
    pub struct Out(pub Vec<u8>);

    impl Out {
        pub fn u8(&mut self, v: u8) {
            self.0.push(v);
        }
        pub fn u32(&mut self, v: u32) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        pub fn i32(&mut self, v: i32) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        pub fn u64(&mut self, v: u64) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        pub fn i64(&mut self, v: i64) {
            self.0.extend_from_slice(&v.to_le_bytes());
        }
        pub fn len(&mut self, n: usize) {
            // A part of a file ≤ 1 GiB has fewer than 2³² of anything.
            self.u32(u32::try_from(n).unwrap_or(u32::MAX));
        }
        pub fn bytes(&mut self, b: &[u8]) {
            self.len(b.len());
            self.0.extend_from_slice(b);
        }
        pub fn u32s(&mut self, v: &[u32]) {
            self.len(v.len());
            self.0.reserve(v.len() * 4);
            v.iter().for_each(|&x| self.u32(x));
        }
        pub fn i32s(&mut self, v: &[i32]) {
            self.len(v.len());
            self.0.reserve(v.len() * 4);
            v.iter().for_each(|&x| self.i32(x));
        }
        pub fn i64s(&mut self, v: &[i64]) {
            self.len(v.len());
            self.0.reserve(v.len() * 8);
            v.iter().for_each(|&x| self.i64(x));
        }
        pub fn u64s(&mut self, v: &[u64]) {
            self.len(v.len());
            self.0.reserve(v.len() * 8);
            v.iter().for_each(|&x| self.u64(x));
        }
        pub fn options<T: Copy>(&mut self, v: &[Option<T>], mut put: impl FnMut(&mut Self, T)) {
            self.len(v.len());
            for x in v {
                match *x {
                    Some(x) => {
                        self.u8(1);
                        put(self, x);
                    }
                    None => self.u8(0),
                }
            }
        }
    }

    pub struct In<'a>(pub &'a [u8]);

    impl<'a> In<'a> {
        fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
            let (head, rest) = self.0.split_first_chunk::<N>()?;
            self.0 = rest;
            Some(*head)
        }
        pub fn u8(&mut self) -> Option<u8> {
            self.take::<1>().map(|[b]| b)
        }
        pub fn u32(&mut self) -> Option<u32> {
            self.take().map(u32::from_le_bytes)
        }
        pub fn i32(&mut self) -> Option<i32> {
            self.take().map(i32::from_le_bytes)
        }
        pub fn u64(&mut self) -> Option<u64> {
            self.take().map(u64::from_le_bytes)
        }
        pub fn i64(&mut self) -> Option<i64> {
            self.take().map(i64::from_le_bytes)
        }
        pub fn len(&mut self) -> Option<usize> {
            self.u32().map(|n| n as usize)
        }
        pub fn bytes(&mut self) -> Option<&'a [u8]> {
            let n = self.len()?;
            if n > self.0.len() {
                return None;
            }
            let (b, rest) = self.0.split_at(n);
            self.0 = rest;
            Some(b)
        }
        pub fn string(&mut self) -> Option<String> {
            String::from_utf8(self.bytes()?.to_vec()).ok()
        }
        /// An array's bytes (`N` per item), in place.
        pub fn array<const N: usize>(&mut self) -> Option<&'a [u8]> {
            let n = self.len()?;
            let b = self.0.get(..n.checked_mul(N)?)?;
            self.0 = &self.0[b.len()..];
            Some(b)
        }
        fn array_of<const N: usize, T>(&mut self, f: fn([u8; N]) -> T) -> Option<Vec<T>> {
            let n = self.len()?;
            let b = self.0.get(..n.checked_mul(N)?)?;
            self.0 = &self.0[b.len()..];
            Some(
                b.chunks_exact(N)
                    .map(|c| {
                        let mut a = [0u8; N];
                        a.copy_from_slice(c);
                        f(a)
                    })
                    .collect(),
            )
        }
        pub fn u32s(&mut self) -> Option<Vec<u32>> {
            self.array_of(u32::from_le_bytes)
        }
        pub fn options<T>(
            &mut self,
            mut get: impl FnMut(&mut Self) -> Option<T>,
        ) -> Option<Vec<Option<T>>> {
            let n = self.len()?;
            let mut v = Vec::with_capacity(n.min(self.0.len()));
            for _ in 0..n {
                v.push(match self.u8()? {
                    0 => None,
                    _ => Some(get(self)?),
                });
            }
            Some(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::import::{ImportError, import};

    /// [`declared_status`] as first written: the cell decoded and lower-cased
    /// into a new string (its fast path must read every cell the same).
    fn reference(v: &[u8]) -> DeclaredStatus {
        status_of(String::from_utf8_lossy(trim(v)).to_lowercase().trim())
    }

    proptest::proptest! {
        #[test]
        fn status_reads_as_the_lower_cased_text(
            text in "[ \\t]{0,2}(Klant|LEAD|Prospect x|Former Customer|Lost|İnactief|SUSPECT|Ex-Klant|Actieve klant|[a-zA-Zé \\-]{0,8}|[a-z]{60,70})[ \\t\\u{a0}]{0,2}",
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
        ) {
            proptest::prop_assert_eq!(declared_status(text.as_bytes()), reference(text.as_bytes()));
            proptest::prop_assert_eq!(declared_status(&bytes), reference(&bytes));
        }
    }

    /// A cell of a generated plain file: what a row of such a file holds,
    /// and what the plain rows' way must leave to the general one.
    fn plain_cell(column: &'static str) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let odd = prop_oneof![
            Just(String::new()),
            Just(" ".to_string()),
            Just("Totaal".to_string()),
            Just("Grand total:".to_string()),
            Just("Subtotaal".to_string()),
            Just("Pagina 1 van 3".to_string()),
            Just("\"a;b\"\"c\"".to_string()),
            Just("=\"0042\"".to_string()),
            Just("'0042".to_string()),
            Just(column.to_string()),
            Just(format!("\u{feff}{column}")),
            "[a-zA-Z0-9 ,.€-]{1,8}",
        ];
        let usual: BoxedStrategy<String> = match column {
            "Klantnummer" => (0u32..12).prop_map(|n| format!("K{n:03}")).boxed(),
            "Klantnaam" => (0u32..12).prop_map(|n| format!("Klant {n} B.V.")).boxed(),
            "Factuurnummer" => (0u32..30).prop_map(|n| format!("F{n}")).boxed(),
            // A person's name, the name of a row without a company name.
            "Voornaam" => prop_oneof![Just("Anna"), Just("Piet")]
                .prop_map(String::from)
                .boxed(),
            "Achternaam" => prop_oneof![Just("Jansen"), Just("de Vries")]
                .prop_map(String::from)
                .boxed(),
            "Factuurdatum" => prop_oneof![
                12 => (1u32..=28, 1u32..=12).prop_map(|(d, m)| format!("{d:02}-{m:02}-2025")),
                1 => Just("31-02-2025".to_string()),
                1 => Just("2025-03-04".to_string()),
                1 => Just("45000".to_string()),
                1 => Just("ooit".to_string()),
            ]
            .boxed(),
            "Status" => prop_oneof![Just("klant"), Just("prospect"), Just("")]
                .prop_map(String::from)
                .boxed(),
            "Accountmanager" => prop_oneof![Just("Anna"), Just("Bram"), Just("")]
                .prop_map(String::from)
                .boxed(),
            _ => prop_oneof![
                // Rare enough that most files are plain: an amount with a
                // currency sign makes the file's rows say their currency.
                90 => (-50_000i64..5_000_000).prop_map(|c| {
                    let sign = if c < 0 { "-" } else { "" };
                    format!("{sign}{},{:02}", c.abs() / 100, c.abs() % 100)
                }),
                1 => Just("1.234,56".to_string()),
                1 => Just("€ 12,50".to_string()),
                1 => Just("twaalf".to_string()),
                1 => Just("12.50".to_string()),
            ]
            .boxed(),
        };
        prop_oneof![24 => usual, 1 => odd]
    }

    /// A plain file: a header of some of these columns in any order, then
    /// rows of usual and odd cells, blank lines and one-cell notes.
    fn plain_file() -> impl proptest::strategy::Strategy<Value = (Vec<&'static str>, Vec<u8>)> {
        use proptest::prelude::*;
        const COLUMNS: [&str; 10] = [
            "Factuurnummer",
            "Klantnummer",
            "Klantnaam",
            "Voornaam",
            "Achternaam",
            "Factuurdatum",
            "Bedrag excl. btw",
            "Winst",
            "Status",
            "Accountmanager",
        ];
        // Always a date, an amount and a customer (its number, its name or both;
        // a person's name besides).
        (
            proptest::sample::subsequence(&COLUMNS[..], 3..=COLUMNS.len()),
            Just(()),
        )
            .prop_filter("a date, an amount and a customer", |(c, ())| {
                c.contains(&"Factuurdatum")
                    && c.contains(&"Bedrag excl. btw")
                    && (c.contains(&"Klantnummer") || c.contains(&"Klantnaam"))
            })
            .prop_map(|(c, ())| c)
            .prop_shuffle()
            .prop_flat_map(|columns| {
                let row = columns
                    .iter()
                    .map(|&c| plain_cell(c))
                    .collect::<Vec<_>>()
                    .prop_map(|cells| cells.join(";"));
                let line = prop_oneof![
                    12 => row,
                    1 => Just(String::new()),
                    1 => Just("Opmerking: afgedrukt op 1-1-2026".to_string()),
                ];
                (Just(columns), proptest::collection::vec(line, 1..60))
            })
            .prop_map(|(columns, lines)| {
                let mut text = columns.join(";");
                for l in lines {
                    text.push('\n');
                    text.push_str(&l);
                }
                (columns, text.into_bytes())
            })
    }

    /// Imports `bytes` with the plain rows' way or without it; the rows it took.
    fn import_plain(bytes: &[u8], general_only: bool) -> (Result<Imported, ImportError>, u64) {
        GENERAL_ONLY.set(general_only);
        PLAIN_ROWS.set(0);
        let imported = import(bytes, "plain.csv", &ImportOptions::default());
        GENERAL_ONLY.set(false);
        (imported, PLAIN_ROWS.get())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// A plain file reads the same with the plain rows' way as without:
        /// customers, transactions, warnings with their rows, every count.
        #[test]
        fn plain_rows_read_as_the_general_way_reads_them((columns, bytes) in plain_file()) {
            let (fast, plain_rows) = import_plain(&bytes, false);
            let (general, none) = import_plain(&bytes, true);
            proptest::prop_assert_eq!(none, 0);
            proptest::prop_assert_eq!(&fast, &general, "{:?}\n{}", columns, String::from_utf8_lossy(&bytes));
            // The plain way takes only rows that are used (the case test
            // below counts which).
            if let Ok(imported) = &fast {
                proptest::prop_assert!(plain_rows <= imported.report.rows_used);
            }
        }
    }

    #[test]
    fn the_plain_rows_way_takes_usual_rows_and_leaves_the_rest() {
        let text = "Klantnummer;Klantnaam;Factuurdatum;Bedrag excl. btw;Winst\n\
                    K001;Bakkerij;03-01-2025;12,50;2,00\n\
                    K002;Slagerij;04-01-2025;1.234,56;-3,00\n\
                    Totaal;;;1.247,06;\n\
                    K003;Kapper;05-01-2025;twaalf;1,00\n\
                    K001;Bakkerij;06-01-2025;7,00;\n\
                    Klantnummer;Klantnaam;Factuurdatum;Bedrag excl. btw;Winst\n\
                    K004;Fietsen;31-02-2025;5,00;1,00\n\
                    K002;Slagerij;07-01-2025;8,00;0,50\n";
        let (fast, plain_rows) = import_plain(text.as_bytes(), false);
        let (general, _) = import_plain(text.as_bytes(), true);
        assert_eq!(fast, general);
        let report = &fast.expect("the file imports").report;
        // The three usual rows; the totals line, the amount that is no
        // number, the missing profit (used, with a notice), the header again
        // and the impossible date went the general way, and each says so there.
        assert_eq!(plain_rows, 3);
        assert_eq!(report.rows_used, 4);
        assert_eq!(report.rows_skipped, 3);
    }

    #[test]
    fn statuses_are_read_in_any_case_and_padding() {
        assert_eq!(declared_status(b"  Klant "), DeclaredStatus::Customer);
        assert_eq!(declared_status(b"LEAD"), DeclaredStatus::Prospect);
        assert_eq!(
            declared_status(b"Former Customer"),
            DeclaredStatus::Inactive
        );
        assert_eq!(
            declared_status("Interessé".as_bytes()),
            DeclaredStatus::Prospect
        );
        assert_eq!(
            declared_status(b"Slagerij Jansen BV"),
            DeclaredStatus::Unknown
        );
    }
}
