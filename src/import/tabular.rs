//! CSV and TSV as people have them: spreadsheets (any of `, ; TAB |`, with
//! or without a header, a BOM, CRLF, quoted fields), Quizlet exports (term,
//! TAB, definition), and Anki's "Notes in Plain Text" with its `#key:value`
//! header lines. Rows whose field count differs from the header's are
//! reported, never silently truncated.

use super::{DraftCard, ImportDraft, ImportError, Skipped, clean, html, kind_from_column};
use crate::deck::{Cloze, Content, Kind};
use crate::i18n::{Text, text};
use crate::text::parse_true_false;

/// Anki's header lines (`#separator:tab`, `#html:true`, `#guid column:1`, ...).
#[derive(Debug, Default)]
struct AnkiHeader {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Option<usize>,
    notetype: Option<usize>,
    deck: Option<usize>,
    guid: Option<usize>,
    lines: usize,
}

fn anki_header(text: &str) -> AnkiHeader {
    let mut h = AnkiHeader::default();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix('#') else { break };
        let Some((key, value)) = rest.split_once(':') else { break };
        let value = value.trim();
        let col = || value.parse::<usize>().ok().filter(|&c| c > 0).map(|c| c - 1);
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                h.separator = match value.to_ascii_lowercase().as_str() {
                    "tab" => Some(b'\t'),
                    "comma" => Some(b','),
                    "semicolon" => Some(b';'),
                    "pipe" => Some(b'|'),
                    "space" => Some(b' '),
                    "colon" => Some(b':'),
                    v if v.len() == 1 => v.bytes().next(),
                    _ => None,
                }
            }
            "html" => h.html = Some(value.eq_ignore_ascii_case("true")),
            "tags column" => h.tags = col(),
            "notetype column" => h.notetype = col(),
            "deck column" => h.deck = col(),
            "guid column" => h.guid = col(),
            "columns" | "notetype" | "deck" | "tags" | "if matches" => {}
            _ => break,
        }
        h.lines += 1;
    }
    h
}

/// Picks the delimiter that splits the first lines most consistently.
fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let mut best = (b',', 0usize, usize::MAX);
    for d in [b'\t', b';', b'|', b','] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let with = counts.iter().filter(|&&c| c > 0).count();
        if with == 0 {
            continue;
        }
        let first = counts.first().copied().unwrap_or(0);
        let varying = counts.iter().filter(|&&c| c != first).count();
        // More lines using it, then fewer lines that disagree with the first.
        if with > best.1 || (with == best.1 && varying < best.2) {
            best = (d, with, varying);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inside = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                inside = !inside;
            }
            b == d && !inside
        })
        .count()
}

/// Column roles, matched on the folded header name (so `Câu hỏi`, `cau hoi`
/// and `CÂU HỎI` are the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Question,
    Answer,
    Tags,
    Kind,
    Explanation,
    Id,
    Options,
}

fn role(name: &str) -> Option<Role> {
    match crate::text::fold(name).as_str() {
        "question" | "front" | "term" | "q" | "prompt" | "cau hoi" | "text" | "tu" | "word" => Some(Role::Question),
        "answer" | "back" | "definition" | "a" | "meaning" | "dap an" | "tra loi" | "nghia" => Some(Role::Answer),
        "tags" | "tag" | "nhan" => Some(Role::Tags),
        "kind" | "type" | "loai" => Some(Role::Kind),
        "explanation" | "why" | "note" | "notes" | "extra" | "back extra" | "giai thich" => Some(Role::Explanation),
        "id" | "guid" | "ma" => Some(Role::Id),
        "options" | "choices" | "lua chon" => Some(Role::Options),
        _ => None,
    }
}

