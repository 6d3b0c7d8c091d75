//! Invented example data: the built-in sample export and synthetic benchmark files.
//!
//! This module owns two generators:
//!
//! * [`sample_csv`], the "try the sample data" file: an Exact Online–style
//!   invoice export of the fictitious wholesaler [`SAMPLE_COMPANY`], with about
//!   2,000 customers, three years of invoices ending on 31 October 2026, a few
//!   dozen credit notes, payment dates, and a handful of prospects and
//!   suspects so every layer of the customer pyramid is filled.
//! * [`benchmark_csv`], a large invoice-line export for performance tests.
//!
//! **Everything is invented.** Company names, people, numbers and amounts are
//! produced by a seeded pseudo-random generator; any resemblance to a real
//! business is coincidental. Output is deterministic: the same call gives the
//! same bytes. Only IEEE-exact arithmetic (`+ - * /`, `round`) is used (the
//! exponential is computed here, not taken from the platform's libm), so
//! native and wasm builds produce identical files.

use std::collections::HashSet;

use super::calendar::{Day, civil_from_day};

/// Name of the invented wholesaler the sample export belongs to.
pub const SAMPLE_COMPANY: &str = "Groothandel De Vries B.V.";

/// Suggested file name for the sample export (for a download link or a label).
pub const SAMPLE_FILE_NAME: &str = "groothandel-de-vries-facturen-2023-2026.csv";

/// Header line of [`sample_csv`].
pub const SAMPLE_HEADER: &str = "Factuurnummer;Factuurdatum;Klantnummer;Klantnaam;Plaats;\
Accountmanager;Relatietype;Omzet excl. btw;Brutowinst;Vervaldatum;Betaald op";

/// Header line of [`benchmark_csv`].
pub const BENCHMARK_HEADER: &str = "Klantnummer;Klantnaam;Factuurdatum;Omschrijving;\
Bedrag excl. btw;Winst";

/// First invoice date in the sample (2023-11-01), as days since 1970-01-01.
pub const SAMPLE_FIRST_DAY: Day = 19_662;

/// Last day covered by the sample (2026-10-31), as days since 1970-01-01.
/// Use it as the reference date when analysing the sample, not "today".
pub const SAMPLE_LAST_DAY: Day = 20_757;

/// Customers (relation type "Klant") in the sample.
const CUSTOMERS: usize = 2_000;
/// Prospects (no invoices yet) in the sample.
const PROSPECTS: usize = 60;
/// Suspects (not yet contacted) in the sample.
const SUSPECTS: usize = 25;
/// Credit notes in the sample.
const CREDIT_NOTES: usize = 40;
/// First relation number.
const FIRST_NUMBER: u64 = 10_001;
/// Seed of the sample; changing it changes every byte of the sample.
const SAMPLE_SEED: u64 = 0x6b6c_616e_7465_6e21;

/// Seed of the payment dates: a stream of its own, so they change none of
/// the other figures.
const PAYMENT_SEED: u64 = 0x6265_7461_616c_6421;

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast and good enough for invented data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo + 1) as u64) as i32
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Approximately standard normal (Irwin–Hall: twelve uniforms).
    fn normal(&mut self) -> f64 {
        let mut s = -6.0;
        for _ in 0..12 {
            s += self.unit();
        }
        s
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// Picks from `(item, weight)` pairs.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.below(u64::from(total)) as u32;
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }
}

/// `e^x` from basic arithmetic only, so every platform gives the same bits.
fn exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    let k = (x * std::f64::consts::LOG2_E).round();
    let r = x - k * std::f64::consts::LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=14 {
        term *= r / f64::from(i);
        sum += term;
    }
    sum * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

// ---------------------------------------------------------------------------
// Formatting into bytes
// ---------------------------------------------------------------------------

fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Writes cents as `-1.234,56`.
fn push_money(out: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        out.push(b'-');
    }
    let c = cents.unsigned_abs();
    let mut euros = c / 100;
    let mut buf = [0u8; 32];
    let mut i = buf.len();
    let mut digits = 0;
    loop {
        if digits > 0 && digits % 3 == 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (euros % 10) as u8;
        euros /= 10;
        digits += 1;
        if euros == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
    let rest = (c % 100) as u8;
    out.extend_from_slice(&[b',', b'0' + rest / 10, b'0' + rest % 10]);
}

/// `dd-mm-yyyy`.
fn date_bytes(day: Day) -> [u8; 10] {
    let c = civil_from_day(day);
    let y = c.year as u32;
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let [d1, d2] = two(c.day);
    let [m1, m2] = two(c.month);
    let [y1, y2] = two(y / 100);
    let [y3, y4] = two(y);
    [d1, d2, b'-', m1, m2, b'-', y1, y2, y3, y4]
}

