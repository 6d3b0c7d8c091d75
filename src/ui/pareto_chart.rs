//! `<ParetoChart/>`: cumulative share of value against share of customers,
//! with the diagonal, the A/B/C bands, a marker at 80% and plain-words
//! figures; hovering shows the customer at that point. The ABC table and
//! the Pareto figures sit beside it with the test-contract attributes.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::abc::AbcClass;
use crate::analysis::pareto::ParetoPoint;
use crate::t;

use super::format::{count, money_whole, percent, percents_of_whole, plain_share, px};
use super::geometry::{Frame, polyline_path, unit_ticks};
use super::state::use_app;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 380.0;
const FRAME: Frame = Frame {
    left: 64.0,
    top: 18.0,
    width: 554.0,
    height: 306.0,
};

/// The index of the point whose customer share is nearest to `share`.
pub fn nearest_point(points: &[ParetoPoint], share: f64) -> Option<usize> {
    if points.is_empty() {
        return None;
    }
    let i = points.partition_point(|p| p.customer_share < share);
    let candidates = [i.saturating_sub(1), i.min(points.len() - 1)];
    candidates.into_iter().min_by(|&a, &b| {
        let da = (points[a].customer_share - share).abs();
        let db = (points[b].customer_share - share).abs();
        da.total_cmp(&db)
    })
}

