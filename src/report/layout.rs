//! Fitting text to the terminal: its width, wrapping at spaces, and column widths for
//! tables. comfy-table would split a word that does not fit its column; here every
//! column is made at least as wide as its longest word and every cell is wrapped
//! before comfy-table sees it, so a word is never cut (SPEC §7).

use comfy_table::{Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use unicode_width::UnicodeWidthStr;

/// The width to fit tables to: `COLUMNS` when set (also when piped, so a script or
/// test can ask for a width), else the terminal's when standard output is one;
/// `None`, unbounded, when neither is known. A terminal reporting 0 columns (a serial
/// console, some CI runners) is unknown, not zero wide.
pub fn terminal_width() -> Option<usize> {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&width| width > 0);
    // comfy-table asks the terminal (through crossterm) only when standard output is
    // one, which is the only time its width matters.
    from_env.or_else(|| {
        Table::new()
            .width()
            .map(usize::from)
            .filter(|&width| width > 0)
    })
}

/// How many terminal columns `text` takes (East Asian wide characters count two).
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// The widest word of `text`: the narrowest it can be wrapped without cutting a word.
fn longest_word(text: &str) -> usize {
    text.split([' ', '\n'])
        .map(display_width)
        .max()
        .unwrap_or(0)
}

/// The widest line of `text`, as it stands.
fn longest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// `text` wrapped at spaces into lines of at most `width` columns, each line after the
/// first starting with `indent`. Line breaks already in `text` are kept. A word wider
/// than the room left stands alone on its line and overflows: cutting it would change
/// what it says. With no width, lines are only split where `text` breaks them.
pub fn wrap(text: &str, width: Option<usize>, indent: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let Some(width) = width else {
            lines.push(format!(
                "{}{paragraph}",
                if lines.is_empty() { "" } else { indent }
            ));
            continue;
        };
        // A paragraph's own leading spaces are its first line's indent.
        let words = paragraph.trim_start_matches(' ');
        let mut line = if lines.is_empty() {
            paragraph[..paragraph.len() - words.len()].to_string()
        } else {
            indent.to_string()
        };
        let mut bare = true; // the line holds no word yet, only its indent
        let room = width.saturating_sub(display_width(indent));
        for word in words.split(' ').filter(|w| !w.is_empty()) {
            // Words held together that cannot share a line part again; a path too long
            // for any line breaks after a '/', so each folder name stays whole; any
            // other word that long overflows as it is.
            let pieces: Vec<(&str, bool)> = if display_width(word) <= room {
                vec![(word, false)]
            } else if word.contains(NO_BREAK) {
                word.split(NO_BREAK)
                    .filter(|piece| !piece.is_empty())
                    .map(|piece| (piece, false))
                    .collect()
            } else {
                word.split_inclusive('/')
                    .enumerate()
                    .map(|(index, piece)| (piece, index > 0))
                    .collect()
            };
            for (piece, glued) in pieces {
                let needed = display_width(piece) + usize::from(!bare && !glued);
                if !bare && display_width(&line) + needed > width {
                    lines.push(std::mem::replace(&mut line, indent.to_string()));
                    bare = true;
                }
                if !bare && !glued {
                    line.push(' ');
                }
                line.push_str(piece);
                bare = false;
            }
        }
        lines.push(line);
    }
    // No-break spaces held words together while wrapping; on screen they are spaces.
    for line in &mut lines {
        if line.contains(NO_BREAK) {
            *line = line.replace(NO_BREAK, " ");
        }
    }
    lines
}

/// The space that [`wrap`] does not break at, and shows as a plain space.
const NO_BREAK: char = '\u{a0}';