/// Parses delimited text. `delimiter` overrides the file's and the sniffed one.
pub fn parse_tabular(
    bytes: &[u8],
    delimiter: Option<u8>,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportDraft, ImportError> {
    let decoded = super::decode_utf8(bytes)?;
    let text: &str = &decoded;
    let header = anki_header(text);
    let body_start: usize = text.lines().take(header.lines).map(|l| l.len() + 1).sum::<usize>().min(text.len());
    let body = &text[body_start..];
    let delim = delimiter.or(header.separator).unwrap_or_else(|| sniff(body));
    // Quizlet's tab-separated export never quotes: a term like `"Hello"
    // (greeting)` keeps its quotation marks. Quoting is read only where the
    // file quotes the way CSV does (Anki's export always does).
    let quoting = header.lines > 0 || delim != b'\t' || !unquoted_tsv(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .quoting(quoting)
        .has_headers(false)
        .flexible(true)
        .comment(None)
        .from_reader(body.as_bytes());
    let mut rows = Rows { html_all: header.html.unwrap_or(false), header, ..Rows::default() };
    let mut record = csv::StringRecord::new();
    let to_usize = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| to_usize(p.line()).saturating_add(rows.header.lines));
                return Err(ImportError { line, message: text!("could not read the row: {why}", why = e.to_string()) });
            }
        }
        let line = record.position().map_or(0, |p| to_usize(p.line())).saturating_add(rows.header.lines);
        progress(record.position().map_or(0, |p| to_usize(p.byte())).saturating_add(body_start));
        rows.row(&record, line);
    }
    Ok(rows.finish())
}

/// The state of a CSV/TSV read: the column roles (from a header row, or
/// Anki's `#` headers), the expected width, and what was found so far.
#[derive(Default)]
struct Rows {
    header: AnkiHeader,
    html_all: bool,
    columns: Option<Vec<Option<Role>>>,
    expected: Option<usize>,
    seen_first: bool,
    conv: ImportDraft,
    other_types: std::collections::BTreeMap<String, usize>,
    decks: std::collections::BTreeSet<String>,
}

impl Rows {
    fn is_anki(&self) -> bool {
        self.header.lines > 0
    }

    /// One field as text: HTML converted when the file or the field has it.
    fn field(&self, record: &csv::StringRecord, i: Option<usize>) -> Option<String> {
        let raw = record.get(i?)?;
        let text = if self.html_all || html::looks_like_html(raw) { html::to_text(raw) } else { html::sounds(raw) };
        let t = clean(&text);
        (!t.is_empty()).then_some(t)
    }

    fn row(&mut self, record: &csv::StringRecord, line: usize) {
        if record.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        if !self.seen_first {
            self.seen_first = true;
            let roles: Vec<Option<Role>> = record.iter().map(role).collect();
            let named = roles.iter().any(|r| matches!(r, Some(Role::Question) | Some(Role::Answer)));
            if named && !self.is_anki() {
                self.expected = Some(record.len());
                self.columns = Some(roles);
                return;
            }
        }
        let want = *self.expected.get_or_insert(record.len());
        if record.len() != want {
            let reason = if record.len() > want {
                text!("too many fields ({found}, expected {want})", found = record.len(), want = want)
            } else {
                text!("too few fields ({found}, expected {want})", found = record.len(), want = want)
            };
            self.conv.skipped.push(Skipped { line, reason });
            return;
        }
        let result = if self.is_anki() { self.anki_row(record, line) } else { self.sheet_row(record, line) };
        match result {
            Ok(card) => self.conv.cards.push(card),
            Err(reason) => self.conv.skipped.push(Skipped { line, reason }),
        }
    }

    /// A row of Anki's "Notes in Plain Text" export.
    fn anki_row(&mut self, record: &csv::StringRecord, line: usize) -> Result<DraftCard, Text> {
        let h = &self.header;
        let special = [h.guid, h.notetype, h.deck, h.tags];
        let fields: Vec<Option<String>> =
            (0..record.len()).filter(|i| !special.contains(&Some(*i))).map(|i| self.field(record, Some(i))).collect();
        // Anki's default export has no note type column: text with cloze
        // markup is a cloze note whatever the columns say.
        let has_cloze = fields.first().cloned().flatten().is_some_and(|f| is_anki_cloze(&f));
        let notetype = self
            .field(record, h.notetype)
            .filter(|t| !(has_cloze && t.eq_ignore_ascii_case("basic")))
            .unwrap_or_else(|| if has_cloze { "Cloze".into() } else { "Basic".into() });
        if let Some(d) = self.field(record, h.deck) {
            self.decks.insert(d);
        }
        let tags = tags_of(h.tags.and_then(|i| record.get(i).map(str::to_string)));
        let id = self.field(record, h.guid);
        let (content, explanation, other) = anki_note(&notetype, &fields)?;
        if other {
            *self.other_types.entry(notetype).or_default() += 1;
        }
        Ok(DraftCard { line, id, content, explanation, tags })
    }

