//! Just enough protobuf to read the three fields Anki stores in blobs (the
//! media map, a note type's kind and its templates): varints and
//! length-delimited fields, with every length checked.

use super::err;
use crate::i18n::text;
use crate::import::ImportError;

/// Protobuf `MediaEntries { repeated MediaEntry entries = 1 }`,
/// `MediaEntry { string name = 1; ... }`: the names, in order.
pub(super) fn media_entries(buf: &[u8]) -> Result<Vec<String>, ImportError> {
    let mut names = Vec::new();
    let mut p = Proto { b: buf, at: 0 };
    while let Some((field, wire)) = p.key() {
        match (field, wire) {
            (1, 2) => {
                let entry = p.bytes().ok_or_else(|| err(text!("the package's media map is damaged")))?;
                let mut e = Proto { b: entry, at: 0 };
                let mut name = None;
                while let Some((f, w)) = e.key() {
                    if (f, w) == (1, 2) {
                        name = e.bytes().map(|b| String::from_utf8_lossy(b).into_owned());
                    } else if !e.skip(w) {
                        break;
                    }
                }
                names.push(name.unwrap_or_default());
            }
            (_, w) => {
                if !p.skip(w) {
                    return Err(err(text!("the package's media map is damaged")));
                }
            }
        }
    }
    Ok(names)
}

/// Just enough protobuf to read Anki's small config messages.
pub(super) struct Proto<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Proto<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn key(&mut self) -> Option<(u64, u8)> {
        if self.at >= self.b.len() {
            return None;
        }
        let k = self.varint()?;
        Some((k >> 3, (k & 7) as u8))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.varint()?).ok()?;
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn skip(&mut self, wire: u8) -> bool {
        match wire {
            0 => self.varint().is_some(),
            1 => {
                self.at += 8;
                self.at <= self.b.len()
            }
            2 => self.bytes().is_some(),
            5 => {
                self.at += 4;
                self.at <= self.b.len()
            }
            _ => false,
        }
    }

    /// The first varint of `field` (e.g. a notetype's kind).
    pub(super) fn find_varint(buf: &'a [u8], field: u64) -> Option<u64> {
        let mut p = Proto { b: buf, at: 0 };
        while let Some((f, w)) = p.key() {
            if f == field && w == 0 {
                return p.varint();
            }
            if !p.skip(w) {
                return None;
            }
        }
        None
    }

    /// The first string of `field` (e.g. a template's front).
    pub(super) fn find_string(buf: &'a [u8], field: u64) -> Option<String> {
        let mut p = Proto { b: buf, at: 0 };
        while let Some((f, w)) = p.key() {
            if f == field && w == 2 {
                return p.bytes().map(|b| String::from_utf8_lossy(b).into_owned());
            }
            if !p.skip(w) {
                return None;
            }
        }
        None
    }
}
