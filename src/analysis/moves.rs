//! Movement through the pyramid: the layer each customer had in the previous
//! period against its layer now.
//!
//! The domain asks to keep active customers loyal and to know which ones to
//! develop (domain.md §2); the pyramid of one window shows where customers
//! are, not where they go. The previous period is the W months before the
//! window, the same period as the trend's (see [`trend`](super::trend)), and
//! the previous pyramid is cut by the same rule as the current one:
//! - *active then*: a purchase (a row with revenue > 0) in the previous
//!   period (a customer-level file: a revenue of the period before that is
//!   not 0, its own column);
//! - the customers active then are ranked by their value then (credit notes
//!   included), descending, ties by key, and cut into top, large, medium and
//!   small with the layer limits as set ([`layer_ends`]);
//! - a customer active now but not then is *new or back* (shown as
//!   [`Layer::Inactive`] in the "then" position: not active in the previous
//!   period), unless its value then is unknown (a customer-level file's cell
//!   that is not an amount: no move); one active then but not now is
//!   inactive now;
//! - relations active in neither period (inactive for longer, prospects,
//!   suspects) have no move.
//!
//! Only analyses with a trend have moves: an invoice file that reaches back
//! to the previous period, or a customer-level file with last period's
//! revenue (on a revenue basis).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::dataset::Cents;
use super::lang::Lang;
use super::pyramid::{Layer, active_layer, layer_ends};
use super::settings::LayerCuts;

/// The five positions a move starts or ends in: the four active layers and
/// [`Layer::Inactive`] (then: not active in the previous period, so new or
/// back; now: inactive).
pub const POSITIONS: [Layer; 5] = [
    Layer::Top,
    Layer::Large,
    Layer::Medium,
    Layer::Small,
    Layer::Inactive,
];

/// How many customers moved from each position to each position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerMoves {
    /// `cells[then][now]`, both in [`POSITIONS`] order. `cells[4][4]` is
    /// always 0 (active in neither period: no move).
    pub cells: [[u32; 5]; 5],
}

impl LayerMoves {
    /// The customers that went from `then` to `now` (0 for a position
    /// outside [`POSITIONS`]).
    pub fn count(&self, then: Layer, now: Layer) -> u32 {
        position(then)
            .zip(position(now))
            .map_or(0, |(t, n)| self.cells[t][n])
    }

    /// The customers that started in `then`.
    pub fn from(&self, then: Layer) -> u32 {
        position(then).map_or(0, |t| self.cells[t].iter().sum())
    }

    /// The customers that ended in `now`.
    pub fn to(&self, now: Layer) -> u32 {
        position(now).map_or(0, |n| self.cells.iter().map(|row| row[n]).sum())
    }

    /// Customers active in both periods that went to a higher layer, and to a lower one.
    pub fn up_and_down(&self) -> (u32, u32) {
        let (mut up, mut down) = (0, 0);
        for (&then, row) in POSITIONS.iter().zip(&self.cells) {
            for (&now, &count) in POSITIONS.iter().zip(row) {
                match Move::of(then, now) {
                    Some(Move::Up) => up += count,
                    Some(Move::Down) => down += count,
                    _ => {}
                }
            }
        }
        (up, down)
    }
}

/// What happened between a layer then and a layer now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Active in both periods, the same layer.
    Same,
    /// Active in both periods, a higher layer now.
    Up,
    /// Active in both periods, a lower layer now.
    Down,
    /// Active then, not now.
    Stopped,
    /// Active now, not then: new or back.
    New,
}

impl Move {
    /// The move from `then` to `now`; `None` when neither is an active layer.
    pub fn of(then: Layer, now: Layer) -> Option<Move> {
        Some(match (then.is_active(), now.is_active()) {
            (false, false) => return None,
            (false, true) => Move::New,
            (true, false) => Move::Stopped,
            (true, true) => match now.index().cmp(&then.index()) {
                Ordering::Less => Move::Up,
                Ordering::Greater => Move::Down,
                Ordering::Equal => Move::Same,
            },
        })
    }

