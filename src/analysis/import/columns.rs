//! Deciding what each column is (its [`Role`]) from headers and sample values.
//!
//! Headers are normalised (lowercase, accents folded, punctuation to spaces)
//! and matched against Dutch, English, German and French names. Each match
//! has a score; a higher score wins a role when several columns qualify, so
//! "Bedrag excl. btw" beats "Totaal incl. btw" and "Factuurdatum" beats
//! "Vervaldatum". The sample values then veto roles that do not fit and fill
//! in roles no header named.

use std::collections::HashSet;

use crate::analysis::dataset::DeclaredStatus;

use super::Role;
use super::build::declared_status;
use super::date::{DateEvidence, date_evidence, year_day};
use super::hash::FxBuild;
use super::html::find_ci;
use super::number::{DecimalEvidence, clean_cell, currency_mark, decimal_evidence};
use super::report::{Preference, Reason};

/// Lowercase, accents folded, `%` → " pct ", `#` → " nr ", other punctuation → space, collapsed.
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len() + 2);
    out.push(' ');
    for ch in camel_words(h).chars().flat_map(char::to_lowercase) {
        let folded = match ch {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ç' => "c",
            'ß' => "ss",
            'ñ' => "n",
            '%' => " pct ",
            '#' => " nr ",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(folded);
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    collapsed.join(" ")
}

/// `h` with a space where a camel-cased name starts a word: Xero's
/// "ContactName", "InvoiceAmountDue", "CustomerID" read as "Contact Name",
/// "Invoice Amount Due", "Customer ID". A lone capital after a lower-case
/// letter stays ("KvK-nummer").
fn camel_words(h: &str) -> String {
    let chars: Vec<char> = h.chars().collect();
    let starts_word = |i: usize| {
        let (Some(&prev), Some(&c)) = (chars.get(i.wrapping_sub(1)), chars.get(i)) else {
            return false;
        };
        if !(prev.is_lowercase() && c.is_uppercase()) {
            return false;
        }
        match chars.get(i + 1) {
            Some(next) if next.is_lowercase() => true,
            // An acronym to the end: "CustomerID".
            _ => {
                let rest = &chars[i..];
                rest.len() >= 2 && rest.iter().all(|c| c.is_uppercase())
            }
        }
    };
    let mut out = String::with_capacity(h.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if starts_word(i) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether `phrase` occurs in `norm` on word boundaries: as `" {phrase} "`
/// in `" {norm} "`, without building either (this runs thousands of times
/// per plan, on short texts: a plain scan beats a string searcher's set-up).
fn has(norm: &str, phrase: &str) -> bool {
    let (n, p) = (norm.as_bytes(), phrase.as_bytes());
    let Some(last) = n.len().checked_sub(p.len()) else {
        return false;
    };
    (0..=last).any(|i| {
        (i == 0 || n[i - 1] == b' ')
            && n[i..].starts_with(p)
            && n.get(i + p.len()).is_none_or(|&c| c == b' ')
    })
}

fn has_any(norm: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has(norm, w))
}

/// Whether any of `stems` occurs anywhere, also inside compound words ("verzendkosten").
fn contains_any(norm: &str, stems: &[&str]) -> bool {
    stems.iter().any(|s| norm.contains(s))
}

type Table = &'static [(&'static str, u8)];

const CUSTOMER_ID: Table = &[
    ("klantnummer", 10),
    ("klant nummer", 10),
    ("klantnr", 10),
    ("klant nr", 10),
    ("klantcode", 10),
    ("klant code", 10),
    ("klant id", 10),
    ("debiteurnummer", 10),
    ("debiteur nummer", 10),
    ("debiteurnr", 10),
    ("debiteur nr", 10),
    ("debiteurcode", 10),
    ("debiteur code", 10),
    ("debiteur", 8),
    ("debiteuren", 7),
    ("relatienummer", 10),
    ("relatie nummer", 10),
    ("relatienr", 10),
    ("relatie nr", 10),
    ("relatiecode", 10),
    ("relatie code", 10),
    ("customer id", 10),
    ("customer number", 10),
    ("customer no", 10),
    ("customer nr", 10),
    ("customer code", 10),
    ("customer user id", 9),
    ("client id", 10),
    ("client number", 10),
    ("client code", 10),
    ("account number", 9),
    ("account id", 9),
    ("account no", 9),
    ("debtor number", 10),
    ("debtor code", 10),
    ("debtor", 7),
    ("kundennummer", 10),
    ("kunden nr", 10),
    ("kundennr", 10),
    ("kunden id", 10),
    ("debitorennummer", 10),
    ("debitor", 7),
    ("numero client", 10),
    ("n client", 9),
    ("no client", 9),
    ("code client", 10),
    ("id client", 10),
    ("company id", 8),
    ("record id", 5),
    ("contact id", 6),
    ("email", 3),
    ("e mail", 3),
    ("email address", 3),
    ("emailadres", 3),
    ("e mailadres", 3),
    ("mailadres", 3),
    ("e mail adres", 3),
    ("customer email", 4),
    ("billing email", 3),
    ("email billing", 3),
    ("code", 2),
    ("nummer", 2),
    ("number", 2),
    ("id", 2),
];

/// The generic words of [`CUSTOMER_ID`]: a customer's number only as a
/// whole header.
const GENERIC_ID: &[&str] = &["code", "nummer", "number", "id"];

/// Headers naming documents or things other than the customer.
const NOT_CUSTOMER_ID: &[&str] = &[
    "factuur",
    "invoice",
    "order",
    "bestel",
    "regel",
    "line",
    "row",
    "transactie",
    "transaction",
    "boeking",
    "document",
    "rechnung",
    "commande",
    "facture",
    "btw",
    "vat",
    "kvk",
    "iban",
    "ean",
    "sku",
    "artikel",
    "product",
    "postcode",
    "zip",
    "tax",
    "payment",
    "betaling",
    "charge",
    "owner",
    "manager",
    "user id",
    "accepts",
    "marketing",
    "subscri",
    "nieuwsbrief",
    "newsletter",
    "opt in",
    "verified",
    // Codes of other things than the customer ("Country Code (Billing)",
    // "Coupon Code", "Landcode", "Kortingscode").
    "country",
    "landcode",
    "coupon",
    "korting",
    "discount",
    "phone",
    "telefoon",
    // A postal code ("Postal Code", "Code postal"), and the bookkeeping's
    // own numbers: ledger, journal, booking, cost centre, project.
    "postal",
    "post code",
    "postleitzahl",
    "code postal",
    "grootboek",
    "ledger",
    "dagboek",
    "journal",
    "boekstuk",
    "kostenplaats",
    "kostendrager",
    "cost cent",
    "project",
    // The company's own bank account and people ("Bank account number",
    // "Verkoper e-mail").
    "bank",
    "verkoper",
    "medewerker",
    "employee",
    "sales rep",
    "salesperson",
    "vertegenwoordiger",
];

const CUSTOMER_NAME: Table = &[
    ("klantnaam", 10),
    ("klant naam", 10),
    ("naam klant", 10),
    ("naam debiteur", 10),
    ("debiteurnaam", 10),
    ("debiteur naam", 10),
    ("relatienaam", 10),
    ("relatie naam", 10),
    ("bedrijfsnaam", 10),
    ("bedrijf", 8),
    ("organisatie", 8),
    ("organisatienaam", 9),
    ("customer name", 10),
    ("client name", 10),
    ("company name", 10),
    ("account name", 10),
    ("debtor name", 10),
    ("company", 8),
    ("organization", 8),
    ("organisation", 8),
    ("customer", 7),
    ("client", 7),
    ("klant", 7),
    ("relatie", 7),
    ("naam", 6),
    ("name", 6),
    ("billing name", 5),
    ("contact", 5),
    ("contactnaam", 6),
    ("contact name", 6),
    ("billing company", 6),
    ("company billing", 6),
    ("firma", 8),
    ("firmenname", 10),
    ("kunde", 7),
    ("kundenname", 10),
    ("nom", 6),
    ("nom client", 10),
    ("raison sociale", 10),
    ("societe", 7),
    ("account", 5),
];

/// A person's first name ("Voornaam", Shopify's "Billing First Name").
const FIRST_NAME: &[&str] = &["first name", "firstname", "voornaam", "vorname", "prenom"];
/// A person's last name.
const LAST_NAME: &[&str] = &[
    "last name",
    "lastname",
    "achternaam",
    "nachname",
    "nom de famille",
    "surname",
];

/// Headers of a customer name column that may be a person's (when another
/// column won the customer name): "Billing Name" beside "Billing Company".
/// Whole headers only: "Payment Terms Name" holds no person.
const PERSON_NAME: &[&str] = &[
    "billing name",
    "name billing",
    "naam",
    "name",
    "nom",
    "full name",
    "volledige naam",
    "contact",
    "contactnaam",
    "contact name",
    "naam contact",
];

/// Whether header `norm` names a part of a person's name in `words`: alone,
/// or with a word for the billing address before or after it ("Billing
/// First Name", "Voornaam facturatie"); not the shipping address's, nor an
/// account manager's ("Owner First Name").
fn names_person_part(norm: &str, words: &[&str]) -> bool {
    const NOT: &[&str] = &[
        "ship",
        "verzend",
        "lever",
        "liefer",
        "livraison",
        "owner",
        "manager",
        "medewerker",
        "verkoper",
        "user",
        "employee",
    ];
    if contains_any(norm, NOT) {
        return false;
    }
    words.iter().any(|w| {
        norm == *w
            || norm.strip_suffix(w).is_some_and(|rest| rest.ends_with(' '))
            || norm
                .strip_prefix(w)
                .is_some_and(|rest| rest.starts_with(' '))
    })
}

const NOT_CUSTOMER_NAME: &[&str] = &[
    "product",
    "artikel",
    "omschrijving",
    "description",
    "item",
    "lineitem",
    "file",
    "bestand",
    "user",
    "medewerker",
    "verkoper",
    "owner",
    "manager",
    "ship",
    "verzend",
    "levering",
    "contactpersoon",
    "first name",
    "last name",
    "voornaam",
    "achternaam",
    "type",
    "status",
    "stage",
    "datum",
    "date",
    "email",
    "mail",
    // A customer's note, phone or place ("Customer Note", "Klant plaats");
    // not "address" (Shopify's "Default Address Company" is the name).
    "note",
    "notitie",
    "opmerking",
    "remark",
    "comment",
    "memo",
    "phone",
    "telefoon",
    "postcode",
    "zip",
    "city",
    "plaats",
    "country",
    "province",
    "provincie",
    "terms",
    "payment",
    "method",
    "grootboek",
    "ledger",
    "dagboek",
    "journal",
    "kostenplaats",
];

const DATE: Table = &[
    ("factuurdatum", 10),
    ("factuur datum", 10),
    ("datum factuur", 10),
    ("orderdatum", 10),
    ("order datum", 10),
    ("besteldatum", 10),
    ("verkoopdatum", 9),
    ("invoice date", 10),
    ("order date", 10),
    ("sale date", 9),
    ("sales date", 9),
    ("transaction date", 9),
    ("transactiedatum", 9),
    ("document date", 8),
    ("documentdatum", 8),
    ("boekdatum", 8),
    ("boekingsdatum", 8),
    ("posting date", 8),
    ("rechnungsdatum", 10),
    ("bestelldatum", 10),
    ("belegdatum", 8),
    ("date de facture", 10),
    ("date facture", 10),
    ("date commande", 10),
    ("date de commande", 10),
    ("created at", 7),
    ("created", 6),
    ("created date", 7),
    ("created utc", 7),
    ("date created", 7),
    ("aangemaakt", 5),
    ("datum", 6),
    ("date", 6),
    ("dag", 4),
    ("periode", 2),
    ("paid at", 2),
    ("betaaldatum", 2),
    ("payment date", 2),
    ("vervaldatum", 1),
    ("due date", 1),
    ("leverdatum", 1),
    ("delivery date", 1),
    ("verzenddatum", 1),
    ("ship date", 1),
];

/// Dates that are not when the sale happened: only used when nothing better exists.
const OTHER_DATE: &[&str] = &[
    "activity",
    "activiteit",
    "contact",
    "wijziging",
    "change",
    "close date",
    "sluitingsdatum",
    "verval",
    "due",
    "paid",
    "betaal",
    "payment",
    "lever",
    "deliver",
    "verzend",
    "ship",
    "fulfill",
    "updated",
    "gewijzigd",
    "modified",
    "cancel",
    "geannuleerd",
    "geboorte",
    "birth",
    "expir",
];

