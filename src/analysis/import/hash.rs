//! Interning customer keys: a table by value for plain customer numbers, and
//! a small FxHash-style hasher for the rest.
//!
//! The keys are short byte strings from the user's own file, so collision
//! attacks are not a concern and SipHash's cost per row is not worth paying.

use std::hash::{BuildHasherDefault, Hasher};

/// Multiplicative word-at-a-time hasher (the rustc FxHash recipe).
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(padded_word(rest));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weak (keys like "K00001" differ only in
        // high bytes), and hashbrown picks buckets from low bits: mix them down.
        let mut z = self.hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// `BuildHasher` for [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// The first eight bytes (or fewer), zero-padded, as a little-endian word.
///
/// Built from fixed-size loads that may overlap, not from a copy of
/// `bytes.len()` bytes: in wasm such a copy is a `memory.copy`, which costs
/// a call into the engine, and this runs for every row.
#[inline]
fn padded_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
        ]))
    };
    match n {
        0 => 0,
        // Bytes 0, n/2 and n-1 cover all of them; overlaps OR the same value.
        1..=3 => {
            u64::from(bytes[0])
                | u64::from(bytes[n / 2]) << (8 * (n / 2))
                | u64::from(bytes[n - 1]) << (8 * (n - 1))
        }
        // The first four and the last four bytes, the last shifted into place.
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
        ]),
    }
}

/// Hash of a key whose first word is `first`.
#[inline]
fn hash_key(key: &[u8], first: u64) -> u64 {
    let mut h = FxHasher::default();
    h.write_usize(key.len());
    h.add(first);
    if key.len() > 8 {
        h.write(&key[8..]);
    }
    h.finish()
}

/// One table entry: the key's length and first word, and its id + 1 (0 = free).
#[derive(Clone, Copy, Default)]
pub struct Slot {
    first: u64,
    len: u32,
    id: u32,
}

/// A key's place in a [`KeyInterner`], from [`KeyInterner::locate`].
#[derive(Clone, Copy)]
pub enum Located {
    /// A key in the hash table.
    Hashed {
        first: u64,
        index: usize,
        /// The table size it was computed for.
        size: usize,
        /// The home slot as it was read.
        home: Slot,
    },
    /// A plain small number ([`small_number`]), with its entry as it was read.
    Number { value: u32, id: u32 },
}

/// Keys that are a plain number below this have their own table, by value.
const NUMBERS: u32 = 1 << 20;
/// Entries per page of that table.
const PAGE: usize = 4096;

/// The value of a key that is a number below [`NUMBERS`] written plainly:
/// digits only, no leading zero ("7", "10042"; not "0042", which is another
/// key than "42"). Most customer numbers are: their ids are then found with
/// one read from a table a fraction of the hash table's size, often small
/// enough to stay in the CPU's cache.
#[inline]
fn small_number(key: &[u8]) -> Option<u32> {
    match key {
        [] | [b'0', _, ..] => return None,
        _ if key.len() > 7 => return None,
        _ => {}
    }
    let mut v = 0u32;
    for &c in key {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u32::from(d);
    }
    (v < NUMBERS).then_some(v)
}

/// Byte strings interned to dense ids `0, 1, 2, …` in order of first sight.
///
/// A key that is a plain number below 2^20 (most customer numbers) finds
/// its id by value in a table of ids ([`small_number`]). Any other key is in
/// a hash table that holds each key's length and first eight bytes next to
/// its id, so finding a key of up to eight bytes touches one table entry and
/// nothing else; longer keys are compared with their copy in one shared
/// buffer. A new key costs no allocation of its own (but a page of the
/// numbers' table, the first time a number needs it).
#[derive(Default)]
pub struct KeyInterner {
    /// The keys, end to end.
    bytes: Vec<u8>,
    /// Where key `id` ends in `bytes` (it starts where key `id - 1` ends).
    ends: Vec<usize>,
    /// Open addressing with linear probing; a power of two long.
    slots: Vec<Slot>,
    /// The ids + 1 (0 = none) of the keys that are plain small numbers,
    /// by value: pages of [`PAGE`], made when a key first needs one.
    numbers: Vec<Option<Box<[u32]>>>,
    /// Keys in the hash table (the others are in `numbers`).
    hashed: usize,
}

