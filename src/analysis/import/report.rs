//! What the import tells the user: the report, per-row warnings and fatal errors.
//!
//! Everything here is a plain value (no text baked in) so the UI can show it
//! in the user's language and the worker can send it across as data. Text is
//! produced only by the `message` functions.

use serde::{Deserialize, Serialize};

use super::columns::reads_to_date;
use super::{DateOrder, DecimalSeparator, Role};
use crate::analysis::dataset::Cents;
use crate::analysis::export::{push_line, text};
use crate::analysis::lang::Lang;

/// How many warnings are kept in full; beyond this only the counts grow.
pub const WARNING_CAP: usize = 1000;

/// How many warnings the skipped rows' download lists, each with its row:
/// bounded, so a file whose every row is wrong (a wrong column chosen) cannot
/// exhaust the worker's memory. The panel says when the download stops short.
pub const DOWNLOAD_CAP: usize = 100_000;

/// What kind of input the bytes were.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// A delimited text file (CSV, TSV, ...).
    Csv,
    /// A spreadsheet workbook (XLSX, and also XLS / XLSB / ODS which calamine reads too).
    Xlsx,
    /// Text pasted from a spreadsheet (no file name).
    Pasted,
    /// A web page's table: an "Excel" export that is a web page named
    /// `.xls`, or a saved report page.
    Html,
}

/// The two shapes of export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataShape {
    /// One row per invoice / order / order line.
    Transactions,
    /// One row per customer with totals.
    CustomerTotals,
}

/// Why a column got its role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The user chose the role.
    UserChoice,
    /// The header matched a known name.
    HeaderMatched {
        /// The (normalised) name that matched.
        keyword: String,
    },
    /// The header matched, and this column won over another candidate for the same role.
    Preferred {
        /// The (normalised) name that matched.
        keyword: String,
        /// Header of the column that lost.
        over: String,
        /// Why this one won.
        why: Preference,
    },
    /// Another column was preferred for the role this header suggested.
    LostTo {
        /// The role this column could have had.
        role: Role,
        /// Header of the column that got it.
        winner: String,
    },
    /// The header names an amount that is not revenue (VAT, shipping, discount, ...).
    NotRevenue {
        /// The word that excluded it.
        keyword: String,
    },
    /// The header matched but the values do not fit the role.
    ValuesDoNotFit {
        /// The role the header suggested.
        role: Role,
    },
    /// The header suggested a role, but the column is empty in the sample
    /// and another column gives what it would (the name, another amount).
    EmptyColumn {
        /// The role the header suggested.
        role: Role,
    },
    /// A quantity or unit price (by its header), in a file without the
    /// other one (the role given) and without an amount column: it gives no
    /// amount on its own. (A newtype variant: the page's code to read it is
    /// smaller than a struct variant's.)
    NeedsPartner(Role),
    /// No header matched; the values look like dates.
    ValuesLookLikeDates,
    /// No header matched; the values look like amounts.
    ValuesLookLikeAmounts,
    /// No header matched; the values look like names.
    ValuesLookLikeNames,
    /// The values are order numbers ("#1001"), whatever the header says.
    ValuesLookLikeOrderNumbers,
    /// No header said so; the values are D and C beside one amount: its
    /// debit/credit indicator.
    ValuesLookLikeSides,
    /// A bare "Account" whose values are numbered ledger accounts ("4000
    /// Sales", "1100 Accounts Receivable"): a journal's ledger account.
    ValuesLookLikeLedger,
    /// Headed as a ledger account, but one account on every row and no
    /// revenue account: an account card's (a ledger card of the debtors).
    OneAccountCard,
    /// Used as the last-purchase date because the file has one row per customer.
    DateAsLastPurchase,
    /// A previous period's revenue in a file with one row per transaction:
    /// not used (the dates give the period before).
    PreviousNeedsTotals,
    /// Revenue: the later of two revenue columns a year apart.
    LaterYear {
        /// Header of the other (earlier) column.
        than: String,
    },
    /// Revenue of the period before, and no other amount in the file: the
    /// revenue analysed.
    PreviousAsRevenue,
    /// Previous revenue: the year before that of the revenue column.
    YearBefore {
        /// Header of the revenue column.
        of: String,
    },
    /// Nothing identified this column; it is not used.
    NotRecognised,
    /// A currency column beside an amount converted to one currency
    /// ("Bedrag EUR"): not used, every amount counts.
    AmountConverted,
    /// A record's creation or registration date in a file with one row per
    /// customer: not used, it says nothing about purchases.
    NotAPurchaseDate,
    /// A bare "ID" or "Code" with another value on every row while the
    /// names come back: the row's own number, not the customer's.
    IdPerRow,
    /// A person's name beside the customer name (the header of that
    /// column): the name of a row on which that one is empty.
    PersonWithoutCompany(String),
    /// A customer name column of whole numbers beside one of names (its
    /// header): the customer number.
    NumbersBesideName(String),
    /// The credit side of a journal with a ledger account column: the
    /// revenue, on the lines on a revenue account.
    JournalCredit,
    /// The debit side of that journal: taken off the credit (a credit note).
    JournalDebit,
    /// The debit side of a customer's account card (no ledger account):
    /// what was invoiced.
    DebitInvoiced,
    /// The credit side of that card: payments and credit notes, not used.
    CreditPaid,
}

/// Why one candidate column won over another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Preference {
    /// Amount excluding VAT over amount including VAT.
    ExclVatOverInclVat,
    /// Net over gross.
    NetOverGross,
    /// Invoice / order date over due, payment or delivery date.
    InvoiceDateOverOtherDate,
    /// A customer number over an order, invoice or row number.
    CustomerIdOverDocumentId,
    /// An e-mail address, filled on more rows, over a customer number that
    /// is often empty (a payment without a customer record).
    EmailOverSparseId,
    /// The header is a closer match.
    CloserMatch,
}

impl Preference {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Preference::ExclVatOverInclVat => lang.pick(
                "excl. btw gaat voor incl. btw",
                "excl. VAT preferred over incl. VAT",
            ),
            Preference::NetOverGross => {
                lang.pick("netto gaat voor bruto", "net preferred over gross")
            }
            Preference::InvoiceDateOverOtherDate => lang.pick(
                "factuur-/orderdatum gaat voor verval-, betaal- of leverdatum",
                "invoice/order date preferred over due, payment or delivery date",
            ),
            Preference::CustomerIdOverDocumentId => lang.pick(
                "klantnummer gaat voor order-, factuur- of regelnummer",
                "customer number preferred over order, invoice or row number",
            ),
            Preference::EmailOverSparseId => lang.pick(
                "het e-mailadres staat op meer rijen dan het nummer",
                "the e-mail address is on more rows than the number",
            ),
            Preference::CloserMatch => lang.pick("betere naam", "closer match"),
        }
    }
}

