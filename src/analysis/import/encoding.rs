//! Turning the file's bytes into UTF-8 text.
//!
//! UTF-8 (with or without BOM) is borrowed, not copied. UTF-16 with a BOM (or
//! without one, recognised by its zero bytes) and Windows-1252 (what Dutch
//! Excel writes for "CSV (gescheiden door lijstscheidingsteken)", where `€`
//! is byte 0x80; a superset of ISO-8859-1) are decoded with `encoding_rs`.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decoded text and the name of the encoding it came in.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// UTF-8 text.
    pub text: Cow<'a, [u8]>,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE" or "windows-1252".
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
                    text: decode_with(encoding_rs::UTF_8, rest),
                    name: "UTF-8 (BOM)",
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
                Decoded {
                    text: Cow::Borrowed(bytes),
                    name: "UTF-8",
                }
            } else {
                Decoded {
                    text: decode_with(WINDOWS_1252, bytes),
                    name: "windows-1252",
                }
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
}
