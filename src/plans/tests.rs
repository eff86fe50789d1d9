use super::*;

pub(crate) fn plan(id: &str, data_mb: Option<u64>, days: u64, price: Option<&str>) -> Plan {
    Plan {
        id: id.into(),
        title: id.into(),
        data_mb,
        unlimited: data_mb.is_none(),
        validity_days: Some(days),
        price: price.and_then(|p| Money::parse(p, "USD")),
        coverage: Some("local".into()),
        activation_policy: None,
        rechargeable: Some(true),
        region: None,
        fair_usage: false,
        operator: None,
    }
}

#[test]
fn the_lowest_price_is_in_the_main_currency_and_encoded_for_the_card() {
    let mut euro = plan("eur", Some(1024), 7, Some("0.99"));
    euro.price = Money::parse("0.99", "EUR");
    let plans = [
        plan("a", Some(5120), 30, Some("13.00")),
        plan("b", Some(1024), 7, Some("4.50")),
        plan("c", None, 7, None),
        euro,
    ];
    let lowest = lowest_price(&plans).unwrap();
    assert_eq!((lowest.minor, lowest.currency.as_str()), (450, "USD"));
    assert_eq!(encode_lowest_price(lowest), "p1\u{1f}4.50\u{1f}USD");
    assert_eq!(lowest_price(&[plan("c", None, 7, None)]), None);
}

fn thailand() -> Vec<Plan> {
    vec![
        plan("1gb-7d", Some(1024), 7, Some("4.50")),
        plan("3gb-15d", Some(3072), 15, Some("9.00")),
        plan("5gb-30d", Some(5120), 30, Some("13.00")),
        plan("10gb-30d", Some(10240), 30, Some("21.00")),
        plan("20gb-30d", Some(20480), 30, Some("34.00")),
        plan("unl-10d", None, 10, Some("29.00")),
    ]
}

fn ids(plans: &[Plan], order: &[usize]) -> Vec<String> {
    order.iter().map(|&i| plans[i].id.clone()).collect()
}

#[test]
fn price_per_gb_is_exact_and_skips_unlimited() {
    let p = plan("x", Some(5120), 30, Some("13.00"));
    assert_eq!(price_per_gb(&p).unwrap().minor, 260);
    let half = plan("x", Some(512), 7, Some("3.00"));
    assert_eq!(price_per_gb(&half).unwrap().minor, 600);
    assert_eq!(price_per_gb(&plan("u", None, 7, Some("9.00"))), None);
    assert_eq!(price_per_gb(&plan("n", Some(1024), 7, None)), None);
    let mut yen = plan("y", Some(3072), 7, None);
    yen.price = Money::parse("1000", "JPY");
    assert_eq!(price_per_gb(&yen).unwrap().minor, 333);
    assert_eq!(price_per_gb(&yen).unwrap().currency, "JPY");
}

#[test]
fn filters_combine() {
    let plans = thailand();
    let all = Filters::default();
    assert_eq!(select(&plans, &all, 7).len(), 6);
    let f = Filters {
        min_data_mb: Some(5120),
        ..Filters::default()
    };
    assert_eq!(
        ids(&plans, &select(&plans, &f, 7)),
        ["5gb-30d", "10gb-30d", "unl-10d", "20gb-30d"]
    );
    let f = Filters {
        covers_stay: true,
        ..Filters::default()
    };
    assert_eq!(select(&plans, &f, 14).len(), 4, "15 and 30 days cover 14");
    let f = Filters {
        unlimited_only: true,
        ..Filters::default()
    };
    assert_eq!(ids(&plans, &select(&plans, &f, 7)), ["unl-10d"]);
    let mut mixed = thailand();
    mixed[1].coverage = Some("regional".into());
    let f = Filters {
        coverage: CoverageFilter::MultiCountry,
        ..Filters::default()
    };
    assert_eq!(ids(&mixed, &select(&mixed, &f, 7)), ["3gb-15d"]);
    let f = Filters {
        coverage: CoverageFilter::Local,
        ..Filters::default()
    };
    assert_eq!(select(&mixed, &f, 7).len(), 5);
}

#[test]
fn sort_orders() {
    let mut plans = thailand();
    plans.push(plan("no-price", Some(2048), 7, None));
    let order = |sort| {
        let f = Filters {
            sort,
            ..Filters::default()
        };
        ids(&plans, &select(&plans, &f, 7))
    };
    let price = order(SortKey::Price);
    assert_eq!(price.first().unwrap(), "1gb-7d");
    assert_eq!(price.last().unwrap(), "no-price", "missing prices last");
    let per_gb = order(SortKey::PricePerGb);
    assert_eq!(&per_gb[..2], ["20gb-30d", "10gb-30d"]);
    assert_eq!(per_gb[5], "unl-10d", "unlimited after per-GB prices");
    assert_eq!(per_gb[6], "no-price");
    let data = order(SortKey::Data);
    assert_eq!(&data[..2], ["unl-10d", "20gb-30d"]);
    let validity = order(SortKey::Validity);
    assert_eq!(
        &validity[..3],
        ["5gb-30d", "10gb-30d", "20gb-30d"],
        "ties by price"
    );
}