impl Reason {
    /// The reason as a sentence fragment.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Reason::UserChoice => lang.pick("zelf gekozen", "chosen by you").to_string(),
            Reason::HeaderMatched { keyword } => match lang {
                Lang::Nl => format!("kolomnaam lijkt op \"{keyword}\""),
                Lang::En => format!("header matched \"{keyword}\""),
            },
            Reason::Preferred { keyword, over, why } => match lang {
                Lang::Nl => format!(
                    "kolomnaam lijkt op \"{keyword}\"; gekozen boven \"{over}\" ({})",
                    why.text(lang)
                ),
                Lang::En => format!(
                    "header matched \"{keyword}\"; chosen over \"{over}\" ({})",
                    why.text(lang)
                ),
            },
            Reason::LostTo { role, winner } => match lang {
                Lang::Nl => format!(
                    "kan {} zijn, maar \"{winner}\" is gekozen",
                    role.label(lang).to_ascii_lowercase()
                ),
                Lang::En => format!(
                    "could be {}, but \"{winner}\" was chosen",
                    role.label(lang).to_ascii_lowercase()
                ),
            },
            Reason::NotRevenue { keyword } => match lang {
                Lang::Nl => format!("\"{keyword}\" is geen omzet"),
                Lang::En => format!("\"{keyword}\" is not revenue"),
            },
            Reason::EmptyColumn { role } | Reason::ValuesDoNotFit { role } => {
                let role = role.label(lang).to_ascii_lowercase();
                let empty = matches!(self, Reason::EmptyColumn { .. });
                match lang {
                    Lang::Nl => format!(
                        "kolomnaam wijst op {role}, maar {}",
                        if empty { "de kolom is leeg" } else { "de waarden passen niet" }
                    ),
                    Lang::En => format!(
                        "header suggests {role}, but {}",
                        if empty { "the column is empty" } else { "the values do not fit" }
                    ),
                }
            }
            Reason::NeedsPartner(missing) => {
                let missing = missing.label(lang).to_ascii_lowercase();
                match lang {
                    Lang::Nl => format!("geeft alleen met een kolom {missing} een bedrag"),
                    Lang::En => format!("gives an amount only with a {missing} column"),
                }
            }
            Reason::ValuesLookLikeDates => lang
                .pick("waarden zien eruit als datums", "values look like dates")
                .to_string(),
            Reason::ValuesLookLikeAmounts => lang
                .pick(
                    "waarden zien eruit als bedragen",
                    "values look like amounts",
                )
                .to_string(),
            Reason::ValuesLookLikeNames => lang
                .pick("waarden zien eruit als namen", "values look like names")
                .to_string(),
            Reason::ValuesLookLikeOrderNumbers => lang
                .pick(
                    "waarden zijn ordernummers (#1001)",
                    "values are order numbers (#1001)",
                )
                .to_string(),
            Reason::ValuesLookLikeSides => lang
                .pick(
                    "waarden zijn D en C: debet of credit bij het bedrag",
                    "values are D and C: debit or credit of the amount",
                )
                .to_string(),
            Reason::ValuesLookLikeLedger => lang
                .pick(
                    "waarden zijn genummerde grootboekrekeningen (‘4000 Sales’, ‘1100 Accounts Receivable’)",
                    "values are numbered ledger accounts (‘4000 Sales’, ‘1100 Accounts Receivable’)",
                )
                .to_string(),
            Reason::OneAccountCard => lang
                .pick(
                    "één rekening op elke rij en geen omzetrekening: een rekeningkaart",
                    "one account on every row and no revenue account: an account card",
                )
                .to_string(),
            Reason::DateAsLastPurchase => lang
                .pick(
                    "één rij per klant, dus deze datum is de laatste aankoop",
                    "one row per customer, so this date is the last purchase",
                )
                .to_string(),
            Reason::AmountConverted => lang
                .pick(
                    "valuta van de factuur; de omzetkolom is al omgerekend naar één valuta",
                    "the invoice's currency; the revenue column is already in one currency",
                )
                .to_string(),
            Reason::NotAPurchaseDate => lang
                .pick(
                    "aanmaak- of registratiedatum: zegt niets over aankopen",
                    "a creation or registration date: says nothing about purchases",
                )
                .to_string(),
            Reason::IdPerRow => lang
                .pick(
                    "een ander nummer op elke rij terwijl de namen terugkomen: het nummer van de rij (betaling, order), niet van de klant",
                    "another value on every row while the names come back: the row's own number (a payment, an order), not the customer's",
                )
                .to_string(),
            Reason::PersonWithoutCompany(name) => match lang {
                Lang::Nl => format!(
                    "de klantnaam op een rij zonder \"{name}\" (een particulier)"
                ),
                Lang::En => format!(
                    "the customer's name on a row without \"{name}\" (a consumer)"
                ),
            },
            Reason::NumbersBesideName(name) => match lang {
                Lang::Nl => format!("alleen nummers: het klantnummer; de naam staat in \"{name}\""),
                Lang::En => format!("only numbers: the customer number; the name is in \"{name}\""),
            },
            Reason::JournalCredit => lang
                .pick(
                    "creditzijde van een journaal: de omzet, op regels met een omzetrekening",
                    "the credit side of a journal: the revenue, on lines on a revenue account",
                )
                .to_string(),
            Reason::JournalDebit => lang
                .pick(
                    "debetzijde van een journaal: gaat af van de omzet (een creditnota)",
                    "the debit side of a journal: taken off the revenue (a credit note)",
                )
                .to_string(),
            Reason::DebitInvoiced => lang
                .pick(
                    "debet van een rekeningkaart (geen omzetrekening in het bestand): wat gefactureerd is",
                    "debit on an account card (no revenue account in the file): what was invoiced",
                )
                .to_string(),
            Reason::CreditPaid => lang
                .pick(
                    "credit van een rekeningkaart: betalingen en creditnota's, niet gebruikt (een creditnota is zo niet van een betaling te onderscheiden)",
                    "credit on an account card: payments and credit notes, not used (a credit note cannot be told from a payment)",
                )
                .to_string(),
            Reason::PreviousNeedsTotals => lang
                .pick(
                    "omzet van een vorige periode, maar dit bestand heeft een rij per factuur: de trend komt uit de datums",
                    "revenue of a period before, but this file has a row per invoice: the trend comes from the dates",
                )
                .to_string(),
            Reason::LaterYear { than } => match lang {
                Lang::Nl => format!("het latere jaar; \"{than}\" is de periode ervoor"),
                Lang::En => format!("the later year; \"{than}\" is the period before"),
            },
            Reason::PreviousAsRevenue => lang
                .pick(
                    "omzet van een vorige periode, maar de enige omzetkolom: die wordt geanalyseerd",
                    "revenue of a period before, but the only revenue column: it is analysed",
                )
                .to_string(),
            Reason::YearBefore { of } => match lang {
                Lang::Nl => format!("het jaar vóór \"{of}\""),
                Lang::En => format!("the year before \"{of}\""),
            },
            Reason::NotRecognised => lang.pick("niet herkend", "not recognised").to_string(),
        }
    }
}

/// One column of the table and what it is used for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnReport {
    /// 0-based column index.
    pub index: usize,
    /// Header text as in the file (empty when the file has no header or the cell was empty).
    pub header: String,
    /// The role it got.
    pub role: Role,
    /// Why.
    pub reason: Reason,
    /// Its first few different values in the file (shortened), so the user
    /// sees what a column holds when choosing its role.
    #[serde(default)]
    pub examples: Vec<String>,
}

impl ColumnReport {
    /// The header, or "#3" for a column without one.
    pub fn label(&self) -> String {
        match self.header.trim() {
            "" => format!("#{}", self.index + 1),
            h => h.to_owned(),
        }
    }
}

/// The decimal separator chosen for one money column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecimalReport {
    /// 0-based column index.
    pub column: usize,
    /// Column header.
    pub header: String,
    /// The separator used.
    pub decimal: DecimalSeparator,
    /// True when no value settled it (only values like "1,234" or "1.234"), so the user may want to flip it.
    pub ambiguous: bool,
}

/// Why a date order was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrderReason {
    /// The user chose it.
    UserChoice,
    /// A value settled it, e.g. "25-03-2024".
    SettledByValue {
        /// The first value that settled it.
        value: String,
    },
    /// Values disagree; the majority won.
    Conflicting {
        /// Values that only fit day-first.
        day_first: u64,
        /// Values that only fit month-first.
        month_first: u64,
    },
    /// The values have an unambiguous form (ISO, month names, Excel dates).
    Unambiguous,
    /// Unambiguous, and some are months or quarters without a day
    /// ("2026-01", "2026-Q1": a report per month or quarter): each counts as
    /// its first day.
    Months,
    /// Years alone in a column headed "Jaar" (a report per year): each
    /// counts as its 1 January.
    Years,
    /// Ambiguous; day-first because the file uses `;` or decimal commas.
    EuropeanFile,
    /// Ambiguous; month-first because the file looks American (`$`, Shopify/Stripe headers).
    UsFile,
    /// Ambiguous; day-first as the default for this Dutch tool.
    Default,
    /// Ambiguous; as another date column of the file, whose values settled
    /// it (one export writes all its dates one way).
    SameAsColumn {
        /// That column's header.
        header: String,
    },
}

impl DateOrderReason {
    /// Whether the dates read one way only (ISO, month names, Excel's
    /// numbers, months or years without a day): no order to choose or name.
    pub fn one_reading(&self) -> bool {
        matches!(
            self,
            DateOrderReason::Unambiguous | DateOrderReason::Months | DateOrderReason::Years
        )
    }