/// Writes a CSV field, quoting it when it contains `;`, `"` or a line break.
fn push_field(out: &mut Vec<u8>, text: &str) {
    if text.contains([';', '"', '\n', '\r']) {
        out.push(b'"');
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

// ---------------------------------------------------------------------------
// Invented names and places
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Region {
    /// North and east of the Netherlands.
    NorthEast,
    /// Utrecht, Gooi and the Randstad.
    Centre,
    /// Brabant.
    South,
    /// Belgium (Dutch-speaking).
    Flanders,
}

const CITIES: &[((&str, Region), u32)] = &[
    (("Amersfoort", Region::Centre), 70),
    (("Utrecht", Region::Centre), 60),
    (("Nieuwegein", Region::Centre), 20),
    (("Houten", Region::Centre), 12),
    (("Zeist", Region::Centre), 15),
    (("Veenendaal", Region::Centre), 18),
    (("Woerden", Region::Centre), 10),
    (("Hilversum", Region::Centre), 18),
    (("Almere", Region::Centre), 22),
    (("Amsterdam", Region::Centre), 35),
    (("Rotterdam", Region::Centre), 25),
    (("Den Haag", Region::Centre), 18),
    (("Leiden", Region::Centre), 10),
    (("Gouda", Region::Centre), 9),
    (("Haarlem", Region::Centre), 10),
    (("Zwolle", Region::NorthEast), 40),
    (("Apeldoorn", Region::NorthEast), 30),
    (("Deventer", Region::NorthEast), 22),
    (("Harderwijk", Region::NorthEast), 15),
    (("Ede", Region::NorthEast), 20),
    (("Barneveld", Region::NorthEast), 15),
    (("Arnhem", Region::NorthEast), 26),
    (("Nijmegen", Region::NorthEast), 22),
    (("Groningen", Region::NorthEast), 18),
    (("Leeuwarden", Region::NorthEast), 11),
    (("Enschede", Region::NorthEast), 16),
    (("Hengelo", Region::NorthEast), 9),
    (("Kampen", Region::NorthEast), 8),
    (("Eindhoven", Region::South), 22),
    (("Tilburg", Region::South), 15),
    (("Breda", Region::South), 15),
    (("'s-Hertogenbosch", Region::South), 17),
    (("Helmond", Region::South), 7),
    (("Antwerpen", Region::Flanders), 26),
    (("Gent", Region::Flanders), 23),
    (("Brugge", Region::Flanders), 10),
    (("Leuven", Region::Flanders), 10),
    (("Mechelen", Region::Flanders), 8),
    (("Hasselt", Region::Flanders), 8),
    (("Kortrijk", Region::Flanders), 6),
    (("Aalst", Region::Flanders), 5),
];

const MANAGERS: [&str; 3] = ["Sanne de Boer", "Mohamed El Amrani", "Pieter Claes"];

const SURNAMES_NL: &[&str] = &[
    "Jansen",
    "De Vries",
    "Van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Leeuwen",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Van der Linden",
    "Kok",
    "De Haan",
    "Van den Heuvel",
    "Van der Veen",
    "Van den Broek",
    "De Bruijn",
    "De Jong",
    "Schouten",
    "Van Dijk",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Verhoeven",
    "Post",
    "Kramer",
    "Timmermans",
    "Groen",
    "Veenstra",
    "Wolters",
    "Scholten",
    "Evers",
    "Lammers",
    "Bosman",
    "Kuijpers",
    "Van Wijk",
    "Postma",
    "Zwart",
    "Hofman",
    "Boersma",
    "Van Beek",
    "Ter Horst",
    "Van Essen",
    "Wijnands",
    "Blom",
    "Van Rijn",
    "Terpstra",
    "El Idrissi",
    "Bennani",
    "Yılmaz",
    "Özdemir",
    "Çelik",
    "Kaya",
    "Müller",
    "Hüsken",
    "Nguyen",
];

const SURNAMES_BE: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambrechts",
    "Van Damme",
    "De Backer",
    "Vandenberghe",
    "Declercq",
    "Verstraete",
    "Van de Velde",
    "Lemmens",
    "Michiels",
    "Cools",
    "Aerts",
    "Verbruggen",
    "Bogaert",
    "De Cock",
    "Claeys",
    "Vermeersch",
    "Desmedt",
    "Van Hoof",
    "Geerts",
    "Dewaele",
    "Noël",
    "Lefèvre",
];

/// Trade before a surname: "Bakkerij Jansen".
const TRADES_NL: &[&str] = &[
    "Bakkerij",
    "Slagerij",
    "Installatiebedrijf",
    "Schildersbedrijf",
    "Aannemersbedrijf",
    "Loodgietersbedrijf",
    "Timmerbedrijf",
    "Klusbedrijf",
    "Dakdekkersbedrijf",
    "Hoveniersbedrijf",
    "Autobedrijf",
    "Cateringbedrijf",
    "Transportbedrijf",
    "Schoonmaakbedrijf",
    "Tegelzetterij",
    "Elektrotechniek",
    "Bouwbedrijf",
    "Restaurant",
    "Lunchroom",
    "Supermarkt",
    "Garage",
    "Drukkerij",
    "Kaashandel",
    "Groentehandel",
    "Fietsenzaak",
    "Traiteur",
    "Patisserie",
];

const TRADES_BE: &[&str] = &[
    "Bakkerij",
    "Beenhouwerij",
    "Frituur",
    "Brasserie",
    "Taverne",
    "Schrijnwerkerij",
    "Aannemingen",
    "Elektriciteitswerken",
    "Dakwerken",
    "Installaties",
    "Traiteur",
    "Bouwonderneming",
    "Tuinaanleg",
    "Sanitair",
    "Garage",
];

/// Activity after a surname: "Jansen Bouwmaterialen".
const ACTIVITIES: &[&str] = &[
    "Bouwmaterialen",
    "Installatietechniek",
    "Techniek",
    "Horeca",
    "Bouw",
    "Service",
    "Onderhoud",
    "Logistiek",
    "Catering",
    "Food",
    "Elektro",
    "Sanitair",
    "Metaalbewerking",
    "Tegelwerken",
    "Groenvoorziening",
    "Afbouw",
    "Schilderwerken",
    "Dakwerken",
    "Klimaattechniek",
    "Bakkerijgrondstoffen",
    "Verhuur",
    "Interieurbouw",
    "Vastgoedonderhoud",
];

const BRANDS: &[&str] = &[
    "Noorderlicht",
    "De Eendracht",
    "Het Anker",
    "De Gouden Leeuw",
    "De Zwaan",
    "De Hoop",
    "Zonnehoek",
    "De Molen",
    "De Linde",
    "De Kroon",
    "Oranjeboom",
    "De Sleutel",
    "Meridiaan",
    "Polderzicht",
    "Eemland",
    "Veluwezoom",
    "Zuiderzee",
    "Vechtdal",
    "De Korenbloem",
    "Het Gildehuis",
    "Sonnevanck",
    "Rijnzicht",
    "De Pauw",
    "'t Hoekje",
    "'t Pleintje",
    "'t Veerhuis",
    "Zoë",
    "De Klaproos",
    "Het Wapen",
    "Lindenhof",
];

const HORECA: &[&str] = &[
    "Eetcafé",
    "Café",
    "Restaurant",
    "Brasserie",
    "Hotel-Restaurant",
    "Grand Café",
    "Lunchroom",
    "Partycentrum",
    "Strandpaviljoen",
    "Crêperie",
    "Pannenkoekenhuis",
];

const DEPARTMENTS: &[&str] = &[
    "afd. Inkoop",
    "afd. Facilitaire Zaken",
    "afd. Vastgoed",
    "afd. Sport en Recreatie",
    "Buitendienst",
];

fn surname(rng: &mut Rng, belgian: bool) -> &'static str {
    if belgian {
        rng.pick(SURNAMES_BE)
    } else {
        rng.pick(SURNAMES_NL)
    }
}

