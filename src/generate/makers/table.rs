//! Comparison tables: two or more sides compared row by row (a first
//! column naming what is compared, or none). Each row gives a "which side"
//! choice — the sides as options, "both" among them only when some row of
//! the table is the same for every side — and a true/false statement
//! pairing a side with its cell (or, for the false one, with another
//! side's). Cells of ✓/✗ (yes/no, có/không) ask which side has the feature.

use super::{Candidate, Context, MAX_TEXT, Maker, arrange, gives_away, has_absolute_word, normalize};
use crate::deck::Content;
use crate::generate::article::{Block, Table};
use crate::i18n::Lang;

/// A table read as a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison<'t> {
    pub sides: Vec<&'t str>,
    pub rows: Vec<Row<'t>>,
}

/// One compared point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row<'t> {
    /// What is compared (the first column), when the table has one.
    pub param: Option<&'t str>,
    pub cells: Vec<&'t str>,
    pub kind: RowKind,
}

/// How the sides differ on a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// Each side says something else.
    Distinct,
    /// Every side says the same.
    Same,
    /// Yes/no marks: which sides have it.
    Marks(Vec<bool>),
}

/// Words of a first header cell that names what is compared, not a side.
const CRITERIA: &[&str] = &[
    "tiêu chí",
    "thông số",
    "đặc điểm",
    "khía cạnh",
    "yếu tố",
    "so sánh",
    "criteria",
    "criterion",
    "feature",
    "features",
    "aspect",
    "parameter",
    "parameters",
    "basis",
    "point",
    "comparison",
];

/// Header cells of a glossary (a term and its meaning), not of sides.
const GLOSSARY: &[&str] = &[
    "thuật ngữ",
    "từ",
    "tên",
    "nghĩa",
    "ý nghĩa",
    "định nghĩa",
    "mô tả",
    "giải thích",
    "term",
    "word",
    "name",
    "meaning",
    "definition",
    "description",
    "explanation",
];

/// A yes/no mark, if the cell is one.
fn mark(cell: &str) -> Option<bool> {
    let t = cell.trim();
    match t {
        "✓" | "✔" | "✅" | "☑" => Some(true),
        "✗" | "✘" | "❌" | "—" | "-" | "–" => Some(false),
        _ => match normalize(t).as_str() {
            "yes" | "có" | "x" => Some(true),
            "no" | "không" => Some(false),
            _ => None,
        },
    }
}

/// The table as a comparison, if it is one: two to five sides named in
/// the header (each of at most six words), and rows with a cell per side.
pub(crate) fn comparison(t: &Table) -> Option<Comparison<'_>> {
    let first = normalize(&t.header[0]);
    let labelled = t.header.len() >= 3
        || first.is_empty()
        || CRITERIA.iter().any(|c| first == *c || first.starts_with(&format!("{c} ")) || first.contains(c));
    let glossary = t.header.iter().any(|h| GLOSSARY.contains(&normalize(h).as_str()));
    if t.header.len() == 2 && (labelled || glossary) {
        // A term and its description: not two sides.
        return None;
    }
    let skip = usize::from(labelled);
    let sides: Vec<&str> = t.header[skip..].iter().map(String::as_str).collect();
    if !(2..=5).contains(&sides.len())
        || sides.iter().any(|s| s.trim().is_empty() || s.split_whitespace().count() > 6)
        || sides.iter().enumerate().any(|(i, s)| sides[..i].iter().any(|o| normalize(o) == normalize(s)))
    {
        return None;
    }
    let mut rows = Vec::new();
    for r in &t.rows {
        let param = labelled.then(|| r[0].as_str()).filter(|p| !p.trim().is_empty());
        if labelled && param.is_none() {
            continue;
        }
        let cells: Vec<&str> = r[skip..].iter().map(String::as_str).collect();
        let marks: Vec<Option<bool>> = cells.iter().map(|c| mark(c)).collect();
        let kind = if marks.iter().all(Option::is_some) && param.is_some() {
            RowKind::Marks(marks.into_iter().map(|m| m.unwrap_or(false)).collect())
        } else if cells.iter().any(|c| c.trim().is_empty() || mark(c).is_some()) {
            continue;
        } else if cells.iter().all(|c| normalize(c) == normalize(cells[0])) {
            RowKind::Same
        } else if cells.iter().enumerate().any(|(i, c)| cells[..i].iter().any(|o| normalize(o) == normalize(c))) {
            // Two sides alike and a third not: no clean "which side".
            continue;
        } else {
            RowKind::Distinct
        };
        rows.push(Row { param, cells, kind });
    }
    (!rows.is_empty()).then_some(Comparison { sides, rows })
}

/// How a row's "which side" card asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// The sides as options; the answer is this side (or "both").
    Sides(Answer),
    /// The row's cells as options; the question names this side.
    Cells(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Side(usize),
    Both,
}