    /// A row of a spreadsheet or a Quizlet set: columns by header, else
    /// question, answer, tags.
    fn sheet_row(&self, record: &csv::StringRecord, line: usize) -> Result<DraftCard, Text> {
        let roles = self.columns.clone().unwrap_or_else(|| {
            (0..record.len())
                .map(|i| match i {
                    0 => Some(Role::Question),
                    1 => Some(Role::Answer),
                    2 => Some(Role::Tags),
                    _ => None,
                })
                .collect()
        });
        let col = |r: Role| roles.iter().position(|x| *x == Some(r));
        let field = |r: Role| self.field(record, col(r));
        let kind = match field(Role::Kind) {
            Some(k) => kind_from_column(&k).ok_or_else(|| text!("unknown kind `{kind}`", kind = &k))?,
            None => Kind::Basic,
        };
        let content = row_content(kind, field(Role::Question), field(Role::Answer), field(Role::Options))?;
        Ok(DraftCard {
            line,
            id: field(Role::Id),
            content,
            explanation: field(Role::Explanation),
            tags: tags_of(field(Role::Tags)),
        })
    }

    fn finish(mut self) -> ImportDraft {
        for (t, n) in std::mem::take(&mut self.other_types) {
            self.conv.notes.push(super::other_type_note(&t, n));
        }
        if self.decks.len() > 1 {
            self.conv.notes.push(text!(
                "the file holds notes from {n} Anki decks ({names}); they are imported into one deck",
                n = self.decks.len(),
                names = crate::text::neutralize(
                    &std::mem::take(&mut self.decks).into_iter().collect::<Vec<_>>().join(", ")
                )
            ));
        }
        self.conv
    }
}

/// Whether a tab-separated text has a field that CSV quoting cannot have
/// written: a quoted stretch followed by more text (`"Hello" (greeting)`).
fn unquoted_tsv(body: &str) -> bool {
    body.lines().flat_map(|l| l.split('\t')).any(|field| {
        let Some(rest) = field.strip_prefix('"') else { return false };
        // Find the closing quote, skipping doubled ones.
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                    continue;
                }
                return !rest[i + 1..].trim_end_matches('\r').is_empty();
            }
        }
        false
    })
}