impl KeyInterner {
    /// Number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Key `id`.
    pub fn key(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The id of `key`, interning it when new; `true` when it was new.
    #[inline]
    pub fn intern(&mut self, key: &[u8]) -> (u32, bool) {
        let at = self.locate(key);
        self.intern_at(at, key)
    }

    /// The first half of [`intern`](Self::intern): hashes `key` and reads its home
    /// slot. Called early (for a batch of rows before the first is parsed), the
    /// slots' cache misses overlap each other and other work.
    #[inline]
    pub fn locate(&mut self, key: &[u8]) -> Located {
        if let Some(value) = small_number(key) {
            return Located::Number {
                value,
                id: self.number_id(value),
            };
        }
        if self.slots.len() < 2 * (self.hashed + 1) {
            self.grow();
        }
        let first = padded_word(key);
        let index = hash_key(key, first) as usize & (self.slots.len() - 1);
        Located::Hashed {
            first,
            index,
            size: self.slots.len(),
            home: self.slots[index],
        }
    }

    /// The entry of a small number: its id + 1, 0 when it has none yet.
    #[inline]
    fn number_id(&self, value: u32) -> u32 {
        let v = value as usize;
        match self.numbers.get(v / PAGE) {
            Some(Some(page)) => page[v % PAGE],
            _ => 0,
        }
    }

    /// The second half of [`intern`](Self::intern), for `at = self.locate(key)`.
    #[inline]
    pub fn intern_at(&mut self, at: Located, key: &[u8]) -> (u32, bool) {
        match at {
            Located::Number { value, id } => self.intern_number(value, id, key),
            Located::Hashed {
                first,
                index,
                size,
                home,
            } => self.intern_hashed(first, index, size, home, key),
        }
    }

    /// A small number's id; `read`: its entry as [`locate`](Self::locate) read it.
    fn intern_number(&mut self, value: u32, read: u32, key: &[u8]) -> (u32, bool) {
        // A taken entry never changes; a free one may have been taken since
        // (by an earlier row of the same batch).
        let known = if read != 0 {
            read
        } else {
            self.number_id(value)
        };
        if known != 0 {
            return (known - 1, false);
        }
        let id = self.push_key(key);
        let v = value as usize;
        if self.numbers.len() <= v / PAGE {
            self.numbers.resize_with(v / PAGE + 1, || None);
        }
        let page = self.numbers[v / PAGE].get_or_insert_with(|| vec![0; PAGE].into_boxed_slice());
        page[v % PAGE] = id + 1;
        (id, true)
    }

    /// Appends a new key; its id.
    fn push_key(&mut self, key: &[u8]) -> u32 {
        let id = self.ends.len() as u32;
        self.bytes.extend_from_slice(key);
        self.ends.push(self.bytes.len());
        id
    }

    fn intern_hashed(
        &mut self,
        first: u64,
        index: usize,
        size: usize,
        home: Slot,
        key: &[u8],
    ) -> (u32, bool) {
        if size != self.slots.len() || self.slots.len() < 2 * (self.hashed + 1) {
            return self.intern(key);
        }
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut i = index;
        // A taken slot never changes until the table grows, so the early copy can stand in.
        let mut s = if home.id != 0 { home } else { self.slots[i] };
        loop {
            if s.id == 0 {
                break;
            }
            if s.first == first && s.len == len && (key.len() <= 8 || self.key(s.id - 1) == key) {
                return (s.id - 1, false);
            }
            i = (i + 1) & mask;
            s = self.slots[i];
        }
        let id = self.push_key(key);
        self.hashed += 1;
        self.slots[i] = Slot {
            first,
            len,
            id: id + 1,
        };
        (id, true)
    }

    /// Doubles the table (at least 64 slots) and re-inserts every key.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = vec![Slot::default(); size];
        let mask = size - 1;
        for s in self.slots.iter().filter(|s| s.id != 0) {
            let key = self.key(s.id - 1);
            let mut i = hash_key(key, s.first) as usize & mask;
            while slots[i].id != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *s;
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::collections::hash_map::Entry;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn padded_word_matches_a_zero_padded_copy() {
        let text = b"\x01\x80K0012345\xff\xfe;\"x";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + 12) {
                let bytes = &text[start..end];
                let mut w = [0u8; 8];
                let n = bytes.len().min(8);
                w[..n].copy_from_slice(&bytes[..n]);
                assert_eq!(padded_word(bytes), u64::from_le_bytes(w), "{bytes:?}");
            }
        }
    }

