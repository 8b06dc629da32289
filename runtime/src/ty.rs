//! Decoded exported-type descriptors: the tree form of the byte encoding in
//! [`crate::abi::tycode`].
//!
//! `pyglue` decodes every overload's encoded types once, when the module is
//! built, so a malformed descriptor is reported at import time (as an
//! `ImportError`) instead of on some later call, and the per-call argument
//! matching walks a small tree instead of re-parsing bytes.
//!
//! Invariants: this file is pure (no Python API); [`Ty::words`] agrees with
//! [`crate::abi::flat_words`] for every encoding [`Ty::parse`] accepts.

use std::fmt;

use crate::abi::{dtype, layout, tycode, MAX_NDIM};

/// One exported type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Float,
    Complex,
    None,
    /// A NumPy dtype object (results only; no words).
    DType(u8),
    Str,
    /// A NumPy scalar of the given [`dtype`].
    NpScalar(u8),
    Array {
        dtype: u8,
        ndim: usize,
        layout: u8,
    },
    Tuple(Vec<Ty>),
    List(Box<Ty>),
    Set(Box<Ty>),
    Dict(Box<Ty>, Box<Ty>),
}

/// Why an encoding was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the offending byte.
    pub at: usize,
    pub what: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl Ty {
    /// Decodes one type at the start of `bytes`; returns it and the number of
    /// bytes it spans.
    pub fn parse(bytes: &[u8]) -> Result<(Ty, usize), ParseError> {
        Self::parse_at(bytes, 0)
    }

    /// Decodes exactly `n` consecutive types spanning all of `bytes`.
    pub fn parse_seq(bytes: &[u8], n: usize) -> Result<Vec<Ty>, ParseError> {
        let mut pos = 0;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let (t, len) = Self::parse_at(&bytes[pos..], pos)?;
            out.push(t);
            pos += len;
        }
        if pos != bytes.len() {
            return Err(ParseError { at: pos, what: "trailing bytes after the last type" });
        }
        Ok(out)
    }

    fn parse_at(bytes: &[u8], base: usize) -> Result<(Ty, usize), ParseError> {
        let byte = |i: usize| bytes.get(i).copied().ok_or(ParseError { at: base + i, what: "truncated type encoding" });
        let code = byte(0)?;
        Ok(match code {
            tycode::BOOL => (Ty::Bool, 1),
            tycode::INT => (Ty::Int, 1),
            tycode::FLOAT => (Ty::Float, 1),
            tycode::COMPLEX => (Ty::Complex, 1),
            tycode::NONE => (Ty::None, 1),
            tycode::STR => (Ty::Str, 1),
            tycode::NPSCALAR => (Ty::NpScalar(check_dtype(byte(1)?, base + 1)?), 2),
            tycode::DTYPE => (Ty::DType(check_dtype(byte(1)?, base + 1)?), 2),
            tycode::ARRAY => {
                let d = check_dtype(byte(1)?, base + 1)?;
                let ndim = byte(2)? as usize;
                if ndim > MAX_NDIM {
                    return Err(ParseError { at: base + 2, what: "too many array dimensions" });
                }
                let l = byte(3)?;
                if !matches!(l, layout::STRIDED | layout::C | layout::F) {
                    return Err(ParseError { at: base + 3, what: "unknown array layout" });
                }
                (Ty::Array { dtype: d, ndim, layout: l }, 4)
            }
            tycode::TUPLE => {
                let n = byte(1)? as usize;
                let mut pos = 2;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    let rest = bytes.get(pos..).unwrap_or(&[]);
                    let (t, len) = Self::parse_at(rest, base + pos)?;
                    items.push(t);
                    pos += len;
                }
                (Ty::Tuple(items), pos)
            }
            tycode::LIST | tycode::SET => {
                let (t, len) = Self::parse_at(&bytes[1..], base + 1)?;
                let t = Box::new(t);
                (if code == tycode::LIST { Ty::List(t) } else { Ty::Set(t) }, 1 + len)
            }
            tycode::DICT => {
                let (k, klen) = Self::parse_at(&bytes[1..], base + 1)?;
                let (v, vlen) = Self::parse_at(&bytes[1 + klen..], base + 1 + klen)?;
                (Ty::Dict(Box::new(k), Box::new(v)), 1 + klen + vlen)
            }
            _ => return Err(ParseError { at: base, what: "unknown type code" }),
        })
    }

    /// Number of 64-bit words a value of this type occupies (see `flat_words`).
    pub fn words(&self) -> usize {
        match self {
            Ty::Bool | Ty::Int | Ty::Float | Ty::Str => 1,
            Ty::Complex => 2,
            Ty::None | Ty::DType(_) => 0,
            Ty::NpScalar(d) => {
                if *d >= dtype::COMPLEX64 {
                    2
                } else {
                    1
                }
            }
            Ty::Array { ndim, .. } => 2 + 2 * ndim,
            Ty::Tuple(items) => items.iter().map(Ty::words).sum(),
            Ty::List(_) | Ty::Set(_) | Ty::Dict(..) => 1,
        }
    }

    /// Number of array values inside a value of this type (each needs an owner
    /// `KBuf` when passed as an argument). Containers count 0: their items are
    /// runtime objects, not flattened arrays.
    pub fn arrays(&self) -> usize {
        match self {
            Ty::Array { .. } => 1,
            Ty::Tuple(items) => items.iter().map(Ty::arrays).sum(),
            _ => 0,
        }
    }
}

