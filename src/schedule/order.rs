//! The order new cards are introduced in. `spread` takes the deck's
//! sections in turn (its cards' `source`), so one day's new cards are not a
//! run of near-duplicates from one part of the material, and never puts two
//! items of one group (a card's own sides, cards tagged `group:NAME`) back
//! to back when anything else is left. `random` shuffles, the same way every
//! day for a learner. Both are stable: no clock, only the seed.

use std::collections::VecDeque;

use super::settings::NewOrder;

/// A new item as the ordering sees it (borrowed from the deck: a deck of
/// 100 000 cards makes as many of these at every start).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewItem<'a> {
    /// The part of the material it comes from (`source`), or empty.
    pub section: &'a str,
    /// Its card (by number): a card's items are one group.
    pub card: usize,
    /// Other groups it belongs to: its card's `group:` tags.
    pub groups: Vec<&'a str>,
}

/// Indices into `items` in the order they are introduced.
pub fn new_order(items: &[NewItem<'_>], order: NewOrder, seed: u64) -> Vec<usize> {
    match order {
        NewOrder::Spread => spread(items),
        _ => plain_order(items.len(), order, seed),
    }
}

/// The order of `n` items for the orders that need only their number
/// (`file`, `random`); `spread`, which needs the items, is taken as `file`.
pub fn plain_order(n: usize, order: NewOrder, seed: u64) -> Vec<usize> {
    match order {
        NewOrder::Random => shuffled(n, seed),
        NewOrder::File | NewOrder::Spread => (0..n).collect(),
    }
}

fn shares_group(a: &NewItem<'_>, b: &NewItem<'_>) -> bool {
    a.card == b.card || a.groups.iter().any(|g| b.groups.contains(g))
}

fn spread(items: &[NewItem<'_>]) -> Vec<usize> {
    // Sections in the order they first appear, each in file order.
    let mut sections: Vec<(&str, VecDeque<usize>)> = Vec::new();
    let mut section_of: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    // (section, its number) of the item before: most items share it.
    let mut last: Option<(&str, usize)> = None;
    for (i, it) in items.iter().enumerate() {
        let s = match last {
            Some((name, s)) if std::ptr::eq(name, it.section) || name == it.section => s,
            _ => *section_of.entry(it.section).or_insert_with(|| {
                sections.push((it.section, VecDeque::new()));
                sections.len() - 1
            }),
        };
        sections[s].1.push_back(i);
        last = Some((it.section, s));
    }
    let mut out: Vec<usize> = Vec::with_capacity(items.len());
    let mut next = 0;
    while out.len() < items.len() {
        let n = sections.len();
        let fits = |s: usize, out: &[usize]| {
            sections[s].1.front().is_some_and(|&i| out.last().is_none_or(|&p| !shares_group(&items[p], &items[i])))
        };
        let nonempty = |s: usize| !sections[s].1.is_empty();
        // The next section in turn whose first card does not follow one of
        // its group (that card is taken); else the next with anything
        // left, where a card further on may fit.
        let (s, at) = match (0..n).map(|k| (next + k) % n).find(|&s| fits(s, &out)) {
            Some(s) => (s, 0),
            None => {
                let Some(s) = (0..n).map(|k| (next + k) % n).find(|&s| nonempty(s)) else { break };
                let fits_after = |&i: &usize| out.last().is_none_or(|&p| !shares_group(&items[p], &items[i]));
                (s, sections[s].1.iter().position(fits_after).unwrap_or(0))
            }
        };
        let q = &mut sections[s].1;
        if let Some(i) = if at == 0 { q.pop_front() } else { q.remove(at) } {
            out.push(i);
        }
        next = (s + 1) % n;
    }
    out
}

/// A permutation of `0..n` from `seed` (splitmix64 driving Fisher–Yates).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = usize::try_from(next() % (i as u64 + 1)).unwrap_or(0);
        v.swap(i, j);
    }
    v
}

/// A stable seed from text (FNV-1a): a learner and a deck.
pub fn seed_of(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item of a card numbered by its first group, in the other groups.
    fn item<'a>(section: &'a str, groups: &[&'a str]) -> NewItem<'a> {
        let card = groups[0].bytes().fold(0usize, |h, b| h * 131 + usize::from(b));
        NewItem { section, card, groups: groups[1..].to_vec() }
    }

    #[test]
    fn spread_takes_sections_in_turn() {
        let items = vec![
            item("a", &["1"]),
            item("a", &["2"]),
            item("a", &["3"]),
            item("b", &["4"]),
            item("b", &["5"]),
            item("c", &["6"]),
        ];
        assert_eq!(new_order(&items, NewOrder::Spread, 0), vec![0, 3, 5, 1, 4, 2]);
        assert_eq!(new_order(&items, NewOrder::File, 0), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn spread_never_puts_one_group_back_to_back_when_it_can_help_it() {
        // Both sides of card x, and two cards of group g, in one section.
        let items = vec![
            item("a", &["x"]),
            item("a", &["x"]),
            item("a", &["y", "group:g"]),
            item("a", &["z", "group:g"]),
            item("a", &["w"]),
        ];
        let order = new_order(&items, NewOrder::Spread, 0);
        for pair in order.windows(2) {
            assert!(!shares_group(&items[pair[0]], &items[pair[1]]), "{order:?}");
        }
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![0, 1, 2, 3, 4], "every item once");
    }

    #[test]
    fn random_is_a_stable_permutation_per_seed() {
        let names: Vec<String> = (0..30).map(|i| i.to_string()).collect();
        let items: Vec<NewItem<'_>> = names.iter().map(|n| item("", &[n])).collect();
        let a = new_order(&items, NewOrder::Random, seed_of(&["lan", "deck"]));
        assert_eq!(a, new_order(&items, NewOrder::Random, seed_of(&["lan", "deck"])), "the same every day");
        assert_ne!(
            a,
            new_order(&items, NewOrder::Random, seed_of(&["minh", "deck"])),
            "another learner, another order"
        );
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..30).collect::<Vec<_>>());
        assert_ne!(a, (0..30).collect::<Vec<_>>());
    }
}
