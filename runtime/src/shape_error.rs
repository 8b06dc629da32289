//! NumPy's broadcasting error messages, raised by compiled kernels.
//!
//! Compiled code checks shapes itself; only the failure path comes here, to
//! format the shapes the way NumPy prints them.

use crate::abi::exc;
use crate::error;

/// A shape the way NumPy prints it: `(3,)`, `(2, 3)`, `()`.
pub fn shape_text(dims: &[i64]) -> String {
    match dims {
        [one] => format!("({one},)"),
        _ => format!("({})", dims.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(",")),
    }
}

/// `kiln_raise_broadcast(kind, dims, ndims, n)`: `n` shapes, the k-th of
/// `ndims[k]` dimensions, concatenated in `dims`. Kind 0: the operands of an
/// elementwise operation; kind 1: an assignment, the last shape being the
/// destination's; kind 2: an in-place operation whose output (the first
/// shape) is smaller than the broadcast shape (the second).
///
/// # Safety
/// `dims` holds the sum of the `ndims` values, and `ndims` holds `n` values.
#[no_mangle]
pub unsafe extern "C" fn kiln_raise_broadcast(kind: i32, dims: *const i64, ndims: *const i64, n: i64) {
    error::guard((), || {
        let n = n.max(0) as usize;
        // SAFETY: the caller passes n counts and their sum of dimensions.
        let counts = unsafe { std::slice::from_raw_parts(ndims, n) };
        let total: i64 = counts.iter().sum();
        // SAFETY: as above.
        let all = unsafe { std::slice::from_raw_parts(dims, total.max(0) as usize) };
        let mut shapes = Vec::new();
        let mut pos = 0usize;
        for c in counts {
            let c = *c as usize;
            shapes.push(shape_text(&all[pos..pos + c]));
            pos += c;
        }
        let msg = if kind == 2 && shapes.len() >= 2 {
            format!("non-broadcastable output operand with shape {} doesn't match the broadcast shape {}", shapes[0], shapes[1])
        } else if kind == 1 && shapes.len() >= 2 {
            let dest = shapes.pop().unwrap_or_default();
            // NumPy reports the (last) source that does not fit.
            format!("could not broadcast input array from shape {} into shape {dest}", shapes.last().cloned().unwrap_or_default())
        } else {
            format!("operands could not be broadcast together with shapes {} ", shapes.join(" "))
        };
        error::set(exc::VALUE_ERROR, msg);
    })
}

/// `kiln_raise_reshape(size, dims, n)`: NumPy's message for an impossible reshape.
///
/// # Safety
/// `dims` points to `n` values.
#[no_mangle]
pub unsafe extern "C" fn kiln_raise_reshape(size: i64, dims: *const i64, n: i64) {
    error::guard((), || {
        // SAFETY: the caller passes n dimensions.
        let d = unsafe { std::slice::from_raw_parts(dims, n.max(0) as usize) };
        let msg = if d.iter().filter(|x| **x < 0).count() > 1 {
            "can only specify one unknown dimension".to_string()
        } else {
            format!("cannot reshape array of size {size} into shape {}", requested_shape(d))
        };
        error::set(exc::VALUE_ERROR, msg);
    })
}

/// A requested shape as NumPy writes it: no spaces, the unknown (negative)
/// dimension as `newaxis`, and leading unknowns left out (`(-1, 5)` is
/// written `(5)`, and a lone `(5)` as `(5,)`).
fn requested_shape(d: &[i64]) -> String {
    let first = d.iter().position(|x| *x >= 0);
    let Some(first) = first else {
        return "()".to_string();
    };
    let items: Vec<String> = d[first..]
        .iter()
        .enumerate()
        .map(|(k, x)| match (k, *x < 0) {
            (_, true) => "newaxis".to_string(),
            _ => x.to_string(),
        })
        .collect();
    if d.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(","))
    }
}

/// `kiln_raise_pyint_bounds(value, dtype)`.
#[no_mangle]
pub extern "C" fn kiln_raise_pyint_bounds(value: i64, dtype: i32) {
    error::guard((), || {
        let name = crate::abi::dtype::name(dtype as u8);
        error::set(exc::OVERFLOW_ERROR, format!("Python integer {value} out of bounds for {name}"));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_shape_text() {
        assert_eq!(shape_text(&[3]), "(3,)");
        assert_eq!(shape_text(&[2, 3]), "(2,3)");
        assert_eq!(shape_text(&[]), "()");
    }

    #[test]
    fn reshape_request_text() {
        assert_eq!(requested_shape(&[5, 3]), "(5,3)");
        assert_eq!(requested_shape(&[5, -1]), "(5,newaxis)");
        assert_eq!(requested_shape(&[-1, 5]), "(5)");
        assert_eq!(requested_shape(&[5]), "(5,)");
        assert_eq!(requested_shape(&[-1]), "()");
        assert_eq!(requested_shape(&[2, -3, 4]), "(2,newaxis,4)");
    }
}