/// When an invoice must be paid.
const DUE_DATE: Table = &[
    ("vervaldatum", 10),
    ("verval datum", 10),
    ("vervaldag", 9),
    ("uiterste betaaldatum", 10),
    ("uiterste betaaldag", 10),
    ("betalen voor", 8),
    ("due date", 10),
    ("duedate", 10),
    ("date due", 10),
    ("payment due", 9),
    ("due", 6),
    ("due on", 8),
    ("falligkeitsdatum", 10),
    ("fallig am", 9),
    ("echeance", 9),
    ("date d echeance", 10),
    ("date echeance", 10),
];

/// Words of an amount: a due or paid header with one is money, not a date.
const PAYMENT_AMOUNT: &[&str] = &[
    "amount", "bedrag", "balance", "saldo", "total", "totaal", "sum", "betrag", "montant",
];

/// When an invoice was paid.
const PAID_DATE: Table = &[
    ("betaaldatum", 10),
    ("betaal datum", 10),
    ("betaald op", 10),
    ("datum betaald", 10),
    ("datum betaling", 10),
    ("betalingsdatum", 10),
    ("datum voldaan", 9),
    ("voldaan op", 9),
    ("paid date", 10),
    ("date paid", 10),
    ("paid on", 10),
    ("paid at", 9),
    ("payment date", 10),
    ("paid", 6),
    ("bezahlt am", 10),
    ("zahlungsdatum", 10),
    ("date de paiement", 10),
    ("paye le", 9),
];

const LAST_PURCHASE: Table = &[
    ("laatste aankoop", 10),
    ("laatste aankoopdatum", 10),
    ("laatste factuur", 10),
    ("laatste factuurdatum", 10),
    ("datum laatste factuur", 10),
    ("datum laatste aankoop", 10),
    ("datum laatste order", 10),
    ("laatste order", 10),
    ("laatste orderdatum", 10),
    ("laatste bestelling", 10),
    ("last order", 10),
    ("last order date", 10),
    ("last purchase", 10),
    ("last purchase date", 10),
    ("last invoice", 10),
    ("last invoice date", 10),
    ("date of last order", 10),
    ("most recent order", 9),
    ("recent order date", 9),
    ("letzte bestellung", 10),
    ("letzter kauf", 10),
    ("letzte rechnung", 10),
    ("derniere commande", 10),
    ("dernier achat", 10),
    ("derniere facture", 10),
    ("last closed won date", 8),
    // WooCommerce's customer report: its last visit or order, the nearest it has.
    ("last active", 7),
    ("laatst actief", 7),
];

/// Words that make a revenue header the period before's: "omzet vorig jaar",
/// "omzet VJ", "revenue prior year", "sales LY".
const PREVIOUS: &[&str] = &[
    "vorig",
    "vorige",
    "vorigjaar",
    "vj",
    "previous",
    "prev",
    "prior",
    "last year",
    "ly",
    "py",
    "vorjahr",
];

/// Words of a total up to a day: "omzet t/m vorige maand", "2025 YTD".
/// (Not a bare "tot": it is also short for "totaal", as in "Tot. omzet".)
const TO_DATE: &[&str] = &[
    "t m",
    "tm",
    "tot en met",
    "tot op heden",
    "tot heden",
    "tot nu",
    "sinds",
    "since",
    "ytd",
    "to date",
    "through",
    "until",
    "heden",
    "lopend",
    "lopende",
];

/// A total up to the period before, not that period: "omzet t/m vorige
/// maand", "sales through last month". (A previous period's own total up to
/// a day, "omzet VJ t/m nov", is still the period before.)
const UP_TO_PREVIOUS: &[&str] = &[
    "t m vorige",
    "t m vorig",
    "tm vorige",
    "tm vorig",
    "tot vorige",
    "tot en met vorige",
    "tot en met vorig",
    "sinds vorige",
    "sinds vorig",
    "through last",
    "through previous",
    "until last",
    "until previous",
    "up to last",
    "to last",
];

/// Whether a header names a total up to a day rather than a whole period
/// ("Omzet 2025 t/m nov", "Sales YTD"): compared with a whole year, everyone
/// seems to buy less.
pub fn reads_to_date(header: &str) -> bool {
    has_any(&normalise_header(header), TO_DATE)
}

/// Words of a difference or a comparison ("verschil t.o.v. vorig jaar",
/// "growth vs PY", "omzet vs budget"): never revenue, of any period.
const DIFFERENCE: &[&str] = &[
    "verschil",
    "groei",
    "delta",
    "diff",
    "difference",
    "mutatie",
    "afwijking",
    "vs",
    "versus",
    "tov",
    "t o v",
    "change",
    "growth",
    "index",
];

/// A year (1990–2099) named in a normalised header, when it names exactly one.
pub(super) fn year_in(norm: &str) -> Option<u16> {
    let mut years = norm
        .split(' ')
        .filter(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|w| w.parse::<u16>().ok())
        .filter(|y| (1990..=2099).contains(y));
    let year = years.next()?;
    years.next().is_none().then_some(year)
}

const REVENUE: Table = &[
    ("omzet", 8),
    ("omzet excl btw", 11),
    ("bedrag", 6),
    ("factuurbedrag", 7),
    ("orderbedrag", 7),
    ("totaalbedrag", 6),
    ("totaal", 5),
    ("netto", 7),
    ("nettobedrag", 8),
    ("netto bedrag", 8),
    ("netto omzet", 9),
    ("netto omzet", 9),
    ("waarde", 4),
    ("amount", 6),
    ("net amount", 8),
    ("sales", 7),
    ("net sales", 9),
    ("revenue", 8),
    ("total revenue", 9),
    ("net revenue", 9),
    ("total", 5),
    ("order total", 6),
    ("invoice total", 6),
    ("subtotal", 7),
    ("subtotaal", 7),
    ("total spent", 9),
    // A line's own amount, over the invoice's total repeated on each of its
    // lines (Xero's "LineAmount" beside "Total").
    ("line amount", 10),
    ("line total", 10),
    ("regelbedrag", 10),
    ("regeltotaal", 10),
    ("amount spent", 9),
    ("lifetime value", 8),
    ("ltv", 7),
    ("line total", 6),
    ("regeltotaal", 6),
    ("value", 3),
    ("deal value", 6),
    ("umsatz", 8),
    ("nettoumsatz", 9),
    ("betrag", 6),
    ("nettobetrag", 8),
    ("montant", 6),
    ("montant ht", 9),
    ("chiffre d affaires", 8),
    ("ca", 4),
];

/// Amounts that are never revenue.
const NOT_REVENUE: &[&str] = &[
    "shipping",
    "verzend",
    "discount",
    "korting",
    "rabatt",
    "remise",
    "refund",
    "terugbetaal",
    "fee",
    "kosten",
    "cost",
    "kostprijs",
    "inkoop",
    "saldo",
    "openstaand",
    "outstanding",
    "balance",
    "aantal",
    "quantity",
    "qty",
    "stuks",
    "menge",
    "count",
    "nummer",
    "number",
    "datum",
    "date",
    "pct",
    "percentage",
    "winst",
    "marge",
    "profit",
    "margin",
    "prijs",
    "price",
    "preis",
    "prix",
    "tarief",
    "gewinn",
    "rohertrag",
    "unit",
    "porto",
    "fracht",
    "frais",
];

/// Words that say outright that an amount excludes VAT (of [`EXCL`], which
/// also has "net" and "subtotal").
const EXCL_VAT_SAID: &[&str] = &["excl", "exclusief", "excluding", "exkl", "ex"];

/// Words that make an amount VAT, unless the header also says excl./incl.
const VAT: &[&str] = &[
    "btw",
    "vat",
    "tax",
    "taxes",
    "belasting",
    "mwst",
    "tva",
    "ust",
    "taks",
];
const EXCL: &[&str] = &[
    "excl",
    "exclusief",
    "ex",
    "excluding",
    "exkl",
    "netto",
    "net",
    "subtotal",
    "subtotaal",
    "zonder",
    "ht",
    "hors",
];
const INCL: &[&str] = &[
    "incl",
    "inclusief",
    "including",
    "inkl",
    "ttc",
    "bruto",
    "gross",
    "brutto",
];

const PROFIT: Table = &[
    ("winst", 9),
    ("brutowinst", 9),
    ("bruto winst", 9),
    ("marge", 7),
    ("brutomarge", 8),
    ("marge bedrag", 9),
    ("margebedrag", 9),
    ("profit", 9),
    ("gross profit", 9),
    ("margin", 7),
    ("gross margin", 8),
    ("gewinn", 9),
    ("rohertrag", 9),
    ("deckungsbeitrag", 8),
    ("benefice", 8),
    ("db", 3),
];

const PERCENT_WORDS: &[&str] = &[
    "pct",
    "percentage",
    "procent",
    "perc",
    "prozent",
    "pourcentage",
];

const QUANTITY: Table = &[
    ("aantal", 8),
    ("aantal stuks", 9),
    ("stuks", 7),
    ("quantity", 8),
    ("qty", 8),
    ("lineitem quantity", 8),
    ("menge", 7),
    ("anzahl", 7),
    ("quantite", 7),
];

const UNIT_PRICE: Table = &[
    ("prijs", 7),
    ("stukprijs", 9),
    ("prijs per stuk", 9),
    ("eenheidsprijs", 9),
    ("verkoopprijs", 8),
    ("unit price", 9),
    ("price", 7),
    ("lineitem price", 8),
    ("item price", 8),
    ("einzelpreis", 9),
    ("preis", 7),
    ("prix unitaire", 9),
    ("prix", 7),
];

const ORDER_COUNT: Table = &[
    ("aantal orders", 10),
    ("aantal facturen", 10),
    ("aantal bestellingen", 10),
    ("aantal aankopen", 10),
    ("aantal transacties", 9),
    ("orders", 8),
    ("total orders", 10),
    ("orders count", 10),
    ("order count", 10),
    ("number of orders", 10),
    ("nr orders", 9),
    ("num orders", 9),
    ("number of purchases", 10),
    ("purchases", 6),
    ("anzahl bestellungen", 10),
    ("nombre de commandes", 10),
    ("nb commandes", 9),
    ("facturen", 6),
];

const STATUS: Table = &[
    ("status", 6),
    ("klantstatus", 9),
    ("klant status", 9),
    ("relatiestatus", 9),
    ("relatietype", 9),
    ("relatie type", 9),
    ("type relatie", 9),
    ("relatiesoort", 9),
    ("soort relatie", 9),
    ("klanttype", 8),
    ("customer status", 9),
    ("customer type", 8),
    ("lifecycle stage", 9),
    ("lead status", 8),
    ("stage", 5),
    ("type", 3),
    ("kundenstatus", 9),
    ("statut", 6),
];

/// The state of an order or invoice (not of the relation).
const ORDER_STATUS: Table = &[
    ("order status", 10),
    ("orderstatus", 10),
    ("bestelstatus", 10),
    ("status bestelling", 10),
    ("status order", 10),
    ("financial status", 10),
    ("factuurstatus", 10),
    ("status factuur", 10),
    ("invoice status", 10),
    ("document status", 9),
    ("documentstatus", 9),
    ("betaalstatus", 8),
    ("payment status", 8),
    ("bestellstatus", 10),
    ("rechnungsstatus", 10),
    // The kind of booking or document, when its values say sale or not
    // ([`order_state`]): e-Boekhouden's "Soort" of a mutation.
    ("soort", 3),
    ("mutatiesoort", 9),
    ("soort mutatie", 9),
    ("boekingssoort", 8),
    ("transactietype", 8),
    ("transaction type", 8),
    ("documenttype", 8),
    ("document type", 8),
    ("statut commande", 10),
    ("statut facture", 10),
];

/// The number of an order or invoice: a customer's orders are its
/// different numbers.
const ORDER_NUMBER: Table = &[
    ("ordernummer", 10),
    ("order nummer", 10),
    ("ordernr", 10),
    ("order nr", 10),
    ("order number", 10),
    ("order no", 10),
    ("order id", 9),
    ("order", 5),
    ("bestelnummer", 10),
    ("bestelnr", 10),
    ("factuurnummer", 10),
    ("factuur nummer", 10),
    ("factuurnr", 10),
    ("factuur nr", 10),
    ("factuur", 5),
    ("invoice number", 10),
    ("invoice no", 10),
    ("invoice nr", 10),
    ("invoice id", 9),
    ("invoice", 5),
    ("boekstuknummer", 9),
    ("boekstuk", 7),
    ("bestellnummer", 10),
    ("rechnungsnummer", 10),
    ("rechnungsnr", 10),
    ("numero de commande", 10),
    ("numero commande", 10),
    ("numero de facture", 10),
    ("numero facture", 10),
    ("n facture", 9),
    ("no facture", 9),
    ("n commande", 9),
    ("no commande", 9),
    ("facture", 5),
    ("commande", 5),
];