    /// The reason as a sentence fragment.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DateOrderReason::UserChoice => lang.pick("zelf gekozen", "chosen by you").to_string(),
            DateOrderReason::SettledByValue { value } => match lang {
                Lang::Nl => format!("de waarde '{value}' laat maar één lezing toe"),
                Lang::En => format!("the value '{value}' allows only one reading"),
            },
            DateOrderReason::Conflicting {
                day_first,
                month_first,
            } => match lang {
                Lang::Nl => format!(
                    "waarden spreken elkaar tegen ({day_first} dag-eerst, {month_first} maand-eerst); meerderheid gekozen"
                ),
                Lang::En => format!(
                    "values disagree ({day_first} day-first, {month_first} month-first); majority chosen"
                ),
            },
            DateOrderReason::Unambiguous => lang
                .pick("datums zijn eenduidig", "dates are unambiguous")
                .to_string(),
            DateOrderReason::Years => lang
                .pick(
                    "jaren zonder dag: elk jaar telt als 1 januari",
                    "years without a day: each counts as 1 January",
                )
                .to_string(),
            DateOrderReason::Months => lang
                .pick(
                    "maanden of kwartalen zonder dag: elk telt als zijn eerste dag",
                    "months or quarters without a day: each counts as its first day",
                )
                .to_string(),
            DateOrderReason::EuropeanFile => lang
                .pick(
                    "onduidelijk; dag eerst omdat het bestand ; of decimale komma's gebruikt",
                    "ambiguous; day first because the file uses ; or decimal commas",
                )
                .to_string(),
            DateOrderReason::UsFile => lang
                .pick(
                    "onduidelijk; maand eerst omdat het bestand Amerikaans oogt",
                    "ambiguous; month first because the file looks American",
                )
                .to_string(),
            DateOrderReason::Default => lang
                .pick(
                    "onduidelijk; standaard dag eerst",
                    "ambiguous; day first by default",
                )
                .to_string(),
            DateOrderReason::SameAsColumn { header } => match lang {
                Lang::Nl => format!("onduidelijk; zoals de kolom '{header}'"),
                Lang::En => format!("ambiguous; as the column '{header}'"),
            },
        }
    }
}

/// The date order chosen for one date column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateReport {
    /// 0-based column index.
    pub column: usize,
    /// Column header.
    pub header: String,
    /// The order used.
    pub order: DateOrder,
    /// True when the values did not settle it.
    pub ambiguous: bool,
    /// Why.
    pub reason: DateOrderReason,
}

/// What went wrong with one row or cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WarningKind {
    /// The amount cell is not a number.
    AmountNotANumber,
    /// The date cell is not a date.
    DateNotADate,
    /// The row has no customer.
    MissingCustomer,
    /// The row has no amount.
    MissingAmount,
    /// The row has no date (transaction files need one).
    MissingDate,
    /// The profit / margin cell is not a number.
    ProfitNotANumber,
    /// The profit cell is empty; counted as 0 profit for this row.
    MissingProfit,
    /// The quantity cell is not a number.
    QuantityNotANumber,
    /// The unit price cell is not a number.
    UnitPriceNotANumber,
    /// The order count is not a whole number.
    OrderCountNotANumber,
    /// The last-purchase cell is not a date (the customer is kept without it).
    LastPurchaseNotADate,
    /// A due or paid date is not a date (the row is kept; its payment is not
    /// counted).
    PaymentDateNotADate,
    /// A totals line ("Totaal", "Grand Totals (12 records)").
    TotalsRow,
    /// A line that is not data (a note, a copyright line) after the header.
    NotADataRow,
    /// The order or invoice status says it was no sale (cancelled, draft,
    /// failed, voided, refunded).
    NotASale,
    /// The refunded amount is not a number (the row counts in full).
    RefundNotANumber,
    /// The row's currency is not the file's (amounts are not converted).
    OtherCurrency,
    /// The open amount is not a number (the row is kept; its payment is not
    /// counted).
    OpenAmountNotANumber,
    /// A journal line on another ledger account than a revenue account
    /// (debtors, VAT, bank).
    OtherAccount,
    /// A credit without a debit on a customer's account card: a payment or
    /// a credit note, not counted.
    CreditLine,
    /// A debit/credit indicator that is neither ("D/C" holding "X" or
    /// nothing): the amount's sign is not guessed, the row is skipped.
    SideUnknown,
}

impl WarningKind {
    /// Every kind, in declaration order.
    pub const ALL: [WarningKind; 21] = [
        WarningKind::AmountNotANumber,
        WarningKind::DateNotADate,
        WarningKind::MissingCustomer,
        WarningKind::MissingAmount,
        WarningKind::MissingDate,
        WarningKind::ProfitNotANumber,
        WarningKind::MissingProfit,
        WarningKind::QuantityNotANumber,
        WarningKind::UnitPriceNotANumber,
        WarningKind::OrderCountNotANumber,
        WarningKind::LastPurchaseNotADate,
        WarningKind::PaymentDateNotADate,
        WarningKind::TotalsRow,
        WarningKind::NotADataRow,
        WarningKind::NotASale,
        WarningKind::RefundNotANumber,
        WarningKind::OtherCurrency,
        WarningKind::OpenAmountNotANumber,
        WarningKind::OtherAccount,
        WarningKind::CreditLine,
        WarningKind::SideUnknown,
    ];

    /// Short description of the kind, for the CSV download and summaries.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WarningKind::AmountNotANumber => lang.pick("geen bedrag", "not an amount"),
            WarningKind::DateNotADate => lang.pick("geen datum", "not a date"),
            WarningKind::MissingCustomer => lang.pick("geen klant", "no customer"),
            WarningKind::MissingAmount => lang.pick("geen bedrag ingevuld", "no amount"),
            WarningKind::MissingDate => lang.pick("geen datum ingevuld", "no date"),
            WarningKind::ProfitNotANumber => {
                lang.pick("geen winst of marge", "not a profit or margin")
            }
            WarningKind::MissingProfit => lang.pick(
                "geen winst ingevuld (als 0 geteld)",
                "no profit (counted as 0)",
            ),
            WarningKind::QuantityNotANumber => lang.pick("geen aantal", "not a quantity"),
            WarningKind::UnitPriceNotANumber => lang.pick("geen prijs", "not a price"),
            WarningKind::OrderCountNotANumber => {
                lang.pick("geen aantal orders", "not an order count")
            }
            WarningKind::LastPurchaseNotADate => lang.pick(
                "geen datum (laatste aankoop leeg gelaten)",
                "not a date (last purchase left empty)",
            ),
            WarningKind::PaymentDateNotADate => lang.pick(
                "geen datum (betaling van deze factuur niet meegeteld)",
                "not a date (this invoice's payment not counted)",
            ),
            WarningKind::TotalsRow => lang.pick("totaalregel", "totals line"),
            WarningKind::NotADataRow => lang.pick("geen gegevensregel", "not a data line"),
            WarningKind::NotASale => lang.pick(
                "geen verkoop (geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling)",
                "not a sale (cancelled, draft, failed, pending payment, refunded, a purchase or a payment)",
            ),
            WarningKind::RefundNotANumber => lang.pick(
                "geen terugbetaald bedrag (rij telt volledig)",
                "not a refunded amount (row counts in full)",
            ),
            WarningKind::OtherCurrency => lang.pick(
                "andere valuta (niet omgerekend)",
                "another currency (not converted)",
            ),
            WarningKind::OpenAmountNotANumber => lang.pick(
                "geen openstaand bedrag (betaling van deze factuur niet meegeteld)",
                "not an open amount (this invoice's payment not counted)",
            ),
            WarningKind::OtherAccount => lang.pick(
                "geen omzetrekening (debiteuren, btw, bank)",
                "not a revenue account (debtors, VAT, bank)",
            ),
            WarningKind::CreditLine => lang.pick(
                "credit: betaling of creditnota (niet meegeteld)",
                "credit: a payment or a credit note (not counted)",
            ),
            WarningKind::SideUnknown => lang.pick("geen debet of credit", "not debit or credit"),
        }
    }
}

