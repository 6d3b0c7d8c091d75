//! Import: the bytes of a customer export in, a validated [`Dataset`] and a
//! report of every decision out.
//!
//! The entry point is [`import`]. It decodes the text (or reads the
//! workbook), finds the delimiter and header row, decides what each column
//! is, decides decimal separators and date orders per column, and then reads
//! every row once into interned customers and integer cents. Nothing is
//! silently dropped: rows that cannot be used are counted and listed as
//! [`Warning`]s.

mod build;
pub mod columns;
pub mod date;
pub mod delimiter;
pub mod encoding;
mod hash;
pub mod html;
pub mod number;
pub mod report;
pub mod split;
pub mod table;
pub mod xlsx;

use serde::{Deserialize, Serialize};

use crate::analysis::dataset::Dataset;
use crate::analysis::lang::Lang;

pub use build::WarningDetail;
pub use report::{
    Cells, ColumnReport, DOWNLOAD_CAP, DataShape, DateOrderReason, DateReport, DecimalReport,
    FileKind, ImportError, ImportReport, Preference, Reason, WARNING_CAP, Warning, WarningCount,
    WarningKind,
};

/// Largest input accepted (the browser holds the file and the dataset in memory).
pub const MAX_BYTES: usize = 1 << 30;

/// What a column is used for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Not used.
    #[default]
    Ignore,
    /// Customer number / code: the key when present.
    CustomerId,
    /// Customer name (the key when there is no id column).
    CustomerName,
    /// A person's name ("Voornaam" + "Achternaam", Shopify's "Billing
    /// Name") beside a company name: the customer's name on a row whose
    /// company is empty (a consumer among businesses), and its key when
    /// there is no customer number.
    PersonName,
    /// Invoice / order date of a transaction.
    Date,
    /// Revenue amount (excl. VAT preferred).
    Revenue,
    /// Revenue of the period before (customer-level files: "omzet vorig
    /// jaar" next to "omzet"); gives those files a trend.
    PreviousRevenue,
    /// Profit / margin amount.
    Profit,
    /// Margin as a percentage of revenue.
    MarginPercent,
    /// Quantity (with unit price, when there is no amount column).
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Relation status / type (prospect, suspect, customer).
    Status,
    /// Last purchase date (customer-level files).
    LastPurchase,
    /// Number of orders (customer-level files).
    OrderCount,
    /// Account manager / sales rep / owner.
    AccountManager,
    /// When an invoice must be paid ("vervaldatum"); with [`Role::PaidDate`]
    /// it gives the payment behaviour.
    DueDate,
    /// When an invoice was paid ("betaald op"); an empty cell is still open.
    PaidDate,
    /// The state of the order or invoice ("Order Status", "Financial
    /// Status", Moneybird's "Status"): a row that was no sale (cancelled,
    /// draft, failed, refunded) is skipped, counted and listed.
    OrderStatus,
    /// The amount refunded on an order ("Refunded Amount"): subtracted from
    /// its revenue.
    Refunded,
    /// The order or invoice number ("Factuurnummer", Shopify's "Name"): a
    /// customer's orders are its different numbers, not its lines.
    OrderNumber,
    /// The currency of the row's amounts ("Valuta", "Currency"): a row in
    /// another currency than most of the file's is skipped (no conversion).
    Currency,
    /// The amount still open on an invoice ("Openstaand", "Outstanding"):
    /// with a due date and without a paid date it gives the payment
    /// behaviour (an invoice with an amount open is open; one without is
    /// paid, on a day the file does not say).
    OpenAmount,
    /// The ledger account of a journal line ("Grootboekrekening"): only a
    /// line on a revenue account is a sale ([`columns::is_revenue_account`]);
    /// the others (debtors, VAT, bank) are skipped, counted and listed.
    Ledger,
    /// The debit side of a journal line ("Debet") beside the credit side as
    /// the revenue: subtracted from it (a credit note debits revenue).
    Debit,
    /// Whether a line's amount is a debit or a credit ("D/C", "Debet/Credit"
    /// holding "D" or "C"): in a journal the credit on a revenue account is
    /// revenue and a debit there a credit note; on a customer's account card
    /// the debit is what was invoiced and a credit (a payment or a credit
    /// note) is not counted.
    Side,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 25] = [
        Role::Ignore,
        Role::CustomerId,
        Role::CustomerName,
        Role::PersonName,
        Role::Date,
        Role::Revenue,
        Role::PreviousRevenue,
        Role::Profit,
        Role::MarginPercent,
        Role::Quantity,
        Role::UnitPrice,
        Role::Status,
        Role::LastPurchase,
        Role::OrderCount,
        Role::AccountManager,
        Role::DueDate,
        Role::PaidDate,
        Role::OpenAmount,
        Role::OrderNumber,
        Role::OrderStatus,
        Role::Refunded,
        Role::Currency,
        Role::Ledger,
        Role::Debit,
        Role::Side,
    ];

    /// A stable machine key (the `value` of the UI's select; never translated).
    pub fn key(self) -> &'static str {
        match self {
            Role::Ignore => "ignore",
            Role::CustomerId => "customer-id",
            Role::CustomerName => "customer-name",
            Role::PersonName => "person-name",
            Role::Date => "date",
            Role::Revenue => "revenue",
            Role::PreviousRevenue => "previous-revenue",
            Role::Profit => "profit",
            Role::MarginPercent => "margin-percent",
            Role::Quantity => "quantity",
            Role::UnitPrice => "unit-price",
            Role::Status => "status",
            Role::LastPurchase => "last-purchase",
            Role::OrderCount => "order-count",
            Role::AccountManager => "account-manager",
            Role::DueDate => "due-date",
            Role::PaidDate => "paid-date",
            Role::OrderStatus => "order-status",
            Role::Refunded => "refunded",
            Role::OrderNumber => "order-number",
            Role::Currency => "currency",
            Role::OpenAmount => "open-amount",
            Role::Ledger => "ledger",
            Role::Debit => "debit",
            Role::Side => "side",
        }
    }

    /// The role with this [`key`](Role::key), if any.
    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role's name for the column select.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Ignore => lang.pick("Niet gebruiken", "Ignore"),
            Role::CustomerId => lang.pick("Klantnummer", "Customer ID"),
            Role::CustomerName => lang.pick("Klantnaam", "Customer name"),
            Role::PersonName => lang.pick(
                "Naam persoon (zonder bedrijfsnaam)",
                "Person's name (without a company)",
            ),
            Role::Date => lang.pick("Datum", "Date"),
            Role::Revenue => lang.pick("Omzet", "Revenue"),
            Role::PreviousRevenue => lang.pick("Omzet vorige periode", "Revenue, period before"),
            Role::Profit => lang.pick("Winst", "Profit"),
            Role::MarginPercent => lang.pick("Marge %", "Margin %"),
            Role::Quantity => lang.pick("Aantal", "Quantity"),
            Role::UnitPrice => lang.pick("Prijs per stuk", "Unit price"),
            Role::Status => lang.pick("Status", "Status"),
            Role::LastPurchase => lang.pick("Laatste aankoop", "Last purchase"),
            Role::OrderCount => lang.pick("Aantal orders", "Order count"),
            Role::AccountManager => lang.pick("Accountmanager", "Account manager"),
            Role::DueDate => lang.pick("Vervaldatum", "Due date"),
            Role::PaidDate => lang.pick("Betaaldatum", "Paid date"),
            Role::OrderStatus => lang.pick("Order-/factuurstatus", "Order/invoice status"),
            Role::Refunded => lang.pick("Terugbetaald", "Refunded"),
            Role::OrderNumber => lang.pick("Order-/factuurnummer", "Order/invoice number"),
            Role::Currency => lang.pick("Valuta", "Currency"),
            Role::OpenAmount => lang.pick("Openstaand bedrag", "Open amount"),
            Role::Ledger => lang.pick("Grootboekrekening", "Ledger account"),
            Role::Debit => lang.pick("Debet (gaat af van de omzet)", "Debit (taken off revenue)"),
            Role::Side => lang.pick("Debet of credit (D/C)", "Debit or credit (D/C)"),
        }
    }
}