/// The amount refunded on an order (Shopify's "Refunded Amount").
const REFUNDED: Table = &[
    ("refunded amount", 10),
    ("amount refunded", 10),
    ("refund amount", 10),
    ("total refunded", 10),
    ("refunded", 8),
    ("refunds", 8),
    ("terugbetaald", 10),
    ("terugbetaald bedrag", 10),
    ("bedrag terugbetaald", 10),
    ("terugbetaling", 8),
    ("erstattet", 9),
    ("erstattungsbetrag", 10),
    ("montant rembourse", 10),
    ("rembourse", 9),
];

/// The amount still open on an invoice (e-Boekhouden's "Openstaand",
/// SnelStart's "Openstaand saldo", Moneybird's "Openstaand bedrag").
const OPEN_AMOUNT: Table = &[
    ("openstaand", 10),
    ("openstaand bedrag", 10),
    ("bedrag openstaand", 10),
    ("openstaand saldo", 10),
    ("saldo openstaand", 10),
    ("open bedrag", 9),
    ("nog te betalen", 9),
    ("nog te ontvangen", 9),
    ("restbedrag", 8),
    ("outstanding", 10),
    ("amount outstanding", 10),
    ("outstanding amount", 10),
    ("open amount", 10),
    ("open balance", 9),
    ("invoice amount due", 10),
    ("balance due", 10),
    ("amount remaining", 10),
    ("remaining amount", 10),
    ("offener betrag", 10),
    ("offen", 8),
    ("montant restant", 9),
    ("reste a payer", 9),
];

/// The ledger account of a journal line (SnelStart's "Grootboeknummer",
/// a general ledger export's "Grootboekrekening"). Not a "Tegenrekening"
/// (a bank statement's other party) nor a bank "Rekeningnummer".
const LEDGER: Table = &[
    ("grootboek", 8),
    ("grootboekrekening", 10),
    ("grootboeknummer", 10),
    ("grootboekcode", 10),
    ("grootboekrekeningnummer", 10),
    ("grootboek nr", 10),
    ("grootboeknr", 10),
    ("gb rekening", 9),
    ("general ledger", 8),
    ("gl account", 10),
    ("gl code", 10),
    ("ledger account", 10),
    ("ledger code", 10),
    ("nominal code", 9),
    ("sachkonto", 10),
    ("compte general", 10),
    ("compte generaal", 10),
];

/// The debit and credit sides of a journal or a customer's account card
/// ("Debet", "Credit"), as whole headers.
const DEBIT: &[&str] = &[
    "debet",
    "debit",
    "debetbedrag",
    "bedrag debet",
    "debet bedrag",
    "debit amount",
    "soll",
];
const CREDIT: &[&str] = &[
    "credit",
    "creditbedrag",
    "bedrag credit",
    "credit bedrag",
    "credit amount",
    "haben",
];

/// Whether a ledger account is a revenue account. By its number when it
/// has one (the charts of accounts of Dutch and Belgian packages are
/// numbered alike): 8… in the Dutch one ("8000", "80125", "8400
/// Doorberekende kosten"), 70… of six digits or more in the Belgian one
/// ("700000"). Without a number by its name: "Omzet", "Opbrengst
/// verkopen", "Sales", but not a cost or a tax ("Inkoopwaarde van de
/// omzet", "Af te dragen omzetbelasting"). Any other account (debtors,
/// VAT, bank) is none.
pub fn is_revenue_account(v: &[u8]) -> bool {
    is_revenue_account_in(v, false)
}

/// Whether a file's account numbers are Belgian ones of four or five
/// digits: none of them 8… (no Dutch revenue) and some 70… (the Belgian
/// revenue; "7000" is Dutch cost of sales). Then a 70… of any length is
/// revenue ([`is_revenue_account_in`]). `whole`: the accounts are all the
/// file's; else those of its first rows, which in a ledger sorted by
/// account (its numbers never going down) may end before its 8…: then
/// it is not decided so.
pub fn belgian_short_chart<'a>(accounts: impl Iterator<Item = &'a [u8]>, whole: bool) -> bool {
    let mut seventy = false;
    let mut sorted = true;
    let mut last = 0u64;
    for v in accounts {
        let number = account_number(v);
        match number {
            [b'8', ..] if number.len() >= 3 => return false,
            [b'7', b'0', ..] if number.len() >= 3 => seventy = true,
            _ => {}
        }
        let n = number.iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        sorted &= n >= last;
        last = n;
    }
    seventy && (whole || !sorted)
}

/// Words that name revenue in an account in English, French and German
/// (the Dutch ones are in [`REVENUE_NL`]).
const REVENUE_ABROAD: &[&str] = &[
    "revenue",
    "sales",
    "turnover",
    "income",
    "ventes",
    "chiffre d",
    "umsatz",
    "erlos",
    "erlös",
];
const REVENUE_NL: &[&str] = &["omzet", "opbrengst", "verkopen", "verkoop"];

/// Whether an account's name says revenue ("Omzet", "4000 Sales"), not a
/// cost or a tax ("Inkoopwaarde van de omzet", "Sales tax").
pub fn names_revenue(v: &[u8]) -> bool {
    !mentions_any(v, COST) && (mentions_any(v, REVENUE_NL) || mentions_any(v, REVENUE_ABROAD))
}

/// Whether a file's accounts are numbered by another chart than the Dutch
/// or Belgian one, whose revenue is told by its names: some account has a
/// number and an English, French or German revenue name ("4000 Sales",
/// "200 Revenue"), and none is revenue by its number (a Dutch 8…, a Belgian
/// 70…; `belgian`: the short Belgian chart, see [`belgian_short_chart`]), so
/// a Belgian chart named in French ("700000 Chiffre d'affaires", "708000
/// Remises") keeps its numbers. Then an account is revenue by its name
/// alone ([`names_revenue`]).
pub fn named_chart<'a>(accounts: impl Iterator<Item = &'a [u8]>, belgian: bool) -> bool {
    let mut named = false;
    for v in accounts {
        if account_number(v).len() < 3 {
            continue;
        }
        if is_revenue_account_in(v, belgian) {
            return false;
        }
        named = named || (!mentions_any(v, COST) && mentions_any(v, REVENUE_ABROAD));
    }
    named
}

/// Costs, and taxes on revenue ("Af te dragen omzetbelasting"), in an account's name.
const COST: &[&str] = &[
    "belasting",
    "btw",
    "vat",
    "tax",
    "tva",
    "steuer",
    "inkoop",
    "kostprijs",
    "kosten",
    "cost",
    "purchase",
    "achat",
    "aufwand",
    "wareneinsatz",
    // Interest is no sale.
    "interest",
    "rente",
    "zinsen",
];

/// [`is_revenue_account`], in a file whose chart is a short Belgian one
/// ([`belgian_short_chart`]) when `belgian`.
pub fn is_revenue_account_in(v: &[u8], belgian: bool) -> bool {
    let number = account_number(v);
    let digits = number.len();
    match number {
        [b'8', ..] if digits >= 3 => true,
        [b'7', b'0', ..] if digits >= 6 || belgian && digits >= 3 => true,
        _ if digits >= 3 => false,
        _ => names_revenue(v),
    }
}

/// The digits an account starts with ("8000" of "8000 Omzet hoog").
fn account_number(v: &[u8]) -> &[u8] {
    let v = clean_cell(v);
    let digits = v.iter().take_while(|b| b.is_ascii_digit()).count();
    &v[..digits]
}

/// Which side of the books a line's amount is on ([`Role::Side`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// "D", "Debet", "Debit", "Dr", "Soll".
    Debit,
    /// "C", "Credit", "Cr", "Haben".
    Credit,
}

/// The side a debit/credit indicator names, ignoring case: `None` for
/// anything else (an empty cell too).
pub fn side_of(v: &[u8]) -> Option<Side> {
    const DEBIT_WORDS: &[&str] = &["d", "debet", "debit", "dr", "deb", "soll", "s"];
    const CREDIT_WORDS: &[&str] = &["c", "credit", "cr", "cred", "haben", "h"];
    let v = clean_cell(v);
    let is = |words: &[&str]| words.iter().any(|w| v.eq_ignore_ascii_case(w.as_bytes()));
    if is(DEBIT_WORDS) {
        Some(Side::Debit)
    } else if is(CREDIT_WORDS) {
        Some(Side::Credit)
    } else {
        None
    }
}

/// Headers (normalised) under which a column of D and C is the amount's
/// debit/credit indicator by its values: a kind of line, or no header.
const SIDE_BY_VALUES: &[&str] = &[
    "",
    "soort",
    "type",
    "teken",
    "zijde",
    "kant",
    "boekingssoort",
    "soort boeking",
    "boekingstype",
    "sign",
    "side",
    "indicator",
];

/// Whole headers of a debit/credit indicator, as written ("D/C",
/// "Debet/Credit"); compared normalised, said as here.
const SIDE: &[&str] = &[
    "d/c",
    "dc",
    "c/d",
    "dr/cr",
    "debet/credit",
    "debit/credit",
    "credit/debet",
    "debet of credit",
    "debet/credit-indicator",
    "debit/credit indicator",
    "dc-indicator",
    "d/c-indicator",
    "soll/haben",
    "s/h",
];

/// Whether `v` holds any of `words` (lower case), ignoring ASCII case;
/// without allocating (a journal has a line per booking).
fn mentions_any(v: &[u8], words: &[&str]) -> bool {
    words.iter().any(|w| find_ci(v, w.as_bytes()).is_some())
}

/// Whether an account's name says it is one of a journal's other sides
/// than revenue: debtors, VAT, bank or cash, creditors.
pub fn names_other_account(v: &[u8]) -> bool {
    const OTHER: &[&str] = &[
        "debiteur",
        "debtor",
        "receivable",
        "klanten",
        "btw",
        "vat",
        "belasting",
        "tax",
        "tva",
        "bank",
        "kas",
        "cash",
        "crediteur",
        "creditor",
        "payable",
        "te betalen",
        "te vorderen",
    ];
    mentions_any(v, OTHER)
}

/// The currency of a row's amounts (Shopify's "Currency", WooCommerce's
/// "Order Currency", "Valuta").
const CURRENCY: Table = &[
    ("currency", 10),
    ("order currency", 10),
    ("currency code", 10),
    ("valuta", 10),
    ("valutacode", 10),
    ("munteenheid", 10),
    ("wahrung", 10),
    ("devise", 9),
    ("monnaie", 9),
];

/// Words of an amount in the invoice's own currency ("Bedrag valuta",
/// Exact's "Bedrag VV"): the less wanted revenue column.
const FOREIGN_AMOUNT: &[&str] = &[
    "valuta",
    "vv",
    "currency",
    "foreign",
    "vreemde",
    "transactievaluta",
    "fremdwahrung",
    "devise",
];

/// Words of an amount in the company's own currency ("Bedrag EUR",
/// "Bedrag in standaardvaluta"): converted, the wanted revenue column.
const HOME_AMOUNT: &[&str] = &[
    "eur",
    "euro",
    "euros",
    "standaardvaluta",
    "basisvaluta",
    "bedrijfsvaluta",
    "administratievaluta",
    "home currency",
    "base currency",
    "company currency",
    "functional currency",
];

/// Whether the revenue column (`revenue`, an index into `headers`) holds
/// amounts converted to the company's currency: its header says so ("Bedrag
/// EUR"), or another column holds the amounts in the invoice's own currency
/// ("Bedrag VV"). Then a currency column says nothing about it.
pub fn is_converted_amount(headers: &[String], revenue: usize) -> bool {
    let norm = |h: &String| normalise_header(h);
    headers
        .get(revenue)
        .is_some_and(|h| has_any(&norm(h), HOME_AMOUNT))
        || headers.iter().enumerate().any(|(i, h)| {
            let n = norm(h);
            i != revenue && has_any(&n, FOREIGN_AMOUNT) && best(&n, REVENUE).is_some()
        })
}

/// Whether an amount's header names the whole order's or invoice's total
/// ("Order Total", "Totaalbedrag", "Grand Total", "Factuurbedrag"), not a
/// line's own amount ("Line Total", "Regeltotaal", "Item Price").
pub fn names_order_total(header: &str) -> bool {
    let norm = normalise_header(header);
    contains_any(
        &norm,
        &[
            "total",
            "totaal",
            "order",
            "bestelling",
            "factuurbedrag",
            "invoice amount",
        ],
    ) && !contains_any(
        &norm,
        &[
            "line", "regel", "item", "artikel", "product", "unit", "stuk", "sku",
        ],
    )
}