/// The cards of every comparison table of the article.
pub(crate) fn cards(cx: &Context<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (si, s) in cx.article.sections.iter().enumerate().filter(|(_, s)| !s.end_matter) {
        for (bi, b) in s.blocks.iter().enumerate() {
            if let Block::Table(t) = b
                && let Some(c) = comparison(t)
            {
                out.extend(table_cards(cx, &c, si, bi));
            }
        }
    }
    out
}

/// The cards of one comparison.
fn table_cards(cx: &Context<'_>, c: &Comparison<'_>, section: usize, block: usize) -> Vec<Candidate> {
    let p = cx.phrases;
    let k = c.sides.len();
    let sides: Vec<String> = c.sides.iter().map(|s| (*s).to_string()).collect();
    let with_both = c.rows.iter().any(|r| match &r.kind {
        RowKind::Same => true,
        RowKind::Marks(m) => m.iter().all(|x| *x),
        RowKind::Distinct => false,
    });
    let mut side_options = sides.clone();
    if with_both {
        side_options.push(p.both());
    }
    let both_index = k;
    // Side names on three cards or more are labels, not crafted answers
    // (the linter's rule too): their length gives nothing away.
    let labels = c.rows.len() >= 3;
    let gives_away = |options: &[String], i: usize| !labels && gives_away(options, i);
    // How each row asks: the sides as options where that does not give
    // the answer away by its length; else the cells.
    let mut asks: Vec<Option<Ask>> = c
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| match &row.kind {
            RowKind::Same => (!gives_away(&side_options, both_index) && with_both).then_some(Ask::Sides(Answer::Both)),
            RowKind::Marks(m) => match m.iter().filter(|x| **x).count() {
                n if n == k && with_both => Some(Ask::Sides(Answer::Both)),
                1 => m.iter().position(|x| *x).map(|s| Ask::Sides(Answer::Side(s))),
                _ => None,
            },
            RowKind::Distinct => (0..k)
                .map(|d| (r + d) % k)
                .find(|&s| !gives_away(&side_options, s))
                .map(|s| Ask::Sides(Answer::Side(s)))
                .or(Some(Ask::Cells(r % k))),
        })
        .collect();
    balance_option_set(&mut asks, c, k);
    let mut out = Vec::new();
    for (r, row) in c.rows.iter().enumerate() {
        let pairs: Vec<(String, String)> =
            sides.iter().cloned().zip(row.cells.iter().map(|c| (*c).to_string())).collect();
        let explanation = p.table_row(row.param, &pairs);
        let key = format!("{} {}", row.param.unwrap_or_default(), row.cells.join(" "));
        let candidate = |content: Content, score: i32| Candidate {
            content,
            explanation: explanation.clone(),
            section,
            at: (block, r),
            maker: Maker::Table,
            score,
            group: None,
            alternative: None,
            key: key.clone(),
        };
        if let Some(ask) = asks[r]
            && let Some((content, score)) = choice(cx, c, row, ask, &side_options)
        {
            out.push(candidate(content, score));
        }
        if let Some((first, second)) = statements(cx, c, row, r) {
            let second = second.and_then(tf).map(|s| candidate(s, 8));
            match (tf(first).map(|f| candidate(f, 8)), second) {
                (Some(mut card), alternative) => {
                    card.alternative = alternative.map(Box::new);
                    out.push(card);
                }
                (None, Some(card)) => out.push(card),
                (None, None) => {}
            }
        }
    }
    out
}

/// A side-name option set repeated on five cards or more must have every
/// option right on one of them (the linter's rule): rows asked by side
/// names are asked by cells instead until it holds.
fn balance_option_set(asks: &mut [Option<Ask>], c: &Comparison<'_>, k: usize) {
    loop {
        let by_sides: Vec<usize> = (0..asks.len()).filter(|&r| matches!(asks[r], Some(Ask::Sides(_)))).collect();
        let right: Vec<Answer> = by_sides
            .iter()
            .filter_map(|&r| match asks[r] {
                Some(Ask::Sides(a)) => Some(a),
                _ => None,
            })
            .collect();
        let all_right = (0..k).all(|s| right.contains(&Answer::Side(s)));
        if by_sides.len() < 5 || all_right {
            return;
        }
        // Turn the last row asked by its sides into a cells question,
        // preferring rows whose own side could not be asked.
        let Some(&r) = by_sides
            .iter()
            .rev()
            .find(|&&r| {
                c.rows[r].kind == RowKind::Distinct
                    && !matches!(asks[r], Some(Ask::Sides(Answer::Side(s))) if s == r % k)
            })
            .or_else(|| by_sides.iter().rev().find(|&&r| c.rows[r].kind == RowKind::Distinct))
        else {
            // Only "both" and mark rows: drop one.
            if let Some(&r) = by_sides.last() {
                asks[r] = None;
            }
            continue;
        };
        asks[r] = Some(Ask::Cells(r % k));
    }
}

