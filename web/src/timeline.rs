//! Entries over time, for the timeline chart: each entry's time as Unix seconds
//! and the counts per bucket, with bucket widths chosen from the time span.
//!
//! What this module is NOT: a timestamp check. The core decides whether a ledger is
//! valid; a timestamp that cannot be read here is only left off the chart.

/// Bucket widths to choose from, in microseconds: each a unit a reader can count in.
const WIDTHS: [i64; 25] = [
    1_000,
    2_000,
    5_000,
    10_000,
    20_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    5_000_000,
    15_000_000,
    60_000_000,
    300_000_000,
    900_000_000,
    1_800_000_000,
    3_600_000_000,
    10_800_000_000,
    21_600_000_000,
    43_200_000_000,
    86_400_000_000,
    604_800_000_000,
    2_592_000_000_000,
    7_776_000_000_000,
    31_536_000_000_000,
];

/// At most this many buckets on the chart.
pub const MAX_BUCKETS: usize = 60;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// Microseconds since the Unix epoch of an ISO 8601 timestamp as the ledgers write
/// them: `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` then `Z`, `+HH:MM`, `-HH:MM` or
/// nothing (read as UTC). Digits past the microsecond are dropped. `None` for
/// anything else.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let num = |s: Option<&str>| -> Option<i64> { s.filter(|s| digits(s))?.parse().ok() };
    if t.len() < 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
        return None;
    }
    let (year, month, day) = (num(t.get(0..4))?, num(t.get(5..7))?, num(t.get(8..10))?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut micros = days_from_civil(year, month as u32, day as u32) * 86_400_000_000;
    let mut rest = &t[10..];
    if let Some(time) = rest.strip_prefix(['T', 't', ' ']) {
        let (h, m) = (num(time.get(0..2))?, num(time.get(3..5))?);
        if time.as_bytes().get(2) != Some(&b':') || h > 23 || m > 59 {
            return None;
        }
        micros += (h * 3600 + m * 60) * 1_000_000;
        rest = &time[5..];
        if let Some(s) = rest.strip_prefix(':') {
            let sec = num(s.get(0..2))?;
            if sec > 60 {
                return None;
            }
            micros += sec * 1_000_000;
            rest = &s[2..];
            if let Some(f) = rest.strip_prefix('.') {
                let n = f.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    return None;
                }
                let kept = &f[..n.min(6)];
                micros += num(Some(kept))? * 10i64.pow(6 - kept.len() as u32);
                rest = &f[n..];
            }
        }
    }
    match rest {
        "" | "Z" | "z" => Some(micros),
        offset => {
            let sign = match offset.as_bytes().first()? {
                b'+' => -1,
                b'-' => 1,
                _ => return None,
            };
            let o = offset.get(1..)?.replace(':', "");
            if o.len() != 4 {
                return None;
            }
            let minutes = num(o.get(..2))? * 60 + num(o.get(2..))?;
            Some(micros + sign * minutes * 60_000_000)
        }
    }
}

/// A time as the ledgers write it (UTC), without a fraction when it is whole seconds.
pub fn format_time(micros: i64) -> String {
    let text = nexuscone_core::writer::format_timestamp(
        micros.div_euclid(1_000_000),
        micros.rem_euclid(1_000_000) as u32,
    );
    match text.strip_suffix(".000000Z") {
        Some(whole) => format!("{whole}Z"),
        None => text,
    }
}

/// Entry ids in a set of inclusive spans (the entries verified anchors cover), merged
/// so that a lookup is a binary search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spans(Vec<(i64, i64)>);

impl Spans {
    /// The union of `spans` (each `(first, last)`, inclusive).
    pub fn new(spans: impl IntoIterator<Item = (i64, i64)>) -> Spans {
        let mut sorted: Vec<(i64, i64)> = spans.into_iter().filter(|(a, b)| a <= b).collect();
        sorted.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
        for (first, last) in sorted {
            match merged.last_mut() {
                Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        Spans(merged)
    }

    /// True when `id` is in a span.
    pub fn contains(&self, id: i64) -> bool {
        let after = self.0.partition_point(|&(first, _)| first <= id);
        after > 0 && id <= self.0[after - 1].1
    }
}

/// One bucket: `[start, start + width)`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bucket {
    /// Entries in it.
    pub entries: u64,
    /// Of those, entries that failed.
    pub failures: u64,
    /// Of those, entries a verified anchor covers.
    pub covered: u64,
}

/// Entries counted per bucket of equal width.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Start of the first bucket (Unix microseconds).
    pub start: i64,
    /// Width of every bucket in microseconds.
    pub width: i64,
    /// The buckets, oldest first.
    pub buckets: Vec<Bucket>,
    /// Entries whose time could not be read.
    pub unreadable: u64,
}

impl Timeline {
    /// Buckets `times` (each entry's time, `None` when unreadable) with the first
    /// width in [`WIDTHS`] that needs at most [`MAX_BUCKETS`] buckets; `failed(i)`
    /// says whether entry `i` failed, `covered(i)` whether a verified anchor covers
    /// it. `None` when no time could be read.
    pub fn build(
        times: &[Option<i64>],
        failed: impl Fn(usize) -> bool,
        covered: impl Fn(usize) -> bool,
    ) -> Option<Timeline> {
        let lo = times.iter().flatten().min().copied()?;
        let hi = times.iter().flatten().max().copied()?;
        let span = hi - lo;
        let max = MAX_BUCKETS as i64;
        let width = WIDTHS
            .iter()
            .copied()
            .find(|w| span / w < max)
            .unwrap_or_else(|| span / (max - 1) + 1);
        let start = lo.div_euclid(width) * width;
        let n = ((hi - start) / width) as usize + 1;
        let mut timeline = Timeline {
            start,
            width,
            buckets: vec![Bucket::default(); n],
            unreadable: 0,
        };
        for (i, t) in times.iter().enumerate() {
            match t {
                Some(t) => {
                    let index = timeline.bucket_of(*t);
                    let b = &mut timeline.buckets[index];
                    b.entries += 1;
                    b.failures += u64::from(failed(i));
                    b.covered += u64::from(covered(i));
                }
                None => timeline.unreadable += 1,
            }
        }
        Some(timeline)
    }

