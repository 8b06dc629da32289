//! `set` objects ([`KSet`]) that iterate in CPython 3.11's order.
//!
//! A Python program can observe a set's internal layout through iteration
//! order (`list(s)`, `for x in s`, `repr(s)`, `s.pop()`), so this is a
//! replica of CPython 3.11's set table (Objects/setobject.c), reimplemented:
//! open addressing over a power-of-two table (8 slots at least), probing runs
//! of up to `LINEAR_PROBES` = 9 neighbouring slots before a perturbed jump
//! (`i = 5*i + 1 + perturb`, `perturb >>= PERTURB_SHIFT` = 5), deleted slots
//! left as dummies (reused by the last dummy seen on an insertion's probe
//! path), growth when `fill*5 >= mask*3` to the next power of two above
//! 4×used (2×used past 50000), and the same algorithms as CPython for every
//! bulk operation (`copy`, `|`, `&`, `-`, `^` and their in-place forms, with
//! their size heuristics and the argument order in which they iterate).
//! Given the same hashes (see [`super::hash`]) and the same sequence of
//! operations, every slot matches CPython's, so iteration order does too.
//!
//! Divergence: elements whose CPython hash depends on object identity (NaN,
//! `None`) are placed by kiln's substitute hash, so their position differs.
//!
//! Invariants: `head.len` (`used`) counts live slots; `fill` counts live and
//! dummy slots and is below the table size; a dummy's stored hash is -1 and
//! its words are zero; every live slot owns its element; `version` changes
//! whenever `used` changes.

use std::ptr;
use std::sync::atomic::AtomicIsize;

use super::code::Code;
use super::obj::{self, check_mutable, raise, PyResult};
use super::value::{self, Order};
use crate::abi::{exc, tycode, KObjHead};
use crate::error;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
/// CPython's `PySet_MINSIZE`.
pub const MIN_SIZE: usize = 8;

/// Slot states.
pub const EMPTY: u8 = 0;
pub const LIVE: u8 = 1;
pub const DUMMY: u8 = 2;

/// A set. Compiled code reads `head.len` inline; the rest is private.
#[repr(C)]
pub struct KSet {
    pub head: KObjHead,
    version: i64,
    ty: *const u8,
    fill: usize,
    mask: usize,
    /// Where `pop` starts looking (CPython's `finger`).
    finger: usize,
    table: Table,
}

/// The slots of a set's table, in one allocation (a new set costs two
/// allocations, its header and its table, instead of four: sets built and
/// dropped in loops, such as `len(set(...))`, are dominated by them).
/// Slot `i` is `stride = 2 + words` words: its state, its hash, its key.
#[derive(Default)]
struct Table {
    slots: Vec<u64>,
    stride: usize,
}

impl Table {
    /// `size` empty slots for keys of `words` words.
    fn new(size: usize, words: usize) -> Table {
        Table { slots: vec![0; size * (2 + words)], stride: 2 + words }
    }

    fn state(&self, i: usize) -> u8 {
        self.slots[i * self.stride] as u8
    }

    fn hash(&self, i: usize) -> i64 {
        self.slots[i * self.stride + 1] as i64
    }

    fn key(&self, i: usize) -> &[u64] {
        &self.slots[i * self.stride + 2..(i + 1) * self.stride]
    }

    fn key_mut(&mut self, i: usize) -> &mut [u64] {
        &mut self.slots[i * self.stride + 2..(i + 1) * self.stride]
    }

    /// Sets slot `i`'s state and hash (its key words are the caller's).
    fn mark(&mut self, i: usize, state: u8, h: i64) {
        self.slots[i * self.stride] = state as u64;
        self.slots[i * self.stride + 1] = h as u64;
    }

    /// Empties slot `i` into a dummy, returning its key words.
    fn take_dummy(&mut self, i: usize) -> Vec<u64> {
        let old = self.key(i).to_vec();
        self.key_mut(i).fill(0);
        self.mark(i, DUMMY, -1);
        old
    }
}