/// A currency as its ISO code: "EUR", "usd", "€", "Euro" → `EUR`, `USD`,
/// `EUR`, `EUR` (any three letters but "nvt" are a code; a symbol as
/// amounts carry it); `None` for a value that is no currency ("n.v.t.", "-").
pub fn currency_code(v: &[u8]) -> Option<[u8; 3]> {
    match clean_cell(v) {
        // "nvt" (niet van toepassing) is no currency.
        v if v.eq_ignore_ascii_case(b"nvt") => None,
        v if v.eq_ignore_ascii_case(b"euro") || v.eq_ignore_ascii_case(b"euros") => Some(*b"EUR"),
        [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_alphabetic()) => Some([
            a.to_ascii_uppercase(),
            b.to_ascii_uppercase(),
            c.to_ascii_uppercase(),
        ]),
        v => currency_mark(v),
    }
}

/// What an order or invoice status says about the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderState {
    /// A sale: paid, open, late, completed, processing, pending, ...
    Sale,
    /// No sale: cancelled, draft, failed, voided, refunded, declined, expired,
    /// and WooCommerce's "pending payment" (an order whose payment never started).
    NotASale,
    /// A value this list does not know (it counts, as a sale).
    Unknown,
}

/// Reads an order or invoice status (Shopify, WooCommerce with or without
/// its `wc-` prefix, Moneybird, Exact, in Dutch, English, German or French).
/// Case, `_` and `-` do not matter.
///
/// WooCommerce's "Pending payment" (`wc-pending`) is an order whose payment
/// never started, mostly a checkout left halfway: WooCommerce's own reports
/// leave it out, and so does this. A plain "pending" is Shopify's financial
/// status of an order paid by bank transfer or on account: a sale.
pub fn order_state(v: &[u8]) -> OrderState {
    const NOT_A_SALE: &[&str] = &[
        "cancelled",
        "canceled",
        "geannuleerd",
        "annulé",
        "annulée",
        "annule",
        "annulee",
        "storniert",
        "storno",
        "void",
        "voided",
        "failed",
        "mislukt",
        "fehlgeschlagen",
        "échoué",
        "echoue",
        "declined",
        "geweigerd",
        "expired",
        "draft",
        "concept",
        "checkout draft",
        "entwurf",
        "brouillon",
        "refunded",
        "terugbetaald",
        "gecrediteerd",
        "credited",
        "erstattet",
        "remboursé",
        "rembourse",
        "remboursée",
        "remboursee",
        "gerestitueerd",
        "trash",
        "verwijderd",
        "deleted",
        "pending payment",
        "awaiting approval",
        "in afwachting van betaling",
        "wacht op betaling",
        "wachten op betaling",
        "zahlung ausstehend",
        "en attente de paiement",
        "attente paiement",
        // What kind of booking a row is (e-Boekhouden's "Soort" of a
        // mutation, also as its API writes it): a purchase, a payment of an
        // invoice (the invoice itself counted already), money spent, a
        // journal entry, an opening balance. "Geld ontvangen" (money
        // received without an invoice, a cash sale among other things) counts.
        "factuur ontvangen",
        "factuurontvangen",
        "factuurbetaling ontvangen",
        "factuurbetalingontvangen",
        "factuurbetaling verstuurd",
        "factuurbetalingverstuurd",
        "geld uitgegeven",
        "gelduitgegeven",
        "memoriaal",
        "openingssaldo",
        "beginbalans",
        "inkoopfactuur",
        "inkoopcreditnota",
        "inkoop",
        "purchase invoice",
    ];
    const SALE: &[&str] = &[
        "paid",
        "betaald",
        "completed",
        "complete",
        "voltooid",
        "afgerond",
        "processing",
        "in behandeling",
        "pending",
        "on hold",
        "in de wacht",
        "in wachtrij",
        "verwerken",
        "open",
        "openstaand",
        "late",
        "te laat",
        "overdue",
        "reminded",
        "herinnerd",
        "scheduled",
        "ingepland",
        "uncollectible",
        "oninbaar",
        "partially paid",
        "partially refunded",
        "deels betaald",
        "gedeeltelijk betaald",
        "gedeeltelijk terugbetaald",
        "authorized",
        "sent",
        "verzonden",
        "verstuurd",
        "fulfilled",
        "shipped",
        "delivered",
        "geleverd",
        "unpaid",
        "onbetaald",
        "niet betaald",
        "invoiced",
        "gefactureerd",
        "processed",
        "verwerkt",
        "final",
        "definitief",
        "bezahlt",
        "offen",
        "überfällig",
        "awaiting payment",
        "authorised",
        "payé",
        "paye",
        "payée",
        "payee",
        "impayé",
        "impaye",
        "impayée",
        "impayee",
        "ouverte",
        "ouvert",
        "en retard",
        "envoyée",
        "envoyee",
        "envoyé",
        "envoye",
        "émise",
        "emise",
        "facturé",
        "facture",
        "facturée",
        "facturee",
        "partiellement payée",
        "partiellement payee",
        "vervallen",
        "achterstallig",
        "en attente",
        "terminé",
        "termine",
        "factuur verstuurd",
        "factuurverstuurd",
        "verkoopfactuur",
        "verkoop",
        "sales invoice",
        "sale",
        "factuur",
        "invoice",
    ];
    let mut buf = [0u8; 40];
    let v = clean_cell(v);
    // Amounts, dates and numbers, most of a file's cells, at a glance.
    if v.len() > buf.len() || v.iter().any(u8::is_ascii_digit) {
        return OrderState::Unknown;
    }
    let woo = v.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(b"wc-"));
    let v = if woo { &v[3..] } else { v };
    let Some(out) = buf.get_mut(..v.len()) else {
        return OrderState::Unknown;
    };
    for (o, &b) in out.iter_mut().zip(v) {
        *o = match b {
            b'_' | b'-' => b' ',
            _ => b.to_ascii_lowercase(),
        };
    }
    // Accented capitals ("Annulé" is fine, "ANNULÉ" is not) are rare enough.
    let Ok(s) = std::str::from_utf8(out) else {
        return OrderState::Unknown;
    };
    if NOT_A_SALE.contains(&s) || (woo && s == "pending") {
        OrderState::NotASale
    } else if SALE.contains(&s) {
        OrderState::Sale
    } else {
        OrderState::Unknown
    }
}

/// Statuses of orders and payments, not of the relation.
const NOT_STATUS: &[&str] = &[
    "order",
    "financial",
    "fulfillment",
    "fulfilment",
    "payment",
    "betaal",
    "betaling",
    "factuur",
    "invoice",
    "levering",
    "delivery",
    "verzend",
    "shipping",
    "deal",
    "btw",
    "vat",
    "tax",
];

const ACCOUNT_MANAGER: Table = &[
    ("accountmanager", 9),
    ("account manager", 9),
    ("verkoper", 8),
    ("vertegenwoordiger", 9),
    ("relatiebeheerder", 9),
    ("owner", 6),
    ("sales rep", 9),
    ("salesperson", 9),
    ("sales person", 9),
    ("contact owner", 9),
    ("account owner", 9),
    ("company owner", 9),
    ("deal owner", 8),
    ("medewerker", 4),
    ("behandelaar", 5),
    ("vertreter", 8),
    ("aussendienst", 8),
    ("betreuer", 8),
    ("commercial", 6),
    ("responsable", 6),
    ("vendeur", 8),
];

/// The best-matching phrase of a table: exact matches count 3 more than contained ones.
fn best(norm: &str, table: Table) -> Option<(u8, &'static str)> {
    let mut best: Option<(u8, &'static str)> = None;
    for &(phrase, score) in table {
        let s = if norm == phrase {
            score + 3
        } else if has(norm, phrase) {
            score
        } else {
            continue;
        };
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, phrase));
        }
    }
    best
}

