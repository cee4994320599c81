//! The zip: limits checked before anything is inflated, the collection
//! (plain or zstd), the media map and the media files.

use std::collections::BTreeMap;
use std::io::Read;

use super::collection::read_collection;
use super::proto::media_entries;
use super::{Package, PackageLimits, err, safe_media_name};
use crate::i18n::text;
use crate::import::ImportError;

/// The longest media name written (most file systems stop at 255 bytes,
/// and the file goes in a folder with a temporary name first).
const MAX_MEDIA_NAME: usize = 200;

/// Reads a package from its bytes.
pub fn read_package(bytes: &[u8], limits: PackageLimits) -> Result<Package, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        err(text!("this is not an Anki package: not a zip file, or a truncated one ({e})", e = e.to_string()))
    })?;
    if zip.len() > limits.max_entries {
        return Err(err(text!(
            "the package has {entries} entries; the limit is {limit}",
            entries = zip.len(),
            limit = limits.max_entries
        )));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| err(text!("the package is damaged ({e})", e = e.to_string())))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > limits.max_total_bytes {
        let gib = |b: u64| format!("{:.1}", b as f64 / (1u64 << 30) as f64);
        return Err(err(text!(
            "the package would unpack to {size} GiB; the limit is {limit} GiB (a zip bomb, or a collection too large to import)",
            size = gib(declared),
            limit = gib(limits.max_total_bytes)
        )));
    }
    let budget = std::cell::Cell::new(limits.max_total_bytes);
    let read =
        |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str| -> Result<Option<Vec<u8>>, ImportError> {
            let mut f = match zip.by_name(name) {
                Ok(f) => f,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(e) => return Err(err(text!("the package is damaged ({e})", e = e.to_string()))),
            };
            let left = budget.get();
            let mut out = Vec::with_capacity(f.size().min(left).min(64 * 1024 * 1024) as usize);
            (&mut f).take(left + 1).read_to_end(&mut out).map_err(|e| {
                err(text!("the package is damaged: {name}: {e}", name = name.to_string(), e = e.to_string()))
            })?;
            if out.len() as u64 > left {
                return Err(err(text!("the package unpacks to more than its entries declare (a zip bomb?)")));
            }
            budget.set(left - out.len() as u64);
            Ok(Some(out))
        };
    let (layout, collection) = if let Some(c) = read(&mut zip, "collection.anki21b")? {
        ("collection.anki21b", unzstd(&c, budget.get())?)
    } else if let Some(c) = read(&mut zip, "collection.anki21")? {
        ("collection.anki21", c)
    } else if let Some(c) = read(&mut zip, "collection.anki2")? {
        ("collection.anki2", c)
    } else {
        return Err(err(text!("the package has no collection (collection.anki21b, .anki21 or .anki2)")));
    };
    let media_map: Vec<(String, String)> = match read(&mut zip, "media")? {
        None => Vec::new(),
        Some(m) if layout == "collection.anki21b" => media_entries(&unzstd(&m, 64 * 1024 * 1024)?)?
            .into_iter()
            .enumerate()
            .map(|(i, name)| (i.to_string(), name))
            .collect(),
        Some(m) => {
            let map: BTreeMap<String, String> = serde_json::from_slice(&m)
                .map_err(|e| err(text!("the package's media map is damaged ({e})", e = e.to_string())))?;
            map.into_iter().collect()
        }
    };
    for (_, name) in &media_map {
        if name.len() > MAX_MEDIA_NAME {
            return Err(err(text!(
                "the package names a media file of {length} bytes; file systems take at most {limit} (refused before anything was written)",
                length = name.len(),
                limit = MAX_MEDIA_NAME
            )));
        }
        if !safe_media_name(name) {
            return Err(err(text!(
                "the package names a media file `{name}`, which would be written outside its folder (refused as unsafe)",
                name = name
            )));
        }
    }
    let mut package = read_collection(&collection, layout)?;
    for (member, name) in media_map {
        if !package.decks.iter().any(|d| d.media.contains(&name)) {
            continue;
        }
        if let Some(data) = read(&mut zip, &member)? {
            let data = if layout == "collection.anki21b" { unzstd(&data, budget.get()).unwrap_or(data) } else { data };
            package.media.insert(name, data);
        }
    }
    Ok(package)
}

fn unzstd(data: &[u8], limit: u64) -> Result<Vec<u8>, ImportError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(data)
        .map_err(|e| err(text!("the package's collection is damaged (zstd: {e})", e = e.to_string())))?;
    let mut out = Vec::new();
    decoder
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| err(text!("the package's collection is damaged (zstd: {e})", e = e.to_string())))?;
    if out.len() as u64 > limit {
        return Err(err(text!("the package's collection unpacks to more than the limit (a zip bomb?)")));
    }
    Ok(out)
}