/// One problem in one row, kept as a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based row in the file (the line where the record starts; XLSX: the sheet row).
    pub row: u64,
    /// Header of the column, if the problem is in one column.
    pub column: Option<String>,
    /// The raw value (trimmed), or the start of the line for row-level problems.
    pub value: String,
    /// What is wrong.
    pub kind: WarningKind,
    /// Whether the row was left out because of this.
    pub skipped: bool,
    /// The row's cells as in the file, when the import kept them (for the
    /// skipped rows' download, see `WarningDetail::Every`). Never sent to the
    /// page: the worker writes that download itself.
    #[serde(skip)]
    pub cells: Option<Cells>,
}

/// A row's cells, in one allocation (a Shopify export has some 80 columns).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cells {
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<u32>,
}

impl Cells {
    /// The cells of a row.
    pub fn new<'a>(cells: impl Iterator<Item = &'a [u8]>) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        for c in cells {
            text.push_str(&String::from_utf8_lossy(c));
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Cells { text, ends }
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| self.text.get(a as usize..b as usize).unwrap_or_default())
    }
}

impl Warning {
    /// The warning as a sentence, e.g. "rij 17, kolom Bedrag: '12,3,4' is geen bedrag".
    pub fn message(&self, lang: Lang) -> String {
        let place = match (&self.column, lang) {
            (Some(c), Lang::Nl) => format!("rij {}, kolom {c}", self.row),
            (Some(c), Lang::En) => format!("row {}, column {c}", self.row),
            (None, Lang::Nl) => format!("rij {}", self.row),
            (None, Lang::En) => format!("row {}", self.row),
        };
        let v = &self.value;
        let what = match (self.kind, lang) {
            (WarningKind::AmountNotANumber, Lang::Nl) => format!("'{v}' is geen bedrag"),
            (WarningKind::AmountNotANumber, Lang::En) => format!("'{v}' is not an amount"),
            (WarningKind::DateNotADate, Lang::Nl) => format!("'{v}' is geen datum"),
            (WarningKind::DateNotADate, Lang::En) => format!("'{v}' is not a date"),
            (WarningKind::MissingCustomer, Lang::Nl) => "geen klant; rij overgeslagen".to_string(),
            (WarningKind::MissingCustomer, Lang::En) => "no customer; row skipped".to_string(),
            (WarningKind::MissingAmount, Lang::Nl) => "geen bedrag; rij overgeslagen".to_string(),
            (WarningKind::MissingAmount, Lang::En) => "no amount; row skipped".to_string(),
            (WarningKind::MissingDate, Lang::Nl) => "geen datum; rij overgeslagen".to_string(),
            (WarningKind::MissingDate, Lang::En) => "no date; row skipped".to_string(),
            (WarningKind::ProfitNotANumber, Lang::Nl) => format!("'{v}' is geen winst of marge"),
            (WarningKind::ProfitNotANumber, Lang::En) => format!("'{v}' is not a profit or margin"),
            (WarningKind::MissingProfit, Lang::Nl) => "geen winst; als 0 geteld".to_string(),
            (WarningKind::MissingProfit, Lang::En) => "no profit; counted as 0".to_string(),
            (WarningKind::QuantityNotANumber, Lang::Nl) => format!("'{v}' is geen aantal"),
            (WarningKind::QuantityNotANumber, Lang::En) => format!("'{v}' is not a quantity"),
            (WarningKind::UnitPriceNotANumber, Lang::Nl) => format!("'{v}' is geen prijs"),
            (WarningKind::UnitPriceNotANumber, Lang::En) => format!("'{v}' is not a price"),
            (WarningKind::OrderCountNotANumber, Lang::Nl) => format!("'{v}' is geen aantal orders"),
            (WarningKind::OrderCountNotANumber, Lang::En) => format!("'{v}' is not an order count"),
            (WarningKind::LastPurchaseNotADate, Lang::Nl) => {
                format!("'{v}' is geen datum; laatste aankoop leeg gelaten")
            }
            (WarningKind::LastPurchaseNotADate, Lang::En) => {
                format!("'{v}' is not a date; last purchase left empty")
            }
            (WarningKind::PaymentDateNotADate, Lang::Nl) => {
                format!("'{v}' is geen datum; de betaling van deze factuur telt niet mee")
            }
            (WarningKind::PaymentDateNotADate, Lang::En) => {
                format!("'{v}' is not a date; this invoice's payment is not counted")
            }
            (WarningKind::TotalsRow, Lang::Nl) => format!("'{v}' is een totaalregel; overgeslagen"),
            (WarningKind::TotalsRow, Lang::En) => format!("'{v}' is a totals line; skipped"),
            (WarningKind::NotADataRow, Lang::Nl) => {
                format!("'{v}' is geen gegevensregel; overgeslagen")
            }
            (WarningKind::NotADataRow, Lang::En) => format!("'{v}' is not a data line; skipped"),
            (WarningKind::NotASale, Lang::Nl) => {
                format!("'{v}' is geen verkoop; rij overgeslagen")
            }
            (WarningKind::NotASale, Lang::En) => format!("'{v}' is not a sale; row skipped"),
            (WarningKind::RefundNotANumber, Lang::Nl) => {
                format!("'{v}' is geen bedrag; de rij telt zonder terugbetaling")
            }
            (WarningKind::RefundNotANumber, Lang::En) => {
                format!("'{v}' is not an amount; the row counts without a refund")
            }
            (WarningKind::OtherCurrency, Lang::Nl) => {
                format!("'{v}' is een andere valuta; rij overgeslagen")
            }
            (WarningKind::OtherCurrency, Lang::En) => {
                format!("'{v}' is another currency; row skipped")
            }
            (WarningKind::OpenAmountNotANumber, Lang::Nl) => {
                format!("'{v}' is geen bedrag; de betaling van deze factuur telt niet mee")
            }
            (WarningKind::OpenAmountNotANumber, Lang::En) => {
                format!("'{v}' is not an amount; this invoice's payment is not counted")
            }
            (WarningKind::OtherAccount, Lang::Nl) => {
                format!("'{v}' is geen omzetrekening; rij overgeslagen")
            }
            (WarningKind::OtherAccount, Lang::En) => {
                format!("'{v}' is not a revenue account; row skipped")
            }
            (WarningKind::CreditLine, Lang::Nl) => {
                format!("credit {v}: een betaling of creditnota; rij niet meegeteld")
            }
            (WarningKind::CreditLine, Lang::En) => {
                format!("credit {v}: a payment or a credit note; row not counted")
            }
            (WarningKind::SideUnknown, Lang::Nl) if v.is_empty() => {
                "geen debet (D) of credit (C) ingevuld; rij overgeslagen".to_string()
            }
            (WarningKind::SideUnknown, Lang::En) if v.is_empty() => {
                "no debit (D) or credit (C) given; row skipped".to_string()
            }
            (WarningKind::SideUnknown, Lang::Nl) => {
                format!("'{v}' is geen debet (D) of credit (C); rij overgeslagen")
            }
            (WarningKind::SideUnknown, Lang::En) => {
                format!("'{v}' is not debit (D) or credit (C); row skipped")
            }
        };
        format!("{place}: {what}")
    }
}

/// How often one kind of warning occurred (including those beyond the cap).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningCount {
    /// The kind.
    pub kind: WarningKind,
    /// How many times.
    pub count: u64,
}

