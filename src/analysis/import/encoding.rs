//! Turning the file's bytes into UTF-8 text.
//!
//! UTF-8 (with or without BOM) is borrowed, not copied. UTF-16 with a BOM (or
//! without one, recognised by its zero bytes) and Windows-1252 (what Dutch
//! Excel writes for "CSV (gescheiden door lijstscheidingsteken)", where `€`
//! is byte 0x80; a superset of ISO-8859-1) are decoded with `encoding_rs`.
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

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

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

/// Decodes Windows-1252 into a buffer of the text's own size. (`encoding_rs`'
/// one-shot decoding makes room for the worst case, three bytes of UTF-8
/// per byte: for a 60 MB file 180 MB, which the worker's memory kept.)
fn decode_1252(bytes: &[u8]) -> Cow<'static, [u8]> {
    // Each byte from 0x80 on becomes two or three bytes of UTF-8.
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let mut out = String::with_capacity(bytes.len() + 2 * high);
    let mut decoder = WINDOWS_1252.new_decoder_without_bom_handling();
    // Through a small buffer: decoding straight into `out` needs its room
    // written first (zeros over the whole text), which cost more than this
    // copy.
    let mut buf = "\0".repeat(16 << 10);
    let mut rest = bytes;
    while !rest.is_empty() {
        // A single-byte encoding: every byte decodes, nothing waits for more.
        let (_, read, written, _) = decoder.decode_to_str(rest, &mut buf, true);
        out.push_str(&buf[..written]);
        if read == 0 {
            break;
        }
        rest = &rest[read..];
    }
    Cow::Owned(out.into_bytes())
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

/// Whether `bytes` hold a character of several bytes in UTF-8 somewhere, one
/// of the Latin script ([`latin`]): a lead byte with its continuation bytes.
/// Windows-1252 text almost never does ("é" is one byte, followed by a
/// letter or a delimiter).
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = next_high_byte(bytes, from) {
        let len = match bytes[at] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        // Windows-1252's "é" is followed by a letter or a delimiter, never
        // by a continuation byte (0x80–0xBF): most are settled at a glance.
        let continued = bytes
            .get(at + 1)
            .is_some_and(|&b| (0x80..0xC0).contains(&b));
        if len > 1
            && continued
            && bytes
                .get(at..at + len)
                .and_then(|c| std::str::from_utf8(c).ok())
                .is_some_and(|c| c.chars().all(latin))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

/// The position of the first byte of 0xC2 or above at or after `from`,
/// ASCII skipped eight bytes at a time.
fn next_high_byte(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(word) = bytes.get(from..from + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        if w & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        from += 8;
    }
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b >= 0xC2)
        .map(|p| from + p)
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

/// Decodes text that is not UTF-8 throughout, line by line (see the
/// module's doc); also whether some line kept non-ASCII UTF-8.
fn decode_lines(bytes: &[u8]) -> (Cow<'static, [u8]>, bool) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 16);
    let mut decoder = WINDOWS_1252.new_decoder_without_bom_handling();
    let mut utf8 = false;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        if line.is_ascii() {
            // ASCII is the same in both (and valid UTF-8).
            out.push_str(std::str::from_utf8(line).unwrap_or_default());
            continue;
        }
        if let Some(text) = std::str::from_utf8(line)
            .ok()
            .filter(|t| t.chars().all(latin))
        {
            utf8 = true;
            out.push_str(text);
            continue;
        }
        // Through a small buffer: `decode_to_string` would touch all of
        // `out`'s spare room on every line (measured: a minute for a
        // million lines).
        let mut line = line;
        let mut buf = [0u8; 1024];
        while !line.is_empty() {
            // A single-byte encoding: every byte decodes, nothing waits for more.
            let (_, read, written, _) = decoder.decode_to_utf8(line, &mut buf, false);
            if let Ok(text) = std::str::from_utf8(&buf[..written]) {
                out.push_str(text);
            }
            if read == 0 {
                break;
            }
            line = &line[read..];
        }
    }
    (Cow::Owned(out.into_bytes()), utf8)
}

/// Decodes `bytes` to UTF-8, borrowing when they already are UTF-8.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            if std::str::from_utf8(rest).is_ok() {
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
            if std::str::from_utf8(bytes).is_ok() {
                return Decoded {
                    text: Cow::Borrowed(bytes),
                    name: "UTF-8",
                };
            }
            // Windows-1252 throughout (no character of several bytes
            // anywhere): decoded in one go, which is quicker than line by line.
            if !has_utf8_sequence(bytes) {
                return Decoded {
                    text: decode_1252(bytes),
                    name: "windows-1252",
                };
            }
            let (text, utf8) = decode_lines(bytes);
            Decoded {
                text,
                name: if utf8 {
                    "UTF-8 + windows-1252"
                } else {
                    "windows-1252"
                },
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
        let all: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let (want, _) = WINDOWS_1252.decode_without_bom_handling(&all);
        let got = decode_1252(&all);
        assert_eq!(&*got, want.as_bytes());
        // Mostly ASCII: the room made is the text's, not three times the file.
        let text: Vec<u8> = b"Caf\xe9 De Zon;\x80 12,50\n".repeat(10_000);
        let Cow::Owned(got) = decode_1252(&text) else {
            panic!("decoded text is owned");
        };
        assert_eq!(got, "Café De Zon;€ 12,50\n".repeat(10_000).into_bytes());
        assert!(
            got.capacity() <= text.len() + 4 * 10_000,
            "{}",
            got.capacity()
        );
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
