//! Deterministic zips (DECISIONS.md D10): entries sorted by name, one fixed timestamp, fixed
//! permissions (0755 for files executable by their owner, else 0644, as the reference sets
//! them), deflate at one fixed level. The same files give the same bytes on every machine.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of a zip: its name inside the zip, the file its bytes come from (or the bytes, for a
/// file a plugin would have written), and whether it is executable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    pub path: std::path::PathBuf,
    pub executable: bool,
    pub bytes: Option<std::sync::Arc<[u8]>>,
}

/// The zip timestamp: `SOURCE_DATE_EPOCH` when set (clamped to what a zip can hold), else
/// 1980-01-01 00:00:00, the earliest.
pub(crate) fn timestamp() -> DateTime {
    let from_env = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok());
    from_env
        .and_then(|secs| {
            let millis = secs.saturating_mul(1000);
            let iso = crate::artifact::iso8601(millis);
            let num = |r: std::ops::Range<usize>| iso.get(r).and_then(|s| s.parse::<u16>().ok());
            let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
            DateTime::from_date_and_time(y.clamp(1980, 2107), mo as u8, d as u8, h as u8, mi as u8, s as u8).ok()
        })
        .unwrap_or_default()
}

/// The zip of `entries` (sorted here by name, byte order), or which file could not be read.
pub(crate) fn write(mut entries: Vec<Entry>, time: DateTime) -> Result<Vec<u8>, String> {
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries.dedup_by(|a, b| a.name == b.name);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(time);
    for entry in &entries {
        let options = base.unix_permissions(if entry.executable { 0o755 } else { 0o644 });
        zip.start_file(entry.name.as_str(), options).map_err(|e| format!("cannot zip {}: {e}", entry.name))?;
        let read;
        let bytes: &[u8] = match &entry.bytes {
            Some(bytes) => bytes,
            None => {
                read = std::fs::read(&entry.path).map_err(|e| format!("cannot read {}: {e}", entry.path.display()))?;
                &read
            }
        };
        zip.write_all(bytes).map_err(|e| format!("cannot zip {}: {e}", entry.name))?;
    }
    zip.finish().map(Cursor::into_inner).map_err(|e| format!("cannot finish the zip: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_entries_in_any_order_give_the_same_bytes() {
        let dir = std::env::temp_dir().join(format!("stackwright-zip-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let e = |name: &str| {
            std::fs::write(dir.join(name), name).unwrap();
            Entry { name: name.into(), path: dir.join(name), executable: false, bytes: None }
        };
        let a = write(vec![e("b.js"), e("a.js")], DateTime::default()).unwrap();
        let b = write(vec![e("a.js"), e("b.js")], DateTime::default()).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        assert_eq!(archive.by_index(0).unwrap().name(), "a.js");
        assert_eq!(archive.by_index(1).unwrap().unix_mode(), Some(0o100644));
    }
}
