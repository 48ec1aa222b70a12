//! Hostile types in the tables besides `entries`, without a fuzzer: every typed
//! column of a `witnesses`, `witness_attestations` and `anchors` row of a
//! real-library ledger, one at a time, to values of every other type, in the
//! database and in its bundle. Property: no panic, never unreadable input; a value
//! of the wrong type is exactly one `field_type` finding, at its row (named by the
//! report member `witness_id`, `attestation_id` or `anchor_id`, or by none when the
//! id column itself is mistyped), and never at an entry; a value of the right type
//! is none. The database's answer is the same through the core's reader and the
//! CLI's. (`mistyped_values.rs` does the same for `entries`.)

mod common;
use common::{fixture, fixture_keys, nexuscone, SQL_VALUES};

use nexuscone_core::canonical::{parse, to_canonical, Value};
use nexuscone_core::input::{self, Hint};
use nexuscone_core::report::Report;
use serde_json::Value as Json;

/// A column's declared type (nexuscone 0.2.1's schema) and whether NULL is allowed.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Integer,
    Text,
    Blob,
}

/// One table under test: where a row of it is, and its typed columns.
struct Table {
    /// The table, as in SQL.
    name: &'static str,
    /// Its bundle member.
    member: &'static str,
    /// The id column, also the report member naming the row.
    id: &'static str,
    /// The fixture ledger (without extension) and the row's id in it.
    ledger: &'static str,
    row: i64,
    columns: &'static [(&'static str, Class, bool)],
}

const TABLES: &[Table] = &[
    Table {
        name: "witnesses",
        member: "witnesses",
        id: "witness_id",
        ledger: "signed",
        row: 2,
        columns: &[
            ("witness_id", Class::Integer, false),
            ("label", Class::Text, false),
            ("public_key_hex", Class::Text, false),
            ("role", Class::Text, false),
            ("created_at", Class::Text, false),
            ("retired_at", Class::Text, true),
        ],
    },
    Table {
        name: "witness_attestations",
        member: "witness_attestations",
        id: "attestation_id",
        ledger: "signed",
        row: 3,
        columns: &[
            ("attestation_id", Class::Integer, false),
            ("witness_id", Class::Integer, false),
            ("chain_head_entry_id", Class::Integer, false),
            ("chain_head_hash", Class::Text, false),
            ("signed_at", Class::Text, false),
            ("prev_attestation_hash", Class::Text, false),
            ("attestation_hash", Class::Text, false),
            ("signature_hex", Class::Text, false),
        ],
    },
    Table {
        name: "anchors",
        member: "anchors",
        id: "anchor_id",
        ledger: "anchored",
        row: 2,
        columns: &[
            ("anchor_id", Class::Integer, false),
            ("chain_head_hash", Class::Text, false),
            ("chain_head_entry_id", Class::Integer, false),
            ("ots_proof_blob", Class::Blob, true),
            ("submitted_at", Class::Text, false),
            ("calendar_servers", Class::Text, false),
            ("confirmed_at", Class::Text, true),
            ("bitcoin_block_height", Class::Integer, true),
            ("bitcoin_block_hash", Class::Text, true),
            ("tst_blob", Class::Blob, true),
            ("tsa_url", Class::Text, true),
            ("tsa_gen_time", Class::Text, true),
        ],
    },
];

/// The `field_type` findings of a report as (entry_id, the row's id member).
fn field_types(report: &Json, id: &str) -> Vec<(Option<i64>, Option<i64>)> {
    let failures = report["failures"].as_array().cloned().unwrap_or_default();
    failures
        .iter()
        .filter(|f| f["kind"] == "field_type")
        .map(|f| (f["entry_id"].as_i64(), f[id].as_i64()))
        .collect()
}

fn as_json(report: &Report) -> Json {
    serde_json::to_value(report).expect("report")
}

/// What a mistyped `column` of `table` must give: one finding at the row, named by
/// its id unless the id itself is the mistyped column. (An anchor's finding also
/// names the entry it anchors; an entry column never is.)
fn expected_at(
    table: &Table,
    column: &str,
    anchor_entry: Option<i64>,
) -> Vec<(Option<i64>, Option<i64>)> {
    let id = (column != table.id).then_some(table.row);
    let entry = if table.name == "anchors" && column != "chain_head_entry_id" {
        anchor_entry
    } else {
        None
    };
    vec![(entry, id)]
}

/// JSON values of every type, as JSON text.
const JSON_VALUES: &[&str] = &[
    "null",
    "true",
    "2.5",
    "99999999999999999999999",
    "7",
    "\"two\"",
    "\"\\ud800\"",
    "[]",
    "{\"a\":1}",
];

fn json_fits(class: Class, nullable: bool, value: &Value) -> bool {
    match value {
        Value::Null => nullable,
        Value::String(s) => class != Class::Integer && s.as_str().is_some(),
        Value::Number(_) => class == Class::Integer && to_canonical(value).parse::<i64>().is_ok(),
        _ => false,
    }
}

/// The bundle of `table`'s ledger with `column` of its row set to `value`.
fn bundle_with(table: &Table, column: &str, value: &Value) -> Vec<u8> {
    let bytes = std::fs::read(fixture(&format!("{}.bundle.json", table.ledger))).expect("bundle");
    let mut bundle = parse(&bytes).expect("bundle JSON");
    let Value::Object(top) = &mut bundle else {
        panic!("bundle is not an object")
    };
    let (_, Value::Array(rows)) = top
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some(table.member))
        .expect("member")
    else {
        panic!("{} is not an array", table.member)
    };
    let is_row = |row: &Value| match row {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.as_str() == Some(table.id) && to_canonical(v) == table.row.to_string()),
        _ => false,
    };
    let row = rows.iter_mut().find(|r| is_row(r)).expect("row");
    let Value::Object(members) = row else {
        unreachable!()
    };
    for (key, member) in members.iter_mut() {
        if key.as_str() == Some(column) {
            *member = value.clone();
        }
    }
    to_canonical(&bundle).into_bytes()
}

