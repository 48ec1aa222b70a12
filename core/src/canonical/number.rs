//! JSON numbers as Python's `json` module holds them: `int` of any size or
//! `float` (an IEEE 754 double).

use std::fmt;

/// Python 3.11 refuses to convert decimal integer literals longer than this many
/// digits (`sys.int_info.default_max_str_digits`, CVE-2020-10735), so
/// `json.loads` rejects them and so do we.
pub const MAX_INTEGER_DIGITS: usize = 4300;

/// An exact integer, printed in full as Python prints an `int`.
///
/// Values in the `i64` range are held inline; larger ones as their decimal text,
/// so equality is equality of values.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Integer(IntRepr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum IntRepr {
    Small(i64),
    /// Decimal digits with an optional leading `-`, no leading zeros, and a value
    /// outside the `i64` range.
    Big(Box<str>),
}

impl Integer {
    /// The value as `i64`, if it fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            IntRepr::Small(v) => Some(v),
            IntRepr::Big(_) => None,
        }
    }

    /// Reads decimal integer text (`-?(0|[1-9][0-9]*)`, at most
    /// [`MAX_INTEGER_DIGITS`] digits), for example a JavaScript `BigInt`'s
    /// `toString()`. Returns `None` for anything else.
    pub fn from_decimal(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let well_formed = !digits.is_empty()
            && digits.len() <= MAX_INTEGER_DIGITS
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        well_formed.then(|| Self::from_json_digits(text))
    }

    /// Builds an integer from JSON integer text (`-?(0|[1-9][0-9]*)`), which the
    /// parser has already checked and limited to [`MAX_INTEGER_DIGITS`] digits.
    pub(crate) fn from_json_digits(text: &str) -> Self {
        match text.parse::<i64>() {
            Ok(v) => Integer(IntRepr::Small(v)),
            Err(_) => Integer(IntRepr::Big(text.into())),
        }
    }

    /// The exact value of an integral, finite double.
    fn from_integral_f64(x: f64) -> Self {
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if (-TWO_POW_63..TWO_POW_63).contains(&x) {
            // Exact: x is integral and in range (and -0.0 becomes 0).
            return Integer(IntRepr::Small(x as i64));
        }
        // |x| >= 2^63, so x = mantissa * 2^exp with exp > 0.
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i32;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        let exp = biased - 1075;
        let mut text = if x < 0.0 {
            String::from("-")
        } else {
            String::new()
        };
        text.push_str(&decimal_of_shifted(mantissa, exp as u32));
        Integer(IntRepr::Big(text.into_boxed_str()))
    }
}