fn check_dtype(d: u8, at: usize) -> Result<u8, ParseError> {
    if d <= dtype::COMPLEX128 {
        Ok(d)
    } else {
        Err(ParseError { at, what: "unknown dtype" })
    }
}

/// Writes the Pythran-style spelling: `float64[:,:]`, `(int, float)`, `int list`.
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Int => f.write_str("int"),
            Ty::Float => f.write_str("float"),
            Ty::Complex => f.write_str("complex"),
            Ty::None => f.write_str("None"),
            Ty::DType(_) => f.write_str("dtype"),
            Ty::Str => f.write_str("str"),
            Ty::NpScalar(d) => f.write_str(dtype::name(*d)),
            Ty::Array { dtype: d, ndim, layout: l } => {
                f.write_str(dtype::name(*d))?;
                f.write_str(&array_dims(*ndim))?;
                match *l {
                    layout::C if *ndim >= 2 => f.write_str(" order(C)"),
                    layout::F if *ndim >= 2 => f.write_str(" order(F)"),
                    _ => Ok(()),
                }
            }
            Ty::Tuple(items) => {
                f.write_str("(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            Ty::List(t) => write!(f, "{t} list"),
            Ty::Set(t) => write!(f, "{t} set"),
            Ty::Dict(k, v) => write!(f, "{k}:{v} dict"),
        }
    }
}

/// `[]` for 0-d, `[:]`, `[:,:]`, ... otherwise.
pub fn array_dims(ndim: usize) -> String {
    let mut s = String::with_capacity(2 + 2 * ndim);
    s.push('[');
    for i in 0..ndim {
        if i > 0 {
            s.push(',');
        }
        s.push(':');
    }
    s.push(']');
    s
}

/// Inclusive value range of an integer dtype (`None` for other dtypes).
pub fn int_range(d: u8) -> Option<(i128, i128)> {
    Some(match d {
        dtype::INT8 => (i8::MIN as i128, i8::MAX as i128),
        dtype::INT16 => (i16::MIN as i128, i16::MAX as i128),
        dtype::INT32 => (i32::MIN as i128, i32::MAX as i128),
        dtype::INT64 => (i64::MIN as i128, i64::MAX as i128),
        dtype::UINT8 => (0, u8::MAX as i128),
        dtype::UINT16 => (0, u16::MAX as i128),
        dtype::UINT32 => (0, u32::MAX as i128),
        dtype::UINT64 => (0, u64::MAX as i128),
        _ => return None,
    })
}

/// Whether `d` is one of the float dtypes.
pub fn is_float(d: u8) -> bool {
    matches!(d, dtype::FLOAT32 | dtype::FLOAT64)
}

