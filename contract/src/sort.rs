//! One stable sort for the whole bundle.
//!
//! `slice::sort_by` is generic: every element type and comparator compiles its own
//! copy of the standard sort (about 4 KB of wasm each). Here the ordering itself is
//! computed once, non-generically, on positions (a merge sort with a `dyn`
//! comparator), and the generic part only swaps the elements into place. The lists
//! sorted in the widget are short (destinations, devices, plans), so the indirect
//! calls cost nothing noticeable.

use std::cmp::Ordering;

/// The positions `0..len` in stable sorted order: `cmp(a, b)` compares the items
/// at positions `a` and `b`, and equal items keep their relative order.
#[inline(never)]
pub fn order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut src: Vec<usize> = (0..len).collect();
    let mut dst: Vec<usize> = vec![0; len];
    let mut width = 1;
    // Bottom-up merge sort: runs of `width` are merged pairwise into `dst`.
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j) = (start, mid);
            for slot in &mut dst[start..end] {
                // Take from the right run only when it is strictly smaller: stable.
                let right = j < end && (i >= mid || cmp(src[j], src[i]) == Ordering::Less);
                if right {
                    *slot = src[j];
                    j += 1;
                } else {
                    *slot = src[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    src
}

/// The swaps that put the items into `order` (item `order[k]` ends at position `k`),
/// applied first to last.
#[inline(never)]
pub fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    // `at[p]`: which original item is at position `p` now; `pos[i]`: where item `i` is.
    let mut at: Vec<usize> = (0..order.len()).collect();
    let mut pos = at.clone();
    let mut out = Vec::new();
    for (k, &item) in order.iter().enumerate() {
        let p = pos[item];
        if p != k {
            out.push((k, p));
            let moved = at[k];
            at.swap(k, p);
            pos[item] = k;
            pos[moved] = p;
        }
    }
    out
}

/// Stable sort of `items` by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = order(items.len(), &mut |a, b| cmp(&items[a], &items[b]));
    for (a, b) in swaps(&order) {
        items.swap(a, b);
    }
}

/// Stable sort of `items` by `key`, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency).
    fn numbers(seed: u64, len: usize, modulo: u64) -> Vec<u64> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) % modulo
            })
            .collect()
    }

    #[test]
    fn matches_the_standard_stable_sort() {
        for len in 0..70 {
            for (seed, modulo) in [(1, 3), (2, 10), (3, 1000), (4, 1)] {
                // (key, arrival): equal keys must keep their arrival order.
                let mut ours: Vec<(u64, usize)> = numbers(seed + len as u64, len, modulo)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut std = ours.clone();
                std.sort_by_key(|p| p.0);
                sort_by_key(&mut ours, |p| p.0);
                assert_eq!(ours, std, "len {len} seed {seed} modulo {modulo}");
            }
        }
    }

    #[test]
    fn sorted_and_reversed_inputs() {
        let mut up: Vec<u32> = (0..100).collect();
        sort_by(&mut up, |a, b| b.cmp(a));
        assert_eq!(up, (0..100).rev().collect::<Vec<_>>());
        sort_by(&mut up, |a, b| a.cmp(b));
        assert_eq!(up, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn order_is_stable() {
        let keys = [2, 1, 2, 0, 1, 2];
        assert_eq!(
            order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b])),
            [3, 1, 4, 0, 2, 5]
        );
    }

    #[test]
    fn swaps_apply_any_permutation() {
        let perms: [&[usize]; 6] = [
            &[],
            &[0],
            &[1, 0],
            &[2, 0, 1],
            &[1, 2, 0],
            &[3, 1, 4, 0, 2, 5],
        ];
        for perm in perms {
            let mut items: Vec<usize> = (0..perm.len()).collect();
            for (a, b) in swaps(perm) {
                items.swap(a, b);
            }
            assert_eq!(items, perm);
        }
        // Every permutation of five items.
        let mut perm = [0, 1, 2, 3, 4];
        let mut count = 0;
        permute(&mut perm, 0, &mut |p| {
            let mut items: Vec<usize> = (0..5).collect();
            for (a, b) in swaps(p) {
                items.swap(a, b);
            }
            assert_eq!(items, p);
            count += 1;
        });
        assert_eq!(count, 120);
    }

    fn permute(p: &mut [usize; 5], k: usize, f: &mut dyn FnMut(&[usize])) {
        if k == p.len() {
            return f(p);
        }
        for i in k..p.len() {
            p.swap(k, i);
            permute(p, k + 1, f);
            p.swap(k, i);
        }
    }

    #[test]
    fn non_copy_items_move_intact() {
        let mut names: Vec<String> = ["pear", "fig", "apple", "kiwi", "date"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort_by_key(&mut names, |s| s.len());
        assert_eq!(names, ["fig", "pear", "kiwi", "date", "apple"]);
    }
}