/// Gives column `index` the role `role`, as a user choosing it expects: a
/// role that only one column can hold (the amount, the date, the customer
/// id, ...) moves to this column, and the column that held it is ignored.
/// Customer name may sit on two columns (first and last name), and so may a
/// person's name. Revenue and last period's revenue swap when the file has
/// both: choosing one on the column that held the other gives that column's
/// role to the column it came from, so the file keeps its amount. An index
/// out of range changes nothing.
pub fn assign_role(roles: &mut [Role], index: usize, role: Role) {
    let Some(&old) = roles.get(index) else {
        return;
    };
    let swap = match (old, role) {
        (Role::Revenue, Role::PreviousRevenue) | (Role::PreviousRevenue, Role::Revenue) => old,
        _ => Role::Ignore,
    };
    if !matches!(role, Role::Ignore | Role::CustomerName | Role::PersonName) {
        for (i, r) in roles.iter_mut().enumerate() {
            if i != index && *r == role {
                *r = swap;
            }
        }
    }
    roles[index] = role;
}

#[cfg(test)]
mod role_tests {
    use super::Role;

    #[test]
    fn role_keys_are_unique_and_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
        let mut keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Role::ALL.len());
        assert_eq!(Role::from_key("nonsense"), None);
    }

    #[test]
    fn role_labels_are_ascii() {
        // Reasons lowercase them with `to_ascii_lowercase` (no Unicode case
        // tables in the page bundle); a label with "é" would stay partly upper.
        for role in Role::ALL {
            for lang in [
                crate::analysis::lang::Lang::Nl,
                crate::analysis::lang::Lang::En,
            ] {
                assert!(role.label(lang).is_ascii(), "{:?}", role.label(lang));
            }
        }
    }

    #[test]
    fn assigning_a_role_moves_it_from_the_column_that_had_it() {
        use super::assign_role;
        let mut roles = vec![
            Role::CustomerId,
            Role::Revenue,
            Role::Profit,
            Role::CustomerName,
        ];
        assign_role(&mut roles, 2, Role::Revenue);
        assert_eq!(
            roles,
            [
                Role::CustomerId,
                Role::Ignore,
                Role::Revenue,
                Role::CustomerName
            ]
        );
        // Two name columns may coexist (first and last name).
        assign_role(&mut roles, 1, Role::CustomerName);
        assert_eq!(
            roles,
            [
                Role::CustomerId,
                Role::CustomerName,
                Role::Revenue,
                Role::CustomerName
            ]
        );
        // Ignoring touches only that column.
        assign_role(&mut roles, 0, Role::Ignore);
        assert_eq!(
            roles,
            [
                Role::Ignore,
                Role::CustomerName,
                Role::Revenue,
                Role::CustomerName
            ]
        );
        // Out of range: nothing happens.
        assign_role(&mut roles, 9, Role::Date);
        assert_eq!(
            roles,
            [
                Role::Ignore,
                Role::CustomerName,
                Role::Revenue,
                Role::CustomerName
            ]
        );
        // Revenue and last period's revenue swap, so the amount stays; other roles do not.
        let mut roles = vec![Role::CustomerName, Role::PreviousRevenue, Role::Revenue];
        assign_role(&mut roles, 2, Role::PreviousRevenue);
        assert_eq!(
            roles,
            [Role::CustomerName, Role::Revenue, Role::PreviousRevenue]
        );
        assign_role(&mut roles, 2, Role::Revenue);
        assert_eq!(
            roles,
            [Role::CustomerName, Role::PreviousRevenue, Role::Revenue]
        );
        assign_role(&mut roles, 0, Role::Revenue);
        assert_eq!(roles, [Role::Revenue, Role::PreviousRevenue, Role::Ignore]);
    }
}

