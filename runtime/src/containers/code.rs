//! Element type codes as the runtime reads them: [`Code`] is a borrowed view
//! of one encoded type (the `abi::tycode` prefix encoding) reached through the
//! raw `ty` pointer that compiled code hands over or that a container keeps.
//!
//! Invariants: a `Code` spans exactly one well-formed type encoding; its
//! bytes live at least as long as every object that points at them (they are
//! static data of the compiled module, or the decoded overload descriptors).
//! A malformed encoding is a compiler bug and panics (turned into
//! `SystemError` by the entry point's guard).

use crate::abi::{dtype, flat_words, tycode};

/// One encoded type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code<'a> {
    bytes: &'a [u8],
}

/// Length in bytes of the encoding at `p`.
///
/// # Safety
/// `p` points to a well-formed encoding.
unsafe fn encoded_len(p: *const u8) -> usize {
    // SAFETY: the encoding is well-formed, so every byte read is inside it.
    unsafe {
        match *p {
            tycode::BOOL | tycode::INT | tycode::FLOAT | tycode::COMPLEX | tycode::NONE | tycode::STR => 1,
            tycode::NPSCALAR | tycode::DTYPE => 2,
            tycode::ARRAY => 4,
            tycode::TUPLE => {
                let n = *p.add(1) as usize;
                let mut pos = 2;
                for _ in 0..n {
                    pos += encoded_len(p.add(pos));
                }
                pos
            }
            tycode::LIST | tycode::SET => 1 + encoded_len(p.add(1)),
            tycode::DICT => {
                let k = encoded_len(p.add(1));
                1 + k + encoded_len(p.add(1 + k))
            }
            other => panic!("malformed element type code: byte {other:#x}"),
        }
    }
}

impl<'a> Code<'a> {
    /// The type encoded at the start of `bytes` (which may continue past it).
    pub fn new(bytes: &'a [u8]) -> Code<'a> {
        let (_, len) = flat_words(bytes).expect("malformed element type code");
        Code { bytes: &bytes[..len] }
    }

    /// The type encoded at `p`.
    ///
    /// # Safety
    /// `p` points to a well-formed encoding valid for `'a`.
    #[inline]
    pub unsafe fn from_ptr(p: *const u8) -> Code<'a> {
        assert!(!p.is_null(), "null element type code");
        // SAFETY: forwarded from the contract. One-byte codes (the element
        // types of most containers) skip the walk: every container entry
        // point builds a `Code` per call, and a list of lists per element.
        let len = unsafe {
            match *p {
                tycode::BOOL | tycode::INT | tycode::FLOAT | tycode::COMPLEX | tycode::NONE | tycode::STR => 1,
                tycode::LIST | tycode::SET
                    if matches!(*p.add(1), tycode::BOOL | tycode::INT | tycode::FLOAT | tycode::COMPLEX | tycode::STR) =>
                {
                    2
                }
                _ => encoded_len(p),
            }
        };
        // SAFETY: `len` bytes from `p` are the encoding.
        Code { bytes: unsafe { std::slice::from_raw_parts(p, len) } }
    }

    /// The encoding's bytes.
    pub fn bytes(self) -> &'a [u8] {
        self.bytes
    }

    /// A pointer to the encoding (what containers store in `ty`).
    pub fn ptr(self) -> *const u8 {
        self.bytes.as_ptr()
    }

    /// The leading [`tycode`] byte.
    pub fn tag(self) -> u8 {
        self.bytes[0]
    }

    /// Number of flattened words a value of this type occupies.
    pub fn words(self) -> usize {
        match self.tag() {
            tycode::BOOL | tycode::INT | tycode::FLOAT | tycode::STR => 1,
            tycode::LIST | tycode::SET | tycode::DICT => 1,
            tycode::NONE => 0,
            tycode::COMPLEX => 2,
            _ => flat_words(self.bytes).map(|(w, _)| w).unwrap_or(0),
        }
    }

    /// The dtype of a NumPy scalar or array.
    pub fn dtype(self) -> u8 {
        self.bytes[1]
    }

    /// The number of dimensions of an array.
    pub fn ndim(self) -> usize {
        self.bytes[2] as usize
    }

    /// The items of a tuple type.
    pub fn items(self) -> Items<'a> {
        debug_assert_eq!(self.tag(), tycode::TUPLE);
        Items { rest: &self.bytes[2..], left: self.bytes[1] as usize }
    }

    /// The element type of a list or set.
    pub fn elem(self) -> Code<'a> {
        Code::new(&self.bytes[1..])
    }

    /// The key type of a dict.
    pub fn key(self) -> Code<'a> {
        Code::new(&self.bytes[1..])
    }

    /// The value type of a dict.
    pub fn value(self) -> Code<'a> {
        let k = self.key().bytes.len();
        Code::new(&self.bytes[1 + k..])
    }

    /// Whether values of this type hold references (so that copying words
    /// needs a retain and dropping them a release).
    pub fn has_refs(self) -> bool {
        match self.tag() {
            tycode::BOOL | tycode::INT | tycode::FLOAT | tycode::COMPLEX | tycode::NONE | tycode::NPSCALAR | tycode::DTYPE => false,
            tycode::TUPLE => self.items().any(|t| t.has_refs()),
            _ => true,
        }
    }

    /// Whether a NumPy scalar type is complex.
    pub fn is_complex_scalar(self) -> bool {
        self.tag() == tycode::NPSCALAR && self.dtype() >= dtype::COMPLEX64
    }
}

/// Iterator over a tuple type's items.
pub struct Items<'a> {
    rest: &'a [u8],
    left: usize,
}

impl<'a> Iterator for Items<'a> {
    type Item = Code<'a>;

    fn next(&mut self) -> Option<Code<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let c = Code::new(self.rest);
        self.rest = &self.rest[c.bytes.len()..];
        Some(c)
    }
}

/// Static encodings of the simple types, for containers the runtime builds
/// itself (`str.split` returns a `str list`).
pub mod codes {
    pub static STR: [u8; 1] = [super::tycode::STR];
    pub static INT: [u8; 1] = [super::tycode::INT];
    pub static FLOAT: [u8; 1] = [super::tycode::FLOAT];
    pub static BOOL: [u8; 1] = [super::tycode::BOOL];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views() {
        let enc = [tycode::TUPLE, 3, b'i', tycode::LIST, b's', tycode::DICT, b'i', b'f', 0xEE];
        let c = unsafe { Code::from_ptr(enc.as_ptr()) };
        assert_eq!(c.bytes().len(), 8);
        assert_eq!(c.words(), 3);
        let items: Vec<_> = c.items().collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1].elem().tag(), tycode::STR);
        assert_eq!(items[2].key().tag(), tycode::INT);
        assert_eq!(items[2].value().tag(), tycode::FLOAT);
        assert!(c.has_refs());
        assert!(!Code::new(&[tycode::TUPLE, 2, b'i', b'f']).has_refs());
        assert_eq!(Code::new(&[tycode::ARRAY, dtype::FLOAT64, 2, 1]).words(), 6);
    }
}
