//! Three ways to talk to a customer (domain.md §4): one code per relation,
//! so whoever has the customer on the phone knows at a glance which
//! conversation to have.
//!
//! A call centre replaced a complex segmentation with three codes shown on
//! the customer screen: **sales** for a relevant sales chance, **service**
//! for high value with a retention risk, **efficiency** for low value with
//! no sales chance (answer the question fully, and briefly). The lesson:
//! complex models work when they become simple, visible indicators.
//!
//! The app derives the code from what it already shows, first match wins.
//! *High value* is a key customer (see [`is_key`](super::trend::is_key):
//! the top three layers, or as large in the previous period) or an ABC
//! class A customer (with the default limits, the customers who bring the
//! first 80% of the value):
//! 1. **service**: high value with a retention risk: buying less
//!    ([`Signal::BuyingLess`], which includes a key customer who stopped),
//!    or quieter than its own rhythm ([`Cadence::Silent`]);
//! 2. **sales**: a sales chance: any other customer of high value (the next
//!    order, a wider range), a customer due to reorder ([`Cadence::Due`]),
//!    any other customer quieter than its rhythm (win the order back), a
//!    pearl ([`Signal::Pearl`]), an inactive customer to reactivate, or a
//!    prospect (interest shown, no sale yet);
//! 3. **efficiency**: everyone else: small customers outside class A on
//!    schedule or without a rhythm, inactive customers who stopped longer
//!    ago, and suspects.
//!
//! The rhythm decides part of it, so an invoice file's codes are final once
//! the rhythms are added (see [`Analysis::add_rhythms`](super::analyse::Analysis::add_rhythms)).

use serde::{Deserialize, Serialize};

use super::lang::Lang;
use super::pyramid::Layer;
use super::rhythm::Cadence;
use super::trend::Signal;

/// The conversation to have with a customer.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Approach {
    /// A relevant sales chance: sell.
    Sales,
    /// High value with a retention risk: serve and keep.
    Service,
    /// Low value and no sales chance: answer the question fully, briefly.
    #[default]
    Efficiency,
}

/// What the code of one relation is decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grounds {
    /// The relation's layer.
    pub layer: Layer,
    /// High value: a key customer (see [`is_key`](super::trend::is_key)), or ABC class A.
    pub high_value: bool,
    /// Its trend signal, if any.
    pub signal: Option<Signal>,
    /// Where it stands against its rhythm (active customers with one).
    pub cadence: Option<Cadence>,
    /// Inactive and stopped in the period before the window.
    pub to_reactivate: bool,
}

impl Approach {
    /// All three, in the order the app lists them.
    pub const ALL: [Approach; 3] = [Approach::Sales, Approach::Service, Approach::Efficiency];

    /// The code of a relation on these grounds (see the module doc).
    pub fn of(g: Grounds) -> Approach {
        let risk = g.signal == Some(Signal::BuyingLess) || g.cadence == Some(Cadence::Silent);
        if g.high_value && risk {
            return Approach::Service;
        }
        let chance = g.high_value
            || matches!(g.cadence, Some(Cadence::Due | Cadence::Silent))
            || g.signal == Some(Signal::Pearl)
            || (g.layer == Layer::Inactive && g.to_reactivate)
            || g.layer == Layer::Prospect;
        if chance {
            Approach::Sales
        } else {
            Approach::Efficiency
        }
    }

    /// Stable key for filters, CSS classes and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Approach::Sales => "sales",
            Approach::Service => "service",
            Approach::Efficiency => "efficiency",
        }
    }

    /// The approach with this [`Approach::key`].
    pub fn from_key(key: &str) -> Option<Approach> {
        Approach::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The code in words, the same in the call plan, the table and the CSV
    /// (the call centre's own Dutch words: "verkoop", "service", "efficiency").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Approach::Sales => lang.pick("verkoop", "sales"),
            Approach::Service => "service",
            Approach::Efficiency => "efficiency",
        }
    }

    /// The whole rule in one tooltip (see the module doc).
    pub fn rule(lang: Lang) -> &'static str {
        lang.pick(
            "De aanpak als je deze klant spreekt. Waardevol: een kernklant of een A-klant. Service: waardevol en koopt minder of is stiller dan zijn ritme (help goed en houd vast). Verkoop: een verkoopkans: een andere waardevolle klant, aan de beurt om te bestellen, stiller dan het ritme, een parel, te heractiveren of een prospect. Efficiency: de rest (beantwoord de vraag volledig en kort).",
            "How to talk to this customer. Valuable: a key customer or an A customer. Service: valuable and buying less or quieter than their rhythm (serve well and keep). Sales: a sales chance: any other valuable customer, due to reorder, quieter than their rhythm, a pearl, to reactivate, or a prospect. Efficiency: the rest (answer the question fully and briefly).",
        )
    }

    /// What to do in the conversation, in a few words.
    pub fn advice(self, lang: Lang) -> &'static str {
        match self {
            Approach::Sales => lang.pick(
                "er is een verkoopkans: verkoop",
                "there is a sales chance: sell",
            ),
            Approach::Service => lang.pick(
                "waardevol, maar met een risico: help goed en houd vast",
                "valuable, but at risk: serve well and keep",
            ),
            Approach::Efficiency => lang.pick(
                "beantwoord de vraag volledig en kort",
                "answer the question fully and briefly",
            ),
        }
    }
}