/// How to read numeric dates like 03/04/2024.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// 03/04/2024 is 3 April (Dutch, European).
    DayFirst,
    /// 03/04/2024 is March 4 (American).
    MonthFirst,
    /// 24/04/03 is 2024 April 3.
    YearFirst,
}

/// The decimal separator of a money column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecimalSeparator {
    /// 1.234,56
    Comma,
    /// 1,234.56
    Point,
}

/// The user's overrides after seeing the report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// One role per column (index = column); replaces detection.
    pub roles: Option<Vec<Role>>,
    /// Date order for every date column.
    pub date_order: Option<DateOrder>,
    /// Decimal separator for every money column.
    pub decimal: Option<DecimalSeparator>,
    /// Workbook sheet to read (0-based); default: the first sheet with data.
    pub sheet: Option<usize>,
    /// Whether the amount is the order's total, written again on each of its
    /// lines, so that it counts once per order number; default: detected
    /// (see [`ImportReport::order_totals`]).
    pub order_totals: Option<bool>,
    /// Whether a row without a customer counts for the customer above it
    /// (a report per customer, a pivot table without repeated labels);
    /// default: detected (see [`ImportReport::fill_down`]).
    pub fill_down: Option<bool>,
}

/// The result of a successful import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The data for the analysis.
    pub dataset: Dataset,
    /// What was decided and what went wrong, for the user to check.
    pub report: ImportReport,
}