fn legal_form(rng: &mut Rng, belgian: bool) -> &'static str {
    if belgian {
        rng.weighted(&[
            (" BV", 45),
            (" NV", 10),
            (" BVBA", 12),
            (" CommV", 5),
            (" VOF", 6),
            ("", 22),
        ])
    } else {
        rng.weighted(&[(" B.V.", 46), (" VOF", 12), ("", 42)])
    }
}

/// One invented company name. `big` makes institutions and groups likelier.
fn company_name(rng: &mut Rng, city: &str, region: Region, big: bool) -> String {
    let be = region == Region::Flanders;
    // Big accounts are rarely the corner bakery or café.
    let weights: [u32; 9] = if big {
        [8, 30, 8, 5, 3, 15, 8, 25, 1]
    } else {
        [30, 26, 7, 7, 11, 9, 4, 2, 1]
    };
    let mut templates = [(0u8, 0u32); 9];
    for (i, w) in weights.into_iter().enumerate() {
        templates[i] = (i as u8, w);
    }
    let template = rng.weighted(&templates);
    match template {
        0 => {
            let trades = if be { TRADES_BE } else { TRADES_NL };
            let trade = rng.pick(trades);
            format!("{trade} {}{}", surname(rng, be), legal_form(rng, be))
        }
        1 => {
            let name = surname(rng, be);
            let activity = rng.pick(ACTIVITIES);
            format!("{name} {activity}{}", legal_form(rng, be))
        }
        2 => {
            let name = surname(rng, be);
            if be {
                format!("{name} & Zonen{}", legal_form(rng, be))
            } else {
                let tail = rng.weighted(&[(" & Zn.", 3), (" & Zonen B.V.", 2), (" en Zonen", 1)]);
                format!("{name}{tail}")
            }
        }
        3 => {
            let a = surname(rng, be);
            let mut b = surname(rng, be);
            while b == a {
                b = surname(rng, be);
            }
            let form = if be {
                " VOF"
            } else {
                rng.pick(&[" VOF", " B.V."])
            };
            format!("{a} & {b}{form}")
        }
        4 => {
            let kind = rng.pick(HORECA);
            let brand = rng.pick(BRANDS);
            let form = rng.pick(&["", "", " VOF", if be { " BV" } else { " B.V." }]);
            if rng.chance(0.45) {
                format!("{kind} \"{brand}\"{form}")
            } else {
                format!("{kind} {brand}{form}")
            }
        }
        5 => {
            let brand = rng.pick(BRANDS);
            let activity = rng.pick(ACTIVITIES);
            format!("{brand} {activity}{}", if be { " BV" } else { " B.V." })
        }
        6 => {
            let activity = rng.pick(ACTIVITIES);
            format!("{activity} {city}{}", if be { " BV" } else { " B.V." })
        }
        7 => {
            let brand = rng.pick(BRANDS);
            match rng.below(4) {
                0 if be => format!("Stad {city}; dienst Aankoop"),
                0 => format!("Gemeente {city}; {}", rng.pick(DEPARTMENTS)),
                1 if be => format!("vzw {brand}; campus {city}"),
                1 => format!("Stichting {brand}; locatie {city}"),
                2 if be => format!("Woonzorgcentrum {brand} vzw; {city}"),
                2 => format!("Zorggroep {brand}; locatie {city}"),
                _ => format!(
                    "{} Groep{}",
                    surname(rng, be),
                    if be { " NV" } else { " B.V." }
                ),
            }
        }
        _ => format!("Coöperatie {} U.A.", rng.pick(BRANDS)),
    }
}

