//! What the user can change without re-importing: the basis, the reference
//! date, the activity window and the cut-offs of the pyramid and ABC classes.
//!
//! Cut-offs are integer basis points (1 bp = 0.01 %) so every class boundary
//! is decided in integer arithmetic and agrees with an independent
//! computation to the customer.

use serde::{Deserialize, Serialize};

use super::calendar::Day;
use super::lang::Lang;

/// Which money column the analysis ranks on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Basis {
    /// Revenue (always available).
    #[default]
    Revenue,
    /// Profit; falls back to revenue when the dataset has no profit.
    Profit,
}

impl Basis {
    /// The word for it in a sentence: "omzet" / "revenue".
    pub fn noun(self, lang: Lang) -> &'static str {
        match self {
            Basis::Revenue => lang.pick("omzet", "revenue"),
            Basis::Profit => lang.pick("winst", "profit"),
        }
    }
}

/// Sizes of the three upper pyramid layers, in basis points of the number of
/// active customers. Each is the size of that layer alone; the cut-offs are
/// cumulative (`top`, `top + large`, `top + large + medium`). Whatever is
/// left is the small layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LayerCuts {
    /// Top layer, default 100 bp (1 %).
    pub top: u32,
    /// Large layer, default 400 bp (the next 4 %).
    pub large: u32,
    /// Medium layer, default 1500 bp (the next 15 %).
    pub medium: u32,
}

impl Default for LayerCuts {
    fn default() -> Self {
        Self {
            top: 100,
            large: 400,
            medium: 1500,
        }
    }
}

/// ABC thresholds in basis points of the positive total value: a customer is
/// A while the cumulative share before it is below `a`, B while below `b`,
/// C otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AbcCuts {
    /// Upper bound of class A, default 8000 bp (80 %).
    pub a: u32,
    /// Upper bound of class B, default 9500 bp (95 %).
    pub b: u32,
}

impl Default for AbcCuts {
    fn default() -> Self {
        Self { a: 8000, b: 9500 }
    }
}

/// All knobs of one analysis run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Revenue or profit.
    pub basis: Basis,
    /// Overrides the reference date R (default: the latest date in the data).
    pub reference_day: Option<Day>,
    /// Length W of the activity window in calendar months (default 12).
    /// With 0 the window is empty and nobody is active.
    pub window_months: u32,
    /// Pyramid layer sizes.
    pub layer_bp: LayerCuts,
    /// ABC thresholds.
    pub abc_bp: AbcCuts,
    /// Only the relations of this account manager (an index into
    /// `Dataset::account_managers`); `None` = everyone. The others are left
    /// out of every figure, as if the file held only this manager's relations.
    #[serde(default)]
    pub account_manager: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            basis: Basis::Revenue,
            reference_day: None,
            window_months: 12,
            layer_bp: LayerCuts::default(),
            abc_bp: AbcCuts::default(),
            account_manager: None,
        }
    }
}

/// Parses a percentage as a user types it ("1", "2,5", "12.5", ",5") into
/// basis points, a third decimal rounding half up; `None` outside 0–100 %
/// or when it is not a plain decimal number.
///
/// Digits only, no float parsing: the page calls this, and Rust's float
/// parser and its tables would add about 14 KB to the page bundle.
pub fn percent_text_to_bp(text: &str) -> Option<u32> {
    let text = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let (whole, fraction) = match text.find([',', '.']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    // More than 3 whole digits is over 100 % even with leading zeros cut off.
    let whole: u32 = match whole.trim_start_matches('0') {
        "" => 0,
        w if w.len() > 3 => return None,
        w => w.parse().ok()?,
    };
    let f = fraction.as_bytes();
    let digit = |i: usize| f.get(i).map_or(0, |b| u32::from(b - b'0'));
    let bp = whole * 100 + digit(0) * 10 + digit(1) + u32::from(digit(2) >= 5);
    (bp <= 10_000).then_some(bp)
}

#[cfg(test)]
mod percent_tests {
    use super::percent_text_to_bp;

    #[test]
    fn percentages_become_basis_points() {
        assert_eq!(percent_text_to_bp("1"), Some(100));
        assert_eq!(percent_text_to_bp("2,5"), Some(250));
        assert_eq!(percent_text_to_bp(" 12.25 "), Some(1225));
        assert_eq!(percent_text_to_bp("101"), None);
        assert_eq!(percent_text_to_bp("-1"), None);
        assert_eq!(percent_text_to_bp("abc"), None);
        assert_eq!(percent_text_to_bp("0,125"), Some(13));
        assert_eq!(percent_text_to_bp("0.1249"), Some(12));
        assert_eq!(percent_text_to_bp(",5"), Some(50));
        assert_eq!(percent_text_to_bp("5."), Some(500));
        assert_eq!(percent_text_to_bp("+3"), Some(300));
        assert_eq!(percent_text_to_bp("100"), Some(10_000));
        assert_eq!(percent_text_to_bp("100,004"), Some(10_000));
        assert_eq!(percent_text_to_bp("100,005"), None);
        assert_eq!(percent_text_to_bp("0100"), Some(10_000));
        assert_eq!(percent_text_to_bp("99999999999"), None);
        assert_eq!(percent_text_to_bp(""), None);
        assert_eq!(percent_text_to_bp(","), None);
        assert_eq!(percent_text_to_bp("1,2,3"), None);
        assert_eq!(percent_text_to_bp("1e1"), None);
        assert_eq!(percent_text_to_bp("٣"), None);
    }
}