/// Whether the file is a workbook: a zip (XLSX, XLSB, ODS) or an OLE file
/// (XLS) by its first bytes, or named as one and not text. Programs that
/// "export to Excel" often write a web page, SpreadsheetML or tab-separated
/// text and name it `.xls`: that is read as text (see [`html`]).
fn is_workbook(bytes: &[u8], file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    let by_name = [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e));
    let by_magic = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    // Text has no NUL byte, except UTF-16 (which starts with its mark).
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let binary = !utf16 && bytes.iter().take(4096).any(|&b| b == 0);
    by_magic || (by_name && binary)
}

/// The error for `bytes` named `file_name` when, by its first bytes or
/// its name, it is a PDF, an image, a text document or a Numbers file;
/// `None` for anything else (a table, or a file to try).
fn other_format(bytes: &[u8], file_name: &str) -> Option<ImportError> {
    let lower = file_name.to_ascii_lowercase();
    let named = |ends: &[&str]| ends.iter().any(|e| lower.ends_with(e));
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF") || named(&[".pdf"]) {
        Some(ImportError::Pdf)
    } else if starts(b"\x89PNG")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF8")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || named(&[".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic"])
    {
        Some(ImportError::Image)
    } else if named(&[".docx", ".doc", ".rtf", ".odt", ".pages"]) {
        Some(ImportError::TextDocument)
    } else if named(&[".numbers"]) {
        Some(ImportError::Numbers)
    } else {
        None
    }
}

/// Imports a customer export: CSV / TSV / pasted text (any encoding we know)
/// or a workbook. `file_name` is empty for pasted text.
pub fn import(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_with_progress(bytes, file_name, options, &mut |_, _| {})
}

