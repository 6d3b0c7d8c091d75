//! A small FxHash-style hasher for interning customer keys.
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
struct Slot {
    first: u64,
    len: u32,
    id: u32,
}

/// A key's place in a [`KeyInterner`], from [`KeyInterner::locate`].
#[derive(Clone, Copy)]
pub struct Located {
    first: u64,
    index: usize,
    /// The table size it was computed for.
    size: usize,
    /// The home slot as it was read.
    home: Slot,
}

/// Byte strings interned to dense ids `0, 1, 2, …` in order of first sight.
///
/// The table holds each key's length and first eight bytes next to its id,
/// so finding a key of up to eight bytes (customer numbers) touches one
/// table entry and nothing else; longer keys are compared with their copy in
/// one shared buffer. A new key costs no allocation of its own.
#[derive(Default)]
pub struct KeyInterner {
    /// The keys, end to end.
    bytes: Vec<u8>,
    /// Where key `id` ends in `bytes` (it starts where key `id - 1` ends).
    ends: Vec<usize>,
    /// Open addressing with linear probing; a power of two long.
    slots: Vec<Slot>,
}

impl KeyInterner {
    /// Number of keys.
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
        if self.slots.len() < 2 * (self.len() + 1) {
            self.grow();
        }
        let first = padded_word(key);
        let index = hash_key(key, first) as usize & (self.slots.len() - 1);
        Located {
            first,
            index,
            size: self.slots.len(),
            home: self.slots[index],
        }
    }

    /// The second half of [`intern`](Self::intern), for `at = self.locate(key)`.
    #[inline]
    pub fn intern_at(&mut self, at: Located, key: &[u8]) -> (u32, bool) {
        if at.size != self.slots.len() || self.slots.len() < 2 * (self.len() + 1) {
            return self.intern(key);
        }
        let first = at.first;
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
        let mask = self.slots.len() - 1;
        let mut i = at.index;
        // A taken slot never changes until the table grows, so the early copy can stand in.
        let mut s = if at.home.id != 0 {
            at.home
        } else {
            self.slots[i]
        };
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
        let id = self.ends.len() as u32;
        self.bytes.extend_from_slice(key);
        self.ends.push(self.bytes.len());
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
}