/// `text` with the words of each " · "-separated part held together, so that a
/// summary wraps between "5 Requires improvement" and "1 Adequate", never inside one.
pub fn keep_parts_whole(text: &str) -> String {
    text.split(" · ")
        .map(|part| part.replace(' ', &NO_BREAK.to_string()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `text` wrapped as in [`wrap`], joined into one string of lines.
pub fn wrap_text(text: &str, width: Option<usize>, indent: &str) -> String {
    wrap(text, width, indent).join("\n")
}

/// The text of one table cell and the colour to show it in, if any.
#[derive(Debug, Clone)]
pub struct TextCell {
    /// What the cell says; `\n` starts a line that must stand on its own.
    pub text: String,
    /// Its foreground colour, only used when colour is on.
    pub color: Option<Color>,
}

impl TextCell {
    /// A cell without colour.
    pub fn plain(text: impl Into<String>) -> Self {
        TextCell {
            text: text.into(),
            color: None,
        }
    }
}

/// A table's header and rows before its columns are fitted to a width.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The header's cells.
    pub header: Vec<String>,
    /// The rows, each with as many cells as the header.
    pub rows: Vec<Vec<TextCell>>,
    /// Columns to keep on one line where the width allows (grades, numbers): a grade
    /// over two lines reads worse than a title over three.
    pub whole: Vec<bool>,
}

/// Borders and padding of the house style: one space each side of every column and a
/// rule between columns and at both ends.
fn frame_width(columns: usize) -> usize {
    3 * columns + 1
}

impl Grid {
    /// A grid with `header`, no rows and every column free to wrap.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        let header: Vec<String> = header.into_iter().map(Into::into).collect();
        let whole = vec![false; header.len()];
        Grid {
            header,
            rows: Vec::new(),
            whole,
        }
    }

    /// Marks column `index` as one to keep on one line where the width allows.
    pub fn keep_whole(&mut self, index: usize) -> &mut Self {
        if let Some(flag) = self.whole.get_mut(index) {
            *flag = true;
        }
        self
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<TextCell>) {
        self.rows.push(row);
    }

    /// The texts of column `index`, header first.
    fn column(&self, index: usize) -> impl Iterator<Item = &str> {
        std::iter::once(self.header.get(index).map_or("", String::as_str)).chain(
            self.rows
                .iter()
                .map(move |row| row.get(index).map_or("", |cell| cell.text.as_str())),
        )
    }

    /// Each column's widest line and widest word.
    fn measures(&self) -> (Vec<usize>, Vec<usize>) {
        (0..self.header.len())
            .map(|i| {
                let natural = self.column(i).map(longest_line).max().unwrap_or(0);
                let word = self.column(i).map(longest_word).max().unwrap_or(0);
                (natural.max(1), word.max(1))
            })
            .unzip()
    }

    /// The width of every column so the whole table fits in `width` without cutting a
    /// word, or `None` when it cannot (the caller then tries a narrower form). With no
    /// width, every column takes its widest line.
    pub fn fit(&self, width: Option<usize>) -> Option<Vec<usize>> {
        let (natural, words) = self.measures();
        let Some(width) = width else {
            return Some(natural);
        };
        let room = width.checked_sub(frame_width(self.header.len()))?;
        if natural.iter().sum::<usize>() <= room {
            return Some(natural);
        }
        // Columns kept whole get their widest line if that fits, else only their words.
        let kept: Vec<usize> = (0..natural.len())
            .map(|i| if self.whole[i] { natural[i] } else { words[i] })
            .collect();
        let floor = if kept.iter().sum::<usize>() <= room {
            kept
        } else if words.iter().sum::<usize>() <= room {
            words
        } else {
            return None;
        };
        Some(share_out(floor, &natural, room))
    }

    /// The comfy-table of this grid with the columns `widths` wide: every cell wrapped
    /// at spaces first, so that comfy-table, with its own arrangement off, cuts nothing.
    pub fn render(&self, widths: &[usize], color: bool) -> Table {
        let wrap_cell = |text: &str, i: usize| {
            let width = widths.get(i).copied();
            wrap_text(text, width, "")
        };
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        // Colour comes only from the cells given one, and only when asked for.
        if color {
            table.force_no_tty().enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(
            self.header
                .iter()
                .enumerate()
                .map(|(i, text)| Cell::new(wrap_cell(text, i)))
                .collect::<Vec<_>>(),
        );
        for row in &self.rows {
            table.add_row(
                row.iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        let shown = Cell::new(wrap_cell(&cell.text, i));
                        match cell.color {
                            Some(c) if color => shown.fg(c),
                            _ => shown,
                        }
                    })
                    .collect::<Vec<_>>(),
            );
        }
        table
    }
}

/// Shares the room left over the `floor` widths among the columns that want more,
/// in proportion to how much more each wants, never beyond its widest line.
fn share_out(mut widths: Vec<usize>, natural: &[usize], room: usize) -> Vec<usize> {
    loop {
        let spare = room.saturating_sub(widths.iter().sum());
        let wants: Vec<usize> = widths
            .iter()
            .zip(natural)
            .map(|(w, n)| n.saturating_sub(*w))
            .collect();
        let wanted: usize = wants.iter().sum();
        if spare == 0 || wanted == 0 {
            return widths;
        }
        let mut given = 0;
        for (width, want) in widths.iter_mut().zip(&wants) {
            let share = (spare * want / wanted).min(*want);
            *width += share;
            given += share;
        }
        if given == 0 {
            // Rounding gave nobody anything: one column at a time, the neediest first.
            if let Some((index, _)) = wants.iter().enumerate().max_by_key(|&(_, w)| *w) {
                widths[index] += 1;
            }
        }
    }
}

