//! The RFC 3161 fixtures of `fixtures/tst/` (made once by `fixtures/tst/make.sh`) and
//! what OpenSSL and the real library said about them.
#![allow(dead_code)]

use nexuscone_core::tst::{GenTime, TsaRoots};

pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/tst");

/// Responses and bare tokens that a TSA granted and that verify for [`head`].
pub const GRANTED: [&str; 7] = [
    "rsa-sha256.tsr",
    "ec-p256.tsr",
    "fractional.tsr",
    "ec-p384.tsr",
    "rsa-sha512.tsr",
    "imprint-sha1.tsr",
    "rsa-pss.tst",
];

/// The subject of `root.pem`, RFC 4514 text.
pub const ROOT_SUBJECT: &str = "O=Nexuscone Test,CN=Nexuscone Test TSA Root";

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// The time-stamped message: a 32-byte chain head (the imprint is its SHA-256).
pub fn head() -> Vec<u8> {
    fixture("head.bin")
}

pub fn test_root() -> TsaRoots {
    TsaRoots::from_pem(&text("root.pem")).unwrap()
}

pub fn other_root() -> TsaRoots {
    TsaRoots::from_pem(&text("other-root.pem")).unwrap()
}

/// The "Time stamp:" line of `openssl ts -reply -text` for a fixture, e.g.
/// `Dec  3 22:47:40.843 2026 GMT`.
pub fn openssl_time_stamp(name: &str) -> String {
    let stem = name.rsplit_once('.').unwrap().0;
    let printed = text(&format!("{stem}.txt"));
    let line = printed
        .lines()
        .find_map(|l| l.strip_prefix("Time stamp: "))
        .unwrap();
    line.to_owned()
}

/// `gen_time` as OpenSSL's `ASN1_GENERALIZEDTIME_print` writes it, made from its RFC 3339
/// text: "%b %e %H:%M:%S[.fraction] %Y GMT".
pub fn openssl_format(gen_time: &GenTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let text = gen_time.rfc3339();
    let (date, time) = text.trim_end_matches('Z').split_once('T').unwrap();
    let fields: Vec<usize> = date.split('-').map(|f| f.parse().unwrap()).collect();
    format!(
        "{} {:>2} {time} {} GMT",
        MONTHS[fields[1] - 1],
        fields[2],
        fields[0]
    )
}
