//! Python's `float.__repr__`, which `json.dumps` uses for finite floats.
//!
//! CPython (`Objects/floatobject.c`, `Python/pystrtod.c`, `format_float_short`
//! with mode 0 and type `'r'`) writes the shortest digit string that rounds
//! back to the same double, then chooses the layout from the decimal point
//! position `decpt` (value = 0.DIGITS x 10^decpt):
//!
//! - scientific when `decpt <= -4` or `decpt > 16`: one digit, then `.rest` if
//!   there is more than one digit, then `e`, a sign and at least two exponent
//!   digits (`1e-05`, `1e+16`, `1.7976931348623157e+308`);
//! - fixed otherwise, always with a fractional part (`1.0`, `0.0001`,
//!   `1000000000000000.0`).
//!
//! `json.dumps` (with `allow_nan=True`) prints the non-finite values as `NaN`,
//! `Infinity` and `-Infinity`.

use std::fmt::Write;

/// Appends `x` as Python's `json.dumps` prints a float.
pub(crate) fn push_python_float(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    // Rust's `{:e}` without precision prints the shortest round-trip digits
    // (closest to the exact value on ties), the same digits as CPython's
    // dtoa mode 0: "-1.2345e-5", "1e16", "0e0".
    let mut sci = StackBuf::new();
    if write!(sci, "{x:e}").is_err() {
        // Unreachable: a double's `{:e}` form is at most 25 bytes.
        out.push_str(&x.to_string());
        return;
    }
    let text = sci.as_bytes();
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let e_pos = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let (mantissa, exponent) = (&text[..e_pos], &text[(e_pos + 1).min(text.len())..]);
    let mut digits = [0u8; 20];
    let mut n = 0;
    for &b in mantissa.iter().filter(|&&b| b != b'.') {
        digits[n] = b;
        n += 1;
    }
    let exp10 = parse_exponent(exponent);
    prefer_even_on_exact_tie(x, &mut digits[..n], exp10);
    let digits = &digits[..n];
    let decpt = exp10 + 1;

    if negative {
        out.push('-');
    }
    if decpt <= -4 || decpt > 16 {
        push_ascii(out, &digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            push_ascii(out, &digits[1..]);
        }
        out.push('e');
        out.push(if exp10 < 0 { '-' } else { '+' });
        let magnitude = exp10.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        // An integer's Display cannot fail on a String.
        let _ = write!(out, "{magnitude}");
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..-decpt {
            out.push('0');
        }
        push_ascii(out, digits);
    } else {
        let decpt = decpt as usize;
        if decpt >= digits.len() {
            push_ascii(out, digits);
            for _ in digits.len()..decpt {
                out.push('0');
            }
            out.push_str(".0");
        } else {
            push_ascii(out, &digits[..decpt]);
            out.push('.');
            push_ascii(out, &digits[decpt..]);
        }
    }
}

/// Makes the last digit even when `x` lies exactly halfway between two shortest
/// candidates.
///
/// CPython's dtoa rounds such a tie to an even last digit
/// (`688919468696002.25` prints as `688919468696002.2`), while Rust's shortest
/// formatting rounds it up (`...002.3`). `digits` (the shortest digits, value
/// `0.DIGITS x 10^(exp10 + 1)`) are replaced by the even candidate below them
/// when `x` equals the midpoint exactly and that candidate also round-trips.
fn prefer_even_on_exact_tie(x: f64, digits: &mut [u8], exp10: i32) {
    let Some(&last) = digits.last() else { return };
    // An odd digit above 1: the candidate below ends in a non-zero even digit
    // (a zero would have made a shorter string, which the shortest form excludes).
    if (last - b'0') % 2 == 0 || last == b'1' {
        return;
    }
    let n = digits.len();
    let shortest = digits
        .iter()
        .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0'));
    // midpoint = (10 * shortest - 5) * 10^k: one more digit, ending in 5.
    let midpoint = u128::from(shortest) * 10 - 5;
    let k = exp10 - n as i32;
    if !equals_odd_times_power_of_ten(x.abs(), midpoint, k) {
        return;
    }
    digits[n - 1] = last - 1;
    let mut candidate = StackBuf::new();
    let _ = candidate.write_str(if x < 0.0 { "-0." } else { "0." });
    let _ = candidate.write_str(std::str::from_utf8(digits).unwrap_or("0"));
    let _ = write!(candidate, "e{}", exp10 + 1);
    let round_trips = std::str::from_utf8(candidate.as_bytes())
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        == Some(x);
    if !round_trips {
        digits[n - 1] = last;
    }
}

/// Whether the finite, non-negative double `x` is exactly `odd * 10^k`.
fn equals_odd_times_power_of_ten(x: f64, odd: u128, k: i32) -> bool {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exp2) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if mantissa == 0 {
        return false;
    }
    // x = m_odd * 2^p2 and odd * 10^k = odd * 5^k * 2^k: the powers of two must
    // match, then the odd parts.
    let zeros = mantissa.trailing_zeros();
    let m_odd = u128::from(mantissa >> zeros);
    if exp2 + zeros as i32 != k {
        return false;
    }
    let five_pow = 5u128.checked_pow(k.unsigned_abs());
    if k >= 0 {
        five_pow.and_then(|p| p.checked_mul(odd)) == Some(m_odd)
    } else {
        five_pow.and_then(|p| p.checked_mul(m_odd)) == Some(odd)
    }
}

fn parse_exponent(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let magnitude = digits
        .iter()
        .fold(0i32, |acc, &d| acc * 10 + i32::from(d - b'0'));
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

fn push_ascii(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| char::from(b)));
}

/// A fixed buffer for one formatted double, so printing allocates nothing.
struct StackBuf {
    bytes: [u8; 32],
    len: usize,
}

impl StackBuf {
    fn new() -> Self {
        StackBuf {
            bytes: [0; 32],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(x: f64) -> String {
        let mut s = String::new();
        push_python_float(&mut s, x);
        s
    }

    /// Outputs checked against CPython 3.11 `repr(float)`.
    #[test]
    fn matches_python_repr_at_layout_boundaries() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.2345e16, "1.2345e+16"),
            (1.234567891234568e18, "1.234567891234568e+18"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (1e22, "1e+22"),
            (1e100, "1e+100"),
            (-2.5, "-2.5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            // Exact ties between two shortest candidates round to even.
            (2_755_677_874_784_009.0 / 4.0, "688919468696002.2"),
            (0.5, "0.5"),
            (2.5, "2.5"),
        ];
        for &(x, expected) in cases {
            assert_eq!(repr(x), expected, "{x:e}");
        }
    }
}
