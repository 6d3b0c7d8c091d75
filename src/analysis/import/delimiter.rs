//! Finding the field delimiter: a `sep=` first line, else the candidate that
//! splits many rows into the same number of fields.
//!
//! Counting characters would be fooled by decimal commas ("12,50" in a `;`
//! file); consistent field counts over the first records are not, because
//! the header row has no decimal commas and quoted fields are respected.

/// Delimiters we try, in order of preference on a tie.
pub const CANDIDATES: [u8; 4] = [b';', b'\t', b',', b'|'];

/// If the text starts with an Excel `sep=X` line, returns `X` and the text after that line.
pub fn sep_line(text: &[u8]) -> Option<(u8, &[u8])> {
    let end = text
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .unwrap_or(text.len());
    let line = &text[..end];
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    let rest_of = |l: &[u8]| -> Option<u8> {
        let prefix = l.get(..4)?;
        if !prefix.eq_ignore_ascii_case(b"sep=") {
            return None;
        }
        match &l[4..] {
            [c] => Some(*c),
            [c, ..] if l[5..].iter().all(|&b| b == *c) => Some(*c),
            _ => None,
        }
    };
    let delim = rest_of(line)?;
    let mut rest = &text[end..];
    if let [b'\r', b'\n', r @ ..] = rest {
        rest = r;
    } else if let [b'\r' | b'\n', r @ ..] = rest {
        rest = r;
    }
    Some((delim, rest))
}

/// The most consistent delimiter over the first records; `prefer_tab` for pasted text.
pub fn sniff(text: &[u8], prefer_tab: bool) -> u8 {
    const SAMPLE: usize = 64 * 1024;
    let truncated = text.len() > SAMPLE;
    let sample = &text[..text.len().min(SAMPLE)];
    let mut best = (0usize, 0usize, b',');
    let order: [u8; 4] = if prefer_tab {
        [b'\t', b';', b',', b'|']
    } else {
        CANDIDATES
    };
    for &d in &order {
        if !sample.contains(&d) {
            continue;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts: Vec<usize> = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() < 200 {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                _ => break,
            }
        }
        if truncated {
            counts.pop();
        }
        // The modal field count among multi-field records, and how many records have it.
        let mut modal = (0usize, 0usize);
        let mut sorted: Vec<usize> = counts.iter().copied().filter(|&c| c > 1).collect();
        sorted.sort_unstable();
        for chunk in sorted.chunk_by(|a, b| a == b) {
            if chunk.len() > modal.1 || (chunk.len() == modal.1 && chunk[0] > modal.0) {
                modal = (chunk[0], chunk.len());
            }
        }
        let (width, freq) = modal;
        if freq > best.1 || (freq == best.1 && freq > 0 && width > best.0) {
            best = (width, freq, d);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line(b"sep=;\r\na;b"), Some((b';', &b"a;b"[..])));
        assert_eq!(sep_line(b"\"sep=,\"\na,b"), Some((b',', &b"a,b"[..])));
        assert_eq!(sep_line(b"SEP=|\na|b"), Some((b'|', &b"a|b"[..])));
        assert_eq!(sep_line(b"naam;bedrag"), None);
    }

    #[test]
    fn decimal_commas_do_not_fool_it() {
        assert_eq!(
            sniff(
                b"Klant;Bedrag;Winst\nA;12,50;1,25\nB;3,00;0,30\nC;1.234,56;12,34\n",
                false
            ),
            b';'
        );
        assert_eq!(
            sniff(b"Customer,Amount\nA,12.50\n\"B, Inc\",3.00\n", false),
            b','
        );
        assert_eq!(sniff(b"Naam\tBedrag\nA\t12,50\nB\t3,00\n", true), b'\t');
        assert_eq!(sniff(b"a|b|c\n1|2,5|3\n4|5|6\n", false), b'|');
        // Preamble lines with one field do not count.
        assert_eq!(
            sniff(
                b"Omzet per klant\nPeriode 2024\n\nKlant;Bedrag\nA;1,5\nB;2,5\n",
                false
            ),
            b';'
        );
    }
}
