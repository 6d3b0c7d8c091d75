//! ABC classification of the active customers with a positive value.
//!
//! On the same ranking as the pyramid (value descending, key ascending), a
//! customer is A when the cumulative value of the customers ranked before it
//! is below `a` basis points of the positive total, B when below `b`, C
//! otherwise. So the customer that crosses 80 % is still A. Active
//! customers with value ≤ 0 get no class (they contribute nothing to the
//! cumulative curve); nor do inactive customers, prospects and suspects.

use serde::{Deserialize, Serialize};

use super::dataset::Cents;
use super::lang::Lang;
use super::settings::AbcCuts;

/// An ABC class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AbcClass {
    /// The customers making up the first `a` bp of the value.
    A,
    /// Up to `b` bp.
    B,
    /// The rest.
    C,
}

impl AbcClass {
    /// All classes in order.
    pub const ALL: [AbcClass; 3] = [AbcClass::A, AbcClass::B, AbcClass::C];

    /// Stable machine key.
    pub fn key(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }

    /// The class with this [`key`](AbcClass::key), if any.
    pub fn from_key(key: &str) -> Option<AbcClass> {
        AbcClass::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Display name (the same in every language).
    pub fn label(self, _lang: Lang) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }

    /// Position in [`AbcClass::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The class of a customer whose predecessors in the ranking sum to
/// `cumulative_before`, out of a positive total `total` (both in cents).
/// Compared in integers: `cumulative_before·10000 < total·a`.
pub fn classify(cumulative_before: i128, total: i128, cuts: &AbcCuts) -> AbcClass {
    let scaled = cumulative_before.saturating_mul(10_000);
    if scaled < total.saturating_mul(i128::from(cuts.a)) {
        AbcClass::A
    } else if scaled < total.saturating_mul(i128::from(cuts.b)) {
        AbcClass::B
    } else {
        AbcClass::C
    }
}

/// What is shown per ABC class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcFigures {
    /// Which class.
    pub class: AbcClass,
    /// Number of customers in the class.
    pub customers: u32,
    /// Their summed value (cents).
    pub value: Cents,
    /// Share of the classified customers (active with value > 0); 0 when none.
    pub share_of_customers: f64,
    /// Share of the positive total value; 0 when none.
    pub share_of_value: f64,
}