/// The entry the fixture's anchor row names (its findings carry it).
fn anchored_entry(table: &Table) -> Option<i64> {
    if table.name != "anchors" {
        return None;
    }
    let conn = rusqlite::Connection::open(fixture("anchored.sqlite")).expect("open");
    let query = format!(
        "SELECT chain_head_entry_id FROM anchors WHERE anchor_id = {}",
        table.row
    );
    conn.query_row(&query, [], |row| row.get(0)).ok()
}

#[test]
fn a_bundle_row_value_of_the_wrong_type_is_one_field_type_finding_at_its_row() {
    let trust = fixture_keys();
    for table in TABLES {
        let anchor_entry = anchored_entry(table);
        for &(column, class, nullable) in table.columns {
            for text in JSON_VALUES {
                let value = parse(text.as_bytes()).expect("value");
                let case = format!("{}.{column} = {text}", table.name);
                let bytes = bundle_with(table, column, &value);
                let report = input::verify(&bytes, Hint::None, &trust)
                    .unwrap_or_else(|e| panic!("{case}: unreadable: {e}"));
                let found = field_types(&as_json(&report), table.id);
                if json_fits(class, nullable, &value) {
                    assert!(found.is_empty(), "{case}: {found:?}");
                } else {
                    assert_eq!(found, expected_at(table, column, anchor_entry), "{case}");
                    assert!(!report.valid, "{case}");
                }
            }
        }
    }
}

/// The storage class a value has in the database (`TEXT that is not UTF-8` apart).
fn class_of(conn: &rusqlite::Connection, table: &Table, column: &str, sql: &str) -> String {
    if column == table.id {
        // The INTEGER PRIMARY KEY: SQLite stores an integer there or refuses the value.
        return "INTEGER".to_owned();
    }
    let query = format!(
        "SELECT upper(typeof({column})) FROM {} WHERE {} = {}",
        table.name, table.id, table.row
    );
    let class: String = conn.query_row(&query, [], |row| row.get(0)).expect(&query);
    if sql.contains("x'61ff'") {
        "TEXT that is not UTF-8".to_owned()
    } else {
        class
    }
}

fn sql_fits(class: Class, nullable: bool, stored: &str) -> bool {
    match stored {
        "NULL" => nullable,
        "INTEGER" => class == Class::Integer,
        "TEXT" => class == Class::Text,
        "BLOB" => class == Class::Blob,
        _ => false,
    }
}

fn cli_report(path: &std::path::Path) -> (Option<i32>, Json) {
    let keys = fixture("keys.json");
    let output = nexuscone(&[
        "verify",
        path.to_str().expect("path"),
        "--keys",
        keys.to_str().expect("path"),
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Json::Null);
    (output.status.code(), report)
}

/// (entry_id, kind, the row members) of every failure.
fn failures(report: &Json) -> Vec<Json> {
    let failures = report["failures"].as_array().cloned().unwrap_or_default();
    let keep = [
        "entry_id",
        "kind",
        "witness_id",
        "attestation_id",
        "anchor_id",
    ];
    failures
        .iter()
        .map(|f| Json::Array(keep.iter().map(|k| f[k].clone()).collect()))
        .collect()
}

#[test]
fn a_database_row_value_of_another_storage_class_is_one_field_type_finding_through_both_readers() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mistyped_rows");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let trust = fixture_keys();
    for table in TABLES {
        let anchor_entry = anchored_entry(table);
        for &(column, class, nullable) in table.columns {
            for (index, sql) in SQL_VALUES.iter().enumerate() {
                let case = format!("{}.{column} = {sql}", table.name);
                let path = dir.join(format!("{}-{column}-{index}.sqlite", table.name));
                std::fs::copy(fixture(&format!("{}.sqlite", table.ledger)), &path).expect("copy");
                let conn = rusqlite::Connection::open(&path).expect("open");
                // A hand edit does not ask the foreign keys.
                conn.execute_batch("PRAGMA foreign_keys = OFF")
                    .expect("pragma");
                let update = format!(
                    "UPDATE {} SET {column} = {sql} WHERE {} = {}",
                    table.name, table.id, table.row
                );
                if conn.execute(&update, []).is_err() {
                    // The INTEGER PRIMARY KEY holds integers only; NOT NULL no NULL.
                    assert!(column == table.id || *sql == "NULL", "{case}: refused");
                    continue;
                }
                let stored = class_of(&conn, table, column, sql);
                drop(conn);
                let bytes = std::fs::read(&path).expect("read");
                let report = input::verify(&bytes, Hint::None, &trust)
                    .unwrap_or_else(|e| panic!("{case}: unreadable: {e}"));
                let core = as_json(&report);
                let found = field_types(&core, table.id);
                if sql_fits(class, nullable, &stored) {
                    assert!(found.is_empty(), "{case} ({stored}): {found:?}");
                } else {
                    assert_eq!(
                        found,
                        expected_at(table, column, anchor_entry),
                        "{case} ({stored})"
                    );
                }
                let (code, cli) = cli_report(&path);
                assert_eq!(code, Some(if report.valid { 0 } else { 1 }), "{case}");
                assert_eq!(
                    failures(&cli),
                    failures(&core),
                    "{case}: the CLI's reader and the core's agree"
                );
            }
        }
    }
}