/// Decimal digits of `mantissa * 2^shift`, using base-10^9 limbs.
fn decimal_of_shifted(mantissa: u64, mut shift: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    // Little-endian limbs.
    let mut limbs = vec![
        mantissa % BASE,
        (mantissa / BASE) % BASE,
        mantissa / BASE / BASE,
    ];
    while shift > 0 {
        // limb * 2^29 + carry < 10^9 * 2^29 + 2^30 fits in u64.
        let step = shift.min(29);
        let mut carry = 0u64;
        for limb in limbs.iter_mut() {
            let v = (*limb << step) + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
        shift -= step;
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::with_capacity(limbs.len() * 9);
    let mut iter = limbs.iter().rev();
    if let Some(top) = iter.next() {
        out.push_str(&top.to_string());
    }
    for limb in iter {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

impl From<i64> for Integer {
    fn from(v: i64) -> Self {
        Integer(IntRepr::Small(v))
    }
}

impl From<u64> for Integer {
    fn from(v: u64) -> Self {
        match i64::try_from(v) {
            Ok(v) => Integer(IntRepr::Small(v)),
            Err(_) => Integer(IntRepr::Big(v.to_string().into_boxed_str())),
        }
    }
}

impl fmt::Display for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            IntRepr::Small(v) => fmt::Display::fmt(v, f),
            IntRepr::Big(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for Integer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A JSON number: what Python's `json.loads` makes of a number literal.
///
/// A literal without fraction or exponent is an `int` (so `-0` is `0`); any other
/// literal is a `float`, possibly infinite (`1e400`), and `NaN`, `Infinity`,
/// `-Infinity` are floats too.
#[derive(Clone, PartialEq)]
pub enum Number {
    /// A Python `int`: printed as its exact decimal value.
    Int(Integer),
    /// A Python `float`: printed as `repr(float)` (`1.0`, `1e-05`, `-0.0`, `NaN`).
    Float(f64),
}

impl Number {
    /// A number that arrived as a JavaScript double (for example from a web
    /// gateway that fed `JSON.parse` output into the ledger).
    ///
    /// JavaScript has a single number type, so the int `5` a Python producer
    /// wrote and read back arrives as the double `5.0`. This mode maps every
    /// integral finite double to the Python `int` of the same exact value, so it
    /// prints as Python would print that int: `5.0` -> `5`,
    /// `1e21` -> `1000000000000000000000`, `-0.0` -> `0`,
    /// `1e23` -> `99999999999999991611392` (the double's exact value). Every
    /// other double (fractional, NaN, infinite) stays a [`Number::Float`].
    pub fn from_js(x: f64) -> Self {
        if x.is_finite() && x.trunc() == x {
            Number::Int(Integer::from_integral_f64(x))
        } else {
            Number::Float(x)
        }
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Self {
        Number::Int(v.into())
    }
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        Number::Int(v.into())
    }
}

impl From<f64> for Number {
    fn from(v: f64) -> Self {
        Number::Float(v)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "Int({i})"),
            Number::Float(x) => write!(f, "Float({x:?})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(x: f64) -> String {
        match Number::from_js(x) {
            Number::Int(i) => i.to_string(),
            Number::Float(x) => format!("float {x:?}"),
        }
    }

    #[test]
    fn js_integral_doubles_become_exact_ints() {
        assert_eq!(js(5.0), "5");
        assert_eq!(js(-0.0), "0");
        assert_eq!(js(1e21), "1000000000000000000000");
        assert_eq!(js(1e23), "99999999999999991611392");
        assert_eq!(js(-9_223_372_036_854_775_808.0), "-9223372036854775808");
        assert_eq!(js(9_223_372_036_854_775_808.0), "9223372036854775808");
        assert_eq!(js(2f64.powi(64)), "18446744073709551616");
        assert_eq!(js(f64::MAX), format!("{:.0}", f64::MAX));
        assert_eq!(js(-f64::MAX), format!("{:.0}", -f64::MAX));
    }

    #[test]
    fn js_non_integral_doubles_stay_floats() {
        assert_eq!(js(0.5), "float 0.5");
        assert_eq!(js(f64::INFINITY), "float inf");
        assert!(matches!(Number::from_js(f64::NAN), Number::Float(x) if x.is_nan()));
    }

    #[test]
    fn u64_above_i64_is_exact() {
        assert_eq!(Integer::from(u64::MAX).to_string(), "18446744073709551615");
        assert_eq!(Integer::from(u64::MAX).as_i64(), None);
        assert_eq!(Integer::from(7u64), Integer::from(7i64));
    }

    #[test]
    fn decimal_text_of_any_size_is_exact_and_malformed_text_is_refused() {
        let big = "-123456789012345678901234567890";
        assert_eq!(Integer::from_decimal(big).unwrap().to_string(), big);
        assert_eq!(Integer::from_decimal("-0"), Some(Integer::from(0i64)));
        assert_eq!(Integer::from_decimal("42"), Some(Integer::from(42i64)));
        for bad in ["", "-", "01", "1.0", "+1", " 1", "1e3", "0x10"] {
            assert_eq!(Integer::from_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(
            Integer::from_decimal(&"9".repeat(MAX_INTEGER_DIGITS + 1)),
            None
        );
    }

    #[test]
    fn json_digits_normalise_to_the_same_value() {
        assert_eq!(Integer::from_json_digits("-0"), Integer::from(0i64));
        assert_eq!(
            Integer::from_json_digits("9223372036854775807"),
            Integer::from(i64::MAX)
        );
        assert_eq!(
            Integer::from_json_digits("18446744073709551615"),
            Integer::from(u64::MAX)
        );
    }
}
