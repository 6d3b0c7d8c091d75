//! The Pareto (Lorenz-style) curve of the active customers with a positive
//! value, its headline figures, the Gini coefficient and the concentration
//! of value in the top 1, 5 and 10 customers.
//!
//! With N₊ such customers sorted by value descending and T₊ their total,
//! point k (k = 0..=N₊) is (k/N₊, cumulative value of the first k / T₊).
//! All thresholds are compared in integers (i128), so "customers for 80 %"
//! is exact. The curve is built online during the single ranking pass and
//! downsampled as it goes (see [`PARETO_BUCKETS`]).

use serde::{Deserialize, Serialize};

use super::dataset::{Cents, CustomerId};
use super::packed::{Packed, take_u32, take_u64};

/// The curve keeps a point whenever it enters a new 1/`PARETO_BUCKETS`
/// slice horizontally or vertically, so both the steep head and the long
/// flat tail keep their shape; together with the end points and the 80 %
/// point that is at most 2·498 + 3 = 999 points.
pub const PARETO_BUCKETS: i128 = 498;

/// One kept point of the curve, with exact values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoPoint {
    /// k: the number of customers up to and including this point; also the
    /// 1-based rank of the customer at this point (0 for the origin).
    pub rank: u32,
    /// The customer at rank k (`None` for the origin).
    pub customer: Option<CustomerId>,
    /// Value of the first k customers (cents).
    pub cumulative: Cents,
    /// k / N₊.
    pub customer_share: f64,
    /// cumulative / T₊.
    pub value_share: f64,
}

/// The curve and its headline figures. Everything is 0 (and the curve
/// empty) when no active customer has a positive value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pareto {
    /// Downsampled points, from (0, 0) to (1, 1), k strictly increasing.
    /// Serialised as one byte string (see [`packed`](super::packed)).
    #[serde(with = "super::packed")]
    pub points: Vec<ParetoPoint>,
    /// N₊: active customers with value > 0.
    pub customers: u32,
    /// T₊: their total value (cents).
    pub total: Cents,
    /// The smallest k whose cumulative value is ≥ 80 % of T₊ (fixed 80 %,
    /// independent of the ABC threshold).
    pub customers_for_80: u32,
    /// `customers_for_80 / N₊`.
    pub share_customers_for_80: f64,
    /// ⌈N₊·20/100⌉: the number of customers that make up the top 20 %.
    pub top_20_customers: u32,
    /// Share of T₊ held by the top ⌈N₊·20/100⌉ customers.
    pub share_top_20: f64,
    /// Gini coefficient of the positive values, in [0, 1).
    pub gini: f64,
}

/// Each point as 36 bytes (little endian): rank (u32), customer id + 1
/// (u64, 0 for none), cumulative value (i64) and the two shares (f64).
impl Packed for Vec<ParetoPoint> {
    fn pack(&self, out: &mut Vec<u8>) {
        out.reserve(self.len() * 36);
        for p in self {
            out.extend_from_slice(&p.rank.to_le_bytes());
            let customer = p.customer.map_or(0, |id| u64::from(id) + 1);
            out.extend_from_slice(&customer.to_le_bytes());
            out.extend_from_slice(&p.cumulative.to_le_bytes());
            out.extend_from_slice(&p.customer_share.to_le_bytes());
            out.extend_from_slice(&p.value_share.to_le_bytes());
        }
    }

    fn unpack(mut bytes: &[u8]) -> Option<Self> {
        let mut points = Vec::with_capacity(bytes.len() / 36);
        while !bytes.is_empty() {
            let rank = take_u32(&mut bytes)?;
            let customer = match take_u64(&mut bytes)? {
                0 => None,
                id => Some(u32::try_from(id - 1).ok()?),
            };
            points.push(ParetoPoint {
                rank,
                customer,
                cumulative: take_u64(&mut bytes)? as i64,
                customer_share: f64::from_bits(take_u64(&mut bytes)?),
                value_share: f64::from_bits(take_u64(&mut bytes)?),
            });
        }
        Some(points)
    }
}

/// Share of the positive total value held by the largest customers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    /// Share of the top 1 customer.
    pub top_1: f64,
    /// Share of the top 5 customers (all of them when fewer).
    pub top_5: f64,
    /// Share of the top 10 customers (all of them when fewer).
    pub top_10: f64,
}

/// Divides two integers into a share without ever producing NaN.
pub(crate) fn ratio(part: i128, whole: i128) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Saturates an i128 sum into [`Cents`].
pub(crate) fn to_cents(v: i128) -> Cents {
    v.clamp(i128::from(Cents::MIN), i128::from(Cents::MAX)) as Cents
}

/// Feeds the positive values in rank order, one at a time.
pub(crate) struct ParetoBuilder {
    n: i128,
    total: i128,
    k: i128,
    cum: i128,
    weighted: i128,
    last_x: i128,
    last_y: i128,
    for_80: Option<i128>,
    top_20: i128,
    cum_top_20: i128,
    cum_top: [i128; 3],
    points: Vec<ParetoPoint>,
}