/// Everything the import decided and found, for the user to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// CSV, XLSX or pasted text.
    pub file_kind: FileKind,
    /// Text encoding, e.g. "UTF-8", "UTF-8 (BOM)", "windows-1252", "UTF-16LE"; "XLSX" for workbooks.
    pub encoding: String,
    /// Field delimiter (text input only).
    pub delimiter: Option<char>,
    /// Whether the delimiter came from a `sep=` first line.
    pub delimiter_from_sep_line: bool,
    /// 1-based row of the header, as a spreadsheet counts; `None` when the file has no header row.
    pub header_row: Option<u64>,
    /// Sheet names (workbooks only).
    pub sheets: Vec<String>,
    /// The sheet that was read (0-based index into `sheets`).
    pub sheet: Option<usize>,
    /// The names of the sheets before it that hold a table but gave nothing
    /// to analyse (no amount or customer column, no usable row), passed over
    /// when no sheet was asked for.
    #[serde(default)]
    pub sheets_passed: Vec<String>,
    /// Decimal separator per money column.
    pub decimals: Vec<DecimalReport>,
    /// Date order of the main date column (transaction date, else last purchase).
    pub date_order: Option<DateOrder>,
    /// Whether that order was a guess the user may want to flip.
    pub date_order_ambiguous: bool,
    /// Why that order.
    pub date_order_reason: Option<DateOrderReason>,
    /// Date order per date column.
    pub dates: Vec<DateReport>,
    /// Every column with its role and why.
    pub columns: Vec<ColumnReport>,
    /// Transactions or customer totals.
    pub shape: DataShape,
    /// Data rows after the header (blank lines not counted).
    pub rows_read: u64,
    /// Rows that made it into the dataset.
    pub rows_used: u64,
    /// Rows left out (each has a warning, up to the cap).
    pub rows_skipped: u64,
    /// Rows with an amount but no customer.
    pub rows_without_customer: u64,
    /// Sum of the amounts of those rows, in cents.
    pub cents_without_customer: Cents,
    /// Journal lines skipped because their ledger account is no revenue
    /// account (debtors, VAT, bank).
    #[serde(default)]
    pub rows_other_account: u64,
    /// Whether the ledger's accounts are told by their names, not their
    /// numbers (another chart than the Dutch or Belgian one: "4000 Sales").
    #[serde(default)]
    pub ledger_by_name: bool,
    /// Whether the revenue lines' amounts were turned round: a journal with
    /// one signed amount, whose revenue accounts are credited (negative).
    #[serde(default)]
    pub revenue_negated: bool,
    /// Rows skipped because their order or invoice status says they were no
    /// sale (cancelled, draft, failed, pending payment, refunded).
    #[serde(default)]
    pub rows_not_sold: u64,
    /// Sum of the amounts of those rows that had a readable amount, in cents.
    #[serde(default)]
    pub cents_not_sold: Cents,
    /// Rows without an amount and without an order status in a file with
    /// one: the further lines of an order whose total and status are on its
    /// first line (Shopify). Neither used nor skipped.
    #[serde(default)]
    pub rows_further_lines: u64,
    /// Rows whose revenue a refund column lowered.
    #[serde(default)]
    pub rows_refunded: u64,
    /// By how much in all, in cents.
    #[serde(default)]
    pub cents_refunded: Cents,
    /// The currency of the amounts ("EUR"): the currency most of the first
    /// rows are in, by a currency column or the amounts' symbols or codes.
    #[serde(default)]
    pub currency: Option<String>,
    /// Rows skipped for another currency.
    #[serde(default)]
    pub rows_other_currency: u64,
    /// A report laid out per customer: its header rows (each a customer,
    /// read but no sale), and the rows without a customer below them that
    /// were counted for it.
    #[serde(default)]
    pub rows_group_headers: u64,
    /// See [`ImportReport::rows_group_headers`].
    #[serde(default)]
    pub rows_filled_down: u64,
    /// Whether the amount was read as the order's total, written again on
    /// each of its lines, and counted once per order number (detected, or
    /// the user's choice); `None` when there is nothing to choose: no order
    /// number or amount column, or no order number with several lines in
    /// the first rows (and no choice made).
    #[serde(default)]
    pub order_totals: Option<bool>,
    /// The further lines of an order that repeat its total: neither used
    /// nor skipped (the order counts on its first line).
    #[serde(default)]
    pub rows_repeated_totals: u64,
    /// Rows that repeat the header row (files put together, a header on
    /// every page): neither used nor skipped.
    #[serde(default)]
    pub rows_repeated_headers: u64,
    /// Whether a row without a customer counted for the customer above it
    /// (a report per customer, a pivot table; detected or the user's choice).
    #[serde(default)]
    pub fill_down: bool,
    /// The first [`WARNING_CAP`] warnings.
    pub warnings: Vec<Warning>,
    /// Count per kind, over all warnings.
    pub warning_counts: Vec<WarningCount>,
}

impl ImportReport {
    /// The header of the column with `role`, trimmed; `None` when no column
    /// has it or its header is empty.
    pub fn header_of(&self, role: Role) -> Option<&str> {
        let c = self.columns.iter().find(|c| c.role == role)?;
        Some(c.header.trim()).filter(|h| !h.is_empty())
    }

    /// The revenue and previous-revenue headers when the revenue reads "to
    /// date" and the previous one does not ("Omzet 2025 t/m nov" against
    /// "Omzet 2024"): a part of a year against a whole one, so everyone
    /// seems to buy less.
    pub fn partial_year(&self) -> Option<(&str, &str)> {
        let now = self.header_of(Role::Revenue)?;
        let before = self.header_of(Role::PreviousRevenue)?;
        (reads_to_date(now) && !reads_to_date(before)).then_some((now, before))
    }

    /// The columns' headers, comma-separated ("#3" for one without).
    pub fn column_labels(&self) -> String {
        let labels: Vec<String> = self.columns.iter().map(ColumnReport::label).collect();
        labels.join(", ")
    }

    /// Total number of warnings, including those beyond the cap.
    pub fn warning_total(&self) -> u64 {
        self.warning_counts.iter().map(|c| c.count).sum()
    }

    /// "312 rijen (€ 4.211,00) hebben geen klant", or `None` when every row had one.
    pub fn without_customer_message(&self, lang: Lang) -> Option<String> {
        if self.rows_without_customer == 0 {
            return None;
        }
        let one = self.rows_without_customer == 1;
        let n = format_count(self.rows_without_customer, lang);
        let money = format_cents(self.cents_without_customer, lang);
        Some(match lang {
            Lang::Nl if one => format!("1 rij ({money}) heeft geen klant"),
            Lang::En if one => format!("1 row ({money}) has no customer"),
            Lang::Nl => format!("{n} rijen ({money}) hebben geen klant"),
            Lang::En => format!("{n} rows ({money}) have no customer"),
        })
    }

    /// "12 rijen (€ 4.320,00) tellen niet mee: volgens ‘Status’ geannuleerd,
    /// concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"; with an
    /// order status but no such row, that the rule found none (the rule is
    /// visible either way); `None` without an order status column.
    pub fn not_sold_message(&self, lang: Lang) -> Option<String> {
        let column = self.header_of(Role::OrderStatus)?;
        let (none, one) = (self.rows_not_sold == 0, self.rows_not_sold == 1);
        let n = format_count(self.rows_not_sold, lang);
        let money = format_cents(self.cents_not_sold, lang);
        Some(match lang {
            Lang::Nl if none => format!(
                "Volgens ‘{column}’ is elke rij een verkoop: niets geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling (dat zou niet meetellen)"
            ),
            Lang::En if none => format!(
                "According to ‘{column}’ every row is a sale: nothing cancelled, draft, failed, pending payment, refunded, a purchase or a payment (that would not count)"
            ),
            Lang::Nl if one => format!(
                "1 rij ({money}) telt niet mee: volgens ‘{column}’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"
            ),
            Lang::En if one => format!(
                "1 row ({money}) is not counted: cancelled, draft, failed, pending payment, refunded, a purchase or a payment according to ‘{column}’"
            ),
            Lang::Nl => format!(
                "{n} rijen ({money}) tellen niet mee: volgens ‘{column}’ geannuleerd, concept, mislukt, in afwachting van betaling, terugbetaald, inkoop of betaling"
            ),
            Lang::En => format!(
                "{n} rows ({money}) are not counted: cancelled, draft, failed, pending payment, refunded, a purchase or a payment according to ‘{column}’"
            ),
        })
    }

