//! The words of the generated cards, in the article's language (not the
//! interface's: a Vietnamese article gives Vietnamese cards whatever
//! language `learn` speaks). Every template is here, side by side.

use crate::i18n::Lang;

/// Card wording for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Phrases(pub Lang);

impl Phrases {
    fn pick(self, vi: &str, en: &str) -> String {
        match self.0 {
            Lang::Vi => vi.to_string(),
            Lang::En => en.to_string(),
        }
    }

    /// The name of the text before the first heading.
    pub(crate) fn intro(self) -> String {
        self.pick("Mở đầu", "Introduction")
    }

    /// The "both" option of a comparison, used only where the table says so.
    pub(crate) fn both(self) -> String {
        self.pick("Cả hai", "Both")
    }

    /// A which-side question about one cell of a comparison table.
    pub(crate) fn which_side(self, param: Option<&str>, cell: &str) -> String {
        match (self.0, param) {
            (Lang::Vi, Some(p)) => format!("Theo bảng so sánh, ở mục “{p}”, bên nào được mô tả là: “{cell}”?"),
            (Lang::Vi, None) => format!("Theo bảng so sánh, bên nào được mô tả là: “{cell}”?"),
            (Lang::En, Some(p)) => {
                format!("In the comparison table, under “{p}”, which side is described as: “{cell}”?")
            }
            (Lang::En, None) => format!("In the comparison table, which side is described as: “{cell}”?"),
        }
    }

    /// A question whose options are the row's cells.
    pub(crate) fn describe_side(self, param: &str, side: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Theo bảng so sánh, ở mục “{param}”, {side} được mô tả thế nào?"),
            Lang::En => format!("In the comparison table, how is {side} described under “{param}”?"),
        }
    }

    /// A statement pairing a side with a cell.
    pub(crate) fn table_statement(self, param: Option<&str>, side: &str, cell: &str) -> String {
        let cell = cell.trim_end_matches('.');
        match (self.0, param) {
            (Lang::Vi, Some(p)) => format!("Theo bảng so sánh, ở mục “{p}”, {side} được mô tả là: “{cell}”."),
            (Lang::Vi, None) => format!("Theo bảng so sánh, {side} được mô tả là: “{cell}”."),
            (Lang::En, Some(p)) => format!("In the comparison table, under “{p}”, {side} is described as: “{cell}”."),
            (Lang::En, None) => format!("In the comparison table, {side} is described as: “{cell}”."),
        }
    }

    /// A statement about a yes/no cell of a feature table.
    pub(crate) fn table_has(self, param: &str, side: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Theo bảng so sánh, {side} có “{param}”."),
            Lang::En => format!("In the comparison table, {side} has “{param}”."),
        }
    }

    /// The explanation of a table card: the whole row.
    pub(crate) fn table_row(self, param: Option<&str>, cells: &[(String, String)]) -> String {
        let row = cells
            .iter()
            .map(|(side, cell)| format!("{side} — {}", cell.trim_end_matches('.')))
            .collect::<Vec<_>>()
            .join("; ");
        match (self.0, param) {
            (Lang::Vi, Some(p)) => format!("Bảng so sánh, mục “{p}”: {row}"),
            (Lang::Vi, None) => format!("Bảng so sánh: {row}"),
            (Lang::En, Some(p)) => format!("The comparison table, “{p}”: {row}"),
            (Lang::En, None) => format!("The comparison table: {row}"),
        }
    }

    /// What an acronym stands for.
    pub(crate) fn stands_for(self, acronym: &str) -> String {
        match self.0 {
            Lang::Vi => format!("{acronym} là viết tắt của cụm từ nào?"),
            Lang::En => format!("What does {acronym} stand for?"),
        }
    }

    /// "What is X?" (`plural`: "What are X?").
    pub(crate) fn what_is(self, term: &str, plural: bool) -> String {
        match (self.0, plural) {
            (Lang::Vi, _) => format!("{term} là gì?"),
            (Lang::En, false) => format!("What is {term}?"),
            (Lang::En, true) => format!("What are {term}?"),
        }
    }

    /// What a term is called.
    pub(crate) fn called(self, term: &str) -> String {
        match self.0 {
            Lang::Vi => format!("{term} còn được gọi là gì?"),
            Lang::En => format!("What is another name for {term}?"),
        }
    }

    /// What a term refers to, or means.
    pub(crate) fn refers_to(self, term: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Trong bài viết, “{term}” đề cập đến điều gì?"),
            Lang::En => format!("In the article, what does “{term}” refer to?"),
        }
    }

    /// The items of a list, several right.
    pub(crate) fn list_several(self, lead: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Theo bài viết, những ý nào thuộc “{lead}”?"),
            Lang::En => format!("According to the article, which of these belong to “{lead}”?"),
        }
    }

    /// The item of a one-item list.
    pub(crate) fn list_one(self, lead: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Theo bài viết, ý nào thuộc “{lead}”?"),
            Lang::En => format!("According to the article, which of these belongs to “{lead}”?"),
        }
    }

    /// What a list holds (a flashcard).
    pub(crate) fn list_what(self, lead: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Theo bài viết, “{lead}” gồm những gì?"),
            Lang::En => format!("According to the article, what does “{lead}” include?"),
        }
    }

    /// Why a list card's options are what they are.
    pub(crate) fn list_explanation(self, lead: &str, items: &[String]) -> String {
        let items = items.join("; ");
        match self.0 {
            Lang::Vi => format!("Bài viết liệt kê ở “{lead}”: {items}."),
            Lang::En => format!("The article lists under “{lead}”: {items}."),
        }
    }

    /// The explanation quoting the sentence a card rests on.
    pub(crate) fn quote(self, sentence: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Bài viết: “{sentence}”"),
            Lang::En => format!("The article: “{sentence}”"),
        }
    }

    /// The explanation of a false statement made by swapping the sides.
    pub(crate) fn swapped(self, sentence: &str) -> String {
        match self.0 {
            Lang::Vi => format!("Sai: bài viết nói ngược lại — “{sentence}”"),
            Lang::En => format!("False: the article says the opposite — “{sentence}”"),
        }
    }

    /// The deck's description.
    pub(crate) fn description(self, file: &str, cards: usize, sections: usize) -> String {
        match self.0 {
            Lang::Vi => format!(
                "Bản nháp do `learn generate` tạo từ {file}: {cards} thẻ từ {sections} phần. Hãy đọc lại từng thẻ trước khi học."
            ),
            Lang::En => format!(
                "A draft made by `learn generate` from {file}: {cards} cards from {sections} sections. Read each card over before studying."
            ),
        }
    }
}