impl ParetoBuilder {
    /// `n` positive customers summing to `total` will follow.
    pub(crate) fn new(n: usize, total: i128) -> Self {
        let n = n as i128;
        let mut points = Vec::with_capacity((n as usize + 1).min(1000));
        if n > 0 {
            points.push(ParetoPoint {
                rank: 0,
                customer: None,
                cumulative: 0,
                customer_share: 0.0,
                value_share: 0.0,
            });
        }
        Self {
            n,
            total,
            k: 0,
            cum: 0,
            weighted: 0,
            last_x: 0,
            last_y: 0,
            for_80: None,
            top_20: (n * 20 + 99) / 100,
            cum_top_20: 0,
            cum_top: [0; 3],
            points,
        }
    }

    /// The cumulative value before the next customer.
    pub(crate) fn cumulative(&self) -> i128 {
        self.cum
    }

    /// Adds the next customer (value > 0) in rank order.
    pub(crate) fn push(&mut self, id: CustomerId, value: Cents) {
        let v = i128::from(value);
        self.k += 1;
        self.cum += v;
        // Ascending index of this customer for the Gini sum: i = N₊ − k + 1.
        self.weighted += (self.n - self.k + 1) * v;
        let is_80 = self.for_80.is_none() && self.cum * 100 >= self.total * 80;
        if is_80 {
            self.for_80 = Some(self.k);
        }
        if self.k == self.top_20 {
            self.cum_top_20 = self.cum;
        }
        for (slot, n) in self.cum_top.iter_mut().zip([1, 5, 10]) {
            if self.k <= n {
                *slot = self.cum;
            }
        }
        let x = self.k * PARETO_BUCKETS / self.n.max(1);
        let y = if self.total > 0 {
            self.cum * PARETO_BUCKETS / self.total
        } else {
            0
        };
        if x != self.last_x || y != self.last_y || is_80 || self.k == self.n {
            self.last_x = x;
            self.last_y = y;
            self.points.push(ParetoPoint {
                rank: self.k as u32,
                customer: Some(id),
                cumulative: to_cents(self.cum),
                customer_share: ratio(self.k, self.n),
                value_share: ratio(self.cum, self.total),
            });
        }
    }

    /// The figures and the concentration.
    pub(crate) fn finish(self) -> (Pareto, Concentration) {
        if self.n == 0 || self.total <= 0 {
            return (Pareto::default(), Concentration::default());
        }
        let for_80 = self.for_80.unwrap_or(self.n);
        // G = 2·Σ i·xᵢ / (N·T) − (N+1)/N, as one exact integer fraction.
        let numerator = 2 * self.weighted - (self.n + 1) * self.total;
        let gini = ratio(numerator, self.n * self.total).max(0.0);
        let pareto = Pareto {
            points: self.points,
            customers: self.n as u32,
            total: to_cents(self.total),
            customers_for_80: for_80 as u32,
            share_customers_for_80: ratio(for_80, self.n),
            top_20_customers: self.top_20 as u32,
            share_top_20: ratio(self.cum_top_20, self.total),
            gini,
        };
        let concentration = Concentration {
            top_1: ratio(self.cum_top[0], self.total),
            top_5: ratio(self.cum_top[1], self.total),
            top_10: ratio(self.cum_top[2], self.total),
        };
        (pareto, concentration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::packed::tests::round_trip;

    #[test]
    fn points_come_back_as_they_went() {
        let point = |rank, customer, cumulative, customer_share, value_share| ParetoPoint {
            rank,
            customer,
            cumulative,
            customer_share,
            value_share,
        };
        let points = vec![
            point(0, None, 0, 0.0, 0.0),
            point(1, Some(0), -5, 1e-9, -0.25),
            point(2, Some(u32::MAX), i64::MAX, 0.5, 1.0 / 3.0),
            point(u32::MAX, Some(7), i64::MIN, 1.0, 1.0),
        ];
        assert_eq!(round_trip(&points).len(), 4 * 36);
        round_trip(&Vec::<ParetoPoint>::new());
    }

    #[test]
    fn bytes_that_hold_no_points_are_refused() {
        let one = vec![ParetoPoint {
            rank: 1,
            customer: Some(3),
            cumulative: 10,
            customer_share: 0.5,
            value_share: 1.0,
        }];
        let mut bytes = Vec::new();
        one.pack(&mut bytes);
        assert_eq!(Vec::<ParetoPoint>::unpack(&bytes), Some(one));
        assert_eq!(Vec::<ParetoPoint>::unpack(&bytes[..35]), None);
        // A customer id + 1 beyond u32::MAX + 1 is no id.
        bytes[4..12].copy_from_slice(&(u64::from(u32::MAX) + 2).to_le_bytes());
        assert_eq!(Vec::<ParetoPoint>::unpack(&bytes), None);
    }
}
