//! Python's slice arithmetic (`PySlice_Unpack` + `PySlice_AdjustIndices`),
//! shared by list and str slicing: which positions `s[a:b:c]` selects.
//!
//! Invariants: the returned positions are all in `0..len`.

use super::obj::{raise, PyResult};
use crate::abi::exc;

/// The positions a slice selects: `start + k*step` for `k` in `0..count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub step: i64,
    pub count: i64,
}

impl Span {
    /// The k-th selected position.
    pub fn at(&self, k: i64) -> usize {
        (self.start + k * self.step) as usize
    }
}

/// Resolves `[start:stop:step]` (absent bounds given as `has_* == false`)
/// against a sequence of `len` items. `ValueError` for a zero step.
pub fn resolve(len: usize, start: i64, stop: i64, step: i64, has_start: bool, has_stop: bool) -> PyResult<Span> {
    if step == 0 {
        return raise(exc::VALUE_ERROR, "slice step cannot be zero");
    }
    // CPython clamps the step so that -step cannot overflow.
    let step = step.max(-i64::MAX);
    let len = len as i64;
    let start = if has_start {
        start
    } else if step < 0 {
        i64::MAX
    } else {
        0
    };
    let stop = if has_stop {
        stop
    } else if step < 0 {
        i64::MIN
    } else {
        i64::MAX
    };
    let adjust = |i: i64| -> i64 {
        if i < 0 {
            let j = i + len;
            if j < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                j
            }
        } else if i >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            i
        }
    };
    let (start, stop) = (adjust(start), adjust(stop));
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok(Span { start, step, count })
}

/// Python's index normalization for `s[i]`: `i + len` when negative; `None`
/// when out of range.
pub fn index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i.checked_add(len as i64)? } else { i };
    (0..len as i64).contains(&j).then_some(j as usize)
}

/// The `start`/`end` clamping of `str.find`, `list.index` and friends
/// (`ADJUST_INDICES`): negative values count from the end, then everything is
/// clamped to `0..=len`.
pub fn clamp_bounds(len: usize, start: i64, end: i64) -> (usize, usize) {
    let len = len as i64;
    let fix = |i: i64| {
        if i < 0 {
            (i + len).max(0)
        } else {
            i.min(len)
        }
    };
    (fix(start) as usize, fix(end) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(len: usize, a: Option<i64>, b: Option<i64>, c: i64) -> Vec<usize> {
        let s = resolve(len, a.unwrap_or(0), b.unwrap_or(0), c, a.is_some(), b.is_some()).unwrap();
        (0..s.count).map(|k| s.at(k)).collect()
    }

    #[test]
    fn like_python() {
        // list(range(5))[a:b:c] in CPython.
        assert_eq!(sel(5, None, None, 1), vec![0, 1, 2, 3, 4]);
        assert_eq!(sel(5, None, None, -1), vec![4, 3, 2, 1, 0]);
        assert_eq!(sel(5, Some(1), Some(-1), 1), vec![1, 2, 3]);
        assert_eq!(sel(5, Some(-100), Some(100), 2), vec![0, 2, 4]);
        assert_eq!(sel(5, Some(100), Some(-100), -2), vec![4, 2, 0]);
        assert_eq!(sel(5, Some(3), Some(1), 1), Vec::<usize>::new());
        assert_eq!(sel(5, Some(3), None, -1), vec![3, 2, 1, 0]);
        assert_eq!(sel(0, None, None, -1), Vec::<usize>::new());
        assert_eq!(sel(5, None, None, i64::MIN), vec![4]);
        assert!(resolve(5, 0, 0, 0, false, false).is_err());
        crate::error::take();
        assert_eq!(index(-1, 3), Some(2));
        assert_eq!(index(3, 3), None);
        assert_eq!(index(i64::MIN, 3), None);
        assert_eq!(clamp_bounds(5, -2, 100), (3, 5));
        assert_eq!(clamp_bounds(5, -100, -1), (0, 4));
    }
}