/// Candidate roles for one header, with score and the phrase that matched.
/// A role excluded by a negative word is reported through `exclusion`.
fn header_candidates(norm: &str) -> (Vec<(Role, u8, &'static str)>, Option<&'static str>) {
    let mut out = Vec::new();
    let mut exclusion = None;
    if norm.is_empty() {
        return (out, None);
    }
    let last = best(norm, LAST_PURCHASE);
    if let Some((s, k)) = last {
        out.push((Role::LastPurchase, s + 2, k));
    }
    if let Some((s, k)) = best(norm, ORDER_COUNT) {
        out.push((Role::OrderCount, s + 1, k));
    }
    // "Amount due", "Betaald bedrag": money, not a date.
    let money = has_any(norm, PAYMENT_AMOUNT);
    let due = best(norm, DUE_DATE).filter(|_| !money);
    if let Some((s, k)) = due {
        out.push((Role::DueDate, s + 2, k));
    }
    let paid = best(norm, PAID_DATE).filter(|_| !money);
    if let Some((s, k)) = paid {
        out.push((Role::PaidDate, s + 2, k));
    }
    // A header that is only a year or period word ("Jaar", "Maand",
    // "Kwartaal"): a report per year's, month's or quarter's, when its
    // values are years or dates. Whole headers only: "Omzet deze maand" is
    // an amount, and were it empty it would fit a date.
    if let Some(k) = YEAR.iter().chain(PERIOD).find(|w| norm == **w) {
        out.push((Role::Date, 2, *k));
    }
    if last.is_none()
        && due.is_none()
        && paid.is_none()
        && let Some((s, k)) = best(norm, DATE)
    {
        let s = if contains_any(norm, OTHER_DATE) {
            s.min(2)
        } else {
            s
        };
        out.push((Role::Date, s, k));
    }
    // A generic word ("Code", "Nummer", "ID") only as the whole header: in
    // "Valuta code", "Verkoper nummer" or "Magazijn ID" it is another
    // thing's number, and as the key it would make one customer of many.
    if !contains_any(norm, NOT_CUSTOMER_ID)
        && let Some((s, k)) = best(norm, CUSTOMER_ID)
        && (norm == k || !GENERIC_ID.contains(&k))
    {
        out.push((Role::CustomerId, s, k));
    }
    if !contains_any(norm, NOT_CUSTOMER_NAME)
        && let Some((s, k)) = best(norm, CUSTOMER_NAME)
    {
        out.push((Role::CustomerName, s, k));
    }
    let percent = has_any(norm, PERCENT_WORDS);
    if let Some((s, k)) = best(norm, PROFIT) {
        let role = if percent {
            Role::MarginPercent
        } else {
            Role::Profit
        };
        out.push((role, s, k));
    }
    if let Some((s, k)) = best(norm, REVENUE) {
        let excl = has_any(norm, EXCL);
        let incl = has_any(norm, INCL);
        let vat_word = VAT.iter().find(|w| has(norm, w));
        let banned = NOT_REVENUE
            .iter()
            .find(|w| norm.contains(*w))
            .or_else(|| DIFFERENCE.iter().find(|w| has(norm, w)));
        if let Some(b) = banned {
            exclusion = Some(*b);
        } else if let (Some(v), false, false) = (vat_word, excl, incl) {
            exclusion = Some(*v);
        } else {
            let s = if excl {
                s + 4
            } else if incl {
                s.saturating_sub(3).max(1)
            } else {
                s
            };
            let role = if has_any(norm, PREVIOUS) && !has_any(norm, UP_TO_PREVIOUS) {
                Role::PreviousRevenue
            } else {
                Role::Revenue
            };
            out.push((role, s, k));
        }
    } else if let Some(v) = VAT.iter().find(|w| has(norm, w)) {
        exclusion = Some(*v);
    }
    if let Some((s, k)) = best(norm, QUANTITY)
        && !has_any(
            norm,
            &[
                "orders",
                "facturen",
                "bestellingen",
                "aankopen",
                "transacties",
            ],
        )
    {
        out.push((Role::Quantity, s, k));
    }
    if let Some((s, k)) = best(norm, UNIT_PRICE)
        && !has_any(norm, &["totaal", "total", "subtotal"])
    {
        out.push((Role::UnitPrice, s, k));
    }
    if !contains_any(norm, NOT_STATUS)
        && let Some((s, k)) = best(norm, STATUS)
    {
        out.push((Role::Status, s, k));
    }
    if let Some((s, k)) = best(norm, ORDER_STATUS) {
        out.push((Role::OrderStatus, s, k));
    }
    if let Some((s, k)) = best(norm, REFUNDED) {
        out.push((Role::Refunded, s, k));
    }
    if let Some((s, k)) = best(norm, OPEN_AMOUNT) {
        out.push((Role::OpenAmount, s, k));
    }
    // The currency itself, not an amount in it ("Bedrag valuta") or its rate.
    if let Some((s, k)) = best(norm, CURRENCY)
        && !has_any(
            norm,
            &[
                "bedrag", "amount", "totaal", "total", "koers", "rate", "datum", "date",
            ],
        )
    {
        out.push((Role::Currency, s, k));
    }
    // A number of the order itself, not a line or a date or an amount in it.
    if let Some((s, k)) = best(norm, ORDER_NUMBER)
        && !has_any(
            norm,
            &[
                "regel",
                "line",
                "datum",
                "date",
                "bedrag",
                "amount",
                "totaal",
                "total",
                "status",
                "type",
                "regels",
                "lines",
                "count",
                "aantal",
                "number of",
            ],
        )
    {
        out.push((Role::OrderNumber, s, k));
    }
    if let Some((s, k)) = best(norm, ACCOUNT_MANAGER) {
        out.push((Role::AccountManager, s, k));
    }
    if let Some(&k) = SIDE.iter().find(|&&p| normalise_header(p) == norm) {
        out.push((Role::Side, 13, k));
    }
    // The account (its name beside it only without its number), not the
    // other party's.
    if let Some((s, k)) = best(norm, LEDGER)
        && !contains_any(norm, &["tegen", "contra"])
    {
        let named = contains_any(norm, &["omschrijving", "naam", "name", "description"]);
        out.push((Role::Ledger, if named { s.saturating_sub(4) } else { s }, k));
    }
    (out, exclusion)
}

/// Whether a header may name a journal's ledger account: only such a column
/// is told from its values as one ([`Role::Ledger`]).
pub fn may_name_ledger(header: &str) -> bool {
    let norm = normalise_header(header);
    // A bare "Account" (Xero's, QuickBooks' ledgers) only by its values:
    // numbered accounts ([`ColumnStats::numbered_accounts`]).
    norm == "account" || best(&norm, LEDGER).is_some()
}

/// What the sample values of one column look like.
#[derive(Clone, Debug, Default)]
pub struct ColumnStats {
    /// Non-empty values.
    pub nonempty: usize,
    /// Values that parse as a number under some decimal separator.
    pub numbers: usize,
    /// Numbers with a decimal part or currency sign.
    pub money_like: usize,
    /// Numbers with a `%`.
    pub percents: usize,
    /// Whole numbers.
    pub integers: usize,
    /// Values that are dates in themselves (not serial numbers).
    pub dates: usize,
    /// Plain numbers in the Excel serial-date range.
    pub serials: usize,
    /// Years alone ("2025", [`year_day`]): dates in a column headed "Jaar".
    pub years: usize,
    /// Values starting with `#` (order names like "#1001").
    pub hashes: usize,
    /// Values with `$`.
    pub dollars: usize,
    /// Distinct values.
    pub distinct: usize,
    /// Values that are an order or invoice status ([`order_state`]).
    pub order_states: usize,
    /// Values that are a currency ([`currency_code`]).
    pub currencies: usize,
    /// Values that declare a relation status ("klant", "prospect", "lead").
    pub relation_states: usize,
    /// E-mail addresses ([`is_email`]).
    pub emails: usize,
    /// Revenue accounts ([`is_revenue_account`], or [`names_revenue`]).
    pub revenue_accounts: usize,
    /// Accounts named as a journal's other sides: debtors, VAT, bank
    /// ([`names_other_account`]).
    pub other_accounts: usize,
    /// Accounts written as a number and a name ("4000 Sales").
    pub numbered_accounts: usize,
    /// The column holds one account on every row of the file (as far as
    /// the plan looked: the sample, and beyond it while no revenue account
    /// came; see [`ColumnStats::holds_accounts`]): an account card's.
    pub one_account: bool,
    /// Debit indicators ([`side_of`]).
    pub debits: usize,
    /// Credit indicators ([`side_of`]).
    pub credits: usize,
}

impl ColumnStats {
    /// Whether the cells are accounts: numbers (a journal's "1300") or
    /// numbers with a name ("1300 Debiteuren", "4000 Sales").
    pub fn holds_accounts(&self) -> bool {
        self.share(self.integers) >= 0.8 || self.share(self.numbered_accounts) >= 0.8
    }

    /// Collects statistics over one column of the sample. `ledger`: the
    /// column's header may name a ledger account ([`may_name_ledger`]); only
    /// then are its cells searched for accounts' words (dozens of searches
    /// per cell: a quarter of the plan's time when every column had them).
    pub fn collect<'a>(values: impl Iterator<Item = &'a [u8]>, ledger: bool) -> Self {
        let mut st = ColumnStats::default();
        let mut seen: HashSet<&[u8], FxBuild> = HashSet::default();
        for raw in values {
            let v = clean_cell(raw);
            if v.is_empty() {
                continue;
            }
            st.nonempty += 1;
            seen.insert(v);
            if v.first() == Some(&b'#') {
                st.hashes += 1;
            }
            if v.contains(&b'$') {
                st.dollars += 1;
            }
            if order_state(v) != OrderState::Unknown {
                st.order_states += 1;
            }
            if currency_code(v).is_some() {
                st.currencies += 1;
            }
            if declared_status(v) != DeclaredStatus::Unknown {
                st.relation_states += 1;
            }
            if is_email(v) {
                st.emails += 1;
            }
            if ledger {
                let number = account_number(v).len();
                if number >= 3 && clean_cell(v)[number..].iter().any(u8::is_ascii_alphabetic) {
                    st.numbered_accounts += 1;
                }
                // By number, or by name in any chart ("4000 Sales").
                if is_revenue_account(v) || names_revenue(v) {
                    st.revenue_accounts += 1;
                } else if names_other_account(v) {
                    st.other_accounts += 1;
                }
            }
            if year_day(v).is_some() {
                st.years += 1;
            }
            match side_of(v) {
                Some(Side::Debit) => st.debits += 1,
                Some(Side::Credit) => st.credits += 1,
                None => {}
            }
            let ev = decimal_evidence(v);
            match date_evidence(v) {
                DateEvidence::NotDate => {}
                DateEvidence::Serial => st.serials += 1,
                _ => {
                    st.dates += 1;
                    continue;
                }
            }
            if ev != DecimalEvidence::NotNumber {
                st.numbers += 1;
                let has_sep = v.iter().any(|&c| c == b',' || c == b'.');
                if v.contains(&b'%') {
                    st.percents += 1;
                }
                if ev == DecimalEvidence::Neutral && !v.contains(&b'%') {
                    st.integers += 1;
                }
                let currency = v.iter().any(|&c| c == b'$' || c >= 0x80)
                    || v.windows(3).any(|w| w.eq_ignore_ascii_case(b"eur"));
                if has_sep || currency {
                    st.money_like += 1;
                }
            }
        }
        st.distinct = seen.len();
        st
    }

    fn share(&self, n: usize) -> f64 {
        if self.nonempty == 0 {
            1.0
        } else {
            n as f64 / self.nonempty as f64
        }
    }
}

/// Date headers that name a year ("Jaar", "Boekjaar"): such a column of
/// years alone is a report per year ([`holds_years`]).
const YEAR: &[&str] = &["jaar", "year", "boekjaar", "kalenderjaar", "fiscal year"];

/// Date headers that name a month or quarter ("Maand", "Kwartaal"), as whole
/// headers: a report per month or quarter ([`super::date`] reads "2026-01",
/// "2026-Q1").
const PERIOD: &[&str] = &[
    "maand",
    "month",
    "kwartaal",
    "quarter",
    "boekperiode",
    "period",
];

/// Whether a column holds years alone: at least four in five of its filled cells.
pub fn holds_years(st: &ColumnStats) -> bool {
    st.nonempty > 0 && st.years * 5 >= st.nonempty * 4
}

/// Whether header `h` is a year word ([`YEAR`]).
pub fn is_year_header(h: &str) -> bool {
    YEAR.contains(&normalise_header(h).as_str())
}

/// Whether a value is an e-mail address: an "@" with a "." after it.
pub fn is_email(v: &[u8]) -> bool {
    v.iter()
        .position(|&b| b == b'@')
        .is_some_and(|at| at > 0 && v[at..].contains(&b'.'))
}

/// Whether a column holds e-mail addresses: at least four in five of its
/// filled cells.
pub fn holds_emails(st: &ColumnStats) -> bool {
    st.nonempty > 0 && st.emails * 5 >= st.nonempty * 4
}

/// Whether the values of a column fit a role (empty columns fit anything).
fn values_fit(role: Role, st: &ColumnStats, header_said_date: bool) -> bool {
    if st.nonempty == 0 {
        return true;
    }
    match role {
        Role::Date | Role::LastPurchase | Role::DueDate | Role::PaidDate => {
            let serial_ok = if header_said_date { st.serials } else { 0 };
            st.share(st.dates + serial_ok) >= 0.5
        }
        Role::Revenue
        | Role::PreviousRevenue
        | Role::Profit
        | Role::UnitPrice
        | Role::Quantity
        | Role::Refunded
        | Role::OpenAmount
        | Role::Debit => st.share(st.numbers) >= 0.5,
        // Accounts (numbered; a journal sorted by account may show its
        // revenue accounts only further down: the plan looks there), unless
        // one account on every row and no revenue account: an account card
        // (a ledger card of the debtors). Or the names of a journal: revenue
        // and its other sides. Names of revenue alone ("Omzet",
        // "Consultancy": an invoice list by category) are no journal, and a
        // revenue category without the word would be skipped.
        Role::Ledger => {
            (st.holds_accounts() && (st.revenue_accounts > 0 || !st.one_account))
                || (st.revenue_accounts > 0 && st.other_accounts > 0)
        }
        Role::MarginPercent => st.share(st.numbers) >= 0.5,
        Role::Side => st.share(st.debits + st.credits) >= 0.8,
        // "Factuur" over amounts is the invoice's amount, not its number.
        Role::OrderNumber => st.share(st.money_like) < 0.5,
        Role::OrderCount => st.share(st.integers) >= 0.5,
        // Only statuses this list knows skip rows: a column of others is
        // not taken for one.
        Role::OrderStatus => st.share(st.order_states) >= 0.5,
        Role::Currency => st.share(st.currencies) >= 0.8,
        Role::CustomerName => st.share(st.hashes) < 0.8 && st.share(st.dates) < 0.5,
        Role::CustomerId => st.share(st.dates) < 0.5,
        _ => true,
    }
}

/// Whether some column got the revenue role (also from its values).
fn assigned_revenue(out: &[(Role, Reason)]) -> bool {
    out.iter().any(|(r, _)| *r == Role::Revenue)
}

fn has_role(taken: &[Option<usize>], role: Role) -> bool {
    taken.get(role as usize).is_some_and(Option::is_some)
}

fn preference(role: Role, winner_norm: &str, loser_norm: &str) -> Preference {
    match role {
        Role::Revenue
            if has_any(
                loser_norm,
                &["incl", "inclusief", "including", "inkl", "ttc"],
            ) =>
        {
            Preference::ExclVatOverInclVat
        }
        Role::Revenue if has_any(loser_norm, &["bruto", "gross", "brutto"]) => {
            Preference::NetOverGross
        }
        // "Totaalbedrag excl. btw" over "Totaalbedrag": an amount without a
        // VAT word beside one that says it excludes VAT is the one with VAT.
        // ("Net Sales" over "Gift Card Sales" is no VAT matter.)
        Role::Revenue if has_any(winner_norm, EXCL_VAT_SAID) && !has_any(loser_norm, EXCL) => {
            Preference::ExclVatOverInclVat
        }
        Role::Revenue if has_any(loser_norm, &["total", "totaal"]) => {
            Preference::ExclVatOverInclVat
        }
        Role::Date if contains_any(loser_norm, OTHER_DATE) => Preference::InvoiceDateOverOtherDate,
        Role::CustomerId if contains_any(loser_norm, NOT_CUSTOMER_ID) => {
            Preference::CustomerIdOverDocumentId
        }
        _ => Preference::CloserMatch,
    }
}

