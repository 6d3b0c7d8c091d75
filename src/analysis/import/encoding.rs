//! Turning the file's bytes into UTF-8 text.
//!
//! UTF-8 (with or without BOM) is borrowed, not copied. UTF-16 with a BOM (or
//! without one, recognised by its zero bytes) is decoded with `encoding_rs`;
//! Windows-1252 (what Dutch Excel writes for "CSV (gescheiden door
//! lijstscheidingsteken)", where `€` is byte 0x80; a superset of ISO-8859-1)
//! here, byte for byte as `encoding_rs` and browsers decode it (a test holds
//! that for every byte).
//!
//! Text that is not UTF-8 throughout is read line by line: a line that is
//! valid UTF-8 of the Latin script (accented letters, punctuation, currency
//! signs: [`latin`]) stays so, any other is Windows-1252. Two exports joined
//! into one (a year re-saved by Excel as Windows-1252 after one in UTF-8)
//! then read right, and "Café" stays one customer in both. Windows-1252
//! bytes can happen to be valid UTF-8 ("é€€" is the bytes of "退"): such a
//! line is no Latin text, so it is read as Windows-1252. One that would be
//! Latin needs pairs such as "Ã©" or "Ä‘" side by side, which names do not
//! have. In such a mixed file a UTF-8 line in another script (Greek,
//! Chinese) is read as Windows-1252.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it came in.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// UTF-8 text.
    pub text: Cow<'a, [u8]>,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "windows-1252";
    /// "UTF-8 + windows-1252" for text with lines in both ("UTF-8 (BOM) +
    /// windows-1252" after a byte-order mark).
    pub name: &'static str,
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Cow<'static, [u8]> {
    let (text, _had_errors) = enc.decode_without_bom_handling(bytes);
    // Undecodable sequences became U+FFFD; such cells then fail to parse and are reported.
    Cow::Owned(text.into_owned().into_bytes())
}

/// Guesses UTF-16 without a BOM from zero bytes in the high-byte positions.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let zero_even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 10 >= pairs * 7 && zero_even * 10 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 7 && zero_odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether a character of several bytes is one Latin text has: accented
/// letters (Latin-1 and the Latin extensions), punctuation (quotes, dashes),
/// currency signs (€), letterlike symbols (™), and the byte-order mark of a
/// file joined after another.
fn latin(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00..=0x7F
            | 0xA0..=0x24F
            | 0x1E00..=0x1EFF
            | 0x2000..=0x206F
            | 0x20A0..=0x20CF
            | 0x2100..=0x214F
            | 0xFEFF
    )
}