/// How many relations get each code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproachCounts {
    /// Sales.
    pub sales: u32,
    /// Service.
    pub service: u32,
    /// Efficiency.
    pub efficiency: u32,
}

impl ApproachCounts {
    /// Counts one relation.
    pub fn add(&mut self, approach: Approach) {
        match approach {
            Approach::Sales => self.sales += 1,
            Approach::Service => self.service += 1,
            Approach::Efficiency => self.efficiency += 1,
        }
    }

    /// The count of one code.
    pub fn get(&self, approach: Approach) -> u32 {
        match approach {
            Approach::Sales => self.sales,
            Approach::Service => self.service,
            Approach::Efficiency => self.efficiency,
        }
    }
}

impl FromIterator<Approach> for ApproachCounts {
    fn from_iter<I: IntoIterator<Item = Approach>>(codes: I) -> Self {
        let mut counts = Self::default();
        for code in codes {
            counts.add(code);
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grounds(layer: Layer) -> Grounds {
        Grounds {
            layer,
            high_value: matches!(layer, Layer::Top | Layer::Large | Layer::Medium),
            signal: None,
            cadence: None,
            to_reactivate: false,
        }
    }

    #[test]
    fn a_key_customer_at_risk_gets_service() {
        let buying_less = Grounds {
            signal: Some(Signal::BuyingLess),
            cadence: Some(Cadence::OnSchedule),
            ..grounds(Layer::Top)
        };
        assert_eq!(Approach::of(buying_less), Approach::Service);
        let silent = Grounds {
            cadence: Some(Cadence::Silent),
            ..grounds(Layer::Medium)
        };
        assert_eq!(Approach::of(silent), Approach::Service);
        // A key customer who stopped is inactive and buying less.
        let stopped = Grounds {
            high_value: true,
            signal: Some(Signal::BuyingLess),
            to_reactivate: true,
            ..grounds(Layer::Inactive)
        };
        assert_eq!(Approach::of(stopped), Approach::Service);
        // Fell to small, still key by its previous value (or small and in
        // class A), quiet.
        let fell = Grounds {
            high_value: true,
            cadence: Some(Cadence::Silent),
            ..grounds(Layer::Small)
        };
        assert_eq!(Approach::of(fell), Approach::Service);
        // The same small customer on schedule: of high value, so a sales chance.
        let steady = Grounds {
            cadence: Some(Cadence::OnSchedule),
            ..fell
        };
        assert_eq!(Approach::of(steady), Approach::Sales);
    }

    #[test]
    fn a_sales_chance_gets_sales() {
        // A key customer without a risk, with or without a rhythm.
        assert_eq!(Approach::of(grounds(Layer::Large)), Approach::Sales);
        let on_schedule = Grounds {
            cadence: Some(Cadence::OnSchedule),
            ..grounds(Layer::Top)
        };
        assert_eq!(Approach::of(on_schedule), Approach::Sales);
        let small = grounds(Layer::Small);
        for sales in [
            Grounds {
                cadence: Some(Cadence::Due),
                ..small
            },
            // Not key: quiet is a chance to win the order back, not service.
            Grounds {
                cadence: Some(Cadence::Silent),
                ..small
            },
            Grounds {
                signal: Some(Signal::Pearl),
                cadence: Some(Cadence::OnSchedule),
                ..small
            },
            Grounds {
                to_reactivate: true,
                ..grounds(Layer::Inactive)
            },
            grounds(Layer::Prospect),
        ] {
            assert_eq!(Approach::of(sales), Approach::Sales, "{sales:?}");
        }
    }

    #[test]
    fn the_rest_gets_efficiency() {
        let small = grounds(Layer::Small);
        for rest in [
            small,
            Grounds {
                cadence: Some(Cadence::OnSchedule),
                ..small
            },
            grounds(Layer::Inactive),
            grounds(Layer::Suspect),
            // "to reactivate" counts for inactive relations only.
            Grounds {
                to_reactivate: true,
                ..grounds(Layer::Suspect)
            },
        ] {
            assert_eq!(Approach::of(rest), Approach::Efficiency, "{rest:?}");
        }
    }

    #[test]
    fn keys_round_trip_and_counts_add_up() {
        let mut counts = ApproachCounts::default();
        for a in Approach::ALL {
            assert_eq!(Approach::from_key(a.key()), Some(a));
            counts.add(a);
            counts.add(Approach::Sales);
        }
        assert_eq!(Approach::from_key("verkoop"), None);
        assert_eq!(
            Approach::ALL.map(|a| counts.get(a)),
            [4, 1, 1],
            "{counts:?}"
        );
    }
}