/// Whether text holds Anki's numbered cloze markup (`{{c1::...}}`).
fn is_anki_cloze(text: &str) -> bool {
    text.match_indices("{{c").any(|(i, _)| {
        let rest = &text[i + 3..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        digits > 0 && rest[digits..].starts_with("::")
    })
}

/// Tags from a field: separated by spaces, commas or lines.
fn tags_of(s: Option<String>) -> Vec<String> {
    s.map(|t| t.split([' ', ',', '\n']).filter(|x| !x.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

/// A spreadsheet row of a given kind.
fn row_content(kind: Kind, q: Option<String>, a: Option<String>, options: Option<String>) -> Result<Content, Text> {
    let need_q = || q.clone().ok_or_else(|| text!("no question"));
    let need_a = || a.clone().ok_or_else(|| text!("no answer"));
    Ok(match kind {
        Kind::Basic => Content::Basic { question: need_q()?, answer: need_a()?, reverse: false },
        Kind::Typed => Content::Typed { question: need_q()?, answer: need_a()?, accept: Vec::new() },
        Kind::TrueFalse => {
            let a = need_a()?;
            let answer = parse_true_false(&a)
                .ok_or_else(|| text!("a true_false answer must be true or false, not `{answer}`", answer = &a))?;
            Content::TrueFalse { statement: need_q()?, answer }
        }
        Kind::Cloze => {
            let text = need_q()?;
            Content::Cloze(Cloze::parse(&text).map_err(|e| e.message)?)
        }
        Kind::Choice => {
            let opts: Vec<String> = options
                .ok_or_else(|| text!("a choice needs an `options` column (options separated by `|`)"))?
                .split('|')
                .map(clean)
                .collect();
            let picked: Vec<String> = need_a()?.split('|').map(clean).collect();
            let answers: Vec<usize> = picked.iter().filter_map(|p| opts.iter().position(|o| o == p)).collect();
            if answers.len() != picked.len() {
                return Err(text!("the answer is not among the options"));
            }
            Content::Choice { question: need_q()?, multiple: answers.len() > 1, options: opts, answers }
        }
    })
}

/// An Anki note from the text export: (content, explanation, other type?).
fn anki_note(notetype: &str, fields: &[Option<String>]) -> Result<(Content, Option<String>, bool), Text> {
    let f = |i: usize| fields.get(i).cloned().flatten();
    let t = notetype.to_lowercase();
    let first = f(0).ok_or_else(|| text!("the note's first field is empty"))?;
    if t.starts_with("cloze") {
        let cloze =
            Cloze::parse(&super::anki_cloze(&first)).map_err(|e| text!("cloze note: {why}", why = e.message))?;
        return Ok((Content::Cloze(cloze), f(1), false));
    }
    let second = f(1);
    if t.contains("type in the answer") {
        return Ok((
            Content::Typed { question: first, answer: second.ok_or_else(|| text!("no answer"))?, accept: Vec::new() },
            None,
            false,
        ));
    }
    let reverse = t.contains("and reversed") || (t.contains("optional reversed") && f(2).is_some());
    let known = t == "basic" || t.contains("reversed");
    let answer = if known {
        second.ok_or_else(|| text!("no answer"))?
    } else {
        let rest: Vec<String> = fields.iter().skip(1).flatten().cloned().collect();
        if rest.is_empty() {
            return Err(text!("no answer"));
        }
        rest.join("\n")
    };
    Ok((Content::Basic { question: first, answer, reverse }, None, !known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> ImportDraft {
        parse_tabular(s.as_bytes(), None, &mut |_| {}).unwrap()
    }

    fn qa(c: &DraftCard) -> (String, String) {
        match &c.content {
            Content::Basic { question, answer, .. } | Content::Typed { question, answer, .. } => {
                (question.clone(), answer.clone())
            }
            other => (format!("{other:?}"), String::new()),
        }
    }

    #[test]
    fn sniffs_delimiters_and_headers() {
        let c = parse("Câu hỏi;Đáp án;Tags\r\nA?;B;x y\r\n\"C;D\";\"E \"\"q\"\"\nline\";\r\n");
        assert_eq!(c.cards.len(), 2);
        assert_eq!(qa(&c.cards[1]), ("C;D".into(), "E \"q\"\nline".into()));
        assert_eq!(c.cards[0].tags, vec!["x", "y"]);
        let c = parse("one|1\ntwo|2\n");
        assert_eq!(qa(&c.cards[1]), ("two".into(), "2".into()));
        // Quizlet: no header, TAB, commas inside the definition.
        let c = parse("bánh mì\tbread, also a sandwich\nx\ty\n");
        assert_eq!(qa(&c.cards[0]), ("bánh mì".into(), "bread, also a sandwich".into()));
        // A header word in the first row makes it a header.
        let c = parse("term\tdefinition\nx\ty\n");
        assert_eq!(c.cards.len(), 1);
    }

    #[test]
    fn ragged_rows_are_reported_with_their_line() {
        let c = parse("question,answer\na,b\nc,d,e\nf,g\nh\n");
        assert_eq!(c.cards.len(), 2);
        assert_eq!(
            c.skipped,
            vec![
                Skipped {
                    line: 3,
                    reason: text!("too many fields ({found}, expected {want})", found = 3usize, want = 2usize)
                },
                Skipped {
                    line: 5,
                    reason: text!("too few fields ({found}, expected {want})", found = 1usize, want = 2usize)
                }
            ]
        );
    }

    #[test]
    fn anki_headers_are_honoured() {
        let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#tags column:5\nG1\tBasic\t<b>Q</b>\tA<br>B\tt1 t2\nG2\tCloze\t{{c1::x}} y\textra\t\n";
        let c = parse(text);
        assert_eq!(c.cards.len(), 2);
        assert_eq!(c.cards[0].id.as_deref(), Some("G1"));
        assert_eq!(qa(&c.cards[0]), ("Q".into(), "A\nB".into()));
        assert_eq!(c.cards[0].tags, vec!["t1", "t2"]);
        assert!(matches!(c.cards[1].content, Content::Cloze(_)));
        assert_eq!(c.cards[1].explanation.as_deref(), Some("extra"));
        assert_eq!(c.cards[1].line, 7);
    }

    #[test]
    fn kinds_from_a_column() {
        let c = parse("question,answer,kind,options\nS,đúng,true_false,\nQ,b|c,choice,a|b|c\nX,y,essay,\n");
        assert!(matches!(c.cards[0].content, Content::TrueFalse { answer: true, .. }));
        assert!(
            matches!(&c.cards[1].content, Content::Choice { answers, multiple: true, .. } if answers == &vec![1, 2])
        );
        assert_eq!(c.skipped[0].reason.en(), "unknown kind `essay`");
    }
}