    /// "Alleen regels op een omzetrekening tellen (volgens ‘Grootboeknummer’):
    /// 1.234 andere regels (debiteuren, btw, bank) niet"; with a debit
    /// column or a debit/credit indicator, that a debit is taken off.
    /// `None` without a ledger column.
    pub fn ledger_message(&self, lang: Lang) -> Option<String> {
        let column = self.header_of(Role::Ledger)?;
        let n = format_count(self.rows_other_account, lang);
        let one = self.rows_other_account == 1;
        let mut out = match (lang, self.ledger_by_name) {
            (Lang::Nl, false) => format!(
                "Alleen regels op een omzetrekening tellen, volgens ‘{column}’ (8…, 70…; zonder nummer ‘omzet’, ‘opbrengst’, ‘verkoop’ in de naam): "
            ),
            (Lang::En, false) => format!(
                "Only lines on a revenue account count, according to ‘{column}’ (8…, 70…; without a number ‘revenue’, ‘sales’, ‘turnover’ in the name): "
            ),
            (Lang::Nl, true) => format!(
                "Alleen regels op een omzetrekening tellen, volgens ‘{column}’; de rekeningen zijn niet Nederlands of Belgisch genummerd, dus telt de naam (‘sales’, ‘revenue’, ‘income’, ‘turnover’; geen kosten, belasting of rente): "
            ),
            (Lang::En, true) => format!(
                "Only lines on a revenue account count, according to ‘{column}’; the accounts are numbered by another chart than the Dutch or Belgian one, so their names tell (‘sales’, ‘revenue’, ‘income’, ‘turnover’; not costs, tax or interest): "
            ),
        };
        out.push_str(&match (self.rows_other_account, lang) {
            (0, Lang::Nl) => "elke regel staat op een omzetrekening".to_string(),
            (0, Lang::En) => "every line is on a revenue account".to_string(),
            (_, Lang::Nl) => format!(
                "{n} {} op andere rekeningen (debiteuren, btw, bank) {} niet mee",
                if one { "regel" } else { "regels" },
                if one { "telt" } else { "tellen" },
            ),
            (_, Lang::En) => format!(
                "{n} {} on other accounts (debtors, VAT, bank) {} not counted",
                if one { "line" } else { "lines" },
                if one { "is" } else { "are" },
            ),
        });
        if let (Some(debit), Some(credit)) =
            (self.header_of(Role::Debit), self.header_of(Role::Revenue))
        {
            out.push_str(&match lang {
                Lang::Nl => format!("; de omzet is ‘{credit}’ min ‘{debit}’ (een creditnota)"),
                Lang::En => format!("; revenue is ‘{credit}’ minus ‘{debit}’ (a credit note)"),
            });
        } else if let Some(side) = self.header_of(Role::Side) {
            let amount = self.header_of(Role::Revenue).unwrap_or_default();
            out.push_str(&match lang {
                Lang::Nl => format!("; ‘{amount}’ telt als omzet waar ‘{side}’ credit zegt en gaat eraf waar het debet zegt (een creditnota)"),
                Lang::En => format!("; ‘{amount}’ counts as revenue where ‘{side}’ says credit and is taken off where it says debit (a credit note)"),
            });
        } else if self.revenue_negated {
            let amount = self.header_of(Role::Revenue).unwrap_or_default();
            out.push_str(&match lang {
                Lang::Nl => format!("; ‘{amount}’ staat op de omzetrekeningen als credit (negatief) en is omgedraaid"),
                Lang::En => format!("; ‘{amount}’ is credit (negative) on the revenue accounts and was turned round"),
            });
        }
        Some(out)
    }

    /// "‘Refunded Amount’ is van de omzet afgetrokken: € 120,00 op 3 rijen
    /// (een order gaat niet onder 0)"; with a refund column but no refund,
    /// the rule; `None` without one.
    pub fn refunded_message(&self, lang: Lang) -> Option<String> {
        let column = self.header_of(Role::Refunded)?;
        let n = self.rows_refunded;
        let rows = format_count(n, lang);
        let money = format_cents(self.cents_refunded, lang);
        Some(match (n, lang) {
            (0, Lang::Nl) => format!(
                "‘{column}’ wordt van de omzet van een order afgetrokken; in dit bestand is niets terugbetaald"
            ),
            (0, Lang::En) => format!(
                "‘{column}’ is subtracted from an order's revenue; nothing was refunded in this file"
            ),
            (1, Lang::Nl) => format!(
                "‘{column}’ is van de omzet afgetrokken: {money} op 1 rij (een order gaat niet onder 0)"
            ),
            (1, Lang::En) => format!(
                "‘{column}’ was subtracted from the revenue: {money} on 1 row (no order goes below 0)"
            ),
            (_, Lang::Nl) => format!(
                "‘{column}’ is van de omzet afgetrokken: {money} op {rows} rijen (een order gaat niet onder 0)"
            ),
            (_, Lang::En) => format!(
                "‘{column}’ was subtracted from the revenue: {money} on {rows} rows (no order goes below 0)"
            ),
        })
    }

    /// "2 rijen zonder bedrag en status zijn verdere regels van een order …",
    /// or `None` when there were none.
    pub fn further_lines_message(&self, lang: Lang) -> Option<String> {
        let n = self.rows_further_lines;
        let amount = self
            .header_of(Role::Revenue)
            .or_else(|| self.header_of(Role::UnitPrice))
            .unwrap_or_default();
        let status = self.header_of(Role::OrderStatus).unwrap_or_default();
        let count = format_count(n, lang);
        match (n, lang) {
            (0, _) => None,
            (1, Lang::Nl) => Some(format!(
                "1 rij zonder ‘{amount}’ en ‘{status}’ is een verdere regel van een order: het ordertotaal staat op de eerste regel en telt daar"
            )),
            (1, Lang::En) => Some(format!(
                "1 row without ‘{amount}’ and ‘{status}’ is a further line of an order: the order's total is on its first line and counts there"
            )),
            (_, Lang::Nl) => Some(format!(
                "{count} rijen zonder ‘{amount}’ en ‘{status}’ zijn verdere regels van een order: het ordertotaal staat op de eerste regel en telt daar"
            )),
            (_, Lang::En) => Some(format!(
                "{count} rows without ‘{amount}’ and ‘{status}’ are further lines of an order: the order's total is on its first line and counts there"
            )),
        }
    }

    /// "3 rijen in een andere valuta dan EUR tellen niet mee (volgens
    /// ‘Valuta’): de app rekent niet om" (or by the amounts' own symbols:
    /// "volgens ‘Bedrag’"); with a currency column and every row in one
    /// currency, that rule; `None` otherwise.
    pub fn currency_message(&self, lang: Lang) -> Option<String> {
        // The currency column, else the amounts' own symbols (said only when
        // they left rows out: a few "€" signs are no rule worth a note).
        let n = self.rows_other_currency;
        let column = self
            .header_of(Role::Currency)
            .or_else(|| self.header_of(Role::Revenue).filter(|_| n > 0))?;
        let main = self.currency.as_deref()?;
        let count = format_count(n, lang);
        Some(match (n, lang) {
            (0, Lang::Nl) => format!("Alle bedragen zijn in {main} (volgens ‘{column}’)"),
            (0, Lang::En) => format!("Every amount is in {main} (according to ‘{column}’)"),
            (1, Lang::Nl) => format!(
                "1 rij in een andere valuta dan {main} telt niet mee (volgens ‘{column}’): de app rekent niet om"
            ),
            (1, Lang::En) => format!(
                "1 row in another currency than {main} is not counted (according to ‘{column}’): the app does not convert"
            ),
            (_, Lang::Nl) => format!(
                "{count} rijen in een andere valuta dan {main} tellen niet mee (volgens ‘{column}’): de app rekent niet om"
            ),
            (_, Lang::En) => format!(
                "{count} rows in another currency than {main} are not counted (according to ‘{column}’): the app does not convert"
            ),
        })
    }