#[test]
fn other_currencies_sort_after_the_main_one() {
    let mut plans = thailand();
    plans[5].price = Money::parse("1.00", "EUR");
    assert_eq!(main_currency(&plans), Some("USD"));
    let order = select(&plans, &Filters::default(), 7);
    assert_eq!(plans[*order.last().unwrap()].id, "unl-10d");
}

#[test]
fn recommends_the_cheapest_plan_that_fits() {
    let plans = thailand();
    // 7 nights, typical use: 4.2 GB → the 5 GB / 30 days plan, with room to spare.
    let r = recommend(&plans, Some(7), UsageProfile::Typical).unwrap();
    assert_eq!(plans[r.index].id, "5gb-30d");
    assert_eq!(
        r.reason,
        Reason::Fits {
            days: 7,
            roomy: true,
            dated: true
        }
    );
    // Light use for a weekend: the 1 GB week plan is enough.
    let r = recommend(&plans, Some(2), UsageProfile::Light).unwrap();
    assert_eq!(plans[r.index].id, "1gb-7d");
    // Heavy use for 9 nights: 13.5 GB → unlimited for 10 days beats 20 GB on price.
    let r = recommend(&plans, Some(9), UsageProfile::Heavy).unwrap();
    assert_eq!(plans[r.index].id, "unl-10d");
    // …but not for 12 nights, which it does not last.
    let r = recommend(&plans, Some(12), UsageProfile::Heavy).unwrap();
    assert_eq!(plans[r.index].id, "20gb-30d");
    // No dates: a week is assumed and said so.
    let r = recommend(&plans, None, UsageProfile::Typical).unwrap();
    assert_eq!(
        r.reason,
        Reason::Fits {
            days: 7,
            roomy: true,
            dated: false
        }
    );
}

#[test]
fn recommendation_edge_cases() {
    let plans = thailand();
    // 25 nights of heavy use needs 37.5 GB: nothing fits; the most data lasting 25 days.
    let r = recommend(&plans, Some(25), UsageProfile::Heavy).unwrap();
    assert_eq!(plans[r.index].id, "20gb-30d");
    assert_eq!(r.reason, Reason::MostData { days: 25 });
    // A stay longer than any plan: the longest, rechargeable first.
    let r = recommend(&plans, Some(45), UsageProfile::Light).unwrap();
    assert_eq!(
        r.reason,
        Reason::Longest {
            days: 45,
            rechargeable: true
        }
    );
    assert_eq!(plans[r.index].validity_days, Some(30));
    // Unlimited wins when it is the cheapest that fits.
    let mut cheap_unlimited = thailand();
    cheap_unlimited[5].price = Money::parse("8.00", "USD");
    let r = recommend(&cheap_unlimited, Some(7), UsageProfile::Heavy).unwrap();
    assert_eq!(cheap_unlimited[r.index].id, "unl-10d");
    // Missing prices are never recommended; no priced plan → no recommendation.
    let unpriced: Vec<Plan> = thailand()
        .into_iter()
        .map(|mut p| {
            p.price = None;
            p
        })
        .collect();
    assert_eq!(recommend(&unpriced, Some(7), UsageProfile::Typical), None);
    assert_eq!(recommend(&[], Some(7), UsageProfile::Typical), None);
    // Currencies without minor units compare like any other.
    let yen: Vec<Plan> = thailand()
        .into_iter()
        .map(|mut p| {
            p.price = p.price.map(|m| Money {
                minor: m.minor * 2,
                currency: "JPY".into(),
            });
            p
        })
        .collect();
    let r = recommend(&yen, Some(7), UsageProfile::Typical).unwrap();
    assert_eq!(yen[r.index].id, "5gb-30d");
}

#[test]
fn trip_days_default_to_a_week() {
    assert_eq!(trip_days(None), 7);
    assert_eq!(trip_days(Some(0)), 1);
    assert_eq!(trip_days(Some(12)), 12);
}

#[test]
fn codes_round_trip() {
    for k in SortKey::ALL {
        assert_eq!(SortKey::from_code(k.code()), Some(k));
    }
    for p in UsageProfile::ALL {
        assert_eq!(UsageProfile::from_code(p.code()), Some(p));
    }
    assert_eq!(SortKey::from_code("nope"), None);
}
