//! `<Method/>`: "how is this computed", in plain words, with the current
//! settings filled in. Every rule the numbers follow is visible here.

use leptos::prelude::*;

use crate::analysis::contact::{GRACE_DAYS, LONG_OVERDUE_DAYS, MONTHLY_DAYS, ON_TIME_LATE_IN};
use crate::analysis::lang::Lang;
use crate::analysis::trend::{DECLINE_PCT, GROWTH_PCT};
use crate::t;

use super::format::bp_percent;
use super::state::use_app;

/// The explanation of every number.
#[component]
pub fn Method() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let items = move || {
        let s = state.settings.get();
        let lang = lang.get();
        let top = bp_percent(s.layer_bp.top, lang);
        let large = bp_percent(s.layer_bp.large, lang);
        let medium = bp_percent(s.layer_bp.medium, lang);
        let a = bp_percent(s.abc_bp.a, lang);
        let b = bp_percent(s.abc_bp.b, lang);
        let w = s.window_months;
        let w2 = w.saturating_mul(2);
        let (less, more) = (DECLINE_PCT, GROWTH_PCT);
        let totals = state
            .analysis
            .with(|a| a.as_ref().is_some_and(|a| a.customer_totals));
        // Activity and value: per invoice line, or (a customer-level file) one
        // total per customer with its last purchase date.
        let (active, value) = match (lang, totals) {
            (Lang::Nl, false) => (
                format!(
                    "Actief: minstens één factuur met positieve omzet in de {w} maanden tot en met de peildatum (een datum d telt mee als peildatum − {w} maanden < d ≤ peildatum; 31 maart − 1 maand = eind februari)."
                ),
                "Waarde van een klant: de som van omzet (of winst) van al zijn regels in dat venster, creditnota's inbegrepen.",
            ),
            (Lang::En, false) => (
                format!(
                    "Active: at least one invoice with positive revenue in the {w} months up to the reference date (a date d counts when reference − {w} months < d ≤ reference; 31 March − 1 month = end of February)."
                ),
                "A customer's value: the sum of revenue (or profit) of all its rows in that window, credit notes included.",
            ),
            (Lang::Nl, true) => (
                format!(
                    "Actief: de laatste aankoopdatum valt in de {w} maanden tot en met de peildatum (peildatum − {w} maanden < d ≤ peildatum); zonder datum: een totaal groter dan 0. Inactief: een eerdere datum, of zonder datum een status inactief/ex-klant of een totaal kleiner dan 0."
                ),
                "Waarde van een klant: het totaal in de kolom omzet (of winst) zoals het bestand het geeft, over de periode van het bestand; het venster beslist alleen over actief of inactief.",
            ),
            (Lang::En, true) => (
                format!(
                    "Active: the last purchase date falls in the {w} months up to the reference date (reference − {w} months < d ≤ reference); without a date: a total above 0. Inactive: an earlier date, or without a date a status inactive/former customer or a total below 0."
                ),
                "A customer's value: the total in the file's revenue (or profit) column as the file gives it, over the file's own period; the window only decides active or inactive.",
            ),
        };
        let value = value.to_owned();
        let (grace, overdue, monthly, one_in) =
            (GRACE_DAYS, LONG_OVERDUE_DAYS, MONTHLY_DAYS, ON_TIME_LATE_IN);
        let lines: Vec<String> = match lang {
            Lang::Nl => vec![
                "Peildatum: standaard de laatste factuurdatum in het bestand (bij een klantenbestand de laatste aankoopdatum). Je kunt een andere datum kiezen, bijvoorbeeld vandaag. Regels na de peildatum tellen niet mee; hoeveel het er zijn, staat naast het venster.".to_owned(),
                active,
                value,
                "Inactief: kocht eerder, maar niet in het venster; ook een relatie met alleen creditnota's, of met status klant/inactief/ex-klant zonder aankoop in het bestand. Prospect: bekende relatie zonder aankoop (of status prospect/lead). Suspect: status suspect en geen aankoop. Een aankoop of creditnota gaat altijd voor de status.".to_owned(),
                format!("Te heractiveren, nu bellen: inactieven met hun laatste aankoop in de {w} maanden vóór het venster (na peildatum − {w2} maanden). De vuistregel: na een jaar zonder factuur bellen om te heractiveren, na twee jaar is de klant koud; met een venster van 12 maanden is dit precies die groep. In een bestand met één regel per klant zonder datum: wie in de vorige periode omzet had (de kolom daarvan) en nu inactief is."),
                format!("Koopritme (alleen bij factuurregels, alleen actieve klanten): een aankoopdag is een dag met minstens één regel met positieve omzet, na peildatum − {w2} maanden en tot en met de peildatum. Aankoopdagen die minder dan 3 dagen na de vorige vallen, horen bij dezelfde bestelling (deellevering, nalevering, elke werkdag kopen), zolang die minder dan 7 dagen beslaat (wie elke dag koopt, bestelt één keer per week); een bestelling telt op haar laatste dag. Met minstens 3 bestellingen is het ritme de mediaan van de laatste 12 tussenpozen (bij een even aantal het gemiddelde van de middelste twee, naar beneden afgerond); de volgende bestelling wordt verwacht op laatste aankoop + ritme. Aan de beurt om te bestellen, nu bellen: vanaf een week vóór die datum (bij een ritme korter dan 4 weken: een kwart ritme ervoor) tot de klant als stil telt. Stiller dan het eigen ritme: al meer dan 1,5 keer het ritme geen aankoop."),
                format!("Trend, bij factuurregels die teruggaan tot peildatum − {w2} maanden (op hooguit een maand na): de waarde in het venster tegenover de {w} maanden ervoor (peildatum − {w2} maanden < d ≤ peildatum − {w} maanden), met dezelfde som, creditnota's inbegrepen; in hele procenten, naar nul afgerond; nieuw als de klant toen niets kocht (geen regel met positieve omzet). Een bestand met één regel per klant heeft een trend als het een kolom heeft met de omzet van de vorige periode (‘omzet vorig jaar’, of twee omzetkolommen een jaar uit elkaar: ‘Omzet 2024’ en ‘Omzet 2025’); die vergelijkt omzet met omzet, dus alleen met omzet als basis, en nieuw is wie toen geen omzet had (een creditsaldo toen geeft geen trend). Vergelijk even lange periodes: een lopend jaar tegen een heel jaar laat iedereen dalen. Kalendermaanden verschillen in lengte: bij een venster van 1 maand vergelijkt de trend bijvoorbeeld 31 dagen maart met 28 dagen februari (bijna 11% verschil zonder dat er iets veranderde); vanaf 3 maanden is dat hooguit zo'n 3%."),
                format!("Kernklanten: de lagen top, groot en middelgroot, en wie in de periode ervoor minstens zoveel kocht als nu de kleinste klant in die lagen. Kernklanten die minder kopen (behouden: waardevolle klanten die je kunt kwijtraken): een waarde minstens {less}% lager dan ervoor; de grootste daling eerst. Parels (meer verkopen: ze kopen nu weinig, maar groeien): klein, met een koopritme dat niet stil is, een waarde minstens {more}% hoger dan ervoor (of nieuw) en, als het bestand winst heeft, een marge (winst gedeeld door omzet in het venster) van minstens de mediaan van de actieve klanten; de grootste eerst. Bij kleine klanten een hogere drempel: kleine bedragen schommelen meer."),
                format!("Aanpak als je een klant spreekt (één code per relatie, zoals een callcenter dat deed met 1.200 medewerkers: +175% verkoop in verkoopgesprekken, 20% kortere gesprekken bij efficiency). Waardevol: een kernklant of een A-klant (de klanten van de eerste {a}% van de waarde). Service (help goed en houd vast): waardevol, met een risico: koopt minder (ook: gestopt) of is stiller dan het eigen ritme. Verkoop: een verkoopkans: elke andere waardevolle klant, wie aan de beurt is om te bestellen, wie (niet waardevol) stiller is dan het ritme, een parel, een inactieve klant om te heractiveren, een prospect. Efficiency (beantwoord de vraag volledig en kort): de rest: kleine klanten buiten klasse A op schema of zonder ritme, langer geleden gestopte klanten, suspects. De eerste regel die past, geldt; het ritme telt mee, dus bij factuurregels staan de aantallen er zodra de ritmes berekend zijn."),
                format!("Verschuivingen in de piramide (alleen met een trend): de laag in de {w} maanden vóór het venster tegenover de laag nu. De piramide van toen is verdeeld zoals nu: wie toen kocht (een regel met positieve omzet; bij een klantenbestand: omzet in de kolom van de vorige periode), gesorteerd op de waarde toen, met dezelfde grenzen ({top}%, {large}%, {medium}%). Nieuw of terug: nu actief, toen niet. Gestopt: toen actief, nu inactief. Omhoog en omlaag tellen alleen klanten die in beide periodes actief waren. In de klantentabel staat ↑, ↓ of + in het kleurvakje van de laag; de CSV heeft de laag van toen."),
                format!("Contactplan (alleen bij factuurregels met een vervaldatum en een betaaldatum, een lege is een open factuur; of zonder betaaldatum een openstaand bedrag: meer dan 0 is open, anders telt de factuur als op tijd betaald): een leverancier deelde zijn klanten in bloeiend, boeiend en vermoeiend en plande er zijn bezoeken naar; zijn omzet per klant steeg 30%. Betaalgedrag: de facturen (positieve omzet, met vervaldatum) in het venster, op de peildatum. Te laat: meer dan {grace} dagen na de vervaldatum betaald, of op de peildatum meer dan {grace} dagen over de vervaldatum nog open (na de peildatum betaald telt als open). Op tijd: hooguit 1 op de {one_in} facturen te laat en nu geen factuur te laat open. Bloeiend (elke maand bezoeken, elke week bellen): een actieve klant met een ritme van hooguit {monthly} dagen die niet stiller is dan dat en op tijd betaalt. Vermoeiend (alleen langs als je in de buurt bent, bellen als er tijd over is): minstens 2 en minstens een kwart van de facturen te laat, of een factuur meer dan {overdue} dagen over de vervaldatum open. Boeiend (om de twee maanden bezoeken, om de twee à drie weken bellen): een kernklant met een marge onder de mediaan die geen van beide is; of zijn naam en connecties dat waard zijn, kan de app niet zien. Klachten staan in geen export; die weeg je zelf mee. Een betaaldatum die geen datum is (of een openstaand bedrag dat geen bedrag is), wordt gemeld en die factuur telt niet mee. Werklast: een bezoek per maand per bloeiende klant en een per twee boeiende (naar boven afgerond); een telefoontje per week per bloeiende klant en twee per vijf boeiende. Per accountmanager: dezelfde tellingen binnen de eigen klanten."),
                format!("Lagen: actieve klanten gesorteerd op waarde (gelijke waarde: op klantnummer als tekst, zonder klantnummer op naam). Top = de eerste ⌈N × {top}%⌉, groot tot ⌈N × ({top} + {large})%⌉, middelgroot tot ⌈N × ({top} + {large} + {medium})%⌉, klein = de rest."),
                format!("Pareto: actieve klanten met positieve waarde, grootste eerst. ‘Klanten voor 80%’ is het kleinste aantal waarvan de opgetelde waarde ≥ 80% van het totaal is. Gini = 2·Σ i·xᵢ / (N·Σ xᵢ) − (N+1)/N over de waarden van klein naar groot."),
                format!("ABC: een klant is A als het cumulatieve aandeel vóór hem kleiner is dan {a}%, B als dat kleiner is dan {b}%, anders C. Klanten met waarde ≤ 0 krijgen geen klasse."),
                "Bedragen worden als hele centen opgeteld: geen afrondingsverschillen. Percentages van één geheel (de vier actieve lagen, de drie ABC-klassen) worden zo afgerond dat ze samen precies 100% zijn (grootste rest). Rijen die niet te lezen zijn, worden geteld en getoond bij ‘Wat is er ingelezen’, nooit als 0 meegeteld.".to_owned(),
            ],
            Lang::En => vec![
                "Reference date: by default the latest invoice date in the file (for a customer-level file the latest purchase date). You can pick another date, e.g. today. Rows after the reference date are left out; how many, is shown next to the window.".to_owned(),
                active,
                value,
                "Inactive: bought before, not in the window; also a relation with only credit notes, or with status customer/inactive/former customer and no purchase in the file. Prospect: a known relation without a purchase (or status prospect/lead). Suspect: status suspect and no purchase. A purchase or credit note always wins over the status.".to_owned(),
                format!("To reactivate, call now: inactive customers whose last purchase lies in the {w} months before the window (after reference − {w2} months). The rule of thumb: after a year without an invoice call to reactivate; after two years the customer is cold; with a 12-month window this is exactly that group. In a file with one row per customer and no date: whoever had revenue in the period before (its column) and is inactive now."),
                format!("Purchase rhythm (invoice files only, active customers only): a purchase day is a day with at least one row with positive revenue, after reference − {w2} months and up to the reference date. Purchase days less than 3 days after the previous one belong to the same order (a split delivery, a back order, buying every weekday), as long as it spans less than 7 days (buying every day is one order a week); an order counts at its last day. With at least 3 orders, the rhythm is the median of the last 12 gaps (for an even number, the mean of the middle two, rounded down); the next order is expected on last purchase + rhythm. Due to reorder, call now: from a week before that date (for a rhythm shorter than 4 weeks: a quarter of it before) until the customer counts as silent. Quieter than their rhythm: no purchase for more than 1.5 times the rhythm."),
                format!("Trend, for invoice files that reach back to within a month of reference − {w2} months: the value in the window against the {w} months before it (reference − {w2} months < d ≤ reference − {w} months), the same sum, credit notes included; in whole percent, rounded toward zero; new when the customer bought nothing then (no row with positive revenue). A file with one row per customer has a trend when it has a column with the revenue of the period before (‘revenue last year’, or two revenue columns a year apart: ‘Revenue 2024’ and ‘Revenue 2025’); it compares revenue with revenue, so only with revenue as the basis, and new is whoever had no revenue then (a net credit then gives no trend). Compare periods of equal length: a year to date against a whole year makes everyone fall. Calendar months differ in length: with a 1-month window the trend compares, say, 31 days of March with 28 days of February (almost 11% apart with nothing changed); from 3 months on it is at most about 3%."),
                format!("Key customers: the top, large and medium layers, and whoever, in the period before, bought at least as much as the smallest customer in those layers buys now. Key customers buying less (keep them: valuable customers you could lose): a value at least {less}% lower than before; the largest drop first. Pearls (sell more: they buy little now, but grow): small, with a purchase rhythm that is not silent, a value at least {more}% higher than before (or new) and, when the file has profit, a margin (profit over revenue in the window) of at least the median of the active customers; the largest first. A higher threshold for small customers: small amounts swing more."),
                format!("How to talk to a customer (one code per relation, as a call centre with 1,200 agents did: +175% sales in sales conversations, 20% shorter efficiency conversations). Valuable: a key customer or an A customer (the customers of the first {a}% of the value). Service (serve well and keep): valuable and at risk: buying less (or stopped), or quieter than their own rhythm. Sales: a sales chance: any other valuable customer, whoever is due to reorder, whoever (not valuable) is quieter than their rhythm, a pearl, an inactive customer to reactivate, a prospect. Efficiency (answer the question fully and briefly): the rest: small customers outside class A on schedule or without a rhythm, customers who stopped longer ago, suspects. The first rule that fits applies; the rhythm counts, so for invoice files the counts appear once the rhythms are computed."),
                format!("Movement through the pyramid (only with a trend): the layer in the {w} months before the window against the layer now. The pyramid then is cut as now: whoever bought then (a row with positive revenue; in a customer-level file: revenue in the previous period's column), sorted by the value then, with the same limits ({top}%, {large}%, {medium}%). New or back: active now, not then. Stopped: active then, inactive now. Up and down count only customers active in both periods. The customer table shows ↑, ↓ or + in the layer's colour square; the CSV has the layer then."),
                format!("Contact plan (only for invoice files with a due date and a paid date, an empty one being an open invoice; or, without a paid date, an open amount: over 0 is open, else the invoice counts as paid on time): a supplier split its customers into blooming, engaging and tiresome and planned its visits by it; its revenue per customer rose 30%. Payment behaviour: the invoices (positive revenue, with a due date) in the window, on the reference date. Late: paid more than {grace} days after the due date, or still open on the reference date more than {grace} days past it (paid after the reference date counts as open). On time: at most 1 in {one_in} invoices late and none open late now. Blooming (visit monthly, call weekly): an active customer with a rhythm of at most {monthly} days that is not quieter than that and pays on time. Tiresome (visit only when nearby, call when there is time left): at least 2 and at least a quarter of the invoices late, or an invoice open more than {overdue} days past due. Engaging (visit every two months, call every two to three weeks): a key customer with a margin below the median that is neither; whether its name and connections are worth it, the app cannot see. No export has complaints; weigh those in yourself. A paid date that is no date (or an open amount that is no amount) is reported and that invoice does not count. Workload: a visit a month per blooming customer and one per two engaging ones (rounded up); a call a week per blooming customer and two per five engaging ones. Per account manager: the same counts within their own customers."),
                format!("Layers: active customers sorted by value (equal values: by customer number as text, without one by name). Top = the first ⌈N × {top}%⌉, large up to ⌈N × ({top} + {large})%⌉, medium up to ⌈N × ({top} + {large} + {medium})%⌉, small = the rest."),
                "Pareto: active customers with positive value, largest first. ‘Customers for 80%’ is the smallest number whose summed value is ≥ 80% of the total. Gini = 2·Σ i·xᵢ / (N·Σ xᵢ) − (N+1)/N over the values in ascending order.".to_owned(),
                format!("ABC: a customer is A when the cumulative share before it is below {a}%, B when below {b}%, otherwise C. Customers with value ≤ 0 get no class."),
                "Amounts are added as whole cents: no rounding drift. Percentages of one whole (the four active layers, the three ABC classes) are rounded so that they add up to exactly 100% (largest remainder). Rows that cannot be read are counted and listed under ‘What was read’, never counted as 0.".to_owned(),
            ],
        };
        lines
            .into_iter()
            .map(|l| view! { <li>{l}</li> })
            .collect_view()
    };
    view! {
        <details class="card method" data-testid="method">
            <summary><h2>{t!("Hoe wordt dit berekend?", "How is this computed?")}</h2></summary>
            <ul>{items}</ul>
        </details>
    }
}