/// [`import`], reporting progress as `(bytes done, rows read)` while it reads.
///
/// The worker turns this into a progress bar; the final report always
/// arrives as `(all bytes, rows read)` on success.
pub fn import_with_progress(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportError> {
    let result = read(bytes, file_name, options, WarningDetail::First, progress);
    if let Ok(imported) = &result {
        progress(bytes.len() as u64, imported.report.rows_read);
    }
    result
}

/// The report of [`import`] with every warning listed (up to
/// [`DOWNLOAD_CAP`], not just the first [`WARNING_CAP`]), each with its row's
/// cells: what the skipped rows' download is made of. Reads the whole file
/// again.
pub fn import_every_warning(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    match read(
        bytes,
        file_name,
        options,
        WarningDetail::Every,
        &mut |_, _| {},
    ) {
        Ok(imported) => Ok(imported.report),
        // No row was usable: its warnings are all the more wanted.
        Err(ImportError::NothingUsable { report }) => Ok(*report),
        Err(error) => Err(error),
    }
}

/// Reads the data table of a web page, or a SpreadsheetML workbook's
/// largest sheet (see [`html`]).
fn read_page(
    text: &[u8],
    encoding: &str,
    options: &ImportOptions,
    detail: WarningDetail,
    progress: &mut dyn FnMut(u64, u64, u64),
) -> Result<Imported, ImportError> {
    let rows = html::table(text).ok_or(ImportError::NotATable)?;
    // SpreadsheetML writes its values as a workbook does (a decimal point,
    // ISO dates): read as one.
    let (file_kind, encoding) = if html::is_spreadsheet_xml(text) {
        (FileKind::Xlsx, "XML".to_string())
    } else {
        (FileKind::Html, encoding.to_string())
    };
    let meta = build::Meta {
        file_kind,
        encoding,
        delimiter: None,
        sep_line: false,
        sheets: Vec::new(),
        sheet: None,
    };
    build::run(
        table::Source::records(&rows),
        meta,
        options,
        detail,
        progress,
    )
}

/// Reads the requested sheet; without one, the first sheet that holds a
/// table and gives something to analyse: a cover sheet, or a list of
/// customers without amounts before the invoices, is passed over (and named
/// in the report). When no sheet does, the first table's error, with its
/// columns (and the sheets, to choose one).
fn read_workbook(
    bytes: &[u8],
    options: &ImportOptions,
    detail: WarningDetail,
    progress: &mut dyn FnMut(u64, u64, u64),
) -> Result<Imported, ImportError> {
    let mut book = xlsx::Book::open(bytes)?;
    let sheets = book.names().to_vec();
    let meta = |sheet: usize| build::Meta {
        file_kind: FileKind::Xlsx,
        encoding: "XLSX".to_string(),
        delimiter: None,
        sep_line: false,
        sheets: sheets.clone(),
        sheet: Some(sheet),
    };
    let mut read_sheet = |rows: &xlsx::Rows, sheet: usize| {
        build::run(
            table::Source::records(rows),
            meta(sheet),
            options,
            detail,
            &mut *progress,
        )
    };
    if let Some(sheet) = options.sheet {
        let rows = book.rows(sheet)?;
        // A chosen sheet that holds no table: the sheets, to choose another.
        return read_sheet(&rows, sheet).map_err(|error| match error {
            ImportError::NotATable | ImportError::NoDataRows | ImportError::EmptyFile => {
                ImportError::SheetNotATable {
                    report: Box::new(build::sheets_report(meta(sheet))),
                }
            }
            error => error,
        });
    }
    let mut passed = Vec::new();
    let mut first_error = None;
    for (sheet, name) in sheets.iter().enumerate() {
        let Some(rows) = book.table(sheet) else {
            continue;
        };
        match read_sheet(&rows, sheet) {
            Ok(mut imported) => {
                imported.report.sheets_passed = passed;
                return Ok(imported);
            }
            Err(error) if error.is_about_the_table() => {
                passed.push(name.clone());
                first_error.get_or_insert(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(first_error.unwrap_or(ImportError::NoSheetWithData { sheets }))
}

fn read(
    bytes: &[u8],
    file_name: &str,
    options: &ImportOptions,
    detail: WarningDetail,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, ImportError> {
    // Progress arrives in the source's units (decoded text, sheet rows);
    // scale it to the input's bytes.
    let total = bytes.len() as u64;
    let mut report = |done: u64, of: u64, rows: u64| {
        if of > 0 {
            progress(
                (u128::from(done) * u128::from(total) / u128::from(of)) as u64,
                rows,
            );
        }
    };
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_BYTES as u64,
        });
    }
    if let Some(error) = other_format(bytes, file_name) {
        return Err(error);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::EmptyFile);
    }
    if is_workbook(bytes, file_name) {
        return read_workbook(bytes, options, detail, &mut report);
    }
    let decoded = encoding::decode(bytes);
    let text: &[u8] = &decoded.text;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::EmptyFile);
    }
    if html::is_html(text) {
        return read_page(text, decoded.name, options, detail, &mut report);
    }
    let pasted = file_name.is_empty();
    let (delimiter, body, sep_line) = match delimiter::sep_line(text) {
        Some((d, rest)) => (d, rest, true),
        None => (delimiter::sniff(text, pasted), text, false),
    };
    let meta = build::Meta {
        file_kind: if pasted {
            FileKind::Pasted
        } else {
            FileKind::Csv
        },
        encoding: decoded.name.to_string(),
        delimiter: Some(char::from(delimiter)),
        sep_line,
        sheets: Vec::new(),
        sheet: None,
    };
    build::run(
        table::Source::csv(body, delimiter, u64::from(sep_line)),
        meta,
        options,
        detail,
        &mut report,
    )
}