/// The position of the first byte of 0x80 or above at or after `from`, or
/// of the first `\n` too with `NEWLINE` (ASCII skipped sixteen bytes at a
/// time with wasm SIMD, else eight).
#[inline]
fn next_stop<const NEWLINE: bool>(bytes: &[u8], mut from: usize) -> Option<usize> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load};
        let nl = u8x16_splat(b'\n');
        while let Some(chunk) = bytes.get(from..from + 16) {
            // SAFETY: `chunk` is 16 readable bytes; `v128_load` needs no alignment.
            let v = unsafe { v128_load(chunk.as_ptr().cast::<v128>()) };
            // The high bit of each byte: set from 0x80 on.
            let mut stops = u8x16_bitmask(v);
            if NEWLINE {
                stops |= u8x16_bitmask(u8x16_eq(v, nl));
            }
            if stops != 0 {
                return Some(from + stops.trailing_zeros() as usize);
            }
            from += 16;
        }
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(word) = bytes.get(from..from + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        let mut stops = w & HIGH;
        if NEWLINE {
            // A high bit where a byte is `\n` (a borrow only marks bytes
            // above a real one, so the lowest mark is exact).
            let x = w ^ (ONES * u64::from(b'\n'));
            stops |= x.wrapping_sub(ONES) & !x & HIGH;
        }
        if stops != 0 {
            return Some(from + (stops.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b >= 0x80 || NEWLINE && b == b'\n')
        .map(|p| from + p)
}

/// The character Windows-1252 byte `b` stands for (as `encoding_rs` and
/// browsers decode it: the five bytes it leaves undefined are the C1
/// control characters of the same number).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Appends the Windows-1252 line `bytes` start with, up to its `\n` (not
/// included) or their end, to `out` as UTF-8; returns where it stopped.
fn push_1252_line(bytes: &[u8], out: &mut Vec<u8>) -> usize {
    let mut from = 0;
    loop {
        let stop = next_stop::<true>(bytes, from).unwrap_or(bytes.len());
        out.extend_from_slice(&bytes[from..stop]);
        match bytes.get(stop) {
            Some(&b) if b != b'\n' => {
                let mut c = [0u8; 4];
                out.extend_from_slice(cp1252(b).encode_utf8(&mut c).as_bytes());
                from = stop + 1;
            }
            _ => return stop,
        }
    }
}

/// Whether a character of several bytes in UTF-8 may start at `at`: a lead
/// byte followed by a continuation byte. Windows-1252's "é" is followed by
/// a letter or a delimiter, so most of its lines are told at a glance.
#[inline]
fn may_be_utf8(bytes: &[u8], at: usize) -> bool {
    matches!(bytes[at], 0xC2..=0xF4)
        && bytes
            .get(at + 1)
            .is_some_and(|&b| (0x80..0xC0).contains(&b))
}

/// Appends `bytes`, text that is not UTF-8 throughout, to `out` decoded
/// line by line (see the module's doc: a line of Latin UTF-8 stays so, any
/// other with a byte from 0x80 on is Windows-1252); whether some line kept
/// UTF-8 beyond ASCII. Lines end at `\n`, so any run of whole lines (or
/// the rest of a line after its record) decodes as it would in the whole
/// text: a file read in parts decodes each part so ([`super::split`]).
pub fn decode_lines_into(bytes: &[u8], out: &mut Vec<u8>) -> bool {
    let mut kept = false;
    // `bytes[..done]` are in `out`; runs of ASCII lines are copied at once.
    let mut done = 0;
    while let Some(at) = next_stop::<false>(bytes, done) {
        if !may_be_utf8(bytes, at) {
            // Not UTF-8: the line is Windows-1252, decoded up to its end.
            out.extend_from_slice(&bytes[done..at]);
            done = at + push_1252_line(&bytes[at..], out);
            continue;
        }
        let start = bytes[done..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(done, |p| done + p + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| at + p + 1);
        out.extend_from_slice(&bytes[done..start]);
        let line = &bytes[start..end];
        match std::str::from_utf8(line) {
            Ok(text) if text.chars().all(latin) => {
                kept = true;
                out.extend_from_slice(line);
            }
            _ => {
                let stop = push_1252_line(line, out);
                out.extend_from_slice(&line[stop..]);
            }
        }
        done = end;
    }
    out.extend_from_slice(&bytes[done..]);
    kept
}

/// Decodes text that is not UTF-8 throughout, line by line, into room of
/// its own size (each byte from 0x80 on becomes at most three bytes of
/// UTF-8; a one-shot decoding would make room for three per byte); also
/// whether some line kept UTF-8 beyond ASCII.
fn decode_lines(bytes: &[u8]) -> (Cow<'static, [u8]>, bool) {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let mut out = Vec::with_capacity(bytes.len() + 2 * high);
    let kept = decode_lines_into(bytes, &mut out);
    (Cow::Owned(out), kept)
}

/// What UTF-8 text holds beyond ASCII ([`check_utf8`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Utf8Seen {
    /// A character of several bytes.
    pub non_ascii: bool,
    /// One that is not of the Latin script ([`latin`]): a line with it
    /// would be read as Windows-1252 in a text that is not UTF-8 throughout.
    pub foreign: bool,
}

/// What `bytes` hold beyond ASCII; `None` when they are not UTF-8.
pub fn check_utf8(bytes: &[u8]) -> Option<Utf8Seen> {
    let mut seen = Utf8Seen::default();
    let mut from = 0;
    while let Some(at) = next_stop::<false>(bytes, from) {
        // A character of several bytes has no byte below 0x80: the text is
        // UTF-8 if and only if every run of such bytes is.
        let end = bytes[at..]
            .iter()
            .position(|&b| b < 0x80)
            .map_or(bytes.len(), |p| at + p);
        let run = std::str::from_utf8(&bytes[at..end]).ok()?;
        seen.non_ascii = true;
        seen.foreign = seen.foreign || !run.chars().all(latin);
        from = end;
    }
    Some(seen)
}

/// Whether text decoded under encoding `name` was read line by line (not
/// UTF-8 throughout: Windows-1252, alone or with UTF-8 lines).
pub fn by_lines(name: &str) -> bool {
    name.ends_with("windows-1252")
}

/// The name of a text's encoding as [`decode`] gives it, for a text read in
/// parts: `bom` after a byte-order mark, `by_lines` when some part was not
/// UTF-8, `kept` when some line read so kept UTF-8 beyond ASCII.
pub fn name_of(bom: bool, by_lines: bool, kept: bool) -> &'static str {
    match (bom, by_lines, kept) {
        (true, false, _) => "UTF-8 (BOM)",
        (true, true, _) => "UTF-8 (BOM) + windows-1252",
        (false, false, _) => "UTF-8",
        (false, true, true) => "UTF-8 + windows-1252",
        (false, true, false) => "windows-1252",
    }
}

/// Decodes `bytes` to UTF-8, borrowing when they already are UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            if check_utf8(rest).is_some() {
                Decoded {
                    text: Cow::Borrowed(rest),
                    name: "UTF-8 (BOM)",
                }
            } else {
                Decoded {
                    text: decode_lines(rest).0,
                    name: "UTF-8 (BOM) + windows-1252",
                }
            }
        }
        [0xFF, 0xFE, rest @ ..] => Decoded {
            text: decode_with(UTF_16LE, rest),
            name: "UTF-16LE",
        },
        [0xFE, 0xFF, rest @ ..] => Decoded {
            text: decode_with(UTF_16BE, rest),
            name: "UTF-16BE",
        },
        _ => {
            if let Some(enc) = bomless_utf16(bytes) {
                let name = if enc == UTF_16LE {
                    "UTF-16LE"
                } else {
                    "UTF-16BE"
                };
                return Decoded {
                    text: decode_with(enc, bytes),
                    name,
                };
            }
            if check_utf8(bytes).is_some() {
                return Decoded {
                    text: Cow::Borrowed(bytes),
                    name: "UTF-8",
                };
            }
            let (text, kept) = decode_lines(bytes);
            Decoded {
                text,
                name: name_of(false, true, kept),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        let d = decode(b"a;b\n");
        assert_eq!((d.name, &*d.text), ("UTF-8", &b"a;b\n"[..]));
        assert!(matches!(d.text, Cow::Borrowed(_)));
        let d = decode(b"\xEF\xBB\xBFa;b");
        assert_eq!((d.name, &*d.text), ("UTF-8 (BOM)", &b"a;b"[..]));
        let d = decode(b"\x80 12,50;Caf\xe9");
        assert_eq!(
            (d.name, &*d.text),
            ("windows-1252", "€ 12,50;Café".as_bytes())
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb€".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&utf16);
        assert_eq!((d.name, &*d.text), ("UTF-16LE", "a\tb€".as_bytes()));
        let be: Vec<u8> = "naam;bedrag\r\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be).name, "UTF-16BE");
    }

    #[test]
    fn windows_1252_decodes_every_byte_into_room_of_its_own_size() {
        // Every byte value, as `encoding_rs` (and so the browser) decodes it.
        let all: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let (want, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
        let (got, kept) = decode_lines(&all);
        assert_eq!(&*got, want.as_bytes());
        assert!(!kept);
        // Mostly ASCII: the room made is the text's, not three times the file.
        let text: Vec<u8> = b"Caf\xe9 De Zon;\x80 12,50\n".repeat(10_000);
        let (Cow::Owned(got), false) = decode_lines(&text) else {
            panic!("decoded text is owned, no line is UTF-8");
        };
        assert_eq!(got, "Café De Zon;€ 12,50\n".repeat(10_000).into_bytes());
        assert!(
            got.capacity() <= text.len() + 4 * 10_000,
            "{}",
            got.capacity()
        );
    }

    /// The rule of the module's doc, line by line, the plain way.
    fn reference(bytes: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let mut kept = false;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            match std::str::from_utf8(line) {
                Ok(text) if text.chars().all(latin) => {
                    kept |= !line.is_ascii();
                    out.extend_from_slice(line);
                }
                _ => {
                    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(line);
                    out.extend_from_slice(text.as_bytes());
                }
            }
        }
        (out, kept)
    }

    proptest::proptest! {
        #[test]
        fn lines_decode_by_the_rule(
            bytes in proptest::collection::vec(
                proptest::sample::select(&b"a;\n\r\xe9\xc3\xa9\x80\xce\xb1\xe2\x82\xac\xf0\xff"[..]),
                0..300,
            )
        ) {
            let mut out = Vec::new();
            let kept = decode_lines_into(&bytes, &mut out);
            proptest::prop_assert_eq!((out, kept), reference(&bytes));
        }

        // `decode` takes a text as UTF-8 on this check: the standard library's
        // answer, at any offset from the sixteen-byte blocks.
        #[test]
        fn utf8_check_agrees_with_the_standard_library(
            bytes in proptest::collection::vec(
                proptest::sample::select(&b"a;\n\xe9\xc3\xa9\x80\xce\xb1\xe2\x82\xac\xf0\x9f\x98\x80\xff\xed\xa0"[..]),
                0..80,
            )
        ) {
            let std = std::str::from_utf8(&bytes);
            let seen = check_utf8(&bytes);
            proptest::prop_assert_eq!(seen.is_some(), std.is_ok());
            proptest::prop_assert_eq!(seen.map(|s| s.non_ascii), std.ok().map(|s| !s.is_ascii()));
        }
    }

    #[test]
    fn any_run_of_lines_decodes_as_in_the_whole_text() {
        let text = b"Klant;Bedrag\nCaf\xc3\xa9 De Zon;\xe2\x82\xac 10\r\nCaf\xe9;\x80 5\n\
            N\xe9\x80\x80x;1\n\xce\xb1\xce\xb2;2\nplain;3\nM\xc3\xbcller;1";
        let (whole, kept) = decode_lines(text);
        assert!(kept);
        // Cut after any line ending, the two pieces decoded one after the
        // other are the whole.
        for cut in (0..=text.len()).filter(|&i| i == 0 || text[i - 1] == b'\n') {
            let mut out = Vec::new();
            let a = decode_lines_into(&text[..cut], &mut out);
            let b = decode_lines_into(&text[cut..], &mut out);
            assert_eq!(out, &*whole, "cut at {cut}");
            assert_eq!(a || b, kept);
        }
        // The Greek line is no Latin text: Windows-1252 in such a text.
        assert!(String::from_utf8_lossy(&whole).contains("Î±Î²;2"));
    }

    #[test]
    fn utf8_is_checked_with_what_it_holds_beyond_ascii() {
        let seen = |b: &[u8]| check_utf8(b);
        assert_eq!(seen(b"plain;1\n"), Some(Utf8Seen::default()));
        let latin = Utf8Seen {
            non_ascii: true,
            foreign: false,
        };
        assert_eq!(seen("Café;€ 5\nMüller".as_bytes()), Some(latin));
        let greek = Utf8Seen {
            non_ascii: true,
            foreign: true,
        };
        assert_eq!(seen("Café;1\nαβ;2".as_bytes()), Some(greek));
        // Not UTF-8: a Windows-1252 letter, a cut character, a lone continuation byte.
        assert_eq!(seen(b"Caf\xe9;1"), None);
        assert_eq!(seen(b"\xc3"), None);
        assert_eq!(seen(b"x\x80y"), None);
        // As the standard library decides, after long ASCII runs too.
        for text in [
            &b"abcdefghijklmnopqrstu\xc3\xa9vwxyz0123456789"[..],
            b"0123456789abcdefghij\xe9",
        ] {
            assert_eq!(seen(text).is_some(), std::str::from_utf8(text).is_ok());
        }
    }

    #[test]
    fn a_text_read_in_parts_gets_the_name_one_pass_gives() {
        for text in [
            &b"a;b\nCaf\xe9;1\n"[..],
            b"Caf\xc3\xa9;1\nCaf\xe9;2\n",
            b"\xef\xbb\xbfa;1\nCaf\xe9;2\n",
            b"\xef\xbb\xbfCaf\xc3\xa9;1\n",
            b"Caf\xc3\xa9;1\n",
            b"plain\n",
        ] {
            let whole = decode(text);
            let bom = text.starts_with(b"\xef\xbb\xbf");
            let body = if bom { &text[3..] } else { text };
            let not_utf8 = std::str::from_utf8(body).is_err();
            let kept = not_utf8 && decode_lines(body).1;
            assert_eq!(name_of(bom, not_utf8, kept), whole.name, "{text:?}");
            assert_eq!(by_lines(whole.name), not_utf8);
        }
    }

    #[test]
    fn lines_in_two_encodings_each_read_in_their_own() {
        // A UTF-8 export, then one re-saved as Windows-1252, then UTF-8 again
        // without a final line break.
        let joined = b"Klant;Bedrag\nCaf\xc3\xa9 De Zon;\xe2\x82\xac 10\nCaf\xe9 De Zon;\x80 5\nM\xc3\xbcller;1";
        let d = decode(joined);
        assert_eq!(d.name, "UTF-8 + windows-1252");
        assert_eq!(
            &*d.text,
            "Klant;Bedrag\nCafé De Zon;€ 10\nCafé De Zon;€ 5\nMüller;1".as_bytes()
        );
        // The first with a byte-order mark, the last line Windows-1252.
        let d = decode(b"\xef\xbb\xbfCaf\xc3\xa9;1\r\nCaf\xe9;2");
        assert_eq!(d.name, "UTF-8 (BOM) + windows-1252");
        assert_eq!(&*d.text, "Café;1\r\nCafé;2".as_bytes());
        // Windows-1252 bytes that happen to be UTF-8 ("é€€" is "退") among
        // other Windows-1252 lines: no Latin text, so Windows-1252.
        let d = decode(b"N\xe9\x80\x80x;1\nN\xe9x;2\n");
        assert_eq!(
            (d.name, &*d.text),
            ("windows-1252", "Né€€x;1\nNéx;2\n".as_bytes())
        );
        let d = decode(b"Caf\xc3\xa9;1\nN\xe9\x80\x80x;1\nN\xe9x;2\n");
        assert_eq!(
            (d.name, &*d.text),
            (
                "UTF-8 + windows-1252",
                "Café;1\nNé€€x;1\nNéx;2\n".as_bytes()
            )
        );
        // Windows-1252 with only ASCII lines between is called so.
        let d = decode(b"a;b\nCaf\xe9;1\nplain;2\n\xe9\n");
        assert_eq!(
            (d.name, &*d.text),
            ("windows-1252", "a;b\nCafé;1\nplain;2\né\n".as_bytes())
        );
    }
}
