//! Chart geometry: values in, SVG coordinates and path strings out.
//!
//! Pure functions, unit-tested natively for empty, single-point and
//! zero-range cases; components only bind what these return to attributes.

use super::format::px;

/// A plotting area inside an SVG viewBox: maps shares in [0, 1] to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Left edge in SVG units.
    pub left: f64,
    /// Top edge in SVG units.
    pub top: f64,
    /// Width in SVG units.
    pub width: f64,
    /// Height in SVG units.
    pub height: f64,
}

impl Frame {
    /// The x coordinate of a share (0 = left edge, 1 = right edge), clamped.
    pub fn x(&self, share: f64) -> f64 {
        self.left + clamp_unit(share) * self.width
    }

    /// The y coordinate of a share (0 = bottom, 1 = top), clamped.
    pub fn y(&self, share: f64) -> f64 {
        self.top + (1.0 - clamp_unit(share)) * self.height
    }

    /// The share on the x axis at an SVG x coordinate, clamped to [0, 1].
    pub fn share_at_x(&self, x: f64) -> f64 {
        if self.width <= 0.0 {
            return 0.0;
        }
        clamp_unit((x - self.left) / self.width)
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.left + self.width
    }
}

fn clamp_unit(v: f64) -> f64 {
    if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) }
}

/// Rounds to one decimal for compact SVG text.
fn r(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Evenly spaced ticks for a share axis: `count` intervals from 0 to 1
/// (`count` = 5 gives 0, 0.2, ... 1). Zero intervals give just 0 and 1.
pub fn unit_ticks(count: usize) -> Vec<f64> {
    let n = count.max(1);
    (0..=n).map(|i| i as f64 / n as f64).collect()
}

/// An SVG path through `points` (shares in [0, 1]) inside `frame`:
/// `M x y L x y ...`. Empty for no points.
pub fn polyline_path(points: &[(f64, f64)], frame: &Frame) -> String {
    let mut path = String::with_capacity(points.len() * 16);
    for (i, &(x, y)) in points.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        path.push(cmd);
        path.push_str(&px(frame.x(x)));
        path.push(' ');
        path.push_str(&px(frame.y(y)));
    }
    path
}

/// One band of the customer pyramid: a trapezoid (the top band a triangle).
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Corner points, clockwise from top-left, as an SVG `points` attribute.
    pub points: String,
    /// Vertical centre of the band, for labels.
    pub mid_y: f64,
    /// Right edge of the band at its vertical centre, for leader lines.
    pub right_at_mid: f64,
}

/// The bands of Curry's pyramid: `active` layers forming the pyramid and
/// `below` layers under a gap, all sharing one slope, so the picture reads
/// as one pyramid with the non-buying relations as its foundation.
///
/// `centre_x` is the pyramid's axis, `half_base` the half-width at the very
/// bottom, `band` the height of each band and `gap` the space between bands
/// (doubled between the two groups).
pub fn pyramid_bands(
    active: usize,
    below: usize,
    centre_x: f64,
    half_base: f64,
    band: f64,
    gap: f64,
) -> Vec<Band> {
    let total = active + below;
    if total == 0 {
        return Vec::new();
    }
    let top_of = |i: usize| {
        let extra = if i >= active { gap } else { 0.0 };
        i as f64 * (band + gap) + extra
    };
    let bottom = top_of(total - 1) + band;
    let half = |y: f64| {
        if bottom > 0.0 {
            half_base * y / bottom
        } else {
            0.0
        }
    };
    (0..total)
        .map(|i| {
            let y0 = top_of(i);
            let y1 = y0 + band;
            let (h0, h1) = (half(y0), half(y1));
            let points = format!(
                "{},{} {},{} {},{} {},{}",
                px(centre_x - h0),
                px(y0),
                px(centre_x + h0),
                px(y0),
                px(centre_x + h1),
                px(y1),
                px(centre_x - h1),
                px(y1)
            );
            let mid_y = (y0 + y1) / 2.0;
            Band {
                points,
                mid_y: r(mid_y),
                right_at_mid: r(centre_x + half(mid_y)),
            }
        })
        .collect()
}

/// The total height [`pyramid_bands`] uses for the same arguments.
pub fn pyramid_height(active: usize, below: usize, band: f64, gap: f64) -> f64 {
    let total = active + below;
    if total == 0 {
        return 0.0;
    }
    let extra = if below > 0 { gap } else { 0.0 };
    (total - 1) as f64 * (band + gap) + extra + band
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Frame = Frame {
        left: 50.0,
        top: 10.0,
        width: 500.0,
        height: 300.0,
    };

    #[test]
    fn frame_maps_and_clamps() {
        assert_eq!(FRAME.x(0.0), 50.0);
        assert_eq!(FRAME.x(1.0), 550.0);
        assert_eq!(FRAME.y(0.0), 310.0);
        assert_eq!(FRAME.y(1.0), 10.0);
        assert_eq!(FRAME.x(2.0), 550.0);
        assert_eq!(FRAME.y(f64::NAN), 310.0);
        assert_eq!(FRAME.share_at_x(300.0), 0.5);
        assert_eq!(FRAME.share_at_x(0.0), 0.0);
        let flat = Frame {
            width: 0.0,
            ..FRAME
        };
        assert_eq!(flat.share_at_x(70.0), 0.0);
    }

    #[test]
    fn ticks_cover_the_unit_interval() {
        assert_eq!(unit_ticks(5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(unit_ticks(0), vec![0.0, 1.0]);
    }

    #[test]
    fn paths_for_empty_single_and_many_points() {
        assert_eq!(polyline_path(&[], &FRAME), "");
        assert_eq!(polyline_path(&[(0.5, 0.5)], &FRAME), "M300 160");
        assert_eq!(
            polyline_path(&[(0.0, 0.0), (1.0, 1.0)], &FRAME),
            "M50 310L550 10"
        );
    }

    #[test]
    fn pyramid_bands_share_one_slope() {
        let bands = pyramid_bands(4, 3, 200.0, 140.0, 40.0, 4.0);
        assert_eq!(bands.len(), 7);
        // The top band is a triangle: both top corners at the apex.
        assert!(bands[0].points.starts_with("200,0 200,0 "));
        // Widths grow monotonically downwards.
        let rights: Vec<f64> = bands.iter().map(|b| b.right_at_mid).collect();
        assert!(rights.windows(2).all(|w| w[0] < w[1]), "{rights:?}");
        // The last band's bottom corners are at the full base width.
        assert!(
            bands[6].points.ends_with("340,308 60,308"),
            "{}",
            bands[6].points
        );
        assert_eq!(pyramid_height(4, 3, 40.0, 4.0), 308.0);
        assert!(pyramid_bands(0, 0, 200.0, 140.0, 40.0, 4.0).is_empty());
        assert_eq!(pyramid_height(0, 0, 40.0, 4.0), 0.0);
    }

    #[test]
    fn a_single_band_is_a_triangle() {
        let bands = pyramid_bands(1, 0, 100.0, 50.0, 30.0, 2.0);
        assert_eq!(bands.len(), 1);
        assert_eq!(bands[0].points, "100,0 100,0 150,30 50,30");
        assert_eq!(bands[0].mid_y, 15.0);
        assert_eq!(bands[0].right_at_mid, 125.0);
    }
}