/// Whether `d` is one of the complex dtypes.
pub fn is_complex(d: u8) -> bool {
    matches!(d, dtype::COMPLEX64 | dtype::COMPLEX128)
}

/// The words of a NumPy scalar of dtype `d`, from its value's native bytes
/// (as NumPy stores it). Signed integers are sign-extended and unsigned ones
/// zero-extended to 64 bits, so compiled code may read either the low bits or
/// the whole word; float32 sits in the low 32 bits; complex64 puts its two
/// float32 halves in the low halves of two words.
pub fn scalar_words(d: u8, raw: &[u8; 16]) -> [u64; 2] {
    let b2 = |i: usize| [raw[i], raw[i + 1]];
    let b4 = |i: usize| [raw[i], raw[i + 1], raw[i + 2], raw[i + 3]];
    let b8 = |i: usize| {
        let mut a = [0u8; 8];
        a.copy_from_slice(&raw[i..i + 8]);
        a
    };
    match d {
        dtype::BOOL => [(raw[0] != 0) as u64, 0],
        dtype::INT8 => [raw[0] as i8 as i64 as u64, 0],
        dtype::INT16 => [i16::from_ne_bytes(b2(0)) as i64 as u64, 0],
        dtype::INT32 => [i32::from_ne_bytes(b4(0)) as i64 as u64, 0],
        dtype::UINT8 => [raw[0] as u64, 0],
        dtype::UINT16 => [u16::from_ne_bytes(b2(0)) as u64, 0],
        dtype::UINT32 | dtype::FLOAT32 => [u32::from_ne_bytes(b4(0)) as u64, 0],
        dtype::COMPLEX64 => [u32::from_ne_bytes(b4(0)) as u64, u32::from_ne_bytes(b4(4)) as u64],
        dtype::COMPLEX128 => [u64::from_ne_bytes(b8(0)), u64::from_ne_bytes(b8(8))],
        // INT64, UINT64, FLOAT64.
        _ => [u64::from_ne_bytes(b8(0)), 0],
    }
}