/// A name not used before; falls back to appending a number.
fn unique_name(
    rng: &mut Rng,
    used: &mut HashSet<String>,
    city: &str,
    region: Region,
    big: bool,
) -> String {
    for _ in 0..20 {
        let name = company_name(rng, city, region, big);
        if used.insert(name.clone()) {
            return name;
        }
    }
    let base = company_name(rng, city, region, big);
    let mut n = 2;
    loop {
        let name = format!("{base} ({n})");
        if used.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

// ---------------------------------------------------------------------------
// The sample export
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Customer,
    Prospect,
    Suspect,
}

struct Relation {
    kind: Kind,
    name: String,
    city: &'static str,
    manager: &'static str,
    /// When the relation was entered (orders the relation numbers).
    created: Day,
    /// Expected yearly revenue in euros.
    annual: f64,
    /// Invoices per year.
    per_year: u32,
    /// Usual gross margin, 0.12–0.40.
    margin: f64,
    /// Relative growth per year.
    trend: f64,
    /// First and last possible invoice date.
    first: Day,
    last: Day,
}

#[derive(Clone, Copy)]
struct Invoice {
    day: Day,
    order: u32,
    relation: u32,
    cents: i64,
    profit: i64,
}

/// How a customer pays: its payment term and how often and how late it
/// pays after the due date.
#[derive(Clone, Copy)]
struct Habit {
    term: Day,
    late_share: f64,
    late_days: (i32, i32),
    never_share: f64,
}

fn habit(rng: &mut Rng) -> Habit {
    let term = if rng.chance(0.2) { 14 } else { 30 };
    let u = rng.unit();
    if u < 0.7 {
        // Pays on time.
        Habit {
            term,
            late_share: 0.0,
            late_days: (0, 0),
            never_share: 0.0,
        }
    } else if u < 0.9 {
        // Now and then a payment slips.
        Habit {
            term,
            late_share: 0.12,
            late_days: (9, 35),
            never_share: 0.0,
        }
    } else {
        // Slow: you chase your money.
        Habit {
            term,
            late_share: 0.55,
            late_days: (10, 70),
            never_share: 0.03,
        }
    }
}

/// The due date and the day paid of an invoice (the paid day `None`:
/// still open when the file was exported).
fn payment(rng: &mut Rng, habit: Habit, day: Day) -> (Day, Option<Day>) {
    let due = day + habit.term;
    if rng.chance(habit.never_share) {
        return (due, None);
    }
    let paid = if rng.chance(habit.late_share) {
        due + rng.range(habit.late_days.0, habit.late_days.1)
    } else {
        due - rng.range(0, habit.term.min(20)) + rng.range(0, 4)
    };
    (due, (paid <= SAMPLE_LAST_DAY).then_some(paid))
}

/// Monthly volume factors (January first): quiet summer, busy autumn.
const SEASON: [f64; 12] = [
    0.86, 0.92, 1.0, 1.04, 1.06, 1.0, 0.88, 0.84, 1.04, 1.1, 1.1, 1.16,
];

/// Moves a weekend day to a nearby weekday inside `lo..=hi` when possible.
fn weekday(day: Day, lo: Day, hi: Day) -> Day {
    // 1970-01-01 was a Thursday; 0 = Monday.
    let candidates = match (day + 3).rem_euclid(7) {
        5 => [day - 1, day + 2],
        6 => [day + 1, day - 2],
        _ => return day,
    };
    candidates
        .into_iter()
        .find(|d| (lo..=hi).contains(d))
        .unwrap_or(day)
}

fn new_relation(rng: &mut Rng, used: &mut HashSet<String>, kind: Kind) -> Relation {
    let (city, region) = rng.weighted(CITIES);
    let home = match region {
        Region::NorthEast => 0,
        Region::Centre => 1,
        Region::South | Region::Flanders => 2,
    };
    let manager = MANAGERS[if rng.chance(0.1) {
        rng.below(3) as usize
    } else {
        home
    }];
    // Lognormal yearly revenue, median about 5,000 euros.
    let z = rng.normal();
    let annual = exp(8.5 + 1.5 * z);
    let name = unique_name(rng, used, city, region, annual > 150_000.0);
    let margin = (0.27 - 0.04 * z + 0.03 * rng.normal()).clamp(0.12, 0.40);
    let per_year = if annual < 1_200.0 {
        rng.pick(&[1, 1, 2, 3, 4])
    } else if annual < 5_000.0 {
        rng.pick(&[2, 4, 4, 6, 6])
    } else if annual < 25_000.0 {
        rng.pick(&[6, 6, 12, 12, 12])
    } else if annual < 100_000.0 {
        rng.pick(&[12, 12, 24, 26])
    } else {
        rng.pick(&[24, 52, 52])
    };
    let trend = -0.2 + 0.45 * rng.unit();
    let mut r = Relation {
        kind,
        name,
        city,
        manager,
        created: 0,
        annual,
        per_year,
        margin,
        trend,
        first: SAMPLE_FIRST_DAY,
        last: SAMPLE_LAST_DAY,
    };
    match kind {
        Kind::Prospect => r.created = SAMPLE_LAST_DAY - rng.range(10, 720),
        Kind::Suspect => r.created = SAMPLE_LAST_DAY - rng.range(3, 400),
        Kind::Customer => {
            let u = rng.unit();
            let old = SAMPLE_FIRST_DAY - rng.range(20, 365 * 14);
            if u < 0.14 {
                // Churned: last purchase 13–30 months before the end.
                r.last = SAMPLE_LAST_DAY - rng.range(400, 910);
                r.first = if rng.chance(0.8) {
                    old
                } else {
                    SAMPLE_FIRST_DAY + rng.range(0, (r.last - SAMPLE_FIRST_DAY - 60).max(0))
                };
            } else if u < 0.27 {
                // New: first purchase in the last two years.
                r.first = SAMPLE_LAST_DAY - rng.range(25, 730);
            } else {
                r.first = old;
            }
            r.created = if r.first < SAMPLE_FIRST_DAY {
                r.first
            } else {
                r.first - rng.range(0, 90)
            };
        }
    }
    r
}

/// One invoice of customer `index` (relation `c`) on `day`.
fn invoice(rng: &mut Rng, index: u32, c: &Relation, day: Day) -> Invoice {
    let years = f64::from(day - SAMPLE_FIRST_DAY) / 365.0;
    let trend = (1.0 + c.trend * (years - 1.5)).max(0.3);
    let season = SEASON[civil_from_day(day).month as usize - 1];
    let noise = exp(0.3 * rng.normal() - 0.045);
    let euros = (c.annual / f64::from(c.per_year) * season * trend * noise).max(12.5);
    let cents = (euros * 100.0).round() as i64;
    let margin = (c.margin + 0.06 * (rng.unit() - 0.5)).clamp(0.12, 0.40);
    Invoice {
        day,
        order: rng.next_u64() as u32,
        relation: index,
        cents,
        profit: (cents as f64 * margin).round() as i64,
    }
}

/// Adds the invoices of customer `index` to `out`.
fn schedule(rng: &mut Rng, index: u32, c: &Relation, out: &mut Vec<Invoice>) {
    let start = c.first.max(SAMPLE_FIRST_DAY);
    let end = c.last.min(SAMPLE_LAST_DAY);
    let interval = 365.0 / f64::from(c.per_year);
    let skip = if c.per_year >= 24 { 0.04 } else { 0.08 };
    let before = out.len();
    let mut t = if c.first >= SAMPLE_FIRST_DAY {
        f64::from(start)
    } else {
        f64::from(start) + rng.unit() * interval
    };
    while t <= f64::from(end) {
        let jitter = (rng.unit() - 0.5) * 0.4 * interval.min(60.0);
        let day = ((t + jitter).round() as Day).clamp(start, end);
        if !rng.chance(skip) {
            out.push(invoice(rng, index, c, weekday(day, start, end)));
        }
        t += interval;
    }
    if out.len() == before {
        let day = start + rng.range(0, end - start);
        out.push(invoice(rng, index, c, weekday(day, start, end)));
    }
}

/// Credit notes: returns and price corrections on existing invoices.
fn credit_notes(rng: &mut Rng, invoices: &[Invoice]) -> Vec<Invoice> {
    let mut notes = Vec::with_capacity(CREDIT_NOTES);
    while notes.len() < CREDIT_NOTES {
        let inv = rng.pick(invoices);
        let day = inv.day + rng.range(3, 45);
        if day > SAMPLE_LAST_DAY || inv.cents < 2_000 {
            continue;
        }
        let euros = inv.cents / 100;
        let cents = match rng.below(4) {
            0 => inv.cents,
            1 | 2 if euros >= 25 => {
                let max = euros.min(1_500) / 5;
                5 * 100 * i64::from(rng.range(5, max as i32))
            }
            _ => (inv.cents as f64 * (0.1 + 0.5 * rng.unit())).round() as i64,
        };
        let profit = (cents as f64 * inv.profit as f64 / inv.cents as f64).round() as i64;
        notes.push(Invoice {
            day: weekday(day, inv.day, SAMPLE_LAST_DAY),
            order: rng.next_u64() as u32,
            relation: inv.relation,
            cents: -cents,
            profit: -profit,
        });
    }
    notes
}

/// The built-in sample: an invented Exact Online–style invoice export of
/// [`SAMPLE_COMPANY`], `;`-separated with decimal commas and `dd-mm-yyyy`
/// dates, header [`SAMPLE_HEADER`].
///
/// About 2,000 customers ("Klant") with invoices from 2023-11-01 to
/// 2026-10-31 ([`SAMPLE_FIRST_DAY`]..=[`SAMPLE_LAST_DAY`]) in date order,
/// forty credit notes (negative amounts), then 60 prospects and 25 suspects
/// as one row each with empty invoice fields. Revenue is heavy-tailed (the
/// top fifth of customers brings roughly three quarters of it); customers buy
/// weekly to yearly, some stopped 13–30 months before the end and some only
/// started recently. Every invoice has a due date (14 or 30 days' terms) and
/// the day it was paid, empty while open: most customers pay on time, some
/// now and then late, a tenth slowly. About 39,600 rows,
/// under 5 MB; the same bytes on every call and every platform.
pub fn sample_csv() -> String {
    let mut rng = Rng::new(SAMPLE_SEED);
    let mut used = HashSet::new();
    let mut relations: Vec<Relation> = (0..CUSTOMERS)
        .map(|_| new_relation(&mut rng, &mut used, Kind::Customer))
        .collect();
    let mut invoices = Vec::with_capacity(48_000);
    for (i, c) in relations.iter().enumerate() {
        schedule(&mut rng, i as u32, c, &mut invoices);
    }
    let notes = credit_notes(&mut rng, &invoices);
    invoices.extend(notes);
    relations.extend((0..PROSPECTS).map(|_| new_relation(&mut rng, &mut used, Kind::Prospect)));
    relations.extend((0..SUSPECTS).map(|_| new_relation(&mut rng, &mut used, Kind::Suspect)));

    // Relation numbers follow the order in which relations were entered.
    let mut by_created: Vec<usize> = (0..relations.len()).collect();
    by_created.sort_by_key(|&i| (relations[i].created, i));
    let mut number = vec![0u64; relations.len()];
    for (rank, &i) in by_created.iter().enumerate() {
        number[i] = FIRST_NUMBER + rank as u64;
    }

    invoices.sort_by_key(|inv| (inv.day, inv.order));
    let mut pay_rng = Rng::new(PAYMENT_SEED);
    let habits: Vec<Habit> = (0..relations.len()).map(|_| habit(&mut pay_rng)).collect();
    let mut out = Vec::with_capacity(invoices.len() * 100 + 16_384);
    out.extend_from_slice(SAMPLE_HEADER.as_bytes());
    out.push(b'\n');
    let mut year = 0;
    let mut seq = 0;
    for inv in &invoices {
        let y = civil_from_day(inv.day).year;
        if y != year {
            year = y;
            // The export starts mid-year: 2023 numbering is already running.
            seq = if y == 2023 { 13_117 } else { 0 };
        }
        seq += 1;
        let r = &relations[inv.relation as usize];
        push_u64(&mut out, year as u64 * 100_000 + seq);
        out.push(b';');
        out.extend_from_slice(&date_bytes(inv.day));
        out.push(b';');
        push_u64(&mut out, number[inv.relation as usize]);
        out.push(b';');
        push_field(&mut out, &r.name);
        out.push(b';');
        push_field(&mut out, r.city);
        out.push(b';');
        push_field(&mut out, r.manager);
        out.extend_from_slice(b";Klant;");
        push_money(&mut out, inv.cents);
        out.push(b';');
        push_money(&mut out, inv.profit);
        out.push(b';');
        // Credit notes are settled against invoices: no dates of their own.
        if inv.cents > 0 {
            let (due, paid) = payment(&mut pay_rng, habits[inv.relation as usize], inv.day);
            out.extend_from_slice(&date_bytes(due));
            out.push(b';');
            if let Some(paid) = paid {
                out.extend_from_slice(&date_bytes(paid));
            }
        } else {
            out.push(b';');
        }
        out.push(b'\n');
    }
    for &i in &by_created {
        let r = &relations[i];
        let kind = match r.kind {
            Kind::Customer => continue,
            Kind::Prospect => "Prospect",
            Kind::Suspect => "Suspect",
        };
        out.extend_from_slice(b";;");
        push_u64(&mut out, number[i]);
        out.push(b';');
        push_field(&mut out, &r.name);
        out.push(b';');
        push_field(&mut out, r.city);
        out.push(b';');
        push_field(&mut out, r.manager);
        out.push(b';');
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b";;;;\n");
    }
    String::from_utf8(out).expect("the sample is built from UTF-8 pieces")
}