/// The Pareto curve with its figures and the ABC table.
#[component]
pub fn ParetoChart() -> impl IntoView {
    let state = use_app();
    let lang = state.lang;
    let hover = RwSignal::new(None::<f64>);

    let basis_word = move || state.basis_word();

    let curve = Memo::new(move |_| {
        state.analysis.with(|a| {
            let points: Vec<(f64, f64)> = a
                .as_ref()
                .map(|a| {
                    a.pareto
                        .points
                        .iter()
                        .map(|p| (p.customer_share, p.value_share))
                        .collect()
                })
                .unwrap_or_default();
            polyline_path(&points, &FRAME)
        })
    });

    let bands = move || {
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let mut start = 0.0;
            Some(
                a.abc
                    .iter()
                    .map(|f| {
                        let end = (start + f.share_of_customers).min(1.0);
                        let x = FRAME.x(start);
                        let w = (FRAME.x(end) - x).max(0.0);
                        start = end;
                        view! {
                            <g class=format!("abc-band abc-band--{}", f.class.key())>
                                <rect x=px(x) y=px(FRAME.top) width=px(w) height=px(FRAME.height) />
                                {(w > 14.0).then(|| view! {
                                    <text x=px(x + w / 2.0) y=px(FRAME.top + 16.0) class="abc-band__label">{f.class.key()}</text>
                                })}
                            </g>
                        }
                    })
                    .collect_view(),
            )
        })
    };

    let marker = move || {
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let p = &a.pareto;
            if p.customers == 0 {
                return None;
            }
            let x = FRAME.x(p.share_customers_for_80);
            let y = FRAME.y(0.8);
            Some(view! {
                <g class="marker80">
                    <line x1=px(FRAME.left) y1=px(y) x2=px(x) y2=px(y) />
                    <line x1=px(x) y1=px(y) x2=px(x) y2=px(FRAME.bottom()) />
                    <circle cx=px(x) cy=px(y) r="5" />
                </g>
            })
        })
    };

    let axes = {
        let ticks = unit_ticks(5);
        let x_ticks = ticks
            .iter()
            .map(|&t| {
                let x = FRAME.x(t);
                view! {
                    <line class="grid" x1=px(x) y1=px(FRAME.top) x2=px(x) y2=px(FRAME.bottom()) />
                    <text class="tick" x=px(x) y=px(FRAME.bottom() + 18.0) text-anchor="middle">
                        {format!("{}%", px(t * 100.0))}
                    </text>
                }
            })
            .collect_view();
        let y_ticks = ticks
            .iter()
            .map(|&t| {
                let y = FRAME.y(t);
                view! {
                    <line class="grid" x1=px(FRAME.left) y1=px(y) x2=px(FRAME.right()) y2=px(y) />
                    <text class="tick" x=px(FRAME.left - 8.0) y=px(y + 4.0) text-anchor="end">
                        {format!("{}%", px(t * 100.0))}
                    </text>
                }
            })
            .collect_view();
        view! {
            {x_ticks}
            {y_ticks}
            <line class="axis" x1=px(FRAME.left) y1=px(FRAME.bottom()) x2=px(FRAME.right()) y2=px(FRAME.bottom()) />
            <line class="axis" x1=px(FRAME.left) y1=px(FRAME.top) x2=px(FRAME.left) y2=px(FRAME.bottom()) />
            <line class="diagonal" x1=px(FRAME.x(0.0)) y1=px(FRAME.y(0.0)) x2=px(FRAME.x(1.0)) y2=px(FRAME.y(1.0)) />
        }
    };

    let hovered_point = move || {
        let share = hover.get()?;
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let i = nearest_point(&a.pareto.points, share)?;
            let name = a.point_names.get(i).cloned().flatten();
            a.pareto.points.get(i).cloned().map(|p| (p, name))
        })
    };
    let hover_mark = move || {
        hovered_point().map(|(p, _)| {
            let (x, y) = (FRAME.x(p.customer_share), FRAME.y(p.value_share));
            view! {
                <g class="hover-mark">
                    <line x1=px(x) y1=px(FRAME.top) x2=px(x) y2=px(FRAME.bottom()) />
                    <circle cx=px(x) cy=px(y) r="5" />
                </g>
            }
        })
    };
    let hover_text = move || {
        let lang = lang.get();
        let (p, name) = hovered_point()?;
        Some(match name {
            Some(name) => format!(
                "#{} {name}: {} {} {} {} ({})",
                p.rank,
                lang.pick("de grootste", "the largest"),
                percent(p.customer_share, 1, lang),
                lang.pick("van de klanten brengt", "of customers bring"),
                percent(p.value_share, 1, lang),
                money_whole(p.cumulative, lang),
            ),
            None => lang
                .pick(
                    "Begin van de curve: nog geen klanten.",
                    "Start of the curve: no customers yet.",
                )
                .to_owned(),
        })
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let x = (f64::from(ev.client_x()) - rect.left()) / rect.width() * WIDTH;
        hover.set(Some(FRAME.share_at_x(x)));
    };

    let summary = move || {
        let lang = lang.get();
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let p = &a.pareto;
            if p.customers == 0 {
                return Some(view! {
                    <div class="pareto-summary" data-testid="pareto-summary" data-customers-for-80="0"
                        data-share-top-20=plain_share(0.0) data-gini=plain_share(0.0)>
                        <p class="pareto-summary__lead">
                            {lang.pick(
                                "Geen klant met een positieve waarde in dit venster: er is geen curve om te lezen.",
                                "No customer with a positive value in this window: there is no curve to read.",
                            )}
                        </p>
                    </div>
                }.into_any());
            }
            // "20%" is ⌈N₊/5⌉ customers; with few customers that is not 20%,
            // so the sentence gives the share it really is, and the count.
            let top = p.top_20_customers;
            let sentence_20 = format!(
                "{} {} ({} {}) {} {} {} {}.",
                percent(f64::from(top) / f64::from(p.customers), 0, lang),
                lang.pick("van je klanten", "of your customers"),
                count(top.into(), lang),
                if top == 1 {
                    lang.pick("klant", "customer")
                } else {
                    lang.pick("klanten", "customers")
                },
                if top == 1 {
                    lang.pick("brengt", "brings")
                } else {
                    lang.pick("brengen", "bring")
                },
                percent(p.share_top_20, 0, lang),
                lang.pick("van je", "of your"),
                basis_word(),
            );
            let one = p.customers_for_80 == 1;
            let sentence_80 = format!(
                "{} {} ({}) {} {}.",
                count(p.customers_for_80.into(), lang),
                if one {
                    lang.pick("klant", "customer")
                } else {
                    lang.pick("klanten", "customers")
                },
                percent(p.share_customers_for_80, 1, lang),
                if one {
                    lang.pick("maakt 80% van de", "makes 80% of")
                } else {
                    lang.pick("maken 80% van de", "make 80% of")
                },
                basis_word(),
            );
            let gini = format!(
                "Gini {}: {}",
                super::format::decimal(p.gini, 2, lang),
                lang.pick(
                    "0 = iedereen even groot, 1 = één klant heeft alles.",
                    "0 = everyone equal, 1 = one customer has everything."
                )
            );
            // How much rests on the very largest. "The top 5" of three
            // customers is all of them: say only what the count gives meaning to.
            let c = &a.concentration;
            let largest = format!("{} {}", lang.pick("Je grootste klant is", "Your largest customer is"), percent(c.top_1, 1, lang));
            let top_5 = format!("{} {}", lang.pick("de top 5 samen", "the top 5 together"), percent(c.top_5, 1, lang));
            let top_10 = format!("{} {}", lang.pick("de top 10", "the top 10"), percent(c.top_10, 1, lang));
            let concentration = match p.customers {
                1 => lang
                    .pick(
                        "Eén klant heeft een positieve waarde in dit venster: die heeft alles.",
                        "One customer has a positive value in this window: it has it all.",
                    )
                    .to_owned(),
                2..=5 => format!("{largest}."),
                6..=10 => format!("{largest}; {top_5}."),
                _ => format!("{largest}; {top_5}; {top_10}."),
            };
            Some(view! {
                <div
                    class="pareto-summary"
                    data-testid="pareto-summary"
                    data-customers-for-80=p.customers_for_80
                    data-share-top-20=plain_share(p.share_top_20)
                    data-gini=plain_share(p.gini)
                >
                    <p class="pareto-summary__lead">{sentence_20}</p>
                    <p>{sentence_80}</p>
                    <p data-testid="concentration">{concentration}</p>
                    <p class="muted">{gini}</p>
                </div>
            }.into_any())
        })
    };

    let abc_rows = move || {
        let lang = lang.get();
        state.analysis.with(|a| {
            let a = a.as_ref()?;
            let classes: Vec<_> = AbcClass::ALL.iter().filter_map(|&c| a.abc_class(c).cloned()).collect();
            // Three classes make up the positive customers and value: 100% exactly.
            let customer_pcts = percents_of_whole(&classes.iter().map(|f| f.share_of_customers).collect::<Vec<_>>(), 1, lang);
            let value_pcts = percents_of_whole(&classes.iter().map(|f| f.share_of_value).collect::<Vec<_>>(), 1, lang);
            Some(
                classes
                    .into_iter()
                    .zip(customer_pcts.into_iter().zip(value_pcts))
                    .map(|(f, (customer_pct, value_pct))| {
                        view! {
                            <tr data-class=f.class.key() data-customers=f.customers>
                                <th scope="row">
                                    <span class=format!("swatch abc--{}", f.class.key()) aria-hidden="true"></span>
                                    {f.class.label(lang)}
                                </th>
                                <td class="num">{count(f.customers.into(), lang)}</td>
                                <td class="num">{customer_pct}</td>
                                <td class="num">{money_whole(f.value, lang)}</td>
                                <td class="num">{value_pct}</td>
                            </tr>
                        }
                    })
                    .collect_view(),
            )
        })
    };

    view! {
        <figure class="chart pareto">
            <svg
                viewBox=format!("0 0 {} {}", px(WIDTH), px(HEIGHT))
                role="img"
                aria-labelledby="pareto-title"
                data-testid="pareto-chart"
                on:mousemove=on_move
                on:mouseleave=move |_| hover.set(None)
            >
                <title id="pareto-title">
                    {move || {
                        let lang = lang.get();
                        state.analysis.with(|a| a.as_ref().map(|a| format!(
                            "{}: {} {} (Gini {})",
                            lang.pick("Pareto-curve", "Pareto curve"),
                            count(a.pareto.customers_for_80.into(), lang),
                            lang.pick("klanten maken 80% van de waarde", "customers make 80% of value"),
                            super::format::decimal(a.pareto.gini, 2, lang),
                        ))).unwrap_or_default()
                    }}
                </title>
                {bands}
                {axes}
                <path class="curve" d=move || curve.get() data-testid="pareto-curve" />
                {marker}
                {hover_mark}
                <text class="axis-title" x=px(FRAME.left + FRAME.width / 2.0) y=px(HEIGHT - 4.0) text-anchor="middle">
                    {t!("aandeel klanten (grootste eerst)", "share of customers (largest first)")}
                </text>
                <text class="axis-title" x="12" y=px(FRAME.top + FRAME.height / 2.0) text-anchor="middle"
                    transform=format!("rotate(-90 12 {})", px(FRAME.top + FRAME.height / 2.0))>
                    {move || format!("{} {}", lang.get().pick("cumulatief aandeel", "cumulative share of"), basis_word())}
                </text>
            </svg>
            <figcaption class="chart__detail" data-testid="pareto-hover">
                {move || hover_text().unwrap_or_else(|| lang.get().pick(
                    "Beweeg over de curve om te zien welke klant op dat punt staat.",
                    "Move over the curve to see which customer is at that point.",
                ).to_owned())}
            </figcaption>
        </figure>
        {summary}
        <table class="table table--abc" data-testid="abc-table">
            <caption class="visually-hidden">{t!("ABC-klassen", "ABC classes")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!("Klasse", "Class")}</th>
                    <th scope="col" class="num">{t!("Klanten", "Customers")}</th>
                    <th scope="col" class="num">{t!("% klanten", "% customers")}</th>
                    <th scope="col" class="num">{t!("Waarde", "Value")}</th>
                    <th scope="col" class="num">{t!("% waarde", "% value")}</th>
                </tr>
            </thead>
            <tbody>{abc_rows}</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(share: f64) -> ParetoPoint {
        ParetoPoint {
            rank: 0,
            customer: None,
            cumulative: 0,
            customer_share: share,
            value_share: share,
        }
    }

    #[test]
    fn nearest_point_finds_the_closest_share() {
        assert_eq!(nearest_point(&[], 0.5), None);
        let points: Vec<ParetoPoint> = [0.0, 0.25, 0.5, 1.0].into_iter().map(point).collect();
        assert_eq!(nearest_point(&points, 0.0), Some(0));
        assert_eq!(nearest_point(&points, 0.2), Some(1));
        assert_eq!(nearest_point(&points, 0.4), Some(2));
        assert_eq!(nearest_point(&points, 0.8), Some(3));
        assert_eq!(nearest_point(&points, 2.0), Some(3));
        assert_eq!(nearest_point(&[point(0.3)], 0.9), Some(0));
    }
}