/// The inverse of [`scalar_words`]: native bytes of a dtype-`d` value from its
/// words. Only the low bits that belong to the dtype are read.
pub fn scalar_bytes(d: u8, words: &[u64]) -> [u8; 16] {
    let w0 = words.first().copied().unwrap_or(0);
    let w1 = words.get(1).copied().unwrap_or(0);
    let mut raw = [0u8; 16];
    match d {
        dtype::BOOL => raw[0] = ((w0 & 0xff) != 0) as u8,
        dtype::COMPLEX64 => {
            raw[..4].copy_from_slice(&(w0 as u32).to_ne_bytes());
            raw[4..8].copy_from_slice(&(w1 as u32).to_ne_bytes());
        }
        dtype::COMPLEX128 => {
            raw[..8].copy_from_slice(&w0.to_ne_bytes());
            raw[8..].copy_from_slice(&w1.to_ne_bytes());
        }
        _ => {
            let n = dtype::itemsize(d);
            raw[..n].copy_from_slice(&w0.to_ne_bytes()[..n]);
        }
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::flat_words;

    const CASES: &[&[u8]] = &[
        b"i",
        b"?",
        b"f",
        b"c",
        b"n",
        b"s",
        &[tycode::NPSCALAR, dtype::FLOAT32],
        &[tycode::NPSCALAR, dtype::COMPLEX64],
        &[tycode::ARRAY, dtype::FLOAT64, 1, layout::C],
        &[tycode::ARRAY, dtype::INT32, 0, layout::STRIDED],
        &[tycode::ARRAY, dtype::BOOL, 3, layout::F],
        &[tycode::TUPLE, 3, b'i', tycode::ARRAY, dtype::FLOAT64, 2, layout::C, tycode::TUPLE, 1, b'c'],
        &[tycode::TUPLE, 0],
        &[tycode::LIST, tycode::ARRAY, dtype::INT64, 1, layout::C],
        &[tycode::DICT, b's', tycode::LIST, b'f'],
        &[tycode::SET, b'i'],
    ];

    #[test]
    fn words_agree_with_abi_flat_words() {
        for enc in CASES {
            let (t, len) = Ty::parse(enc).unwrap();
            assert_eq!(len, enc.len(), "{t}");
            assert_eq!(flat_words(enc), Some((t.words(), len)), "{t}");
        }
    }

    #[test]
    fn display() {
        let show = |enc: &[u8]| Ty::parse(enc).unwrap().0.to_string();
        assert_eq!(show(&[tycode::ARRAY, dtype::FLOAT64, 1, layout::C]), "float64[:]");
        assert_eq!(show(&[tycode::ARRAY, dtype::INT32, 0, layout::C]), "int32[]");
        assert_eq!(show(&[tycode::ARRAY, dtype::INT32, 2, layout::F]), "int32[:,:] order(F)");
        assert_eq!(show(&[tycode::TUPLE, 2, b'i', b'f']), "(int, float)");
        assert_eq!(show(&[tycode::TUPLE, 1, b'i']), "(int,)");
        assert_eq!(show(&[tycode::DICT, b's', b'i']), "str:int dict");
        assert_eq!(show(&[tycode::NPSCALAR, dtype::UINT8]), "uint8");
    }

    #[test]
    fn scalar_words_round_trip() {
        let mut raw = [0u8; 16];
        raw[..2].copy_from_slice(&(-3i16).to_ne_bytes());
        assert_eq!(scalar_words(dtype::INT16, &raw), [(-3i64) as u64, 0]);
        assert_eq!(scalar_bytes(dtype::INT16, &scalar_words(dtype::INT16, &raw)), raw);
        raw = [0u8; 16];
        raw[..4].copy_from_slice(&1.5f32.to_ne_bytes());
        raw[4..8].copy_from_slice(&(-2.0f32).to_ne_bytes());
        let w = scalar_words(dtype::COMPLEX64, &raw);
        assert_eq!(w, [1.5f32.to_bits() as u64, (-2.0f32).to_bits() as u64]);
        assert_eq!(scalar_bytes(dtype::COMPLEX64, &w), raw);
        raw = [0u8; 16];
        raw[0] = 200;
        assert_eq!(scalar_words(dtype::UINT8, &raw), [200, 0]);
        assert_eq!(scalar_words(dtype::INT8, &raw), [(-56i64) as u64, 0]);
        // Garbage above the dtype's width is ignored on the way back.
        assert_eq!(scalar_bytes(dtype::UINT8, &[0xffff_ff07]), {
            let mut r = [0u8; 16];
            r[0] = 7;
            r
        });
        assert_eq!(scalar_bytes(dtype::BOOL, &[0x100])[0], 0);
        assert_eq!(scalar_bytes(dtype::BOOL, &[1])[0], 1);
        assert_eq!(int_range(dtype::UINT64), Some((0, u64::MAX as i128)));
        assert_eq!(int_range(dtype::FLOAT64), None);
    }

    #[test]
    fn malformed_encodings_are_refused() {
        for enc in [
            &b""[..],
            b"x",
            &[tycode::NPSCALAR],
            &[tycode::NPSCALAR, 13],
            &[tycode::ARRAY, dtype::FLOAT64, 1],
            &[tycode::ARRAY, dtype::FLOAT64, 33, layout::C],
            &[tycode::ARRAY, dtype::FLOAT64, 1, 3],
            &[tycode::TUPLE, 2, b'i'],
            &[tycode::TUPLE],
            &[tycode::LIST],
            &[tycode::DICT, b'i'],
        ] {
            assert!(Ty::parse(enc).is_err(), "{enc:?}");
        }
        assert!(Ty::parse_seq(b"iff", 2).is_err());
        assert_eq!(Ty::parse_seq(b"if", 2).unwrap(), vec![Ty::Int, Ty::Float]);
        assert_eq!(Ty::parse_seq(b"", 0).unwrap(), vec![]);
    }
}
