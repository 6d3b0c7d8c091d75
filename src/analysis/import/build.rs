//! From rows to the dataset: sampling, the per-column decisions (roles,
//! decimal separator, date order, shape) and the single main pass.
//!
//! The first rows are buffered (header scan + a sample of data rows) and
//! decisions are made on them. When a decimal separator or date order is
//! still ambiguous after the sample and the file is longer, one extra pass
//! looks at just those columns over the rest of the file (stopping as soon
//! as a value settles it). Then the main pass reads every row once: no
//! String per field, customer keys interned through a byte-keyed hash map.

use std::collections::HashMap;

use csv::ByteRecord;

use super::columns::{ColumnStats, detect, normalise_header, us_looking_headers};
use super::date::{DateEvidence, DayCache, date_evidence};
use super::hash::{FxBuild, KeyInterner, Located};
use super::number::{
    DecimalEvidence, Number, clean_cell, decimal_evidence, div_round, parse_number, trim,
};
use super::report::{
    ColumnReport, DataShape, DateOrderReason, DateReport, DecimalReport, FileKind, ImportError,
    ImportReport, Reason, WARNING_CAP, Warning, WarningCount, WarningKind,
};
use super::table::{Row, Source, find_header, is_blank};
use super::{DateOrder, DecimalSeparator, ImportOptions, Imported, Role};
use crate::analysis::calendar::Day;
use crate::analysis::dataset::{
    Cents, Customer, CustomerId, CustomerTotals, Dataset, DeclaredStatus, Facts, ProfitSource,
    Transactions,
};

/// Rows scanned for the header.
const HEADER_SCAN: usize = 50;
/// Data rows sampled for role and format decisions.
const SAMPLE: usize = 1000;

/// What the reader already knows about the input.
pub struct Meta {
    pub file_kind: FileKind,
    pub encoding: String,
    pub delimiter: Option<char>,
    pub sep_line: bool,
    pub sheets: Vec<String>,
    pub sheet: Option<usize>,
}

/// Which column has which role (first column wins when the user gives a role twice).
#[derive(Default, Clone, Copy)]
struct Cols {
    id: Option<usize>,
    name: Option<usize>,
    /// A second name column ("Last Name" after "First Name"), joined with a space.
    name2: Option<usize>,
    date: Option<usize>,
    revenue: Option<usize>,
    profit: Option<usize>,
    margin: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    status: Option<usize>,
    last: Option<usize>,
    orders: Option<usize>,
    manager: Option<usize>,
}

impl Cols {
    fn from_roles(roles: &[Role]) -> Self {
        let mut c = Cols::default();
        for (i, r) in roles.iter().enumerate() {
            let slot = match r {
                Role::Ignore => continue,
                Role::CustomerId => &mut c.id,
                Role::CustomerName => &mut c.name,
                Role::Date => &mut c.date,
                Role::Revenue => &mut c.revenue,
                Role::Profit => &mut c.profit,
                Role::MarginPercent => &mut c.margin,
                Role::Quantity => &mut c.quantity,
                Role::UnitPrice => &mut c.price,
                Role::Status => &mut c.status,
                Role::LastPurchase => &mut c.last,
                Role::OrderCount => &mut c.orders,
                Role::AccountManager => &mut c.manager,
            };
            if slot.is_none() {
                *slot = Some(i);
            } else if *r == Role::CustomerName && c.name2.is_none() {
                c.name2 = Some(i);
            }
        }
        c
    }

    fn key(&self) -> Option<usize> {
        self.id.or(self.name)
    }
}