/// Assigns roles from headers and sample statistics. Returns one role and reason per column.
pub fn detect(headers: &[String], stats: &[ColumnStats]) -> Vec<(Role, Reason)> {
    let n = headers.len().max(stats.len());
    let empty = ColumnStats::default();
    let norms: Vec<String> = (0..n)
        .map(|i| {
            headers
                .get(i)
                .map(|h| normalise_header(h))
                .unwrap_or_default()
        })
        .collect();
    let mut out: Vec<(Role, Reason)> = vec![(Role::Ignore, Reason::NotRecognised); n];
    let mut candidates: Vec<(u8, usize, Role, &'static str)> = Vec::new();
    for (i, norm) in norms.iter().enumerate() {
        let st = stats.get(i).unwrap_or(&empty);
        let (cands, exclusion) = header_candidates(norm);
        if let Some(k) = exclusion {
            out[i].1 = Reason::NotRevenue {
                keyword: k.to_string(),
            };
        }
        let mut any_fit = false;
        for (role, score, k) in cands.iter().copied() {
            let said_date = matches!(
                role,
                Role::Date | Role::LastPurchase | Role::DueDate | Role::PaidDate
            );
            let mut role = role;
            // "Marge" with percentages in it is a margin percentage.
            if role == Role::Profit && st.percents * 2 > st.numbers && st.numbers > 0 {
                role = Role::MarginPercent;
            }
            // A "Status" of orders or invoices (Moneybird's: "betaald",
            // "open", "concept") is no relation status.
            if role == Role::Status && st.order_states * 2 > st.nonempty {
                role = Role::OrderStatus;
            }
            // A bare "Type" is a relation's type only when its values say so
            // (Xero's "Type" holds "Sales invoice", "Credit note").
            let bare_type = role == Role::Status && k == "type";
            if bare_type && st.relation_states * 2 <= st.nonempty {
                continue;
            }
            // A bare "Account" of numbered accounts among which revenue and
            // debtors, VAT or bank: a ledger's (Xero, QuickBooks), not a
            // customer ("Account" of a CRM holds company names).
            if role == Role::CustomerName
                && k == "account"
                && st.share(st.numbered_accounts) >= 0.8
                && st.revenue_accounts > 0
                && st.other_accounts > 0
            {
                role = Role::Ledger;
            }
            // Shopify's "Name" is the order's: "#1001".
            if role == Role::CustomerName && st.nonempty > 0 && st.share(st.hashes) >= 0.8 {
                role = Role::OrderNumber;
            }
            // A "Jaar" is a date only when it holds years (a report per year).
            // A weak date word ("Maand", "Periode" in "Omzet vorige periode")
            // is a date only with values: an empty column fits any role.
            let year = role == Role::Date && YEAR.contains(&k);
            if year && !holds_years(st) || said_date && score <= 2 && st.nonempty == 0 {
                continue;
            }
            if year || values_fit(role, st, said_date) {
                candidates.push((score, i, role, k));
                any_fit = true;
            }
        }
        if !any_fit && let Some(&(role, _, _)) = cands.first() {
            out[i].1 = if role == Role::Ledger && st.holds_accounts() && st.one_account {
                Reason::OneAccountCard
            } else {
                Reason::ValuesDoNotFit { role }
            };
        }
    }
    // A customer number or amount column that is empty in every sampled row
    // would leave every row without a customer or an amount. When the file
    // has a name, or another amount column with values, that one is used.
    let empty = |i: usize| stats.get(i).is_some_and(|s| s.nonempty == 0);
    let has_values = |role: Role| {
        candidates
            .iter()
            .any(|&(_, i, r, _)| r == role && !empty(i))
    };
    let (name_known, amount_known) = (has_values(Role::CustomerName), has_values(Role::Revenue));
    candidates.retain(|&(_, i, role, _)| {
        let passed_over = empty(i)
            && match role {
                Role::CustomerId => name_known,
                Role::Revenue => amount_known,
                _ => false,
            };
        if passed_over {
            out[i].1 = Reason::EmptyColumn { role };
        }
        !passed_over
    });
    // With a currency per row, the amount converted to the company's
    // currency ("Bedrag EUR") is the revenue, over the invoice's own
    // ("Bedrag valuta", "Bedrag VV"), and over a plain "Bedrag" too (whose
    // exact name adds 3).
    if candidates
        .iter()
        .any(|&(_, _, role, _)| role == Role::Currency)
    {
        for (score, i, role, _) in &mut candidates {
            if *role == Role::Revenue {
                if has_any(&norms[*i], HOME_AMOUNT) {
                    *score += 4;
                } else if has_any(&norms[*i], FOREIGN_AMOUNT) {
                    *score = score.saturating_sub(2).max(1);
                }
            }
        }
    }
    // Revenue per year under headers that are only the year ("2024",
    // "2025": a pivot of revenue per customer and year) when no header names
    // an amount: candidates the years below sort into revenue and the
    // period before. Only with the latest year's predecessor there too.
    let bare_years: Vec<(usize, u16)> = (0..n)
        .filter(|&i| norms[i].len() == 4)
        .filter_map(|i| year_in(&norms[i]).map(|y| (i, y)))
        .filter(|&(i, _)| {
            stats
                .get(i)
                .is_none_or(|st| values_fit(Role::Revenue, st, false))
        })
        .collect();
    let latest = bare_years.iter().map(|&(_, y)| y).max();
    if !candidates.iter().any(|c| c.2 == Role::Revenue)
        && latest.is_some_and(|l| bare_years.iter().any(|&(_, y)| y + 1 == l))
    {
        for &(i, _) in &bare_years {
            candidates.push((1, i, Role::Revenue, "jaar"));
        }
    }
    // A customer's e-mail address identifies more rows than a customer
    // number that is empty on many of them (Stripe's "Customer ID" is empty
    // for a payment without a customer record, its "Customer Email" is not):
    // the address is the key, or those rows would have no customer. Only
    // when the number is missing on more than one in ten of the rows with
    // an address: a number missing now and then stays the key (a company's
    // contacts have addresses of their own).
    let filled = |i: usize| stats.get(i).map_or(0, |s| s.nonempty);
    let mails = |i: usize| stats.get(i).is_some_and(holds_emails);
    // The number that would be the key: the best match (the leftmost of equals).
    let number = candidates
        .iter()
        .filter(|c| c.2 == Role::CustomerId && !mails(c.1))
        .min_by_key(|c| (std::cmp::Reverse(c.0), c.1))
        .map(|c| c.1);
    let top = candidates.iter().map(|c| c.0).max().unwrap_or(0);
    let mut email_key = None;
    if let Some(number) = number {
        for c in candidates.iter_mut() {
            if c.2 == Role::CustomerId && mails(c.1) && filled(number) * 10 < filled(c.1) * 9 {
                c.0 = top.saturating_add(1);
                email_key.get_or_insert(c.1);
            }
        }
        // The number is then no name either ("Customer ID" would be read so).
        if email_key.is_some() {
            candidates.retain(|c| !(c.1 == number && c.2 == Role::CustomerName));
        }
    }
    // Highest score first; ties go to the leftmost column.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut taken: Vec<Option<usize>> = vec![None; Role::ALL.len()];
    let mut assigned = vec![false; n];
    for &(_, i, role, k) in &candidates {
        if assigned[i] {
            continue;
        }
        let slot = role as usize;
        if let Some(winner) = taken[slot] {
            let why = if email_key == Some(winner) && role == Role::CustomerId {
                Preference::EmailOverSparseId
            } else {
                preference(role, &norms[winner], &norms[i])
            };
            if let (_, Reason::HeaderMatched { keyword }) = &out[winner] {
                out[winner].1 = Reason::Preferred {
                    keyword: keyword.clone(),
                    over: headers.get(i).cloned().unwrap_or_default(),
                    why,
                };
            }
            if matches!(out[i].1, Reason::NotRecognised) {
                out[i].1 = Reason::LostTo {
                    role,
                    winner: headers.get(winner).cloned().unwrap_or_default(),
                };
            }
            continue;
        }
        taken[slot] = Some(i);
        assigned[i] = true;
        out[i] = (
            role,
            Reason::HeaderMatched {
                keyword: k.to_string(),
            },
        );
    }
    // A bare "Account" of numbered accounts: the ledger by its values.
    if let Some(i) = taken[Role::Ledger as usize]
        && best(&norms[i], LEDGER).is_none()
    {
        out[i].1 = Reason::ValuesLookLikeLedger;
    }
    // A "Name" of "#1001"s: the order's number by its values, not its header.
    if let Some(i) = taken[Role::OrderNumber as usize]
        && best(&norms[i], ORDER_NUMBER).is_none()
    {
        out[i].1 = Reason::ValuesLookLikeOrderNumbers;
    }
    // Revenue columns of consecutive years ("Omzet 2023", "Omzet 2024",
    // "Omzet 2025": an accountant's comparison): the latest year is the
    // revenue and the year before it the period before, whatever the column
    // order. Within a year the closest match wins (excl. over incl. VAT).
    // Only when the column that won names a year itself: "Omzet" or "Omzet
    // lopend jaar" next to older years stays the revenue.
    if let Some(w) = taken[Role::Revenue as usize]
        && !has_role(&taken, Role::PreviousRevenue)
        && year_in(&norms[w]).is_some()
    {
        let lost_revenue = |i: usize| {
            !assigned[i]
                && matches!(
                    out[i].1,
                    Reason::LostTo {
                        role: Role::Revenue,
                        ..
                    }
                )
        };
        // Each column's revenue score, as the header matching above gave it.
        let score = |i: usize| {
            candidates
                .iter()
                .find(|c| c.1 == i && c.2 == Role::Revenue)
                .map_or(0, |c| c.0)
        };
        let group: Vec<(usize, u16, u8)> = (0..n)
            .filter(|&i| i == w || lost_revenue(i))
            .filter_map(|i| year_in(&norms[i]).map(|y| (i, y, score(i))))
            .collect();
        // The best match of a year: highest score, then leftmost.
        let of_year = |y: u16| {
            group
                .iter()
                .filter(|g| g.1 == y)
                .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))
                .map(|g| g.0)
        };
        let latest = group.iter().map(|g| g.1).max();
        let pair = latest.and_then(|y| of_year(y).zip(of_year(y.checked_sub(1)?)));
        if let Some((now, before)) = pair {
            let header = |i: usize| headers.get(i).cloned().unwrap_or_default();
            if w != now && w != before {
                // The column that won on its own (an older year) gives way.
                out[w] = (
                    Role::Ignore,
                    Reason::LostTo {
                        role: Role::Revenue,
                        winner: header(now),
                    },
                );
                assigned[w] = false;
            }
            out[now] = (
                Role::Revenue,
                Reason::LaterYear {
                    than: header(before),
                },
            );
            out[before] = (
                Role::PreviousRevenue,
                Reason::YearBefore { of: header(now) },
            );
            assigned[now] = true;
            assigned[before] = true;
            taken[Role::Revenue as usize] = Some(now);
            taken[Role::PreviousRevenue as usize] = Some(before);
        }
    }
    // A customer "name" of whole numbers (Exact's "Relatie": 101) beside a
    // name column that lost to it and holds names ("Naam relatie"): the
    // numbers are the customer number, when no column is, and the names
    // the name.
    if let Some(w) = taken[Role::CustomerName as usize]
        && !has_role(&taken, Role::CustomerId)
        && stats
            .get(w)
            .is_some_and(|st| st.nonempty > 0 && st.share(st.integers) >= 0.8)
        && let Some(l) = (0..n).find(|&i| {
            !assigned[i]
                && matches!(
                    out[i].1,
                    Reason::LostTo {
                        role: Role::CustomerName,
                        ..
                    }
                )
                && stats.get(i).is_some_and(|st| {
                    st.nonempty > 0 && st.share(st.numbers + st.dates + st.hashes) < 0.2
                })
        })
    {
        let name = headers.get(l).cloned().unwrap_or_default();
        out[w] = (Role::CustomerId, Reason::NumbersBesideName(name));
        out[l] = (Role::CustomerName, Reason::ValuesLookLikeNames);
        assigned[l] = true;
        taken[Role::CustomerId as usize] = Some(w);
        taken[Role::CustomerName as usize] = Some(l);
    }
    // "First Name" + "Last Name" (Shopify, HubSpot contacts) together make the
    // name. Beside a customer name (a webshop's "Bedrijfsnaam" and "Voornaam"
    // + "Achternaam", Shopify's "Billing Company" and "Billing Name") they are
    // a person's name: the name of a row whose customer name is empty (a
    // consumer among businesses), which would otherwise count for no customer.
    let find = |words: &[&str], assigned: &[bool]| {
        (0..n).find(|&i| !assigned[i] && names_person_part(&norms[i], words))
    };
    let pair = find(FIRST_NAME, &assigned).zip(find(LAST_NAME, &assigned));
    if let Some(c) = taken[Role::CustomerName as usize] {
        let lost_name = |i: usize| {
            matches!(
                &out[i].1,
                Reason::LostTo {
                    role: Role::CustomerName,
                    ..
                }
            ) && PERSON_NAME.contains(&norms[i].as_str())
        };
        let person = match pair {
            Some((f, l)) => vec![f, l],
            None => (0..n)
                .filter(|&i| !assigned[i] && lost_name(i))
                .take(1)
                .collect(),
        };
        let company = headers.get(c).cloned().unwrap_or_default();
        for &i in &person {
            out[i] = (
                Role::PersonName,
                Reason::PersonWithoutCompany(company.clone()),
            );
            assigned[i] = true;
        }
        taken[Role::PersonName as usize] = person.first().copied();
    } else if let Some((f, l)) = pair {
        for (i, k) in [(f, "first name"), (l, "last name")] {
            out[i] = (
                Role::CustomerName,
                Reason::HeaderMatched {
                    keyword: k.to_string(),
                },
            );
            assigned[i] = true;
        }
        taken[Role::CustomerName as usize] = Some(f.min(l));
    }
    // A bare "ID" or "Code" with another value on every row while the names
    // come back is the row's own number (Mollie's payment "ID"), not the
    // customer's: the name is the key. Not with first and last name apart
    // (first names come back anyway).
    if let (Some(i), Some(c)) = (
        taken[Role::CustomerId as usize],
        taken[Role::CustomerName as usize],
    ) && let Reason::HeaderMatched { keyword } | Reason::Preferred { keyword, .. } = &out[i].1
        && ["id", "code", "nummer", "number"].contains(&keyword.as_str())
        && out.iter().filter(|o| o.0 == Role::CustomerName).count() == 1
        && let (Some(id), Some(name)) = (stats.get(i), stats.get(c))
        && id.nonempty >= 3
        && id.distinct == id.nonempty
        && name.distinct * 10 < name.nonempty * 9
    {
        out[i] = (Role::Ignore, Reason::IdPerRow);
        taken[Role::CustomerId as usize] = None;
    }
    // "Debet" and "Credit" and no column named the amount: a journal (with
    // the ledger account, SnelStart's booking lines: the credit on a revenue
    // account is the revenue, a debit there a credit note) or a customer's
    // account card (without: the debit is what was invoiced; the credit
    // holds payments, which are no revenue).
    // ("Bedrag debet" and "Bedrag credit" name an amount each: one of
    // them may have won the revenue by its header.)
    let revenue_now = taken[Role::Revenue as usize];
    let free_or_revenue = |i: usize| !assigned[i] || revenue_now == Some(i);
    let side = |words: &[&str]| {
        (0..n).find(|&i| {
            free_or_revenue(i)
                && words.contains(&norms[i].as_str())
                && stats
                    .get(i)
                    .is_none_or(|st| values_fit(Role::Revenue, st, false))
        })
    };
    let pair = side(DEBIT).zip(side(CREDIT));
    if let Some((d, c)) = pair
        && (revenue_now.is_none() || revenue_now == Some(d) || revenue_now == Some(c))
    {
        let journal = taken[Role::Ledger as usize].is_some();
        let (revenue, why, other, use_other) = if journal {
            (
                c,
                Reason::JournalCredit,
                d,
                (Role::Debit, Reason::JournalDebit),
            )
        } else {
            (
                d,
                Reason::DebitInvoiced,
                c,
                (Role::Ignore, Reason::CreditPaid),
            )
        };
        out[revenue] = (Role::Revenue, why);
        taken[Role::Revenue as usize] = Some(revenue);
        if journal {
            taken[Role::Debit as usize] = Some(other);
        }
        out[other] = use_other;
        assigned[revenue] = true;
        assigned[other] = true;
    }
    let has = |r: Role| taken[r as usize].is_some();
    let excluded: Vec<bool> = out
        .iter()
        .map(|(_, r)| matches!(r, Reason::NotRevenue { .. }))
        .collect();
    let free = |assigned: &[bool], i: usize| !assigned[i] && !excluded[i];
    // Value-based fallbacks for roles no header named.
    // Invoice / order numbers and descriptions look like amounts or names by
    // their values, but are never the revenue nor the customer.
    let not_document_field = |i: usize| {
        !contains_any(&norms[i], NOT_CUSTOMER_ID) && !contains_any(&norms[i], NOT_CUSTOMER_NAME)
    };
    let amount_known = has(Role::Revenue) || (has(Role::Quantity) && has(Role::UnitPrice));
    if !amount_known {
        let pick = (0..n)
            .filter(|&i| free(&assigned, i) && not_document_field(i))
            .filter_map(|i| stats.get(i).map(|st| (i, st)))
            .filter(|(_, st)| {
                st.nonempty > 0
                    && st.share(st.numbers) >= 0.8
                    && st.money_like > 0
                    && st.percents == 0
            })
            .max_by(|a, b| {
                a.1.share(a.1.money_like)
                    .partial_cmp(&b.1.share(b.1.money_like))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.0.cmp(&b.0))
            })
            .map(|(i, _)| i);
        if let Some(i) = pick {
            out[i] = (Role::Revenue, Reason::ValuesLookLikeAmounts);
            assigned[i] = true;
        }
    }
    // Last period's revenue, and no other amount by header or by values: that
    // is the revenue there is (and the panel says which period it is).
    let an_amount =
        has(Role::Revenue) || assigned_revenue(&out) || has(Role::Quantity) && has(Role::UnitPrice);
    if !an_amount && let Some(p) = taken[Role::PreviousRevenue as usize] {
        out[p] = (Role::Revenue, Reason::PreviousAsRevenue);
    }
    if !has(Role::Date) && !has(Role::LastPurchase) {
        let pick = (0..n).filter(|&i| free(&assigned, i)).find(|&i| {
            stats
                .get(i)
                .is_some_and(|st| st.nonempty > 0 && st.share(st.dates) >= 0.8)
        });
        if let Some(i) = pick {
            out[i] = (Role::Date, Reason::ValuesLookLikeDates);
            assigned[i] = true;
        }
    }
    // A column of D and C under a header that does not say so ("Soort",
    // "Type", or none) beside one amount: the amount's debit/credit
    // indicator. Both sides must be there, and nearly every cell one of them.
    let one_amount = (has(Role::Revenue) || assigned_revenue(&out)) && !has(Role::Debit);
    if one_amount && !out.iter().any(|o| o.0 == Role::Side) {
        let pick = (0..n).find(|&i| {
            out[i].0 == Role::Ignore
                && SIDE_BY_VALUES.contains(&norms[i].as_str())
                && stats.get(i).is_some_and(|st| {
                    st.debits > 0 && st.credits > 0 && st.share(st.debits + st.credits) >= 0.95
                })
        });
        if let Some(i) = pick {
            out[i] = (Role::Side, Reason::ValuesLookLikeSides);
            assigned[i] = true;
        }
    }
    // A customer column that lost to the number beside it, and holds names
    // (Exact's "Debiteur" next to "Debiteurnummer"): the customer's name. Not
    // a generic "Code" or an e-mail address that lost, nor a number that
    // lost to an e-mail address on more rows.
    if has(Role::CustomerId) && !has(Role::CustomerName) && email_key.is_none() {
        let customer_word = |i: usize| {
            candidates
                .iter()
                .any(|c| c.1 == i && c.2 == Role::CustomerId && c.0 >= 7)
        };
        let pick = (0..n).find(|&i| {
            customer_word(i)
                && matches!(
                    out[i].1,
                    Reason::LostTo {
                        role: Role::CustomerId,
                        ..
                    }
                )
                && stats.get(i).is_some_and(|st| {
                    st.nonempty > 0
                        && st.share(st.numbers + st.dates + st.hashes) < 0.2
                        && st.share(st.currencies) < 0.5
                })
        });
        if let Some(i) = pick {
            out[i] = (Role::CustomerName, Reason::ValuesLookLikeNames);
            assigned[i] = true;
        }
    }
    if !has(Role::CustomerId) && !has(Role::CustomerName) {
        let pick = (0..n)
            .filter(|&i| free(&assigned, i) && not_document_field(i))
            .filter_map(|i| stats.get(i).map(|st| (i, st)))
            .filter(|(_, st)| {
                st.nonempty > 0
                    && st.share(st.numbers + st.dates + st.hashes) < 0.2
                    && st.distinct > 1
            })
            .max_by(|a, b| a.1.distinct.cmp(&b.1.distinct).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i);
        if let Some(i) = pick {
            out[i] = (Role::CustomerName, Reason::ValuesLookLikeNames);
        }
    }
    out
}