// ---------------------------------------------------------------------------
// Benchmark files
// ---------------------------------------------------------------------------

const PRODUCTS: &[&str] = &[
    "Koffie 1kg",
    "Thee 100st",
    "Suiker 5kg",
    "Schroef 4x40",
    "Kabel 3x2,5",
    "Verf wit 10L",
    "Tegellijm 25kg",
    "Bezorgkosten",
    "Handzeep 5L",
    "Servetten",
    "Bloem 25kg",
    "Buis 1/2\" verzinkt",
    "Kit transparant",
    "Afvalzakken",
    "Frituurvet 10L",
    "Lamp LED 8W",
    "Montagekosten",
    "Pallet retour",
];

const SHORT_NAMES: &[&str] = &[
    "Jansen", "De Vries", "Bakker", "Visser", "Smit", "Mulder", "Bos", "Vos", "Peters", "Dekker",
    "Kok", "De Wit", "Prins", "Post", "Groen", "Blom", "Maes", "Aerts", "Cools", "Claeys",
    "Van Dijk", "De Jong", "Kramer", "Evers",
];

const SHORT_TRADES: &[&str] = &[
    " Bouw",
    " Horeca",
    " Techniek",
    " Installatie",
    " Food",
    " Service",
    " Elektro",
    " Afbouw",
];