fn field(rec: &ByteRecord, col: Option<usize>) -> &[u8] {
    col.and_then(|c| rec.get(c)).map_or(&b""[..], clean_cell)
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

/// Maps a status cell to what it declares.
pub fn declared_status(v: &[u8]) -> DeclaredStatus {
    let s = String::from_utf8_lossy(trim(v)).to_lowercase();
    let s = s.trim();
    const PROSPECT: &[&str] = &[
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
        "inactief",
        "inactive",
        "debiteur",
        "bestaande klant",
        "oud-klant",
        "oud klant",
        "ex-klant",
        "former customer",
        "kunde",
        "client",
        "evangelist",
        "vaste klant",
        "nieuwe klant",
        "new customer",
        "won",
        "closed won",
        "actieve klant",
        "inactieve klant",
    ];
    if PROSPECT.contains(&s) || s.starts_with("prospect") || s.starts_with("lead") {
        DeclaredStatus::Prospect
    } else if SUSPECT.contains(&s) || s.starts_with("suspect") {
        DeclaredStatus::Suspect
    } else if CUSTOMER.contains(&s) || s.starts_with("klant") || s.starts_with("customer") {
        DeclaredStatus::Customer
    } else {
        DeclaredStatus::Unknown
    }
}

/// Totals lines: "Totaal", "Total:", "Grand Totals (312 records)", "Eindtotaal".
fn is_totals_text(v: &[u8]) -> bool {
    // Cheap rejection first: this runs on every row.
    match v.first() {
        Some(c) if matches!(c | 0x20, b't' | b'g' | b'e' | b's') && v.len() < 60 => {}
        _ => return false,
    }
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

struct Warnings {
    list: Vec<Warning>,
    counts: HashMap<WarningKind, u64>,
}

impl Warnings {
    fn add(
        &mut self,
        row: u64,
        column: Option<&str>,
        value: &[u8],
        kind: WarningKind,
        skipped: bool,
    ) {
        *self.counts.entry(kind).or_insert(0) += 1;
        if self.list.len() < WARNING_CAP {
            self.list.push(Warning {
                row,
                column: column.map(str::to_string),
                value: lossy(value),
                kind,
                skipped,
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
    first_settling: Option<String>,
}

impl DateVotes {
    fn add(&mut self, v: &[u8]) {
        match date_evidence(v) {
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
struct Interner {
    map: KeyInterner,
    customers: Vec<Customer>,
    managers: Vec<String>,
    manager_map: HashMap<Box<[u8]>, u32, FxBuild>,
    /// Per customer: which of name / status / manager are settled (bits 1, 2, 4),
    /// so rows of known customers skip the string work.
    settled: Vec<u8>,
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
        let k = lossy(key);
        self.settled.push(0);
        self.customers.push(Customer {
            key: k.clone(),
            name: k,
            status: DeclaredStatus::Unknown,
            account_manager: None,
        });
        (id, true)
    }

    /// Fills name, status and account manager from the first row that has them.
    fn describe(&mut self, id: CustomerId, name: [&[u8]; 2], status: &[u8], manager: &[u8]) {
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
        if *flags & 1 == 0 && !(name[0].is_empty() && name[1].is_empty()) {
            *flags |= 1;
            c.name = match name {
                [a, []] => lossy(a),
                [[], b] => lossy(b),
                [a, b] => format!("{} {}", lossy(a), lossy(b)),
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
        }
    }
}

/// Parsed money cell: empty, a value, or not a number.
enum Cell<T> {
    Empty,
    Value(T),
    Bad,
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

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 16;

pub fn run(
    mut src: Source<'_>,
    meta: Meta,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64, u64),
) -> Result<Imported, ImportError> {
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
    let stats: Vec<ColumnStats> = (0..width)
        .map(|c| ColumnStats::collect(sample.iter().map(|r| r.get(c).unwrap_or(b""))))
        .collect();
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
    if cols.key().is_none() {
        return Err(ImportError::NoCustomerColumn { columns: labels });
    }
    if cols.revenue.is_none() && !(cols.quantity.is_some() && cols.price.is_some()) {
        return Err(ImportError::NoAmountColumn { columns: labels });
    }

    // 3. Shape: transactions when there is a date and customers repeat.
    let key_col = cols.key();
    let mut keys: Vec<&[u8]> = sample
        .iter()
        .map(|r| field(r, key_col))
        .filter(|k| !k.is_empty())
        .collect();
    let keyed_rows = keys.len();
    keys.sort_unstable();
    keys.dedup();
    let repeats = keys.len() < keyed_rows;
    // A CRM export (HubSpot, Salesforce) has one row per relation with a status and a
    // record-creation date: that date says nothing about purchases.
    let created_date = cols.date.is_some_and(|d| {
        let n = normalise_header(&headers[d]);
        n.contains("creat") || n.contains("aangemaakt") || n.contains("erstellt")
    });
    let crm_file = !repeats && cols.status.is_some() && created_date;
    let shape = match (cols.date, cols.last.is_some() || cols.orders.is_some()) {
        (None, _) => DataShape::CustomerTotals,
        (Some(_), true) if !repeats => DataShape::CustomerTotals,
        (Some(_), _) if crm_file => DataShape::CustomerTotals,
        (Some(_), _) => DataShape::Transactions,
    };
    if shape == DataShape::CustomerTotals
        && let Some(d) = cols.date.take()
    {
        if cols.last.is_none() && !crm_file {
            cols.last = Some(d);
            roles[d] = Role::LastPurchase;
            if options.roles.is_none() {
                reasons[d] = Reason::DateAsLastPurchase;
            }
        } else {
            roles[d] = Role::Ignore;
        }
    }

    // 4. Decimal separator per money column, date order per date column.
    let money_cols: Vec<usize> = [
        cols.revenue,
        cols.profit,
        cols.margin,
        cols.quantity,
        cols.price,
    ]
    .into_iter()
    .flatten()
    .collect();
    let date_cols: Vec<usize> = [cols.date, cols.last].into_iter().flatten().collect();
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
        let mut again = src.restart();
        let mut rec = Row::new();
        let skip = buffer.len();
        let mut n = 0usize;
        while again.next_row(&mut rec).is_some() {
            n += 1;
            if n <= skip {
                continue;
            }
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
            if !open {
                break;
            }
        }
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
    let dates: Vec<DateReport> = date_cols
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

    // 5. The main pass.
    let dec_rev = dec_of(cols.revenue);
    let dec_profit = dec_of(cols.profit.or(cols.margin));
    let dec_qty = dec_of(cols.quantity);
    let dec_price = dec_of(cols.price);
    let order_date = order_of(cols.date);
    let order_last = order_of(cols.last);
    let label = |c: Option<usize>| c.and_then(|c| labels.get(c)).map(String::as_str);
    let mut interner = Interner {
        map: KeyInterner::default(),
        customers: Vec::new(),
        managers: Vec::new(),
        manager_map: HashMap::with_hasher(FxBuild::default()),
        settled: Vec::new(),
    };
    let mut warnings = Warnings {
        list: Vec::new(),
        counts: HashMap::new(),
    };
    let mut days = DayCache::default();
    let mut tx = Transactions::default();
    let mut tx_profit: Vec<Cents> = Vec::new();
    if shape == DataShape::Transactions && !exhausted {
        // The rows still to come, so the columns grow without copying.
        let n = buffer.len() - data_start.min(buffer.len()) + src.estimate_left(buffer.len());
        tx.customer.reserve(n);
        tx.day.reserve(n);
        tx.revenue.reserve(n);
        if cols.profit.is_some() || cols.margin.is_some() {
            tx_profit.reserve(n);
        }
    }
    let mut totals = CustomerTotals::default();
    let mut tot_profit: Vec<Option<Cents>> = Vec::new();
    let mut tot_last: Vec<Option<Day>> = Vec::new();
    let mut tot_orders: Vec<Option<u32>> = Vec::new();
    let has_profit = cols.profit.is_some() || cols.margin.is_some();
    let (mut rows_read, mut rows_used, mut rows_skipped) = (0u64, 0u64, 0u64);
    let (mut no_customer_rows, mut no_customer_cents) = (0u64, 0 as Cents);

    let mut process = |row: u64, rec: &Row<'_>| {
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
        let key = cell(rec, key_col);
        // Start the customer lookup now: its memory access overlaps the parsing below.
        let located = (!key.is_empty()).then(|| interner.map.locate(key));
        // Totals and notes: never customers.
        let id_present = cols.id.is_some_and(|c| !cell(rec, Some(c)).is_empty());
        if is_totals_text(key)
            || is_totals_text(cell(rec, cols.name))
            || (!id_present && is_totals_text(first))
        {
            warnings.add(row, None, first, WarningKind::TotalsRow, true);
            rows_skipped += 1;
            return;
        }
        if filled == 1 && width >= 3 && (key.is_empty() || is_note_text(first)) {
            warnings.add(row, None, first, WarningKind::NotADataRow, true);
            rows_skipped += 1;
            return;
        }
        // Revenue: the amount column, or quantity × unit price.
        let revenue: Cell<Cents> = if let Some(c) = cols.revenue {
            match money(cell(rec, Some(c)), dec_rev) {
                Cell::Value(n) => n.cents().map_or(Cell::Bad, Cell::Value),
                Cell::Empty => Cell::Empty,
                Cell::Bad => {
                    if !key.is_empty() {
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
                    if !key.is_empty() {
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
        if key.is_empty() {
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
        // Profit: an amount, or a margin percentage of revenue.
        let profit: Cell<Cents> = if let Some(c) = cols.profit {
            match money(cell(rec, Some(c)), dec_profit) {
                Cell::Value(n) => n.cents().map_or(Cell::Bad, Cell::Value),
                Cell::Empty => Cell::Empty,
                Cell::Bad => Cell::Bad,
            }
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
        let name = [cell(rec, cols.name), cell(rec, cols.name2)];
        let manager = cell(rec, cols.manager);
        match shape {
            DataShape::Transactions => {
                let rev = match revenue {
                    Cell::Value(c) => c,
                    _ => {
                        // A relation listed without purchases (a prospect) is registered, not warned about.
                        if !status.is_empty() {
                            let (id, _) = interner.id(key);
                            interner.describe(id, name, status, manager);
                            rows_used += 1;
                        } else {
                            let col = cols.revenue.or(cols.quantity);
                            warnings.add(row, label(col), b"", WarningKind::MissingAmount, true);
                            rows_skipped += 1;
                        }
                        return;
                    }
                };
                let dv = cell(rec, cols.date);
                if dv.is_empty() {
                    warnings.add(row, label(cols.date), b"", WarningKind::MissingDate, true);
                    rows_skipped += 1;
                    return;
                }
                let Some(day) = days.parse(dv, order_date, true) else {
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
                let (id, _) = interner.id_at(located, key);
                interner.describe(id, name, status, manager);
                tx.customer.push(id);
                tx.day.push(day);
                tx.revenue.push(rev);
                tx_profit.push(p);
                rows_used += 1;
            }
            DataShape::CustomerTotals => {
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
                let (id, new) = interner.id_at(located, key);
                interner.describe(id, name, status, manager);
                let i = id as usize;
                if new {
                    totals.revenue.push(None);
                    tot_profit.push(None);
                    tot_last.push(None);
                    tot_orders.push(None);
                }
                let add = |slot: &mut Option<Cents>, v: Option<Cents>| {
                    if let Some(v) = v {
                        *slot = Some(slot.unwrap_or(0).saturating_add(v));
                    }
                };
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
                    add(s, rev);
                }
                if let Some(s) = tot_profit.get_mut(i) {
                    add(s, pr);
                }
                if let (Some(s), Some(d)) = (tot_last.get_mut(i), last) {
                    *s = Some(s.map_or(d, |x| x.max(d)));
                }
                if let (Some(s), Some(o)) = (tot_orders.get_mut(i), orders) {
                    *s = Some(s.map_or(o, |x| x.saturating_add(o)));
                }
                rows_used += 1;
            }
        }
    };
    let mut rec = Row::new();
    for (row, r) in &buffer[data_start.min(buffer.len())..] {
        rec.set_record(r);
        process(*row, &rec);
    }
    if !exhausted {
        let mut until_report = PROGRESS_EVERY;
        while let Some(row) = src.next_row(&mut rec) {
            process(row, &rec);
            until_report -= 1;
            if until_report == 0 {
                until_report = PROGRESS_EVERY;
                let (done, total) = src.position();
                progress(done, total, row);
            }
        }
    }

    // 6. Assemble.
    let profit_source = match (cols.profit, cols.margin) {
        (Some(_), _) => ProfitSource::Amount,
        (None, Some(_)) => ProfitSource::MarginPercent,
        _ => ProfitSource::None,
    };
    let facts = match shape {
        DataShape::Transactions => {
            tx.profit = has_profit.then_some(tx_profit);
            Facts::Transactions(tx)
        }
        DataShape::CustomerTotals => {
            totals.profit = has_profit.then_some(tot_profit);
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
    let columns: Vec<ColumnReport> = (0..width)
        .map(|i| ColumnReport {
            index: i,
            header: headers[i].clone(),
            role: roles[i],
            reason: reasons[i].clone(),
        })
        .collect();
    let main_date = dates.first().cloned();
    let report = ImportReport {
        file_kind: meta.file_kind,
        encoding: meta.encoding,
        delimiter: meta.delimiter,
        delimiter_from_sep_line: meta.sep_line,
        header_row: header_idx.and_then(|h| buffer.get(h)).map(|(row, _)| *row),
        sheets: meta.sheets,
        sheet: meta.sheet,
        decimals,
        date_order: main_date.as_ref().map(|d| d.order),
        date_order_ambiguous: main_date.as_ref().is_some_and(|d| d.ambiguous),
        date_order_reason: main_date.map(|d| d.reason),
        dates,
        columns,
        shape,
        rows_read,
        rows_used,
        rows_skipped,
        rows_without_customer: no_customer_rows,
        cents_without_customer: no_customer_cents,
        warnings: warnings.list,
        warning_counts: counts,
    };
    if interner.customers.is_empty() {
        return Err(ImportError::NothingUsable {
            report: Box::new(report),
        });
    }
    let dataset = Dataset {
        customers: interner.customers,
        account_managers: interner.managers,
        facts,
        profit_source,
    };
    Ok(Imported { dataset, report })
}