/// The row's choice card, and its score.
fn choice(
    cx: &Context<'_>,
    c: &Comparison<'_>,
    row: &Row<'_>,
    ask: Ask,
    side_options: &[String],
) -> Option<(Content, i32)> {
    let p = cx.phrases;
    let (question, options, right, score) = match ask {
        Ask::Sides(answer) => {
            let right = match answer {
                Answer::Side(s) => s,
                Answer::Both => c.sides.len(),
            };
            let question = match (&row.kind, answer) {
                (RowKind::Marks(_), _) => which_has(cx.lang, row.param?),
                (_, Answer::Both) => p.which_side(row.param, &mask(cx, c, row.cells[0])),
                (_, Answer::Side(s)) => p.which_side(row.param, &mask(cx, c, row.cells[s])),
            };
            (question, side_options.to_vec(), right, 10)
        }
        Ask::Cells(want) => {
            let param = row.param?;
            let options: Vec<String> = row.cells.iter().map(|c| (*c).to_string()).collect();
            // Ask about a side whose cell is not the long one.
            let s = (0..c.sides.len()).map(|d| (want + d) % c.sides.len()).find(|&s| !gives_away(&options, s))?;
            (p.describe_side(param, c.sides[s]), options, s, 9)
        }
    };
    if question.chars().count() > MAX_TEXT || options.iter().any(|o| o.chars().count() > MAX_TEXT) {
        return None;
    }
    // The side names keep the table's order; cells are arranged.
    let (options, answers) = match ask {
        Ask::Sides(_) => (options, vec![right]),
        Ask::Cells(_) => arrange(options, &[right]),
    };
    Some((Content::Choice { question, options, answers, multiple: false }, score))
}