/// A grid rendered at the first of its `forms` that fits `width`, with the index of the
/// form used. The forms go from fullest to most compact. Where none fits, the fullest
/// form is written as records instead ([`Grid::records`]), and the index is
/// `forms.len()`: a table wider than the terminal would wrap into a mess, and one with
/// its words cut would say something else.
pub fn first_fitting(forms: &[Grid], width: Option<usize>, color: bool) -> (usize, String) {
    for (index, grid) in forms.iter().enumerate() {
        if let Some(widths) = grid.fit(width) {
            return (index, grid.render(&widths, color).to_string());
        }
    }
    let records = forms
        .first()
        .map(|grid| grid.records(width))
        .unwrap_or_default();
    (forms.len(), records)
}

impl Grid {
    /// The grid as records, for a terminal too narrow for its columns: a row's first
    /// cell as a heading, then a line "Header: value" for each other cell, wrapped.
    pub fn records(&self, width: Option<usize>) -> String {
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut cells = row.iter().zip(&self.header);
            if let Some((first, _)) = cells.next()
                && !first.text.is_empty()
            {
                lines.extend(wrap(&first.text.replace('\n', " · "), width, "  "));
            }
            for ((cell, header), whole) in cells
                .zip(self.whole.iter().skip(1))
                .filter(|((cell, _), _)| !cell.text.is_empty())
            {
                // A grade or number kept on one line in the table is kept so here too.
                let value = if *whole {
                    keep_parts_whole(&cell.text)
                } else {
                    cell.text.replace('\n', " ")
                };
                let text = format!("  {}: {value}", header.replace('\n', " "));
                lines.extend(wrap(&text, width, "      "));
            }
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_only() {
        assert_eq!(
            wrap("requires improvement overall", Some(12), "  "),
            ["requires", "  improvement", "  overall"]
        );
        assert_eq!(wrap("a b c", Some(3), ""), ["a b", "c"]);
        assert_eq!(wrap("  a b c", Some(5), "    "), ["  a b", "    c"]);
    }

    #[test]
    fn a_word_wider_than_the_width_overflows_whole() {
        assert_eq!(
            wrap("see building-supporting-and-protecting now", Some(10), ""),
            ["see", "building-supporting-and-protecting", "now"]
        );
    }

    #[test]
    fn a_path_too_long_for_a_line_breaks_after_a_slash() {
        assert_eq!(
            wrap(
                "(examples/evidence/investigating-crime.yaml:6)",
                Some(24),
                "  "
            ),
            ["(examples/evidence/", "  investigating-crime.yaml:6)"]
        );
    }

    #[test]
    fn parts_of_a_summary_wrap_whole() {
        let summary =
            keep_parts_whole("Summary: 2 Inadequate · 5 Requires improvement · 0 Outstanding");
        assert_eq!(
            wrap(&summary, Some(30), "  "),
            [
                "Summary: 2 Inadequate ·",
                "  5 Requires improvement ·",
                "  0 Outstanding"
            ]
        );
    }

    #[test]
    fn no_width_keeps_lines_as_written() {
        assert_eq!(wrap("one two\nthree", None, "> "), ["one two", "> three"]);
    }

    #[test]
    fn columns_are_never_narrower_than_their_longest_word() {
        let mut grid = Grid::new(["Area", "Grade"]);
        grid.keep_whole(1);
        grid.push(vec![
            TextCell::plain("Building, supporting and protecting the workforce"),
            TextCell::plain("Requires improvement"),
        ]);
        let widths = grid.fit(Some(40)).unwrap();
        assert_eq!(widths[1], 20);
        assert!(widths[0] >= "supporting".len());
        assert!(widths.iter().sum::<usize>() + frame_width(2) <= 40);
        assert_eq!(grid.fit(Some(20)), None);
        let (form, text) = first_fitting(&[grid], Some(20), false);
        assert_eq!(form, 1);
        assert_eq!(
            text,
            "Building, supporting\n  and protecting the\n  workforce\n  Grade: Requires\n      improvement"
        );
    }

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(display_width("警察"), 4);
        assert_eq!(display_width("Requires improvement"), 20);
    }
}
