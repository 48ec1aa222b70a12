//! What verifying anchors adds to verifying a ledger (issue 11's budget: under 5% for
//! 100,000 entries with 100 anchors), as a same-run ratio.
//!
//! `cargo bench -p nexuscone-core --bench anchor_overhead -- [--runs N] LEDGER.sqlite
//! --bitcoin-headers FILE --tsa-roots FILE`, or `-- --smoke` (the fixtures' anchored
//! ledger, one run: the CI's check that it still runs; no timing is judged).
//!
//! The same bytes are verified through core's input layer ([`input::read`], the path
//! every front end takes) twice per round, alternately: with the ledger's anchors,
//! proofs checked against the headers and TSA roots supplied, and with the anchor rows
//! dropped as they are read ([`WithoutAnchors`]), so that the two runs differ only in
//! the anchors. Best of N runs each, in wall time, in this thread's CPU time (the
//! steadier on a shared machine) and in the process's CPU time (every thread's). Built
//! with `--features parallel`, the anchors' proofs are checked on a thread of their own
//! while the entries are verified (`anchor/background.rs`): then only the wall time and
//! the process's CPU time count what the anchors cost. Every track must come out verified (or pending), else
//! the benchmark stops: a ratio over anchors that were not checked means nothing.
//! `bench/anchors.sh` writes the 100,000-entry ledger; see docs/PERFORMANCE.md.

use std::time::Instant;

use nexuscone_core::anchor::TrackStatus;
use nexuscone_core::export::Row;
use nexuscone_core::input::Verification;
use nexuscone_core::input::{self, Carried, Format, Hint, InputError, Sink, Trust, TrustKind};
use nexuscone_core::report::Report;

/// A [`Verification`] that never sees the ledger's anchor rows.
struct WithoutAnchors(Verification);

impl Sink for WithoutAnchors {
    type Error = InputError;

    fn begin(&mut self, format: Format, carried: Carried) -> Result<(), InputError> {
        let anchors = Vec::new();
        self.0.begin(format, Carried { anchors, ..carried })
    }

    fn row(&mut self, row: &Row) -> Result<(), InputError> {
        self.0.row(row)
    }
}

fn with_anchors(bytes: &[u8], trust: &Trust) -> Report {
    let mut verification = Verification::new(trust.clone());
    input::read(bytes, Hint::None, &mut verification).expect("a ledger");
    verification.finish()
}

fn without_anchors(bytes: &[u8], trust: &Trust) -> Report {
    let mut sink = WithoutAnchors(Verification::new(trust.clone()));
    input::read(bytes, Hint::None, &mut sink).expect("a ledger");
    sink.0.finish()
}

/// The tracks verified; stops unless the report is valid and every track present is
/// verified, or pending (no Bitcoin attestation yet: the fixture's ledger has one).
fn verified_tracks(report: &Report) -> usize {
    assert!(report.valid, "the benchmark ledger must verify");
    let tracks = report
        .anchors
        .iter()
        .flat_map(|a| [&a.ots, &a.tst])
        .flatten();
    let mut verified = 0;
    for track in tracks {
        match track.status {
            TrackStatus::Verified => verified += 1,
            TrackStatus::Pending => {}
            _ => panic!("an anchor track is not verified: {track:?}"),
        }
    }
    verified
}

struct Args {
    runs: usize,
    ledger: String,
    headers: String,
    roots: String,
}

fn args() -> Args {
    let fixture = |name: &str| format!("{}/../fixtures/ledgers/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (mut runs, mut ledger, mut headers, mut roots) = (5, None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--bitcoin-headers" => headers = args.next(),
            "--tsa-roots" => roots = args.next(),
            "--smoke" => {
                runs = 1;
                ledger = Some(fixture("anchored.sqlite"));
                headers = Some(fixture("anchored.bitcoin-headers"));
                roots = Some(fixture("anchored.tsa-roots.pem"));
            }
            _ => ledger = Some(arg),
        }
    }
    let usage = "LEDGER --bitcoin-headers FILE --tsa-roots FILE, or --smoke";
    Args {
        runs,
        ledger: ledger.expect(usage),
        headers: headers.expect(usage),
        roots: roots.expect(usage),
    }
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// This thread's CPU time in seconds (Linux: `/proc/thread-self/schedstat`, whose
/// first field is nanoseconds on a CPU), or `None` elsewhere. Less disturbed than wall
/// time by other processes on a shared machine.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos as f64 / 1e9)
}

/// The process's CPU time in seconds, every thread's (finished ones too), or `None`
/// where `getrusage` fails.
fn process_cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage writes a `rusage` into the zeroed one it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Wall, thread CPU and process CPU seconds (CPU: wall where it cannot be read) of one
/// verification.
fn seconds(verify: impl FnOnce() -> Report) -> ([f64; 3], Report) {
    let started = (Instant::now(), thread_cpu_seconds(), process_cpu_seconds());
    let report = verify();
    let wall = started.0.elapsed().as_secs_f64();
    let thread = started
        .1
        .zip(thread_cpu_seconds())
        .map_or(wall, |(a, b)| b - a);
    let process = started
        .2
        .zip(process_cpu_seconds())
        .map_or(wall, |(a, b)| b - a);
    ([wall, thread, process], report)
}

fn best(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| a[i].min(b[i]))
}

fn main() {
    let args = args();
    let bytes = read(&args.ledger);
    let mut trust = Trust::new();
    let inputs = [
        (TrustKind::BitcoinHeaders, &args.headers),
        (TrustKind::TsaRoots, &args.roots),
    ];
    for (kind, path) in inputs {
        trust.add(kind, &read(path), path).expect("a trust input");
    }
    let (mut with, mut without) = ([f64::INFINITY; 3], [f64::INFINITY; 3]);
    let (mut entries, mut anchors, mut tracks) = (0, 0, 0);
    for _ in 0..args.runs {
        let (s, report) = seconds(|| without_anchors(&bytes, &trust));
        assert!(report.valid && report.anchors.is_empty());
        without = best(without, s);
        let (s, report) = seconds(|| with_anchors(&bytes, &trust));
        tracks = verified_tracks(&report);
        (entries, anchors) = (report.entries, report.anchors.len());
        with = best(with, s);
    }
    let [wall, cpu, process] = [0, 1, 2].map(|i| with[i] / without[i]);
    println!(
        "{{\"ledger\":{:?},\"parallel\":{},\"entries\":{entries},\"anchors\":{anchors},\"verified_tracks\":{tracks},\"runs\":{},\"without_anchors_s\":{:.4},\"with_anchors_s\":{:.4},\"ratio\":{wall:.4},\"without_anchors_cpu_s\":{:.4},\"with_anchors_cpu_s\":{:.4},\"cpu_ratio\":{cpu:.4},\"without_anchors_process_cpu_s\":{:.4},\"with_anchors_process_cpu_s\":{:.4},\"process_cpu_ratio\":{process:.4}}}",
        args.ledger,
        cfg!(feature = "parallel"),
        args.runs,
        without[0],
        with[0],
        without[1],
        with[1],
        without[2],
        with[2]
    );
}