    /// The bucket holding time `t` (one of the times it was built from).
    pub fn bucket_of(&self, t: i64) -> usize {
        ((t - self.start) / self.width) as usize
    }

    /// Where time `t` falls along the chart, from 0 (its start) to 1 (its end).
    pub fn fraction(&self, t: i64) -> f64 {
        let span = self.width as f64 * self.buckets.len() as f64;
        ((t - self.start) as f64 / span).clamp(0.0, 1.0)
    }

    /// The time range of bucket `i`: `[from, to)`.
    pub fn range(&self, i: usize) -> (i64, i64) {
        let from = self.start + i as i64 * self.width;
        (from, from + self.width)
    }

    /// The bucket width as words ("15 min", "1 day").
    pub fn width_label(&self) -> String {
        const UNITS: [(i64, &str); 5] = [
            (86_400_000_000, " day"),
            (3_600_000_000, " h"),
            (60_000_000, " min"),
            (1_000_000, " s"),
            (1_000, " ms"),
        ];
        let w = self.width;
        let (size, unit) = UNITS
            .iter()
            .copied()
            .find(|(size, _)| w >= *size)
            .unwrap_or((1, " µs"));
        let n = w as f64 / size as f64;
        let plural = if unit == " day" && n != 1.0 { "s" } else { "" };
        format!("{n}{unit}{plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000;

    #[test]
    fn ledger_timestamps_read_as_unix_microseconds_with_offsets_and_fractions() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time("2000-03-01T00:00:00Z"), Some(951_868_800 * S));
        assert_eq!(
            parse_time("2024-05-06T07:08:09.250000Z"),
            Some(1_714_979_289 * S + 250_000)
        );
        assert_eq!(
            parse_time("2024-05-06T07:08:09.1234567Z"),
            Some(1_714_979_289 * S + 123_456)
        );
        assert_eq!(
            parse_time("2024-05-06 07:08:09+02:00"),
            Some(1_714_972_089 * S)
        );
        assert_eq!(parse_time("2024-05-06"), Some(1_714_953_600 * S));
        assert_eq!(parse_time("2024-05-06T07:08Z"), Some(1_714_979_280 * S));
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("2024-13-06T07:08:09Z"), None);
        assert_eq!(parse_time("2024-05-06T07:08:09.Z"), None);
    }

    #[test]
    fn formatted_times_read_back() {
        for t in [0, 1_714_979_289 * S, 1_714_979_289 * S + 250_000] {
            assert_eq!(parse_time(&format_time(t)), Some(t));
        }
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn buckets_count_every_entry_and_mark_failures_with_at_most_max_buckets() {
        let times: Vec<Option<i64>> = (0..1000)
            .map(|i| Some(1_700_000_000 * S + i * 37 * S))
            .chain([None])
            .collect();
        let t = Timeline::build(&times, |i| i == 500, |i| i < 300).unwrap();
        assert!(t.buckets.len() <= MAX_BUCKETS, "{}", t.buckets.len());
        assert_eq!(t.buckets.iter().map(|b| b.entries).sum::<u64>(), 1000);
        assert_eq!(t.buckets.iter().map(|b| b.failures).sum::<u64>(), 1);
        assert_eq!(t.buckets.iter().map(|b| b.covered).sum::<u64>(), 300);
        let last_covered = t.bucket_of(times[299].unwrap());
        assert!(t.buckets[..last_covered]
            .iter()
            .all(|b| b.covered == b.entries));
        assert!(t.buckets[last_covered + 1..].iter().all(|b| b.covered == 0));
        assert_eq!(t.unreadable, 1);
        assert_eq!(t.width, 900 * S);
        assert_eq!(t.width_label(), "15 min");
        assert!(Timeline::build(&[None], |_| false, |_| false).is_none());
    }

    #[test]
    fn spans_contain_exactly_the_ids_of_some_span() {
        let spans = Spans::new([(5, 9), (1, 3), (4, 4), (20, 25), (7, 12), (30, 29)]);
        assert_eq!(spans, Spans(vec![(1, 12), (20, 25)]));
        let naive = |id: i64| {
            [(5, 9), (1, 3), (4, 4), (20, 25), (7, 12)]
                .iter()
                .any(|&(a, b)| (a..=b).contains(&id))
        };
        for id in -2..40 {
            assert_eq!(spans.contains(id), naive(id), "{id}");
        }
        assert!(!Spans::default().contains(0));
    }

    #[test]
    fn a_burst_within_a_second_gets_millisecond_buckets() {
        let times: Vec<Option<i64>> = (0..55)
            .map(|i| Some(S * 1000 + 173_691 + i * 1_200))
            .collect();
        let t = Timeline::build(&times, |_| false, |_| false).unwrap();
        // The newest entry falls in the last bucket, so in the chart's last slot.
        let n = t.buckets.len() as f64;
        let newest = t.fraction(times[54].unwrap());
        assert!(newest >= (n - 1.0) / n && newest < 1.0, "{newest}");
        assert_eq!(t.fraction(t.start), 0.0);
        assert!(t.buckets.len() > 10, "{}", t.buckets.len());
        assert_eq!(t.width_label(), "2 ms");
    }
}