/// Whether headers look like an American export (Shopify, Stripe, HubSpot, Salesforce).
pub fn us_looking_headers(headers: &[String]) -> bool {
    const US: &[&str] = &[
        "total spent",
        "accepts email marketing",
        "accepts marketing",
        "financial status",
        "fulfillment status",
        "paid at",
        "created utc",
        "amount refunded",
        "lifecycle stage",
        "lineitem name",
        "lineitem quantity",
        "billing zip",
        "default address zip",
        "tax exempt",
    ];
    headers.iter().any(|h| {
        let n = normalise_header(h);
        US.iter().any(|u| has(&n, u))
    })
}

/// Whether a header or cell is a known header name of any role (used to find the header row).
pub fn is_known_header(cell: &str) -> bool {
    let norm = normalise_header(cell);
    if norm.is_empty() || norm.len() > 60 {
        return false;
    }
    let (c, exclusion) = header_candidates(&norm);
    // Generic words ("id", "code", "type") alone say little about a header row.
    c.iter().any(|&(_, s, _)| s >= 5) || exclusion.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word search agrees with its definition: `" {phrase} "` in
        /// `" {norm} "` (overlapping and repeated words, spaces, accents).
        #[test]
        fn word_search_is_the_padded_search(
            norm in "[ab é]{0,12}",
            phrase in "[ab é]{0,4}",
        ) {
            let padded = format!(" {norm} ").contains(&format!(" {phrase} "));
            proptest::prop_assert_eq!(has(&norm, &phrase), padded);
        }
    }

    /// Roles and reasons for these headers (and sample statistics).
    fn detected(headers: &[&str], stats: &[ColumnStats]) -> Vec<(Role, Reason)> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        detect(&h, stats)
    }

    fn roles(headers: &[&str]) -> Vec<Role> {
        detected(headers, &[]).into_iter().map(|(r, _)| r).collect()
    }

    #[test]
    fn revenue_accounts_by_name_else_by_number() {
        for yes in [
            "8000",
            "80125",
            "8000 Omzet hoog",
            "700000",
            "700100 Verkopen handelsgoederen",
            "Omzet",
            "Opbrengst verkopen",
            "8400 Doorberekende kosten",
            " 8010 ",
        ] {
            assert!(is_revenue_account(yes.as_bytes()), "{yes}");
        }
        for no in [
            "1300",
            "1300 Debiteuren",
            "1671",
            "7000",
            "7000 Inkoopwaarde van de omzet",
            "Af te dragen omzetbelasting",
            "Verkoopkosten",
            "Te betalen btw",
            "4000 Sales",
            "400000 Klanten",
            "80",
            "Bank",
            "",
        ] {
            assert!(!is_revenue_account(no.as_bytes()), "{no}");
        }
        // A short Belgian chart: no 8… anywhere, some 70….
        let chart = |v: &[&str], whole| belgian_short_chart(v.iter().map(|s| s.as_bytes()), whole);
        assert!(chart(&["4000", "7000", "4510"], true));
        assert!(chart(&["4000", "7000", "4510"], false));
        assert!(!chart(&["1300", "7000", "8000"], true));
        assert!(!chart(&["1300", "1500"], true));
        // The first rows of a ledger sorted by account: its 8… may follow.
        assert!(!chart(&["1300", "1300", "7000"], false));
        assert!(chart(&["1300", "1300", "7000"], true));
        assert!(is_revenue_account_in(b"7000", true));
        assert!(!is_revenue_account_in(b"7000", false));
        assert!(!is_revenue_account_in(b"4000", true));
        // Another chart, told by its English, French or German names.
        let named = |v: &[&str]| named_chart(v.iter().map(|s| s.as_bytes()), false);
        assert!(named(&[
            "1100 Accounts Receivable",
            "4000 Sales",
            "2200 VAT"
        ]));
        assert!(named(&["200 Revenue"]));
        assert!(named(&["7000 Ventes"]));
        // A Dutch chart (an 8…, or only Dutch names), a Belgian one (70…),
        // accounts without numbers, or no revenue name: not so.
        assert!(!named(&["700000 Chiffre d'affaires", "708000 Remises"]));
        let belgian = ["7000 Ventes", "7080 Remises"].map(str::as_bytes);
        assert!(!named_chart(belgian.into_iter(), true));
        assert!(!named(&["4000 Sales", "8000 Omzet"]));
        assert!(!named(&["1300 Debiteuren", "4000 Omzetbonus"]));
        assert!(!named(&["Sales", "Bank"]));
        assert!(!named(&["1100", "4000"]));
        assert!(!named(&["4000 Sales tax", "5000 Cost of sales"]));
        for yes in ["4000 Sales", "Sales Discounts", "Omzet", "Umsatzerlöse"] {
            assert!(names_revenue(yes.as_bytes()), "{yes}");
        }
        for no in [
            "Sales Tax",
            "Cost of Sales",
            "4900 Interest Income",
            "Rentebaten",
            "Bank",
        ] {
            assert!(!names_revenue(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn last_periods_revenue_by_its_words_or_the_year_before() {
        use Role::*;
        assert_eq!(
            roles(&["Klant", "Omzet", "Omzet vorig jaar"]),
            vec![CustomerName, Revenue, PreviousRevenue]
        );
        assert_eq!(
            roles(&["Omzet VJ", "Debiteur", "Omzet"]),
            vec![PreviousRevenue, CustomerId, Revenue]
        );
        assert_eq!(
            roles(&["Customer", "Sales LY", "Sales"]),
            vec![CustomerName, PreviousRevenue, Revenue]
        );
        // A year apart: the later year is the revenue, in either order.
        for (headers, expected) in [
            (
                ["Klant", "Omzet 2024", "Omzet 2025"],
                [CustomerName, PreviousRevenue, Revenue],
            ),
            (
                ["Klant", "Omzet 2025", "Omzet 2024"],
                [CustomerName, Revenue, PreviousRevenue],
            ),
        ] {
            let h = headers.map(str::to_owned);
            let found = detected(&headers, &[]);
            assert_eq!(found.iter().map(|d| d.0).collect::<Vec<_>>(), expected);
            let (now, before) = if expected[1] == Revenue {
                (1, 2)
            } else {
                (2, 1)
            };
            assert_eq!(
                found[now].1,
                Reason::LaterYear {
                    than: h[before].clone()
                }
            );
            assert_eq!(found[before].1, Reason::YearBefore { of: h[now].clone() });
        }
        // Three years in a row: the latest and the one before; the oldest is not used.
        assert_eq!(
            roles(&["Klant", "Omzet 2023", "Omzet 2024", "Omzet 2025"]),
            vec![CustomerName, Ignore, PreviousRevenue, Revenue]
        );
        // Headers that are only the year (a pivot of revenue per customer and year).
        assert_eq!(
            roles(&["Debiteur", "Naam", "2023", "2024", "2025"]),
            vec![CustomerId, CustomerName, Ignore, PreviousRevenue, Revenue]
        );
        assert_eq!(
            roles(&["Klant", "2025", "2024"]),
            vec![CustomerName, Revenue, PreviousRevenue]
        );
        // Not beside a header that names the amount, nor years apart.
        assert_eq!(
            roles(&["Klant", "Omzet", "2024"]),
            vec![CustomerName, Revenue, Ignore]
        );
        assert_eq!(
            roles(&["Klant", "2022", "2025"]),
            vec![CustomerName, Ignore, Ignore]
        );
        // Within a year, excl. VAT over incl. VAT, whichever comes first.
        assert_eq!(
            roles(&[
                "Klant",
                "Omzet 2025 incl btw",
                "Omzet 2025 excl btw",
                "Omzet 2024 incl btw",
                "Omzet 2024 excl btw"
            ]),
            vec![CustomerName, Ignore, Revenue, Ignore, PreviousRevenue]
        );
        // Not last period's revenue: a total up to last month. A difference or a growth
        // is no revenue at all, even "excl btw" and left of the revenue.
        assert_eq!(
            roles(&["Klant", "Omzet t/m vorige maand"]),
            vec![CustomerName, Revenue]
        );
        assert_eq!(
            roles(&["Klant", "Omzet", "Verschil omzet t.o.v. vorig jaar"]),
            vec![CustomerName, Revenue, Ignore]
        );
        let found = detected(
            &["Klant", "Verschil omzet excl btw t.o.v. VJ", "Omzet"],
            &[],
        );
        assert_eq!(
            found.iter().map(|d| d.0).collect::<Vec<_>>(),
            [CustomerName, Ignore, Revenue]
        );
        assert!(matches!(found[1].1, Reason::NotRevenue { .. }));
        // Last period's own total up to a day is still last period's; "Tot." is "totaal".
        assert_eq!(
            roles(&["Klant", "Omzet t/m nov", "Omzet VJ t/m nov"]),
            vec![CustomerName, Revenue, PreviousRevenue]
        );
        assert_eq!(
            roles(&["Klant", "Tot. omzet", "Tot. omzet VJ"]),
            vec![CustomerName, Revenue, PreviousRevenue]
        );
        // A revenue column without a year next to older years stays the revenue.
        assert_eq!(
            roles(&["Klant", "Omzet", "Omzet 2023", "Omzet 2024"]),
            vec![CustomerName, Revenue, Ignore, Ignore]
        );
        assert_eq!(
            roles(&["Customer", "Sales", "Sales growth vs PY"]),
            vec![CustomerName, Revenue, Ignore]
        );
        assert_eq!(
            roles(&["Customer", "Sales", "Sales prev year"]),
            vec![CustomerName, Revenue, PreviousRevenue]
        );
        // Only last year's revenue: that is the revenue to analyse, and the panel says so.
        assert_eq!(
            detected(&["Klant", "Omzet vorig jaar"], &[])[1],
            (Revenue, Reason::PreviousAsRevenue)
        );
        // ... but not when another column's values are amounts ("Jaaromzet" names no role).
        let stats = |money: bool| ColumnStats {
            nonempty: 10,
            numbers: if money { 10 } else { 0 },
            money_like: if money { 10 } else { 0 },
            distinct: 10,
            ..ColumnStats::default()
        };
        let found = detected(
            &["Klant", "Jaaromzet", "Omzet vorig jaar"],
            &[stats(false), stats(true), stats(true)],
        );
        assert_eq!(
            found.iter().map(|d| d.0).collect::<Vec<_>>(),
            [CustomerName, Revenue, PreviousRevenue]
        );
        // Two years apart, or a year named twice, is no pair: one revenue, the other unused.
        assert_eq!(
            roles(&["Klant", "Omzet 2023", "Omzet 2025"]),
            vec![CustomerName, Revenue, Ignore]
        );
        assert_eq!(
            roles(&["Klant", "Omzet 2024 2025", "Omzet 2024"]),
            vec![CustomerName, Revenue, Ignore]
        );
        assert_eq!(year_in("omzet 2025 t m nov"), Some(2025));
        assert!(reads_to_date("Omzet 2025 t/m nov") && reads_to_date("Sales YTD"));
        assert!(!reads_to_date("Omzet 2024") && !reads_to_date("Totaal omzet"));
        assert!(!reads_to_date("Tot. omzet 2025") && reads_to_date("Omzet lopende periode"));
        assert_eq!(year_in("omzet 1850"), None);
        assert_eq!(year_in("omzet 20245"), None);
    }

    #[test]
    fn normalises() {
        assert_eq!(normalise_header("  Bedrag excl. BTW "), "bedrag excl btw");
        // Camel-cased names are words (Xero); a lone capital is not ("KvK").
        assert_eq!(normalise_header("InvoiceAmountDue"), "invoice amount due");
        assert_eq!(normalise_header("ContactName"), "contact name");
        assert_eq!(normalise_header("CustomerID"), "customer id");
        assert_eq!(normalise_header("eMail"), "e mail");
        assert_eq!(normalise_header("KvK-nummer"), "kvk nummer");
        // So a database's or an API's export reads like any other.
        use Role::*;
        assert_eq!(
            roles(&[
                "CustomerId",
                "CustomerName",
                "OrderDate",
                "TotalAmount",
                "OrderStatus",
                "DueDate"
            ]),
            vec![
                CustomerId,
                CustomerName,
                Date,
                Revenue,
                OrderStatus,
                DueDate
            ]
        );
        assert_eq!(
            roles(&["KlantNummer", "KlantNaam", "FactuurDatum", "BedragExclBtw"]),
            vec![CustomerId, CustomerName, Date, Revenue]
        );
        assert_eq!(normalise_header("BTW"), "btw");
        assert_eq!(normalise_header("Numéro client"), "numero client");
        assert_eq!(normalise_header("Marge %"), "marge pct");
        assert_eq!(normalise_header("Chiffre d'affaires"), "chiffre d affaires");
    }

    #[test]
    fn prefers_excl_over_incl_and_invoice_date_over_due_date() {
        use Role::*;
        assert_eq!(
            roles(&[
                "Factuurnummer",
                "Klantnummer",
                "Naam",
                "Vervaldatum",
                "Factuurdatum",
                "Totaal incl. btw",
                "Bedrag excl. btw",
                "BTW"
            ]),
            vec![
                OrderNumber,
                CustomerId,
                CustomerName,
                DueDate,
                Date,
                Ignore,
                Revenue,
                Ignore
            ]
        );
        // Moneybird: the total without a VAT word is the one with VAT, even
        // as the whole header ("Totaalbedrag" against "Totaalbedrag excl. btw").
        for headers in [
            ["Contact", "Totaalbedrag", "Totaalbedrag excl. btw"],
            ["Contact", "Bedrag", "Bedrag excl. btw"],
            ["Customer", "Amount", "Amount excl. VAT"],
        ] {
            assert_eq!(
                roles(&headers),
                vec![CustomerName, Ignore, Revenue],
                "{headers:?}"
            );
        }
        // The panel's reason says so; "net" alone is no VAT matter.
        let why = |headers: &[&str], i: usize| match &detected(headers, &[])[i].1 {
            Reason::Preferred { why, .. } => Some(*why),
            _ => None,
        };
        assert_eq!(
            why(&["Contact", "Totaalbedrag", "Totaalbedrag excl. btw"], 2),
            Some(Preference::ExclVatOverInclVat)
        );
        assert_eq!(
            why(&["Customer", "Net Sales", "Gift Card Sales"], 1),
            Some(Preference::CloserMatch)
        );
        // What is still open on an invoice: never revenue, its own role.
        for open in [
            "Openstaand",
            "Openstaand saldo",
            "Outstanding",
            "Balance due",
        ] {
            assert_eq!(
                roles(&["Klant", "Bedrag", "Vervaldatum", open]),
                vec![CustomerName, Revenue, DueDate, OpenAmount],
                "{open}"
            );
        }
        // A plain "Saldo" says too little.
        assert_eq!(
            roles(&["Klant", "Bedrag", "Saldo"]),
            vec![CustomerName, Revenue, Ignore]
        );
        // Payment dates: each its own role, never the invoice date.
        assert_eq!(
            roles(&[
                "Klant",
                "Betaald op",
                "Bedrag",
                "Uiterste betaaldatum",
                "Datum"
            ]),
            vec![CustomerName, PaidDate, Revenue, DueDate, Date]
        );
        assert_eq!(
            roles(&[
                "Customer",
                "Due date",
                "Amount",
                "Date paid",
                "Invoice date"
            ]),
            vec![CustomerName, DueDate, Revenue, PaidDate, Date]
        );
        // Amounts due or paid are money, not dates. Stripe's "Amount Due" is
        // the invoice's whole amount, its "Amount Remaining" what is open.
        assert_eq!(
            roles(&[
                "Customer",
                "Date",
                "Amount",
                "Amount due",
                "Amount paid",
                "Amount remaining"
            ]),
            vec![CustomerName, Date, Revenue, Ignore, Ignore, OpenAmount]
        );
        assert_eq!(
            roles(&[
                "Order number",
                "Customer",
                "Date",
                "Subtotal",
                "Shipping",
                "Taxes",
                "Total",
                "Quantity"
            ]),
            vec![
                OrderNumber,
                CustomerName,
                Date,
                Revenue,
                Ignore,
                Ignore,
                Ignore,
                Quantity
            ]
        );
        assert_eq!(
            roles(&[
                "Kundennummer",
                "Firma",
                "Rechnungsdatum",
                "Umsatz",
                "Gewinn"
            ]),
            vec![CustomerId, CustomerName, Date, Revenue, Profit]
        );
        assert_eq!(
            roles(&[
                "Numéro client",
                "Nom",
                "Date de facture",
                "Montant HT",
                "Marge %"
            ]),
            vec![CustomerId, CustomerName, Date, Revenue, MarginPercent]
        );
        assert_eq!(
            roles(&[
                "Relatiecode",
                "Bedrijfsnaam",
                "Relatietype",
                "Laatste factuur",
                "Aantal facturen",
                "Omzet",
                "Accountmanager"
            ]),
            vec![
                CustomerId,
                CustomerName,
                Status,
                LastPurchase,
                OrderCount,
                Revenue,
                AccountManager
            ]
        );
    }
}
