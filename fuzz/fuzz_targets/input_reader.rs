//! Any bytes as a ledger input of any format (`core/src/input`): read whole
//! (`input::read`) and in chunks cut where the input's first byte says
//! (`input::Reader`), the two must give the same ledger or the same error, and a
//! ledger that reads is verified. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nexuscone_core::input::{self, Format, Hint, Ledger, Reader, Trust};

fuzz_target!(|data: &[u8]| {
    let hint = if data.first().is_some_and(|b| b & 1 == 1) {
        Hint::Sqlite
    } else {
        Hint::None
    };
    let whole = Ledger::read(data, hint);
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut chunked = Ledger::default();
    let mut reader = Reader::new(hint);
    let read = data
        .chunks(chunk)
        .try_for_each(|piece| reader.feed(piece, &mut chunked))
        .and_then(|()| reader.finish(&mut chunked));
    match (&whole, read) {
        (Ok(ledger), Ok(())) => assert_eq!(*ledger, chunked),
        (Err(a), Err(b)) => assert_eq!(*a, b),
        (a, b) => panic!("whole {a:?} but chunked {b:?}"),
    }
    if let Some(detected) = Format::detect(data, true) {
        if let Ok(ledger) = &whole {
            assert_eq!(ledger.format, Some(detected));
        }
    }
    if whole.is_ok() {
        let report = input::verify(data, hint, &Trust::new()).expect("read once, reads again");
        assert_eq!(
            report.entries as usize,
            whole.map(|l| l.rows.len()).unwrap_or(0)
        );
    }
});