    #[test]
    fn interns_to_dense_ids_in_order() {
        let mut k = KeyInterner::default();
        assert_eq!(k.len(), 0);
        assert_eq!(k.intern(b"b"), (0, true));
        assert_eq!(k.intern(b""), (1, true));
        assert_eq!(k.intern(b"b"), (0, false));
        assert_eq!(k.intern(b"b\0"), (2, true));
        assert_eq!(k.intern(b""), (1, false));
        assert_eq!(k.key(2), b"b\0");
        // Through several growths, every key keeps its id.
        // Short and long keys, some sharing their first eight bytes.
        let keys: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("K{i:05}"),
                1 => format!("Bakkerij {i}"),
                _ => format!("Bakkerij {i} B.V."),
            })
            .collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(k.intern(key.as_bytes()), (i as u32 + 3, true));
        }
        for (i, key) in keys.iter().enumerate().rev() {
            assert_eq!(k.intern(key.as_bytes()), (i as u32 + 3, false));
            assert_eq!(k.key(i as u32 + 3), key.as_bytes());
        }
        assert_eq!(k.len(), 5003);
    }

    #[test]
    fn plain_small_numbers_are_their_own_keys() {
        assert_eq!(small_number(b"0"), Some(0));
        assert_eq!(small_number(b"10042"), Some(10042));
        assert_eq!(small_number(b"1048575"), Some(1_048_575));
        for other in [
            &b""[..],
            b"042",
            b"00",
            b"1048576",
            b"9999999",
            b"12345678",
            b"12a",
            b"-1",
            b" 1",
            b"1.0",
        ] {
            assert_eq!(small_number(other), None, "{other:?}");
        }
        let mut k = KeyInterner::default();
        // Numbers and their zero-padded or long forms are different keys.
        let keys: [&[u8]; 9] = [
            b"42", b"042", b"0", b"00", b"1048575", b"1048576", b"K42", b"4096", b"42 ",
        ];
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(k.intern(key), (i as u32, true), "{key:?}");
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(k.intern(key), (i as u32, false), "{key:?}");
            assert_eq!(k.key(i as u32), *key);
        }
        // Only the hashed keys count towards the hash table's growth.
        assert_eq!(k.hashed, 5);
    }

    /// Keys of every kind: plain numbers (several pages apart), padded ones,
    /// numbers too large for the table, codes and names.
    fn any_key() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            (0u32..40).prop_map(|v| v.to_string().into_bytes()),
            (0u32..2_000_000).prop_map(|v| v.to_string().into_bytes()),
            (0u32..40).prop_map(|v| format!("0{v}").into_bytes()),
            (0u32..40).prop_map(|v| format!("K{v}").into_bytes()),
            proptest::collection::vec(any::<u8>(), 0..12),
        ]
    }

    proptest! {
        /// Ids are dense in order of first sight, as a plain map gives them,
        /// also when a batch is located before any of it is interned (a key
        /// new in the batch comes again later in it).
        #[test]
        fn ids_are_those_of_first_sight(
            keys in proptest::collection::vec(any_key(), 0..300),
            batch in 1usize..20,
        ) {
            let mut seen: HashMap<Vec<u8>, u32> = HashMap::new();
            let expected: Vec<(u32, bool)> = keys
                .iter()
                .map(|key| {
                    let next = seen.len() as u32;
                    match seen.entry(key.clone()) {
                        Entry::Occupied(e) => (*e.get(), false),
                        Entry::Vacant(e) => (*e.insert(next), true),
                    }
                })
                .collect();
            let mut k = KeyInterner::default();
            let mut got = Vec::new();
            for chunk in keys.chunks(batch) {
                let located: Vec<Located> = chunk.iter().map(|key| k.locate(key)).collect();
                for (key, at) in chunk.iter().zip(located) {
                    got.push(k.intern_at(at, key));
                }
            }
            prop_assert_eq!(&got, &expected);
            for (key, &id) in &seen {
                prop_assert_eq!(k.key(id), &key[..]);
            }
        }
    }
}