impl KSet {
    fn code<'a>(&self) -> Code<'a> {
        // SAFETY: a live set's code is valid.
        unsafe { Code::from_ptr(self.ty) }
    }

    fn used(&self) -> usize {
        self.head.len as usize
    }

    fn set_used(&mut self, n: usize) {
        if n != self.used() {
            self.version += 1;
        }
        self.head.len = n as i64;
    }

    fn key(&self, i: usize) -> &[u64] {
        self.table.key(i)
    }

    /// Stores `key` (words whose references the set now owns) in slot `i`.
    fn put(&mut self, i: usize, key: &[u64], h: i64) {
        self.table.key_mut(i).copy_from_slice(key);
        self.table.mark(i, LIVE, h);
    }

    /// An empty table of `size` slots (a power of two).
    fn fresh_table(&mut self, size: usize) {
        self.table = Table::new(size, self.code().words());
        self.mask = size - 1;
    }
}

/// A new empty set of element type `ty`.
///
/// # Safety
/// `ty` is a valid code that outlives the set.
pub unsafe fn new_set(ty: *const u8) -> *mut KSet {
    obj::note_alloc();
    let mut s = Box::new(KSet {
        head: KObjHead { refcnt: AtomicIsize::new(1), len: 0 },
        version: 0,
        ty,
        fill: 0,
        mask: 0,
        finger: 0,
        table: Table::default(),
    });
    s.fresh_table(MIN_SIZE);
    Box::into_raw(s)
}

/// Drops a reference, freeing the set and its elements with the last one.
///
/// # Safety
/// `s` is null or a live set on which the caller holds a reference.
pub unsafe fn decref(s: *mut KSet) {
    // SAFETY: forwarded.
    unsafe {
        if obj::decref_is_last(s.cast()) {
            free(s);
        }
    }
}

/// Frees a set whose count reached zero, and releases its elements.
///
/// # Safety
/// `s` is a dead set: its last reference was just dropped.
unsafe fn free(s: *mut KSet) {
    // SAFETY: forwarded.
    unsafe {
        let b = Box::from_raw(s);
        release_table(&b);
        drop(b);
        obj::note_free();
    }
}

/// `kiln_set_free(s)`: frees a set after compiled code dropped its last
/// reference (the inline fast path of a decref, back/clif.rs).
///
/// # Safety
/// As [`free`].
#[no_mangle]
pub unsafe extern "C" fn kiln_set_free(s: *mut KSet) {
    std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
    // SAFETY: forwarded.
    error::guard((), || unsafe { free(s) })
}

/// Releases every live slot's element.
///
/// # Safety
/// The set owns its elements, which are not used afterwards.
unsafe fn release_table(s: &KSet) {
    let c = s.code();
    if !c.has_refs() {
        return;
    }
    for i in 0..=s.mask {
        if s.table.state(i) == LIVE {
            // SAFETY: forwarded.
            unsafe { value::release(c, s.key(i)) };
        }
    }
}

