//! "Did you mean ...?" suggestions by edit distance.

/// Edit distance between two short identifiers (optimal string alignment:
/// insertions, deletions, substitutions, and swaps of adjacent characters,
/// each costing one), so that `flaot` is one edit from `float`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev.get(j).map_or(usize::MAX, |&v| v + usize::from(ca != cb));
            let del = prev.get(j + 1).map_or(usize::MAX, |&v| v + 1);
            let ins = cur.get(j).map_or(usize::MAX, |&v| v + 1);
            let mut v = sub.min(del).min(ins);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                v = v.min(before.get(j - 1).map_or(usize::MAX, |&w| w + 1));
            }
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = v;
            }
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(b.len()).copied().unwrap_or(usize::MAX)
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .filter(|c| *c != name && !c.starts_with('$'))
        .map(|c| (edit_distance(name, c), c))
        // Replacing every character of a one-letter name is no typo.
        .filter(|(d, c)| *d <= limit && *d < name.chars().count() && *d < c.chars().count())
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(edit_distance("sqrt", "sqtr"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest("sqtr", ["sqrt", "sin", "exp"].into_iter()), Some("sqrt"));
        assert_eq!(closest("zzzzzz", ["sqrt"].into_iter()), None);
        // One-letter names are never typos of other one-letter names.
        assert_eq!(closest("z", ["f", "g"].into_iter()), None);
    }
}