    /// "Een rapport per klant: 12 rijen zonder klant tellen voor de klant in
    /// de kopregel erboven (3 kopregels; …)", or for a pivot table without
    /// header rows "De klant staat alleen op de eerste rij van zijn groep:
    /// …"; `None` when rows without a customer count for none.
    pub fn group_message(&self, lang: Lang) -> Option<String> {
        let (n, h) = (self.rows_filled_down, self.rows_group_headers);
        if !self.fill_down {
            return None;
        }
        let (rows, headers) = (format_count(n, lang), format_count(h, lang));
        // "1 rij … telt", "2 rijen … tellen"; "1 kopregel", "2 kopregels".
        let (rows_nl, count_nl, rows_en, count_en) = match n {
            1 => ("rij", "telt", "row", "counts"),
            _ => ("rijen", "tellen", "rows", "count"),
        };
        let (headers_nl, headers_en) = match h {
            1 => ("kopregel", "header line"),
            _ => ("kopregels", "header lines"),
        };
        Some(match (h, lang) {
            (0, Lang::Nl) => format!(
                "De klant staat alleen op de eerste rij van zijn groep: {rows} {rows_nl} zonder klant {count_nl} voor de klant erboven (een subtotaal sluit een klant af)"
            ),
            (0, Lang::En) => format!(
                "Each customer is named on the first row of its group only: {rows} {rows_en} without a customer {count_en} for the customer above them (a subtotal closes a customer)"
            ),
            (_, Lang::Nl) => format!(
                "Een rapport per klant: {rows} {rows_nl} zonder klant {count_nl} voor de klant in de kopregel erboven ({headers} {headers_nl}; een subtotaal sluit een klant af)"
            ),
            (_, Lang::En) => format!(
                "A report per customer: {rows} {rows_en} without a customer {count_en} for the customer in the header line above them ({headers} {headers_en}; a subtotal closes a customer)"
            ),
        })
    }

    /// Whether rows without a customer count for the customer above them,
    /// when that is a choice worth offering (there are such rows, or
    /// fill-down is on); `None` otherwise.
    pub fn fill_down_choice(&self) -> Option<bool> {
        let offered = self.rows_without_customer > 0 || self.fill_down;
        offered.then_some(self.fill_down)
    }

    /// "‘Order Total’ is het totaal van een order en staat op elk van zijn
    /// regels: het telt één keer per ‘Order Number’ (12 regels herhaalden
    /// het)"; `None` unless the amount was read so.
    pub fn repeated_totals_message(&self, lang: Lang) -> Option<String> {
        if self.order_totals != Some(true) {
            return None;
        }
        let amount = self.header_of(Role::Revenue).unwrap_or_default();
        let number = self.header_of(Role::OrderNumber).unwrap_or_default();
        let n = self.rows_repeated_totals;
        let count = format_count(n, lang);
        Some(match (n, lang) {
            (1, Lang::Nl) => format!(
                "‘{amount}’ is het totaal van een order en staat op elk van zijn regels: het telt één keer per ‘{number}’ (1 regel herhaalde het)"
            ),
            (1, Lang::En) => format!(
                "‘{amount}’ is an order's total, written on each of its lines: it counts once per ‘{number}’ (1 line repeated it)"
            ),
            (_, Lang::Nl) => format!(
                "‘{amount}’ is het totaal van een order en staat op elk van zijn regels: het telt één keer per ‘{number}’ ({count} regels herhaalden het)"
            ),
            (_, Lang::En) => format!(
                "‘{amount}’ is an order's total, written on each of its lines: it counts once per ‘{number}’ ({count} lines repeated it)"
            ),
        })
    }

    /// "Gelezen: blad ‘Facturen’, het eerste met bruikbare klanten en bedragen
    /// (‘Klanten’ heeft die niet)" when sheets before the one read were passed
    /// over; `None` otherwise.
    pub fn sheets_passed_message(&self, lang: Lang) -> Option<String> {
        let read = self.sheets.get(self.sheet?)?;
        let names: Vec<String> = self
            .sheets_passed
            .iter()
            .map(|name| format!("‘{name}’"))
            .collect();
        let (last, rest) = names.split_last()?;
        let and = lang.pick(" en ", " and ");
        let passed = if rest.is_empty() {
            last.clone()
        } else {
            format!("{}{and}{last}", rest.join(", "))
        };
        let one = rest.is_empty();
        Some(match lang {
            Lang::Nl => format!(
                "Gelezen: blad ‘{read}’, het eerste met bruikbare klanten en bedragen ({passed} {} die niet)",
                if one { "heeft" } else { "hebben" }
            ),
            Lang::En => format!(
                "Read: sheet ‘{read}’, the first with usable customers and amounts ({passed} {} none)",
                if one { "has" } else { "have" }
            ),
        })
    }

    /// The listed warnings as a CSV file for download: row, column, value,
    /// reason, skipped, then the row's cells under the file's own headers
    /// when the warnings have them. Uses `;` for Dutch (what Dutch Excel
    /// opens directly) and `,` for English.
    pub fn skipped_rows_csv(&self, lang: Lang) -> String {
        let sep = match lang {
            Lang::Nl => ';',
            Lang::En => ',',
        };
        // A byte-order mark: Excel then reads the values as UTF-8.
        let mut out = String::from("\u{feff}");
        let head = [
            lang.pick("rij", "row"),
            lang.pick("kolom", "column"),
            lang.pick("waarde", "value"),
            lang.pick("reden", "reason"),
            lang.pick("overgeslagen", "skipped"),
        ];
        // The file's columns, as wide as its widest listed row.
        let width = self
            .warnings
            .iter()
            .map(|w| w.cells.as_ref().map_or(0, Cells::len))
            .max()
            .unwrap_or(0);
        let headers = (0..width).map(|i| {
            let header = self.columns.get(i).map_or("", |c| c.header.trim());
            if header.is_empty() {
                format!("{} {}", lang.pick("kolom", "column"), i + 1)
            } else {
                text(header)
            }
        });
        push_line(
            &mut out,
            sep,
            head.iter().map(|s| s.to_string()).chain(headers),
        );
        for w in &self.warnings {
            push_line(
                &mut out,
                sep,
                [
                    w.row.to_string(),
                    // Cells from the user's file: a value that failed to read
                    // may well start with "=" or "-".
                    text(w.column.as_deref().unwrap_or_default()),
                    text(&w.value),
                    w.kind.label(lang).to_string(),
                    if w.skipped {
                        lang.pick("ja", "yes")
                    } else {
                        lang.pick("nee", "no")
                    }
                    .to_string(),
                ]
                .into_iter()
                .chain(w.cells.iter().flat_map(Cells::iter).map(text)),
            );
        }
        out
    }
}

/// Formats cents as "€ 4.211,00" (Dutch) or "€4,211.00" (English).
pub fn format_cents(cents: Cents, lang: Lang) -> String {
    let neg = cents < 0;
    let abs = cents.unsigned_abs();
    let (units, frac) = (abs / 100, abs % 100);
    let grouped = format_count(units, lang);
    let dec = lang.pick(",", ".");
    let sign = if neg { "-" } else { "" };
    match lang {
        Lang::Nl => format!("{sign}€ {grouped}{dec}{frac:02}"),
        Lang::En => format!("{sign}€{grouped}{dec}{frac:02}"),
    }
}

/// A whole number with thousands separators: "1.500" (Dutch), "1,500" (English).
pub fn format_count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let group = lang.pick(".", ",");
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(group);
        }
        grouped.push(ch);
    }
    grouped
}

/// A problem that leaves nothing usable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    /// No bytes, or only whitespace.
    EmptyFile,
    /// Larger than the import accepts.
    TooLarge {
        /// Size of the input.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The text is not a table (fewer than two columns in every row).
    NotATable,
    /// The workbook could not be read.
    UnreadableWorkbook {
        /// What the spreadsheet reader said (English, technical).
        detail: String,
    },
    /// The workbook has no sheet with data.
    NoSheetWithData {
        /// Sheet names.
        sheets: Vec<String>,
    },
    /// `options.sheet` is out of range.
    SheetNotFound {
        /// The requested index.
        index: usize,
        /// Sheet names.
        sheets: Vec<String>,
    },
    /// There is a header but no data rows.
    NoDataRows,
    /// No column looks like an amount. The report has the columns as
    /// detected (and nothing read), so the user can choose one.
    NoAmountColumn {
        /// The file's facts and its columns; no row counts.
        report: Box<ImportReport>,
    },
    /// No column identifies the customer (the report as for `NoAmountColumn`).
    NoCustomerColumn {
        /// The file's facts and its columns; no row counts.
        report: Box<ImportReport>,
    },
    /// The sheet the user chose holds no table (a cover sheet, notes, an
    /// empty sheet). The report has no columns, but the sheets, to choose
    /// another.
    SheetNotATable {
        /// The workbook's facts and its sheets.
        report: Box<ImportReport>,
    },
    /// Every row was skipped; the report says why.
    NothingUsable {
        /// The report with the warnings.
        report: Box<ImportReport>,
    },
    /// The browser could not read the file (moved, deleted or locked after picking).
    Unreadable,
    /// The browser stopped the analysis (out of memory, most likely).
    Crashed,
    /// A re-read or re-analysis was asked for before any file was read.
    NothingLoaded,
    /// A PDF (`%PDF`, or named `.pdf`): a document of another kind,
    /// dropped by mistake, as the next three.
    Pdf,
    /// A PNG, JPEG, GIF, WebP or HEIC image.
    Image,
    /// A Word, RTF, OpenDocument or Pages text.
    TextDocument,
    /// An Apple Numbers spreadsheet (in its own format).
    Numbers,
    /// Several files dropped or picked at once, not all of them text files
    /// (CSV, TXT): a workbook cannot be read after another file. None was read.
    CannotCombine {
        /// The files' names.
        names: Vec<String>,
    },
}

