//! Filtering, sorting and recommending over a large catalogue (a benchmark, not a test).
//!
//! `cargo bench --bench plans` prints the median and p95 time of one filter
//! change (select + recommend) over 2,000 plans, against the 1 ms budget.

use itt_esim_widget::api::search::Plan;
use itt_esim_widget::money::Money;
use itt_esim_widget::plans::{recommend, select, CoverageFilter, Filters, SortKey, UsageProfile};
use std::hint::black_box;
use std::time::Instant;

/// 2,000 plans with varied data, validity, coverage and prices (deterministic).
fn catalogue(n: usize) -> Vec<Plan> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    (0..n)
        .map(|i| {
            let unlimited = next(10) == 0;
            let data_mb =
                (!unlimited).then(|| [512, 1024, 3072, 5120, 10240, 20480][next(6) as usize]);
            let days = [1, 3, 7, 10, 15, 30, 60, 90][next(8) as usize];
            let cents = 200 + next(9000) as i64;
            Plan {
                id: format!("plan-{i}"),
                title: format!("Plan {i}"),
                data_mb,
                unlimited,
                validity_days: Some(days),
                price: (next(50) != 0).then(|| Money {
                    minor: cents,
                    currency: "USD".into(),
                }),
                coverage: Some(["local", "regional", "global"][next(3) as usize].into()),
                activation_policy: None,
                rechargeable: Some(next(2) == 0),
                region: None,
                fair_usage: unlimited,
                operator: None,
            }
        })
        .collect()
}

fn main() {
    let plans = catalogue(2000);
    let mut filter_sets = Vec::new();
    for sort in SortKey::ALL {
        for covers_stay in [false, true] {
            for min in [None, Some(3072)] {
                for coverage in [
                    CoverageFilter::All,
                    CoverageFilter::Local,
                    CoverageFilter::MultiCountry,
                ] {
                    filter_sets.push(Filters {
                        min_data_mb: min,
                        covers_stay,
                        unlimited_only: false,
                        coverage,
                        sort,
                    });
                }
            }
        }
    }
    let mut times = Vec::new();
    for round in 0..20 {
        for f in &filter_sets {
            let start = Instant::now();
            let shown = select(black_box(&plans), black_box(f), 7);
            let rec = recommend(black_box(&plans), Some(7), UsageProfile::ALL[round % 3]);
            black_box((shown, rec));
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "BENCH plans_select_2000 runs={} median_ms={:.3} p95_ms={:.3} max_ms={:.3} budget_ms=1.000",
        times.len(),
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}