/// The slot holding an element equal to `key`, if any (`set_lookkey`).
///
/// # Safety
/// `key` are live words of the set's element type.
unsafe fn lookkey(s: &KSet, key: &[u64], h: i64) -> PyResult<Option<usize>> {
    let c = s.code();
    let mask = s.mask;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
        for j in i..=i + probes {
            match s.table.state(j) {
                EMPTY => return Ok(None),
                // SAFETY: forwarded.
                LIVE if s.table.hash(j) == h && unsafe { value::eq(c, s.key(j), key)? } => return Ok(Some(j)),
                _ => {}
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    }
}

/// Places an element known to be absent in a table without dummies
/// (`set_insert_clean`); fill and used are the caller's business.
fn insert_clean(s: &mut KSet, key: &[u64], h: i64) {
    let mask = s.mask;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    loop {
        if s.table.state(i) == EMPTY {
            s.put(i, key, h);
            return;
        }
        if i + LINEAR_PROBES <= mask {
            for j in i + 1..=i + LINEAR_PROBES {
                if s.table.state(j) == EMPTY {
                    s.put(j, key, h);
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    }
}

/// Rebuilds the table with the smallest size above `minused`
/// (`set_table_resize`), dropping dummies.
fn resize(s: &mut KSet, minused: usize) {
    let mut size = MIN_SIZE;
    while size <= minused {
        size <<= 1;
    }
    if size == MIN_SIZE && s.mask == MIN_SIZE - 1 && s.fill == s.used() {
        // Already the small table, and no dummies to purge.
        return;
    }
    let old = std::mem::take(&mut s.table);
    let slots = s.mask + 1;
    s.fresh_table(size);
    s.fill = s.used();
    for i in 0..slots {
        if old.state(i) == LIVE {
            insert_clean(s, old.key(i), old.hash(i));
        }
    }
}

/// Adds an element (`set_add_entry`); `key` is borrowed and retained when
/// stored. True when it was added.
///
/// # Safety
/// `key` are live words of the set's element type.
unsafe fn add_entry(s: &mut KSet, key: &[u64], h: i64) -> PyResult<bool> {
    let c = s.code();
    if c.tag() == tycode::INT {
        // Ints are equal exactly when their words are: a probe loop without
        // the general comparison's dispatch (int sets are the common case).
        let k = key[0];
        return add_entry_by(s, key, h, |stored| Ok(stored[0] == k));
    }
    // SAFETY: forwarded.
    add_entry_by(s, key, h, |stored| unsafe { value::eq(c, stored, key) })
}

/// [`add_entry`] with `same(stored)` telling whether a stored key with the
/// same hash equals `key`.
fn add_entry_by(s: &mut KSet, key: &[u64], h: i64, same: impl Fn(&[u64]) -> PyResult<bool>) -> PyResult<bool> {
    let c = s.code();
    let mask = s.mask;
    let mut perturb = h as u64;
    let mut i = (h as u64 as usize) & mask;
    let mut freeslot = None;
    let slot = 'search: loop {
        let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
        for j in i..=i + probes {
            match s.table.state(j) {
                EMPTY => break 'search j,
                LIVE if s.table.hash(j) == h && same(s.key(j))? => return Ok(false),
                // CPython remembers the *last* dummy on the probe path.
                DUMMY => freeslot = Some(j),
                _ => {}
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    };
    if c.has_refs() {
        // SAFETY: the set keeps its own reference to a live key.
        unsafe { value::retain(c, key) };
    }
    let used = s.used() + 1;
    s.set_used(used);
    if let Some(f) = freeslot {
        s.put(f, key, h);
        return Ok(true);
    }
    s.put(slot, key, h);
    s.fill += 1;
    if s.fill * 5 >= mask * 3 {
        resize(s, if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(true)
}

/// Removes the element equal to `key` (`set_discard_entry`); true if found.
///
/// # Safety
/// `key` are live words of the set's element type.
unsafe fn discard_entry(s: &mut KSet, key: &[u64], h: i64) -> PyResult<bool> {
    // SAFETY: forwarded.
    let Some(i) = (unsafe { lookkey(s, key, h)? }) else {
        return Ok(false);
    };
    let c = s.code();
    let old = s.table.take_dummy(i);
    let used = s.used() - 1;
    s.set_used(used);
    // SAFETY: the slot owned the element.
    unsafe { value::release(c, &old) };
    Ok(true)
}

/// Empties the set into the small table (`set_clear_internal`).
fn clear(s: &mut KSet) {
    let old = std::mem::take(&mut s.table);
    let slots = s.mask + 1;
    s.fresh_table(MIN_SIZE);
    s.fill = 0;
    s.set_used(0);
    let c = s.code();
    for i in 0..slots {
        if old.state(i) == LIVE {
            // SAFETY: the old table owned its elements.
            unsafe { value::release(c, old.key(i)) };
        }
    }
}

/// The live slots of `s` in table order, with their hashes.
fn live_slots(s: &KSet) -> Vec<usize> {
    (0..=s.mask).filter(|&i| s.table.state(i) == LIVE).collect()
}

/// Adds every element of `other` (`set_merge`).
///
/// # Safety
/// Both sets are live with the same element type.
unsafe fn merge(s: &mut KSet, other: &KSet) -> PyResult<()> {
    if ptr::eq(s, other) || other.used() == 0 {
        return Ok(());
    }
    if (s.fill + other.used()) * 5 >= s.mask * 3 {
        resize(s, (s.used() + other.used()) * 2);
    }
    let c = s.code();
    if s.fill == 0 && s.mask == other.mask && other.fill == other.used() {
        // Same size, nothing here, no dummies there: copy slot by slot.
        for i in 0..=other.mask {
            if other.table.state(i) == LIVE {
                // SAFETY: the copy gets its own reference.
                unsafe { value::retain(c, other.key(i)) };
                s.put(i, other.key(i), other.table.hash(i));
            }
        }
        s.fill = other.fill;
        s.set_used(other.used());
        return Ok(());
    }
    if s.fill == 0 {
        s.fill = other.used();
        s.set_used(other.used());
        for i in live_slots(other) {
            // SAFETY: the copy gets its own reference.
            unsafe { value::retain(c, other.key(i)) };
            insert_clean(s, other.key(i), other.table.hash(i));
        }
        return Ok(());
    }
    for i in live_slots(other) {
        // SAFETY: forwarded.
        unsafe { add_entry(s, other.key(i), other.table.hash(i))? };
    }
    Ok(())
}

/// A new set with the elements of `s` (`set_copy`).
///
/// # Safety
/// `s` is a live set.
unsafe fn copy(s: &KSet) -> PyResult<*mut KSet> {
    // SAFETY: forwarded.
    unsafe {
        let n = new_set(s.ty);
        if let Err(e) = merge(&mut *n, s) {
            decref(n);
            return Err(e);
        }
        Ok(n)
    }
}

/// `so & other` as a new set (`set_intersection`).
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn intersection(so: &KSet, other: &KSet) -> PyResult<*mut KSet> {
    // SAFETY: forwarded.
    unsafe {
        if ptr::eq(so, other) {
            return copy(so);
        }
        let result = new_set(so.ty);
        // Iterate over the smaller set, probing the larger.
        let (big, small) = if other.used() > so.used() { (other, so) } else { (so, other) };
        for i in live_slots(small) {
            let (k, h) = (small.key(i), small.table.hash(i));
            let r = lookkey(big, k, h).and_then(|found| match found {
                Some(_) => add_entry(&mut *result, k, h).map(|_| ()),
                None => Ok(()),
            });
            if let Err(e) = r {
                decref(result);
                return Err(e);
            }
        }
        Ok(result)
    }
}

/// `so -= other` (`set_difference_update_internal`).
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn difference_update(so: *mut KSet, other: *const KSet) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if ptr::eq(so, other) {
            clear(&mut *so);
            return Ok(());
        }
        // When `other` is much larger, discard only the common elements.
        let tmp = if ((*other).used() >> 3) > (*so).used() { Some(intersection(&*so, &*other)?) } else { None };
        let src: &KSet = match tmp {
            Some(t) => &*t,
            None => &*other,
        };
        let mut r = Ok(());
        for i in live_slots(src) {
            if let Err(e) = discard_entry(&mut *so, src.key(i), src.table.hash(i)) {
                r = Err(e);
                break;
            }
        }
        if let Some(t) = tmp {
            decref(t);
        }
        r?;
        let s = &mut *so;
        // Purge the dummies when more than a quarter of the table is dummies.
        if s.fill - s.used() > s.mask / 4 {
            let used = s.used();
            resize(s, if used > 50000 { used * 2 } else { used * 4 });
        }
        Ok(())
    }
}

/// `so - other` as a new set (`set_difference`).
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn difference(so: &KSet, other: &KSet) -> PyResult<*mut KSet> {
    // SAFETY: forwarded.
    unsafe {
        if (so.used() >> 2) > other.used() {
            let r = copy(so)?;
            if let Err(e) = difference_update(r, other) {
                decref(r);
                return Err(e);
            }
            return Ok(r);
        }
        let result = new_set(so.ty);
        for i in live_slots(so) {
            let (k, h) = (so.key(i), so.table.hash(i));
            let r = lookkey(other, k, h).and_then(|found| match found {
                None => add_entry(&mut *result, k, h).map(|_| ()),
                Some(_) => Ok(()),
            });
            if let Err(e) = r {
                decref(result);
                return Err(e);
            }
        }
        Ok(result)
    }
}

/// `so ^= other` (`set_symmetric_difference_update`).
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn symmetric_difference_update(so: *mut KSet, other: *const KSet) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if ptr::eq(so, other) {
            clear(&mut *so);
            return Ok(());
        }
        let other = &*other;
        for i in live_slots(other) {
            let (k, h) = (other.key(i), other.table.hash(i));
            if !discard_entry(&mut *so, k, h)? {
                add_entry(&mut *so, k, h)?;
            }
        }
        Ok(())
    }
}

/// `a <= b`.
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn issubset(a: &KSet, b: &KSet) -> PyResult<bool> {
    if a.used() > b.used() {
        return Ok(false);
    }
    for i in live_slots(a) {
        // SAFETY: forwarded.
        if unsafe { lookkey(b, a.key(i), a.table.hash(i))? }.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a == b` for two sets of the same type.
///
/// # Safety
/// Both are live sets.
pub unsafe fn eq(a: *const KSet, b: *const KSet) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe { Ok((*a).used() == (*b).used() && issubset(&*a, &*b)?) }
}

/// Python's set ordering: inclusion.
///
/// # Safety
/// Both are live sets.
pub unsafe fn cmp(a: *const KSet, b: *const KSet) -> PyResult<Order> {
    // SAFETY: forwarded.
    unsafe {
        let (a, b) = (&*a, &*b);
        Ok(if a.used() == b.used() {
            if issubset(a, b)? {
                Order::Equal
            } else {
                Order::Unordered
            }
        } else if a.used() < b.used() && issubset(a, b)? {
            Order::Less
        } else if a.used() > b.used() && issubset(b, a)? {
            Order::Greater
        } else {
            Order::Unordered
        })
    }
}

/// Appends `repr(s)`: `{1, 2}`, or `set()` when empty.
///
/// # Safety
/// `s` is a live set.
pub unsafe fn repr(s: *const KSet, out: &mut String) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let s = &*s;
        if s.used() == 0 {
            out.push_str("set()");
            return Ok(());
        }
        let c = s.code();
        out.push('{');
        for (n, i) in live_slots(s).into_iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            value::repr(c, s.key(i), out, false)?;
        }
        out.push('}');
        Ok(())
    }
}

/// Adds a borrowed element (`s.add(x)`).
///
/// # Safety
/// `s` is a live set; `key` are live words of its element type.
pub unsafe fn add(s: *mut KSet, key: &[u64]) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        check_mutable(s.cast(), "set")?;
        let h = value::hash((*s).code(), key)?;
        add_entry(&mut *s, key, h)
    }
}

// ---------------------------------------------------------------------------
// Raw table access, for `pyglue` to copy a CPython set's exact layout in and
// out.

/// The table size minus one.
///
/// # Safety
/// `s` is a live set.
pub unsafe fn mask(s: *const KSet) -> usize {
    // SAFETY: forwarded.
    unsafe { (*s).mask }
}

/// `(fill, used, finger)`.
///
/// # Safety
/// `s` is a live set.
pub unsafe fn counters(s: *const KSet) -> (usize, usize, usize) {
    // SAFETY: forwarded.
    unsafe { ((*s).fill, (*s).used(), (*s).finger) }
}

/// Slot `i`'s state, stored hash and words.
///
/// # Safety
/// `s` is a live set and `i <= mask`; the slice is invalidated by any change.
pub unsafe fn raw_slot<'a>(s: *const KSet, i: usize) -> (u8, i64, &'a [u64]) {
    // SAFETY: forwarded.
    unsafe {
        let s = &*s;
        (s.table.state(i), s.table.hash(i), s.key(i))
    }
}

/// A new set with an empty table of `mask + 1` slots (a power of two, at
/// least 8), to be filled with [`put_raw`] and finished with [`set_counters`].
///
/// # Safety
/// As [`new_set`].
pub unsafe fn new_with_mask(ty: *const u8, mask: usize) -> *mut KSet {
    assert!((mask + 1).is_power_of_two() && mask + 1 >= MIN_SIZE);
    // SAFETY: forwarded.
    unsafe {
        let s = new_set(ty);
        (*s).fresh_table(mask + 1);
        s
    }
}

/// Stores a live element (whose references the set takes) or a dummy
/// (`key` empty) in slot `i`.
///
/// # Safety
/// `s` is a set being built by [`new_with_mask`]; `i <= mask`.
pub unsafe fn put_raw(s: *mut KSet, i: usize, state: u8, h: i64, key: &[u64]) {
    // SAFETY: forwarded.
    unsafe {
        let s = &mut *s;
        if state == LIVE {
            s.put(i, key, h);
        } else {
            s.table.mark(i, state, if state == DUMMY { -1 } else { 0 });
        }
    }
}

/// Finishes a set built with [`put_raw`].
///
/// # Safety
/// `s` is a set being built by [`new_with_mask`], and the counters describe
/// its slots.
pub unsafe fn set_counters(s: *mut KSet, fill: usize, used: usize, finger: usize) {
    // SAFETY: forwarded.
    unsafe {
        (*s).fill = fill;
        (*s).head.len = used as i64;
        (*s).finger = finger;
    }
}

// ---------------------------------------------------------------------------
// Entry points.

fn status(body: impl FnOnce() -> PyResult<()>) -> i32 {
    error::guard(1, || match body() {
        Ok(()) => 0,
        Err(_) => 1,
    })
}

/// `kiln_set_new(elem ty)`: a new empty set.
///
/// # Safety
/// `ty` is a valid code that outlives the set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_new(ty: *const u8) -> *mut KSet {
    // SAFETY: forwarded.
    error::guard(ptr::null_mut(), || unsafe { new_set(ty) })
}

/// `kiln_set_decref(s)`.
///
/// # Safety
/// As [`decref`].
#[no_mangle]
pub unsafe extern "C" fn kiln_set_decref(s: *mut KSet) {
    // SAFETY: forwarded.
    error::guard((), || unsafe { decref(s) })
}

/// The most elements [`kiln_set_reserve`] sizes a table for (larger sets
/// grow as usual).
const MAX_RESERVE: i64 = 1 << 20;

/// `kiln_set_reserve(s, n)`: gives an empty set a table that holds `n`
/// elements without growing. Only for sets whose layout nothing observes
/// (`len(set(...))`): it departs from CPython's table, and so from its
/// iteration order.
///
/// # Safety
/// `s` is a live set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_reserve(s: *mut KSet, n: i64) {
    error::guard((), || {
        // SAFETY: forwarded.
        let s = unsafe { &mut *s };
        if s.fill != 0 || !(0..=MAX_RESERVE).contains(&n) || unsafe { obj::is_immortal((s as *mut KSet).cast()) } {
            return;
        }
        // `add_entry` grows when fill*5 >= mask*3.
        let mut size = MIN_SIZE;
        while n as usize * 5 >= (size - 1) * 3 {
            size <<= 1;
        }
        if size > s.mask + 1 {
            s.fresh_table(size);
        }
    })
}

/// `kiln_set_add(s, elem)`: the element is borrowed.
///
/// # Safety
/// `s` is a live set; `elem` points to live words of its element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_add(s: *mut KSet, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe { add(s, value::words((*s).code(), elem)).map(|_| ()) })
}

/// Removes `elem`; true if it was present.
///
/// # Safety
/// As [`kiln_set_add`].
unsafe fn discard(s: *mut KSet, elem: *const u64) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        check_mutable(s.cast(), "set")?;
        let c = (*s).code();
        let k = value::words(c, elem);
        let h = value::hash(c, k)?;
        discard_entry(&mut *s, k, h)
    }
}

/// `kiln_set_discard(s, elem)`.
///
/// # Safety
/// As [`kiln_set_add`].
#[no_mangle]
pub unsafe extern "C" fn kiln_set_discard(s: *mut KSet, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe { discard(s, elem).map(|_| ()) })
}

/// `kiln_set_remove(s, elem)`: `KeyError` when absent.
///
/// # Safety
/// As [`kiln_set_add`].
#[no_mangle]
pub unsafe extern "C" fn kiln_set_remove(s: *mut KSet, elem: *const u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        if discard(s, elem)? {
            return Ok(());
        }
        let c = (*s).code();
        value::raise_key_error(c, value::words(c, elem))
    })
}

/// `kiln_set_contains(s, elem)`: 1 if present, else 0; -1 with an exception
/// pending (an unhashable element).
///
/// # Safety
/// As [`kiln_set_add`].
#[no_mangle]
pub unsafe extern "C" fn kiln_set_contains(s: *const KSet, elem: *const u64) -> i32 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        let r = unsafe {
            let c = (*s).code();
            let k = value::words(c, elem);
            value::hash(c, k).and_then(|h| lookkey(&*s, k, h))
        };
        match r {
            Ok(f) => f.is_some() as i32,
            Err(_) => -1,
        }
    })
}

/// `kiln_set_pop(s, out)`: removes and returns (moves into `out`) the element
/// CPython's `set.pop` would; `KeyError` when empty.
///
/// # Safety
/// `s` is a live set; `out` has room for an element.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_pop(s: *mut KSet, out: *mut u64) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(s.cast(), "set")?;
        let s = &mut *s;
        if s.used() == 0 {
            return raise(exc::KEY_ERROR, "pop from an empty set");
        }
        let mut i = s.finger & s.mask;
        while s.table.state(i) != LIVE {
            i += 1;
            if i > s.mask {
                i = 0;
            }
        }
        let w = s.code().words();
        ptr::copy_nonoverlapping(s.table.key(i).as_ptr(), out, w);
        s.table.key_mut(i).fill(0);
        s.table.mark(i, DUMMY, -1);
        let used = s.used() - 1;
        s.set_used(used);
        s.finger = i + 1;
        Ok(())
    })
}

/// `kiln_set_clear(s)`.
///
/// # Safety
/// `s` is a live set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_clear(s: *mut KSet) {
    error::guard((), || {
        // SAFETY: forwarded.
        unsafe {
            if check_mutable(s.cast(), "set").is_ok() {
                clear(&mut *s);
            }
        }
    })
}

/// `kiln_set_copy(s)`: a new set (`s.copy()`, `set(s)`).
///
/// # Safety
/// `s` is a live set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_copy(s: *const KSet) -> *mut KSet {
    // SAFETY: forwarded.
    error::guard(ptr::null_mut(), || unsafe { copy(&*s).unwrap_or(ptr::null_mut()) })
}

/// `kiln_set_op(op, a, b)`: a new set: 0 `a | b`, 1 `a & b`, 2 `a - b`,
/// 3 `a ^ b`. Null with an exception pending.
///
/// # Safety
/// Both are live sets of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_op(op: i32, a: *const KSet, b: *const KSet) -> *mut KSet {
    error::guard(ptr::null_mut(), || {
        // SAFETY: forwarded.
        let r = unsafe {
            let (x, y) = (&*a, &*b);
            match op {
                0 => copy(x).and_then(|r| match merge(&mut *r, y) {
                    Ok(()) => Ok(r),
                    Err(e) => {
                        decref(r);
                        Err(e)
                    }
                }),
                1 => intersection(x, y),
                2 => difference(x, y),
                3 => copy(y).and_then(|r| match symmetric_difference_update(r, x) {
                    Ok(()) => Ok(r),
                    Err(e) => {
                        decref(r);
                        Err(e)
                    }
                }),
                _ => raise(exc::SYSTEM_ERROR, format!("kiln: unknown set operation {op}")),
            }
        };
        r.unwrap_or(ptr::null_mut())
    })
}

/// `kiln_set_update(s, other, op)`: `s |= other`, `&=`, `-=`, `^=` (op as
/// for `kiln_set_op`).
///
/// # Safety
/// Both are live sets of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_update(s: *mut KSet, other: *const KSet, op: i32) -> i32 {
    // SAFETY: forwarded.
    status(|| unsafe {
        check_mutable(s.cast(), "set")?;
        match op {
            0 => merge(&mut *s, &*other),
            1 => {
                // CPython computes the intersection and swaps its table in;
                // the search finger stays with the set.
                let tmp = intersection(&*s, &*other)?;
                let (a, b) = (&mut *s, &mut *tmp);
                std::mem::swap(&mut a.table, &mut b.table);
                std::mem::swap(&mut a.fill, &mut b.fill);
                std::mem::swap(&mut a.mask, &mut b.mask);
                let (ua, ub) = (a.used(), b.used());
                a.set_used(ub);
                b.head.len = ua as i64;
                decref(tmp);
                Ok(())
            }
            2 => difference_update(s, other),
            3 => symmetric_difference_update(s, other),
            _ => raise(exc::SYSTEM_ERROR, format!("kiln: unknown set operation {op}")),
        }
    })
}

/// `a.isdisjoint(b)`: probes the larger set with the smaller one's elements.
///
/// # Safety
/// Both are live sets of the same element type.
unsafe fn isdisjoint(a: &KSet, b: &KSet) -> PyResult<bool> {
    let (big, small) = if a.used() > b.used() { (a, b) } else { (b, a) };
    for i in live_slots(small) {
        // SAFETY: forwarded.
        if unsafe { lookkey(big, small.key(i), small.table.hash(i))? }.is_some() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `kiln_set_compare(a, b, op)`: 1 or 0 for op 0 `a == b`, 1 `a <= b`,
/// 2 `a < b`, 3 `a >= b`, 4 `a.isdisjoint(b)`; -1 with an exception pending.
///
/// # Safety
/// Both are live sets of the same element type.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_compare(a: *const KSet, b: *const KSet, op: i32) -> i32 {
    error::guard(-1, || {
        // SAFETY: forwarded.
        let r = unsafe {
            let (x, y) = (&*a, &*b);
            match op {
                0 => eq(x, y),
                1 => issubset(x, y),
                2 => {
                    if x.used() < y.used() {
                        issubset(x, y)
                    } else {
                        Ok(false)
                    }
                }
                3 => issubset(y, x),
                4 => isdisjoint(x, y),
                _ => raise(exc::SYSTEM_ERROR, format!("kiln: unknown set comparison {op}")),
            }
        };
        match r {
            Ok(b) => b as i32,
            Err(_) => -1,
        }
    })
}

/// `kiln_set_slots(s)`: the table size, for iteration.
///
/// # Safety
/// `s` is a live set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_slots(s: *const KSet) -> i64 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { (*s).mask as i64 + 1 })
}

/// `kiln_set_entry(s, slot, out)`: 1 and a new reference when the slot is
/// live, else 0.
///
/// # Safety
/// `s` is a live set; `out` has room for an element.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_entry(s: *const KSet, slot: i64, out: *mut u64) -> i32 {
    error::guard(0, || {
        // SAFETY: forwarded.
        unsafe {
            let s = &*s;
            if slot < 0 || slot as usize > s.mask || s.table.state(slot as usize) != LIVE {
                return 0;
            }
            let k = s.key(slot as usize);
            value::retain(s.code(), k);
            ptr::copy_nonoverlapping(k.as_ptr(), out, k.len());
            1
        }
    })
}

/// `kiln_set_version(s)`: changes whenever the set changes size.
///
/// # Safety
/// `s` is a live set.
#[no_mangle]
pub unsafe extern "C" fn kiln_set_version(s: *const KSet) -> i64 {
    // SAFETY: forwarded.
    error::guard(0, || unsafe { (*s).version })
}
