//! Reading TSA root certificates: PEM with any number of blocks and commentary, CRLF and
//! a byte order mark, one DER certificate; every refusal names its line.
#![cfg(feature = "tst")]

mod tst_fixtures;

use nexuscone_core::tst::{RootsError, TsaRoots};
use tst_fixtures::{text, ROOT_SUBJECT};

#[test]
fn two_blocks_with_commentary_around_them_read_as_two_roots_in_order() {
    let pem = format!(
        "Issuer: whoever\n{}\nsome openssl -text output\n{}trailer\n",
        text("root.pem"),
        text("other-root.pem")
    );
    let roots = TsaRoots::from_pem(&pem).unwrap();
    assert_eq!(
        roots.subjects(),
        [ROOT_SUBJECT, "O=Nexuscone Test,CN=Nexuscone Unrelated Root"]
    );
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_read_the_same_roots() {
    let plain = TsaRoots::from_pem(&text("root.pem")).unwrap();
    let windows = format!("\u{feff}{}", text("root.pem").replace('\n', "\r\n"));
    assert_eq!(TsaRoots::parse(windows.as_bytes()).unwrap(), plain);
}

#[test]
fn a_der_certificate_reads_as_one_root() {
    use base64::Engine;
    let pem = text("root.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    assert_eq!(
        TsaRoots::parse(&der).unwrap(),
        TsaRoots::from_pem(&pem).unwrap()
    );
    let error = TsaRoots::parse(&der[..der.len() - 1]).unwrap_err();
    assert!(matches!(error, RootsError::Der { .. }), "{error:?}");
}

#[test]
fn a_private_key_block_is_refused_at_its_begin_line() {
    let pem = format!(
        "{}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        text("root.pem").trim_end()
    );
    let line = text("root.pem").lines().count() + 1;
    assert_eq!(
        TsaRoots::from_pem(&pem).unwrap_err(),
        RootsError::WrongLabel {
            line,
            label: "PRIVATE KEY".to_owned()
        }
    );
}

#[test]
fn a_block_without_its_end_marker_names_its_begin_line() {
    let pem = format!(
        "comment\n{}",
        text("root.pem").replace("-----END CERTIFICATE-----", "")
    );
    assert_eq!(
        TsaRoots::from_pem(&pem).unwrap_err(),
        RootsError::Unterminated {
            line: 2,
            label: "CERTIFICATE".to_owned()
        }
    );
}

#[test]
fn a_line_that_is_not_base64_is_named_with_its_block() {
    let mut lines: Vec<String> = text("root.pem").lines().map(str::to_owned).collect();
    lines[3] = "not base64!".to_owned();
    assert_eq!(
        TsaRoots::from_pem(&lines.join("\n")).unwrap_err(),
        RootsError::Base64 { line: 4, begin: 1 }
    );
}

#[test]
fn base64_that_is_not_a_certificate_is_refused_at_its_begin_line() {
    let pem = "\n\n-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    let error = TsaRoots::from_pem(pem).unwrap_err();
    assert!(
        matches!(error, RootsError::Certificate { begin: 3, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("line 3: not an X.509 certificate"),
        "{error}"
    );
    let bad_padding = "-----BEGIN CERTIFICATE-----\nMAM=CAQE\n-----END CERTIFICATE-----\n";
    assert!(matches!(
        TsaRoots::from_pem(bad_padding).unwrap_err(),
        RootsError::Base64Block { begin: 1, .. }
    ));
}

#[test]
fn text_without_a_certificate_block_is_refused() {
    assert_eq!(
        TsaRoots::from_pem("").unwrap_err(),
        RootsError::NoCertificate
    );
    assert_eq!(
        TsaRoots::parse(b"just words\n").unwrap_err(),
        RootsError::NoCertificate
    );
    assert_eq!(
        TsaRoots::parse(b"ok\xff").unwrap_err(),
        RootsError::NotText { offset: 2 }
    );
}