    /// Stable key (CSS classes).
    pub fn key(self) -> &'static str {
        match self {
            Move::Same => "same",
            Move::Up => "up",
            Move::Down => "down",
            Move::Stopped => "stopped",
            Move::New => "new",
        }
    }
}

/// A position in the previous period in words: an active layer's name, or
/// "new or back" for [`Layer::Inactive`] (active now, not then).
pub fn then_label(then: Layer, lang: Lang) -> &'static str {
    match then {
        Layer::Inactive => lang.pick("nieuw of terug", "new or back"),
        layer => layer.label(lang),
    }
}

fn position(layer: Layer) -> Option<usize> {
    POSITIONS.iter().position(|&p| p == layer)
}

/// A customer as its move is decided: its layer now and its previous
/// period; [`assign`] fills in its layer then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Its layer now.
    pub layer: Layer,
    /// Its value in the previous period (`None`: unknown, or no trend).
    pub previous_value: Option<Cents>,
    /// Whether it bought in the previous period (active then).
    pub bought_before: bool,
    /// Its position then (see the module doc), as
    /// [`CustomerRow::previous_layer`](super::customers::CustomerRow::previous_layer).
    pub previous_layer: Option<Layer>,
}

/// Sets every customer's [`Standing::previous_layer`] (see the module doc)
/// and counts the moves. `customers` are the analysis' customers, in any
/// order, each with its previous value; `key(i)` is the key of the `i`-th
/// (read only to break a tie); `cuts` the layer limits.
pub fn assign<'k>(
    customers: &mut [Standing],
    key: impl Fn(usize) -> &'k str,
    cuts: &LayerCuts,
) -> LayerMoves {
    // Compact (value then, position) pairs.
    let mut then: Vec<(Cents, u32)> = customers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.bought_before)
        .map(|(i, c)| (c.previous_value.unwrap_or(Cents::MIN), i as u32))
        .collect();
    let ends = layer_ends(then.len(), cuts);
    let rank = |a: &(Cents, u32), b: &(Cents, u32)| {
        b.0.cmp(&a.0)
            .then_with(|| key(a.1 as usize).cmp(key(b.1 as usize)))
            .then(a.1.cmp(&b.1))
    };
    // Only the cuts matter, not the order inside a layer: three
    // selections (linear) instead of a sort. Each puts the customers
    // above a cut before it: the top three layers, then top and large,
    // then top.
    let mut upto = then.len();
    for &end in ends.iter().rev() {
        if end < upto {
            then[..upto].select_nth_unstable_by(end, rank);
        }
        upto = end;
    }
    for (place, &(_, i)) in then.iter().enumerate() {
        customers[i as usize].previous_layer = Some(active_layer(place, &ends));
    }
    let mut moves = LayerMoves::default();
    for c in customers.iter_mut() {
        // Not active then, as far as the file says: a customer-level file's
        // cell that is not an amount leaves the period before unknown.
        if c.previous_layer.is_none() && c.layer.is_active() && c.previous_value.is_some() {
            c.previous_layer = Some(Layer::Inactive);
        }
        let Some(then) = c.previous_layer else {
            continue;
        };
        if let Some((t, n)) = position(then).zip(position(c.layer)) {
            moves.cells[t][n] += 1;
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(layer: Layer, previous: Option<i64>) -> Standing {
        Standing {
            layer,
            previous_value: Some(previous.unwrap_or(0)),
            bought_before: previous.is_some(),
            previous_layer: None,
        }
    }

    #[test]
    fn the_previous_pyramid_is_cut_like_the_current_one() {
        // 1% / 4% / 15% of 40 customers active then: ends at ⌈0.4⌉ = 1, ⌈2⌉ = 2
        // and ⌈8⌉ = 8: 1 top, 1 large, 6 medium, 32 small.
        let keys: Vec<String> = (0..40).map(|i| format!("k{i:02}")).collect();
        let mut customers: Vec<Standing> = (0..40)
            .map(|i| standing(Layer::Small, Some(1000 - i * 10)))
            .collect();
        let moves = assign(&mut customers, |i| &keys[i], &LayerCuts::default());
        let then: Vec<Layer> = customers
            .iter()
            .map(|c| c.previous_layer.unwrap())
            .collect();
        assert_eq!(&then[..2], &[Layer::Top, Layer::Large]);
        assert!(then[2..8].iter().all(|&l| l == Layer::Medium));
        assert!(then[8..].iter().all(|&l| l == Layer::Small));
        assert_eq!(moves.count(Layer::Top, Layer::Small), 1);
        assert_eq!(moves.count(Layer::Small, Layer::Small), 32);
        assert_eq!(moves.to(Layer::Small), 40);
        assert_eq!(moves.up_and_down(), (0, 8));
    }

    #[test]
    fn a_move_is_read_from_the_two_layers() {
        assert_eq!(Move::of(Layer::Small, Layer::Top), Some(Move::Up));
        assert_eq!(Move::of(Layer::Top, Layer::Medium), Some(Move::Down));
        assert_eq!(Move::of(Layer::Large, Layer::Large), Some(Move::Same));
        assert_eq!(Move::of(Layer::Top, Layer::Inactive), Some(Move::Stopped));
        assert_eq!(Move::of(Layer::Inactive, Layer::Small), Some(Move::New));
        assert_eq!(Move::of(Layer::Inactive, Layer::Inactive), None);
    }

    #[test]
    fn new_customers_stopped_customers_and_ties() {
        let (keys, mut customers): (Vec<&str>, Vec<Standing>) = [
            // Equal values then: by key, so "a" is top.
            ("b", standing(Layer::Top, Some(500))),
            ("a", standing(Layer::Inactive, Some(500))),
            // Active now, not then: new or back.
            ("n", standing(Layer::Large, None)),
            // Active in neither period: no move.
            ("old", standing(Layer::Inactive, None)),
            ("p", standing(Layer::Prospect, None)),
            // A credit note made the value then negative: still active then, last.
            ("c", standing(Layer::Small, Some(-20))),
            // Active now, its value then unknown: no move.
            (
                "u",
                Standing {
                    previous_value: None,
                    ..standing(Layer::Small, None)
                },
            ),
        ]
        .into_iter()
        .unzip();
        // A third in each of the top three layers: 3 active then, one each.
        let thirds = LayerCuts {
            top: 3333,
            large: 3333,
            medium: 3334,
        };
        let moves = assign(&mut customers, |i| keys[i], &thirds);
        let then: Vec<Option<Layer>> = customers.iter().map(|c| c.previous_layer).collect();
        assert_eq!(
            then,
            [
                Some(Layer::Large),
                Some(Layer::Top),
                Some(Layer::Inactive),
                None,
                None,
                Some(Layer::Medium),
                None,
            ]
        );
        assert_eq!(moves.count(Layer::Top, Layer::Inactive), 1);
        assert_eq!(moves.count(Layer::Large, Layer::Top), 1);
        assert_eq!(moves.count(Layer::Inactive, Layer::Large), 1);
        assert_eq!(moves.count(Layer::Medium, Layer::Small), 1);
        assert_eq!(moves.count(Layer::Inactive, Layer::Inactive), 0);
        assert_eq!(moves.count(Layer::Prospect, Layer::Top), 0);
        assert_eq!(moves.from(Layer::Inactive), 1);
        assert_eq!(moves.from(Layer::Top), 1);
        // Large → top is up, medium → small down; stopped and new are neither.
        assert_eq!(moves.up_and_down(), (1, 1));
        assert_eq!(moves.cells.iter().flatten().sum::<u32>(), 4);
    }
}