/// A cell with the sides' names in it hidden ("BPO ngang và BPO dọc" →
/// "… ngang và … dọc"): a cell that names its side answers the question.
fn mask(cx: &Context<'_>, c: &Comparison<'_>, cell: &str) -> String {
    let mut spans: Vec<(usize, usize)> = cx.entities.mentions(cell).iter().map(|m| (m.start, m.end)).collect();
    let lower = crate::generate::sentences::lower_in_place(cell);
    {
        for side in &c.sides {
            let s = crate::generate::sentences::lower_in_place(side);
            let mut from = 0;
            while let Some(i) = lower[from..].find(&s) {
                let (a, b) = (from + i, from + i + s.len());
                let whole = lower[..a].chars().next_back().is_none_or(|ch| !ch.is_alphanumeric())
                    && lower[b..].chars().next().is_none_or(|ch| !ch.is_alphanumeric());
                if whole && !spans.iter().any(|&(x, y)| x < b && a < y) {
                    spans.push((a, b));
                }
                from = b;
            }
        }
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(cell.len());
    let mut at = 0;
    for (a, b) in spans {
        if a < at {
            continue;
        }
        out.push_str(&cell[at..a]);
        out.push('…');
        at = b;
    }
    out.push_str(&cell[at..]);
    out
}

fn which_has(lang: Lang, param: &str) -> String {
    match lang {
        Lang::Vi => format!("Theo bảng so sánh, bên nào có “{param}”?"),
        Lang::En => format!("In the comparison table, which side has “{param}”?"),
    }
}

/// A statement and whether the table makes it true.
type Statement = (String, bool);

/// The row's statements: the one to use first and the one that may stand
/// in for it (a true and a false one, in an order that alternates by row).
fn statements(cx: &Context<'_>, c: &Comparison<'_>, row: &Row<'_>, r: usize) -> Option<(Statement, Option<Statement>)> {
    let p = cx.phrases;
    let k = c.sides.len();
    let s = (r + 1) % k;
    let ordered = |t: Statement, f: Statement| if r.is_multiple_of(2) { (t, Some(f)) } else { (f, Some(t)) };
    match &row.kind {
        RowKind::Distinct => {
            let other = (s + 1) % k;
            let t = (p.table_statement(row.param, c.sides[s], &mask(cx, c, row.cells[s])), true);
            let f = (p.table_statement(row.param, c.sides[s], &mask(cx, c, row.cells[other])), false);
            Some(ordered(t, f))
        }
        RowKind::Same => Some(((p.table_statement(row.param, c.sides[s], &mask(cx, c, row.cells[s])), true), None)),
        RowKind::Marks(m) => {
            let param = row.param?;
            let yes = m.iter().position(|x| *x).map(|i| (p.table_has(param, c.sides[i]), true));
            let no = m.iter().position(|x| !*x).map(|i| (p.table_has(param, c.sides[i]), false));
            match (yes, no) {
                (Some(y), Some(n)) => Some(ordered(y, n)),
                (Some(one), None) | (None, Some(one)) => Some((one, None)),
                (None, None) => None,
            }
        }
    }
}

/// A true/false card, unless an absolute word or its length spoils it.
fn tf((statement, answer): Statement) -> Option<Content> {
    (!has_absolute_word(&statement) && statement.chars().count() <= MAX_TEXT)
        .then_some(Content::TrueFalse { statement, answer })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Format, entities::Entities, read};

    fn made(text: &str, lang: Lang) -> Vec<Content> {
        let a = read(text, Format::Markdown);
        let e = Entities::of(&a, lang);
        cards(&Context::new(&a, &e, lang)).into_iter().map(|c| c.content).collect()
    }

    fn which_side(cards: &[Content]) -> Vec<(String, Vec<String>, String)> {
        cards
            .iter()
            .filter_map(|c| match c {
                Content::Choice { question, options, answers, .. } if options.len() <= 3 => {
                    Some((question.clone(), options.clone(), options[answers[0]].clone()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn english_rows_become_which_side_and_true_false_cards() {
        let text = "# Cats vs Dogs\n\n| Feature | Cats | Dogs |\n|---|---|---|\n| Sleep | Most of the day | At night |\n| Walks | Never needed | Twice a day |\n| Sound | Purring | Barking |\n";
        let cards = made(text, Lang::En);
        let sides = which_side(&cards);
        assert_eq!(sides.len(), 3, "{cards:#?}");
        assert!(
            sides.iter().all(|(_, o, _)| o == &vec!["Cats".to_string(), "Dogs".to_string()]),
            "no 'Both': no row is the same"
        );
        assert!(sides.contains(&(
            "In the comparison table, under “Sleep”, which side is described as: “Most of the day”?".into(),
            vec!["Cats".into(), "Dogs".into()],
            "Cats".into()
        )));
        // The right side alternates, so the option set is not always one way.
        assert!(sides.iter().any(|(_, _, a)| a == "Dogs"));
        let statements = cards.iter().filter(|c| matches!(c, Content::TrueFalse { .. })).count();
        assert_eq!(statements, 3, "{cards:#?}");
        assert!(
            cards.iter().all(|c| !matches!(c, Content::TrueFalse { statement, .. } if statement.contains("Never"))),
            "an absolute word spoils a statement; the row's other one stands in"
        );
    }

    #[test]
    fn both_only_where_the_table_says_so() {
        let text = "# Trà và cà phê\n\n| Tiêu chí | Trà | Cà phê |\n|---|---|---|\n| Nguồn gốc | Lá cây | Hạt rang |\n| Uống nóng | Có | Có |\n| Màu | Xanh hoặc nâu | Nâu đậm |\n";
        let cards = made(text, Lang::Vi);
        let sides = which_side(&cards);
        assert!(sides.iter().all(|(_, o, _)| o.contains(&"Cả hai".to_string())), "{sides:#?}");
        assert!(sides.iter().any(|(q, _, a)| q.contains("Uống nóng") && a == "Cả hai"), "{sides:#?}");
        assert!(sides.iter().any(|(q, _, a)| q.contains("Nguồn gốc") && a == "Trà"), "{sides:#?}");
    }

    #[test]
    fn a_cell_naming_its_side_is_masked() {
        let text = "# BPO so với tổng đài\n\nBPO ở xa. Tổng đài ở gần. BPO lớn. Tổng đài nhỏ.\n\n| Tiêu chí | BPO | Tổng đài |\n|---|---|---|\n| Các loại | BPO ngang và BPO dọc | Tổng đài gọi vào và gọi ra |\n| Ca | Giờ hành chính | Cả ngày |\n| Đo | Hồ sơ | Cuộc gọi |\n";
        let cards = made(text, Lang::Vi);
        let sides = which_side(&cards);
        assert!(sides.iter().any(|(q, _, _)| q.contains("“… ngang và … dọc”")), "{sides:#?}");
        assert!(
            cards.iter().all(|c| !matches!(c, Content::TrueFalse { statement, .. } if statement.contains("BPO ngang")))
        );
    }

    #[test]
    fn a_term_and_description_table_is_no_comparison() {
        let t = Table {
            header: vec!["Thuật ngữ".into(), "Nghĩa".into()],
            rows: vec![vec!["BPO".into(), "Gia công quy trình kinh doanh".into()]],
        };
        assert_eq!(comparison(&t), None, "a glossary: terms and meanings are not sides");
        let t =
            Table { header: vec!["Feature".into(), "Meaning".into()], rows: vec![vec!["IVR".into(), "Menus".into()]] };
        assert_eq!(comparison(&t), None, "a criteria column and one other: no sides");
    }
}