impl ImportError {
    /// The report of a file that was read but gave nothing to analyse: its
    /// columns and (when its rows were read) why each row was skipped. The
    /// page shows it under the error, to correct a column's role.
    pub fn report(&self) -> Option<&ImportReport> {
        match self {
            ImportError::NothingUsable { report }
            | ImportError::NoAmountColumn { report }
            | ImportError::NoCustomerColumn { report }
            | ImportError::SheetNotATable { report } => Some(report),
            _ => None,
        }
    }

    /// Whether the error is about what a table holds (not a table, no rows,
    /// no amount or customer column, no usable row), so another sheet of the
    /// workbook may still be read.
    pub fn is_about_the_table(&self) -> bool {
        self.report().is_some() || matches!(self, ImportError::NotATable | ImportError::NoDataRows)
    }

    /// Whether the file's rows were read (else only its columns were looked at).
    pub fn rows_read(&self) -> bool {
        matches!(self, ImportError::NothingUsable { .. })
    }

    /// The error as a sentence.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::EmptyFile => lang
                .pick("Het bestand is leeg.", "The file is empty.")
                .to_string(),
            ImportError::Pdf
            | ImportError::Image
            | ImportError::TextDocument
            | ImportError::Numbers => {
                let (nl, en) = match self {
                    ImportError::Pdf => ("Dit is een PDF", "This is a PDF"),
                    ImportError::Image => ("Dit is een afbeelding", "This is an image"),
                    ImportError::TextDocument => {
                        ("Dit is een tekstdocument", "This is a text document")
                    }
                    _ => (
                        "Dit is een Numbers-bestand (exporteer het in Numbers als CSV of Excel)",
                        "This is a Numbers file (export it from Numbers as CSV or Excel)",
                    ),
                };
                match lang {
                    Lang::Nl => format!(
                        "{nl}, geen tabel: de app leest CSV en Excel. Exporteer je klanten of facturen als CSV of Excel, of kopieer de tabel en plak hem hier (Ctrl+V)."
                    ),
                    Lang::En => format!(
                        "{en}, not a table: the app reads CSV and Excel. Export your customers or invoices as CSV or Excel, or copy the table and paste it here (Ctrl+V)."
                    ),
                }
            }
            ImportError::Crashed => lang
                .pick(
                    "De browser heeft het inlezen gestopt, waarschijnlijk door te weinig geheugen. Sluit andere tabbladen of exporteer een kortere periode.",
                    "The browser stopped reading, most likely for lack of memory. Close other tabs or export a shorter period.",
                )
                .to_string(),
            ImportError::NothingLoaded => lang
                .pick(
                    "Er is nog geen bestand ingelezen.",
                    "No file has been read yet.",
                )
                .to_string(),
            ImportError::Unreadable => lang
                .pick(
                    "Het bestand kan niet gelezen worden. Is het verplaatst of gewijzigd, of nog open in een ander programma? Kies het opnieuw.",
                    "The file cannot be read. Was it moved or changed, or is it still open in another program? Choose it again.",
                )
                .to_string(),
            ImportError::TooLarge { bytes, limit } => match lang {
                Lang::Nl => format!(
                    "Het bestand is te groot ({} MB; maximaal {} MB).",
                    bytes >> 20,
                    limit >> 20
                ),
                Lang::En => format!(
                    "The file is too large ({} MB; at most {} MB).",
                    bytes >> 20,
                    limit >> 20
                ),
            },
            ImportError::NotATable => lang
                .pick(
                    "Dit lijkt geen tabel: geen regel heeft meer dan één kolom.",
                    "This does not look like a table: no line has more than one column.",
                )
                .to_string(),
            ImportError::UnreadableWorkbook { detail } => match lang {
                Lang::Nl => format!("Het Excel-bestand kan niet gelezen worden ({detail})."),
                Lang::En => format!("The Excel file cannot be read ({detail})."),
            },
            ImportError::NoSheetWithData { sheets } => match lang {
                Lang::Nl => format!(
                    "Geen tabblad bevat gegevens; tabbladen: {}.",
                    sheets.join(", ")
                ),
                Lang::En => format!("No sheet contains data; sheets: {}.", sheets.join(", ")),
            },
            ImportError::SheetNotFound { index, sheets } => match lang {
                Lang::Nl => format!(
                    "Tabblad {} bestaat niet; tabbladen: {}.",
                    index + 1,
                    sheets.join(", ")
                ),
                Lang::En => format!(
                    "Sheet {} does not exist; sheets: {}.",
                    index + 1,
                    sheets.join(", ")
                ),
            },
            ImportError::NoDataRows => lang
                .pick(
                    "Er staan geen gegevens onder de kopregel.",
                    "There are no data rows below the header.",
                )
                .to_string(),
            ImportError::CannotCombine { names } => {
                let names = names.join(", ");
                match lang {
                    Lang::Nl => format!(
                        "Meerdere bestanden tegelijk kan alleen met CSV- of tekstbestanden ({names}); er is niets gelezen. Sleep een werkmap apart."
                    ),
                    Lang::En => format!(
                        "Several files at once works with CSV or text files only ({names}); nothing was read. Drop a workbook on its own."
                    ),
                }
            }
            ImportError::SheetNotATable { report } => {
                let sheet = report
                    .sheet
                    .and_then(|i| report.sheets.get(i))
                    .map_or("", String::as_str);
                match lang {
                    Lang::Nl => format!(
                        "Blad ‘{sheet}’ bevat geen tabel met klanten en bedragen. Kies hieronder een ander blad."
                    ),
                    Lang::En => format!(
                        "Sheet ‘{sheet}’ holds no table of customers and amounts. Choose another sheet below."
                    ),
                }
            }
            ImportError::NoAmountColumn { report } => {
                let columns = report.column_labels();
                match lang {
                    Lang::Nl => format!(
                        "Geen kolom lijkt op een bedrag; de kolommen zijn: {columns}. Kies hieronder welke kolom de omzet is."
                    ),
                    Lang::En => format!(
                        "No column looks like an amount; columns are: {columns}. Choose below which column is the revenue."
                    ),
                }
            }
            ImportError::NoCustomerColumn { report } => {
                let columns = report.column_labels();
                match lang {
                    Lang::Nl => format!(
                        "Geen kolom lijkt op een klant; de kolommen zijn: {columns}. Kies hieronder welke kolom de klant noemt."
                    ),
                    Lang::En => format!(
                        "No column looks like a customer; columns are: {columns}. Choose below which column names the customer."
                    ),
                }
            }
            ImportError::NothingUsable { report } => {
                let first = report
                    .warnings
                    .first()
                    .map(|w| w.message(lang))
                    .unwrap_or_default();
                match lang {
                    Lang::Nl => format!(
                        "Geen enkele rij is bruikbaar ({} overgeslagen). Eerste melding: {first}",
                        format_count(report.rows_skipped, lang)
                    ),
                    Lang::En => format!(
                        "No row is usable ({} skipped). First warning: {first}",
                        format_count(report.rows_skipped, lang)
                    ),
                }
            }
        }
    }
}
