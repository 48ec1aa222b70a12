//! Reading JSONL lines into one reused row (`jsonl::read_line`) and verifying each
//! (`ChainVerifier::push_row`) allocates nothing per entry once the buffers have
//! grown: for unsigned format-2 entries, and for signed ones once the key's
//! verification table is built. Counted by a global allocator, per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use nexuscone_core::chain::{ChainVerifier, VerifyOptions};
use nexuscone_core::export::jsonl::{read_line, write_line};
use nexuscone_core::export::Row;
use nexuscone_core::report::Verdict;
use nexuscone_core::signature::KeyRing;
use nexuscone_core::writer::{format_timestamp, ChainWriter, EntrySigner, NewEntry};

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: every call is passed on to the system allocator unchanged; the counter
// is a const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// A ledger of `count` entries as JSONL lines, payloads of varying length with
/// escapes, non-ASCII text and floats.
fn ledger(count: usize, signer: Option<&EntrySigner>) -> Vec<String> {
    let mut writer = ChainWriter::new();
    (0..count)
        .map(|i| {
            let payload = format!(
                r#"{{"cost":{}.25,"model":"m-{}","prompt":"{} caf\u00e9 \"quoted\" line\n","tokens":{i}}}"#,
                i % 7,
                i % 3,
                "x".repeat(i % 200)
            );
            let timestamp = format_timestamp(1_800_000_000 + i as i64, 123_456);
            let new = NewEntry {
                timestamp: &timestamp,
                actor: ["agent-1", "agent-two", "ops"][i % 3],
                action: "tool.invoke",
                event_type: "request",
                payload_json: payload.as_bytes(),
                format: Default::default(),
            };
            write_line(&writer.append(&new, signer).expect("payload is JSON"))
        })
        .collect()
}

/// Verifies `lines` through one reused row; returns the allocations made while
/// verifying the second half.
fn steady_state_allocations(lines: &[String], keys: KeyRing) -> u64 {
    let mut verifier = ChainVerifier::new(VerifyOptions {
        keys,
        ..VerifyOptions::default()
    });
    let mut row = Row::default();
    let mut push = |line: &String, number: usize| {
        let line = line.trim_end_matches('\n').as_bytes();
        assert!(read_line(line, number, &mut row).expect("line reads"));
        verifier.push_row(&row);
    };
    let half = lines.len() / 2;
    for (index, line) in lines[..half].iter().enumerate() {
        push(line, index + 1);
    }
    let before = allocations();
    for (index, line) in lines[half..].iter().enumerate() {
        push(line, half + index + 1);
    }
    let made = allocations() - before;
    let report = verifier.finish();
    assert_eq!(report.entries as usize, lines.len());
    assert_ne!(report.verdict, Verdict::Invalid);
    made
}

#[test]
fn reading_and_verifying_entries_allocates_nothing_per_entry_once_warm() {
    let unsigned = ledger(1_000, None);
    assert_eq!(steady_state_allocations(&unsigned, KeyRing::new()), 0);

    let signer = EntrySigner::from_seed("key-a", &[7; 32]);
    let keys = KeyRing::from_hex([("key-a", signer.public_key_hex().as_str())]).unwrap();
    let signed = ledger(400, Some(&signer));
    assert_eq!(steady_state_allocations(&signed, keys), 0);
}
