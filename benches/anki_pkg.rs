//! A synthetic Anki package in the legacy layout (schema 11 SQLite in a zip,
//! JSON media map) for the import benchmark: `notes` notes — Basic, Basic
//! (and reversed card) and Cloze — with review history on half the cards.
//! Correctness fixtures come from Anki itself (tests/fixtures/import/apkg);
//! this only needs Anki's shape at scale.

use std::io::Write;
use std::path::Path;

pub fn make_package(path: &Path, notes: usize) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("collection.anki21");
    let conn = rusqlite::Connection::open(&db).expect("db");
    let crt: i64 = 1_740_801_600;
    let models = r#"{"1": {"name": "Basic", "type": 0, "tmpls": [{"qfmt": "{{Front}}"}]},
                     "2": {"name": "Basic (and reversed card)", "type": 0, "tmpls": [{"qfmt": "{{Front}}"}, {"qfmt": "{{Back}}"}]},
                     "3": {"name": "Cloze", "type": 1, "tmpls": [{"qfmt": "{{cloze:Text}}"}]}}"#;
    let decks = r#"{"1": {"name": "Default"}, "10": {"name": "Bench"}, "11": {"name": "Bench::Sub"}}"#;
    conn.execute_batch(
        "CREATE TABLE col (id INTEGER PRIMARY KEY, crt INTEGER, models TEXT, decks TEXT);
         CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, mid INTEGER, tags TEXT, flds TEXT);
         CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER, did INTEGER, ord INTEGER, type INTEGER, queue INTEGER,
                             due INTEGER, ivl INTEGER, factor INTEGER, reps INTEGER, lapses INTEGER);
         CREATE TABLE revlog (id INTEGER PRIMARY KEY, cid INTEGER, ease INTEGER, ivl INTEGER, lastIvl INTEGER,
                              factor INTEGER, time INTEGER, type INTEGER);
         BEGIN;",
    )
    .expect("schema");
    conn.execute("INSERT INTO col VALUES (1, ?1, ?2, ?3)", rusqlite::params![crt, models, decks]).expect("col");
    let mut card_id: i64 = 1;
    let mut rev_id: i64 = crt * 1000;
    for n in 0..notes as i64 {
        let (mid, flds, cards) = match n % 10 {
            0 => (3, format!("Từ {{{{c1::số {n}}}}} và {{{{c2::chữ {n}}}}}.\x1fghi chú {n}"), 2),
            1 => (2, format!("mặt trước {n}\x1fmặt sau <b>{n}</b>"), 2),
            _ => (1, format!("Câu hỏi số {n}?<br>Chi tiết\x1fĐáp án {n} &amp; thêm"), 1),
        };
        conn.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![n + 1, format!("g{n:06}"), mid, " bench vocab ", flds],
        )
        .expect("note");
        for ord in 0..cards {
            let reviewed = card_id % 2 == 0;
            let (kind, queue, due, ivl) = if reviewed { (2, 2, 10 + (card_id % 30), 5) } else { (0, 0, n, 0) };
            conn.execute(
                "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0)",
                rusqlite::params![
                    card_id,
                    n + 1,
                    if n % 3 == 0 { 11 } else { 10 },
                    ord,
                    kind,
                    queue,
                    due,
                    ivl,
                    2500,
                    if reviewed { 5 } else { 0 }
                ],
            )
            .expect("card");
            if reviewed {
                for k in 0..5 {
                    rev_id += 60_000;
                    conn.execute(
                        "INSERT INTO revlog VALUES (?1, ?2, ?3, ?4, ?5, 2500, 4000, ?6)",
                        rusqlite::params![
                            rev_id,
                            card_id,
                            if k == 2 { 1 } else { 3 },
                            k + 1,
                            k,
                            if k == 0 { 0 } else { 1 }
                        ],
                    )
                    .expect("revlog");
                }
            }
            card_id += 1;
        }
    }
    conn.execute_batch("COMMIT;").expect("commit");
    drop(conn);
    let file = std::fs::File::create(path).expect("package");
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("collection.anki21", opts).expect("zip");
    zip.write_all(&std::fs::read(&db).expect("read db")).expect("zip");
    zip.start_file("media", opts).expect("zip");
    zip.write_all(b"{}").expect("zip");
    zip.finish().expect("zip");
}
