//! `genTime` as RFC 3161 §2.4.2 writes it: GeneralizedTime in UTC with optional
//! fractional seconds without trailing zeros.
#![cfg(feature = "tst")]

use nexuscone_core::tst::GenTime;

#[test]
fn whole_and_fractional_seconds_read_to_unix_seconds_nanos_and_rfc3339() {
    let whole = GenTime::parse("20261203224740Z").unwrap();
    assert_eq!(
        (whole.unix_seconds(), whole.subsec_nanos()),
        (1_796_338_060, 0)
    );
    assert_eq!(whole.rfc3339(), "2026-12-03T22:47:40Z");
    let fraction = GenTime::parse("20261203224740.843Z").unwrap();
    assert_eq!(
        (fraction.unix_seconds(), fraction.subsec_nanos()),
        (1_796_338_060, 843_000_000)
    );
    assert_eq!(fraction.rfc3339(), "2026-12-03T22:47:40.843Z");
    let fine = GenTime::parse("19700101000000.0000000012345Z").unwrap();
    assert_eq!((fine.unix_seconds(), fine.subsec_nanos()), (0, 1));
    assert_eq!(fine.rfc3339(), "1970-01-01T00:00:00.0000000012345Z");
}

#[test]
fn forms_rfc3161_forbids_are_refused() {
    for text in [
        "20261203224740",      // no Z
        "20261203224740.840Z", // trailing zero in the fraction
        "20261203224740.Z",    // empty fraction
        "20261203224740,5Z",   // comma
        "202612032247Z",       // no seconds
        "20261203224740+0100", // an offset instead of Z
        "20261303224740Z",     // month 13
        "20260230224740Z",     // 30 February
        "20261203246040Z",     // hour 24
        "2026120322474 Z",     // not a digit
        "",
    ] {
        assert_eq!(GenTime::parse(text), None, "{text:?}");
    }
}

#[test]
fn validity_includes_both_ends_and_a_fraction_past_not_after_is_outside() {
    let at = GenTime::parse("20261203224740Z").unwrap();
    let seconds = at.unix_seconds();
    assert!(at.is_within(seconds, seconds));
    assert!(!at.is_within(seconds + 1, seconds + 5));
    assert!(!at.is_within(0, seconds - 1));
    let later = GenTime::parse("20261203224740.5Z").unwrap();
    assert!(later.is_within(seconds, seconds + 1));
    assert!(!later.is_within(seconds - 5, seconds));
}
