//! Curry's pyramid: the seven layers, how active customers are cut into the
//! four upper layers, and the figures shown per layer.
//!
//! Active customers are ranked by value descending (ties: key in byte order
//! ascending). With N active customers the layers end, cumulatively, at
//! ⌈N·top/10000⌉, ⌈N·(top+large)/10000⌉ and ⌈N·(top+large+medium)/10000⌉
//! (basis points, integer ceiling, capped at N); the rest is small.

use serde::{Deserialize, Serialize};

use super::dataset::Cents;
use super::lang::Lang;
use super::relation::RelationType;
use super::settings::LayerCuts;

/// A layer of the pyramid: four of active customers, then the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Layer {
    /// The highest-value active customers (default 1 %).
    Top,
    /// Next (default 4 %).
    Large,
    /// Next (default 15 %).
    Medium,
    /// The remaining active customers.
    Small,
    /// Bought before, not inside the window.
    Inactive,
    /// No purchases.
    Prospect,
    /// No purchases, declared suspect.
    Suspect,
}

impl Layer {
    /// All layers, top of the pyramid first.
    pub const ALL: [Layer; 7] = [
        Layer::Top,
        Layer::Large,
        Layer::Medium,
        Layer::Small,
        Layer::Inactive,
        Layer::Prospect,
        Layer::Suspect,
    ];

    /// Stable machine key (for URLs, CSV export, CSS classes).
    pub fn key(self) -> &'static str {
        match self {
            Layer::Top => "top",
            Layer::Large => "large",
            Layer::Medium => "medium",
            Layer::Small => "small",
            Layer::Inactive => "inactive",
            Layer::Prospect => "prospect",
            Layer::Suspect => "suspect",
        }
    }

    /// The layer with this [`key`](Layer::key), if any.
    pub fn from_key(key: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Display name.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Layer::Top => "top",
            Layer::Large => lang.pick("groot", "large"),
            Layer::Medium => lang.pick("middelgroot", "medium"),
            Layer::Small => lang.pick("klein", "small"),
            Layer::Inactive => lang.pick("inactief", "inactive"),
            Layer::Prospect => "prospects",
            Layer::Suspect => "suspects",
        }
    }

    /// Whether this is one of the four layers of active customers.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Layer::Top | Layer::Large | Layer::Medium | Layer::Small
        )
    }

    /// Position in [`Layer::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The layer of a non-active relation type; `None` for active
    /// (active customers are placed by rank, see [`layer_ends`]).
    pub fn of_inactive(relation: RelationType) -> Option<Layer> {
        match relation {
            RelationType::Active => None,
            RelationType::Inactive => Some(Layer::Inactive),
            RelationType::Prospect => Some(Layer::Prospect),
            RelationType::Suspect => Some(Layer::Suspect),
        }
    }
}

/// Cumulative ends (exclusive, 0-based ranks) of top, large and medium for
/// `active` customers: rank r is top when `r < ends[0]`, large when `r < ends[1]`,
/// medium when `r < ends[2]`, else small.
pub fn layer_ends(active: usize, cuts: &LayerCuts) -> [usize; 3] {
    let n = active as u128;
    // u128 so absurd basis points from a hand-edited settings file cannot overflow.
    let end = |bp: u128| ((n * bp).div_ceil(10_000)).min(n) as usize;
    let top = u128::from(cuts.top);
    let large = top + u128::from(cuts.large);
    let medium = large + u128::from(cuts.medium);
    [end(top), end(large), end(medium)]
}

/// The active layer of the customer at 0-based rank `rank`.
pub fn active_layer(rank: usize, ends: &[usize; 3]) -> Layer {
    if rank < ends[0] {
        Layer::Top
    } else if rank < ends[1] {
        Layer::Large
    } else if rank < ends[2] {
        Layer::Medium
    } else {
        Layer::Small
    }
}

/// What the pyramid shows for one layer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LayerFigures {
    /// Which layer.
    pub layer: Layer,
    /// Number of customers in the layer.
    pub customers: u32,
    /// Sum of the customers' values (cents, on the basis; for transactions
    /// only rows inside the window, so inactive customers can have credit
    /// notes here).
    pub value: Cents,
    /// For the four active layers: the share of all active customers. For
    /// inactive, prospect and suspect: the share of all relations that
    /// appear (every layer counted). 0 when the denominator is 0.
    pub share_of_customers: f64,
    /// The share of all relations that appear, for every layer (the seven
    /// values sum to 1 when there is any relation).
    pub share_of_relations: f64,
    /// `value` divided by the total value of the active customers (the four
    /// active layers sum to 1); 0 when that total is 0.
    pub share_of_value: f64,
    /// `value / customers` in cents; 0 for an empty layer.
    pub average_value: f64,
}