const SHORT_FORMS: &[&str] = &["", " B.V.", " B.V.", " VOF", " BV", ""];

/// Precomputed CSV fields for one benchmark file.
struct BenchParts {
    /// Every customer's `number;name;` (name already quoted when needed).
    prefixes: Vec<u8>,
    /// Offsets into `prefixes`, one more than there are customers.
    offsets: Vec<u32>,
    /// Typical line amount per customer, in cents.
    scale: Vec<u32>,
    /// `;dd-mm-yyyy;` for every day of the three years.
    dates: Vec<[u8; 12]>,
    /// `product;` with quoting.
    products: Vec<Vec<u8>>,
}

fn bench_parts(rng: &mut Rng, customers: usize) -> BenchParts {
    let mut prefixes = Vec::with_capacity(customers * 24);
    let mut offsets = Vec::with_capacity(customers + 1);
    let mut scale = Vec::with_capacity(customers);
    offsets.push(0);
    let mut name = String::new();
    for id in 0..customers {
        name.clear();
        if rng.below(3) == 0 {
            name.push_str(rng.pick(&["Bakkerij ", "Café ", "Garage ", "Slagerij "]));
            name.push_str(rng.pick(SHORT_NAMES));
        } else {
            name.push_str(rng.pick(SHORT_NAMES));
            name.push_str(rng.pick(SHORT_TRADES));
        }
        if rng.below(100) == 0 {
            name.push_str("; afd. Inkoop");
        } else if rng.below(150) == 0 {
            name.insert(0, '"');
            name.push('"');
        }
        name.push_str(rng.pick(SHORT_FORMS));
        push_u64(&mut prefixes, 100_000 + id as u64);
        prefixes.push(b';');
        push_field(&mut prefixes, &name);
        offsets.push(prefixes.len() as u32);
        scale.push((exp(9.0 + 1.0 * rng.normal()).min(4.0e6)) as u32 + 100);
    }
    let dates = (0..=SAMPLE_LAST_DAY - SAMPLE_FIRST_DAY)
        .map(|i| {
            let mut d = [b';'; 12];
            d[1..11].copy_from_slice(&date_bytes(SAMPLE_FIRST_DAY + i));
            d
        })
        .collect();
    let products = PRODUCTS
        .iter()
        .map(|p| {
            let mut v = Vec::new();
            push_field(&mut v, p);
            v.push(b';');
            v
        })
        .collect();
    BenchParts {
        prefixes,
        offsets,
        scale,
        dates,
        products,
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// A synthetic invoice-line export of `rows` data rows for benchmarks,
/// deterministic per `seed`: header [`BENCHMARK_HEADER`], `;`-separated,
/// decimal commas, `dd-mm-yyyy` dates over 2023-11-01..2026-10-31, about
/// 60 bytes per row (1M rows ≈ 60 MB).
///
/// There are `max(rows / 16, 1)` customers (numbers from 100000); each
/// appears at least once when `rows` allows, and lower-numbered customers
/// buy more often. About 1% of the names contain `;` and are quoted, about
/// 2% of the amounts are negative (credit lines), and one product name
/// contains a `"`. Every line ends in `\n`, the last one included.
pub fn benchmark_csv(rows: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ 0x5eed_0fbe_4c00);
    let customers = (rows / 16).max(1);
    let parts = bench_parts(&mut rng, customers);
    let n = customers as u64;
    // A stride coprime with n visits every customer once in the first n rows.
    let mut stride = 1_000_003 % n.max(2);
    while n > 1 && gcd(stride, n) != 1 {
        stride += 1;
    }
    let days = parts.dates.len() as u64;
    let mut out = Vec::with_capacity(rows * 64 + 128);
    out.extend_from_slice(BENCHMARK_HEADER.as_bytes());
    out.push(b'\n');
    for i in 0..rows as u64 {
        let r = rng.next_u64();
        let c = if i < n {
            (i * stride % n) as usize
        } else {
            // Minimum of two uniforms: low numbers are the big buyers.
            let a = ((u128::from(r as u32) * u128::from(n)) >> 32) as usize;
            let b = ((u128::from(r >> 32) * u128::from(n)) >> 32) as usize;
            a.min(b)
        };
        out.extend_from_slice(
            &parts.prefixes[parts.offsets[c] as usize..parts.offsets[c + 1] as usize],
        );
        let r = rng.next_u64();
        let day = ((u128::from(r as u32) * u128::from(days)) >> 32) as usize;
        out.extend_from_slice(&parts.dates[day]);
        let product = (r >> 32) as usize % parts.products.len();
        out.extend_from_slice(&parts.products[product]);
        let factor = 40 + (r >> 40) % 160;
        let mut cents = (i64::from(parts.scale[c]) * factor as i64) / 100;
        if (r >> 48).is_multiple_of(50) {
            cents = -cents;
        }
        let margin = 12 + (r >> 56) % 29;
        push_money(&mut out, cents);
        out.push(b';');
        push_money(&mut out, cents * margin as i64 / 100);
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::calendar::day_from_civil;

    #[test]
    fn constants_match_the_calendar() {
        assert_eq!(day_from_civil(2023, 11, 1), Some(SAMPLE_FIRST_DAY));
        assert_eq!(day_from_civil(2026, 10, 31), Some(SAMPLE_LAST_DAY));
    }

    #[test]
    fn money_formatting() {
        let f = |c| {
            let mut v = Vec::new();
            push_money(&mut v, c);
            String::from_utf8(v).unwrap()
        };
        assert_eq!(f(0), "0,00");
        assert_eq!(f(5), "0,05");
        assert_eq!(f(-24_500), "-245,00");
        assert_eq!(f(123_456), "1.234,56");
        assert_eq!(f(100_000_000), "1.000.000,00");
        assert_eq!(f(99_999), "999,99");
    }

    #[test]
    fn dates_and_fields() {
        assert_eq!(&date_bytes(SAMPLE_LAST_DAY), b"31-10-2026");
        assert_eq!(&date_bytes(SAMPLE_FIRST_DAY), b"01-11-2023");
        let mut v = Vec::new();
        push_field(&mut v, "Café \"De Zwaan\"");
        push_field(&mut v, "|a;b|plain");
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "\"Café \"\"De Zwaan\"\"\"\"|a;b|plain\""
        );
    }

    #[test]
    fn exp_is_accurate() {
        for i in -100..=100 {
            let x = f64::from(i) * 0.137;
            let rel = (exp(x) - x.exp()).abs() / x.exp();
            assert!(rel < 1e-14, "{x}: {rel}");
        }
    }

    #[test]
    fn weekdays_only() {
        // 2026-10-31 is a Saturday; 2026-11-01 a Sunday.
        assert_eq!(
            weekday(SAMPLE_LAST_DAY, SAMPLE_FIRST_DAY, SAMPLE_LAST_DAY),
            SAMPLE_LAST_DAY - 1
        );
        assert_eq!(weekday(SAMPLE_LAST_DAY + 1, 0, 30_000), SAMPLE_LAST_DAY + 2);
        assert_eq!(weekday(SAMPLE_FIRST_DAY, 0, 30_000), SAMPLE_FIRST_DAY);
    }

    #[test]
    fn rng_ranges() {
        let mut rng = Rng::new(1);
        for _ in 0..1_000 {
            let v = rng.range(-3, 3);
            assert!((-3..=3).contains(&v));
            assert!(rng.below(7) < 7);
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
