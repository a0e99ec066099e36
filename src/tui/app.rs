//! What `peel score` does with each key: the cursor, the modes (editing a note, adding
//! a finding, asking before quitting), and the draft's changes, the grades recomputed
//! after each. Pure: a key in, a step out; saving is the caller's I/O.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::model::evidence::{FindingKind, Judgement};
use crate::model::rubric::{Criterion, Registry};
use crate::model::sheet::Sheet;
use crate::read::evidence::parse_evidence;
use crate::tui::draft::Draft;
use crate::tui::source::{Refusal, Source};

/// A one-line text editor: the text and the cursor, in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    /// The text.
    pub text: String,
    /// The cursor's position, in characters from the start.
    pub cursor: usize,
}

/// How a line edit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Done,
    Cancelled,
}

impl LineEdit {
    /// An editor holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Self {
        // One line, as the screen shows it: a block note's line breaks are spaces.
        let text = text.trim_end().replace(['\n', '\r', '\t'], " ");
        LineEdit {
            cursor: text.chars().count(),
            text,
        }
    }

    /// The byte where the character at `chars` starts.
    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(at, _)| at)
    }

    /// Applies a key; `Some` when the edit is over.
    fn key(&mut self, key: KeyEvent) -> Option<Ended> {
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Enter => return Some(Ended::Done),
            KeyCode::Esc => return Some(Ended::Cancelled),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Char('a') if key.modifiers.contains(KeyModifiers::CONTROL) => self.cursor = 0,
            KeyCode::Char('e') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.cursor = len;
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                let at = self.byte(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(Ended::Cancelled);
            }
            // Other Ctrl and Alt chords are no characters of the text.
            KeyCode::Char(_)
                if key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {}
            KeyCode::Char(c) if !c.is_control() => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            _ => {}
        }
        None
    }
}

/// What the screen is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Moving and judging.
    Browse,
    /// Editing the selected criterion's note.
    Note(LineEdit),
    /// Adding a finding: which kind.
    FindingKind,
    /// Adding a finding of this kind: its text.
    FindingText(FindingKind, LineEdit),
    /// Quitting with unsaved changes: save, discard or stay.
    ConfirmQuit,
    /// The keys, until any is pressed.
    Help,
}

/// What the caller does after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Draw again and wait for the next key.
    Continue,
    /// Save, then go on.
    Save,
    /// Save, then quit if it worked.
    SaveAndQuit,
    /// Quit.
    Quit,
}

/// The finding kinds and the keys that pick them when adding one.
pub const FINDING_KEYS: [(char, FindingKind); 4] = [
    ('c', FindingKind::CauseOfConcern),
    ('a', FindingKind::AreaForImprovement),
    ('i', FindingKind::InnovativePractice),
    ('p', FindingKind::PromisingPractice),
];

/// One `peel score` session.
#[derive(Debug, Clone)]
pub struct App {
    /// What is on screen.
    pub draft: Draft,
    /// What the file holds (as opened or last saved).
    saved: Draft,
    /// The file's text, for writing changes into; `None` when it cannot be saved.
    source: Option<Source>,
    /// Whether the file is not on disk yet.
    pub new_file: bool,
    /// The file's problems, as `peel check` gives them; a file with any is not saved.
    pub problems: Vec<String>,
    /// The grades of the draft.
    pub sheet: Sheet,
    /// The selected area's position in the rubric.
    pub area: usize,
    /// The selected criterion's position in its area.
    pub row: usize,
    /// What the screen is doing.
    pub mode: Mode,
    /// The last thing said to the user.
    pub status: String,
    /// Whether to colour the screen (NO_COLOR unset).
    pub color: bool,
}

impl App {
    /// A session on `draft`; `source` is the file's text when it can be saved.
    pub fn new(
        draft: Draft,
        source: Option<Source>,
        problems: Vec<String>,
        new_file: bool,
    ) -> Self {
        let status = if !problems.is_empty() {
            format!(
                "{} has problems: it is not saved until they are fixed",
                draft.path
            )
        } else if new_file {
            format!(
                "new file {}: nothing is written until you save (s)",
                draft.path
            )
        } else {
            "? shows the keys".to_string()
        };
        App {
            sheet: draft.sheet(),
            saved: draft.clone(),
            draft,
            source,
            new_file,
            problems,
            area: 0,
            row: 0,
            mode: Mode::Browse,
            status,
            color: true,
        }
    }

    /// The selected criterion.
    pub fn criterion(&self) -> Option<&Criterion> {
        self.draft
            .rubric
            .areas
            .get(self.area)?
            .criteria
            .get(self.row)
    }

    /// Whether the draft differs from the file.
    pub fn dirty(&self) -> bool {
        !self.draft.same_evidence(&self.saved)
    }

    /// Applies a key.
    pub fn key(&mut self, key: KeyEvent) -> Step {
        if key.kind == KeyEventKind::Release {
            return Step::Continue;
        }
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse if ctrl_c => self.quit(),
            Mode::Browse => self.browse(key),
            Mode::Help => Step::Continue,
            Mode::ConfirmQuit => match key.code {
                KeyCode::Char('y') => Step::SaveAndQuit,
                KeyCode::Char('n') => Step::Quit,
                KeyCode::Esc => {
                    self.status = "not quit".to_string();
                    Step::Continue
                }
                _ => {
                    self.mode = Mode::ConfirmQuit;
                    Step::Continue
                }
            },
            Mode::Note(mut edit) => {
                let unchanged = self
                    .criterion()
                    .map(|c| LineEdit::new(self.draft.note(c.index).unwrap_or("")).text);
                match edit.key(key) {
                    Some(Ended::Done) if unchanged.as_ref() == Some(&edit.text) => {
                        self.status = "note not changed".to_string();
                    }
                    Some(Ended::Done) => self.set_note(&edit.text),
                    Some(Ended::Cancelled) => self.status = "note not changed".to_string(),
                    None => self.mode = Mode::Note(edit),
                }
                Step::Continue
            }
            Mode::FindingKind => {
                let picked = FINDING_KEYS
                    .iter()
                    .find(|(k, _)| key.code == KeyCode::Char(*k));
                match (picked, key.code) {
                    (Some(&(_, kind)), _) => {
                        self.mode = Mode::FindingText(kind, LineEdit::default())
                    }
                    (None, KeyCode::Esc) => self.status = "no finding added".to_string(),
                    (None, _) => self.mode = Mode::FindingKind,
                }
                Step::Continue
            }
            Mode::FindingText(kind, mut edit) => {
                match edit.key(key) {
                    Some(Ended::Done) => self.add_finding(kind, &edit.text),
                    Some(Ended::Cancelled) => self.status = "no finding added".to_string(),
                    None => self.mode = Mode::FindingText(kind, edit),
                }
                Step::Continue
            }
        }
    }

    /// A key while moving and judging.
    fn browse(&mut self, key: KeyEvent) -> Step {
        // A Ctrl or Alt chord (Ctrl-N, Alt-D) is never a judgement or a move.
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return Step::Continue;
        }
        let judgement = match key.code {
            KeyCode::Char('e') => Some(Judgement::Exceeded),
            KeyCode::Char('d') => Some(Judgement::Demonstrated),
            KeyCode::Char('p') => Some(Judgement::Partly),
            KeyCode::Char('n') => Some(Judgement::NotDemonstrated),
            KeyCode::Char('x') => Some(Judgement::NotAssessed),
            _ => None,
        };
        if let Some(judgement) = judgement {
            self.judge(judgement);
            return Step::Continue;
        }
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.up(),
            KeyCode::Down | KeyCode::Char('j') => self.down(),
            KeyCode::Left | KeyCode::Char('h') => self.next_area(false),
            KeyCode::Right | KeyCode::Char('l') => self.next_area(true),
            KeyCode::Enter => {
                if let Some(criterion) = self.criterion() {
                    let note = self.draft.note(criterion.index).unwrap_or("");
                    self.mode = Mode::Note(LineEdit::new(note));
                }
            }
            KeyCode::Char('f') => self.mode = Mode::FindingKind,
            KeyCode::Char('?') => self.mode = Mode::Help,
            KeyCode::Char('s') => return Step::Save,
            KeyCode::Char('q') | KeyCode::Esc => return self.quit(),
            _ => {}
        }
        Step::Continue
    }

    /// Quits, asking first when there are unsaved changes.
    fn quit(&mut self) -> Step {
        if self.dirty() {
            self.mode = Mode::ConfirmQuit;
            Step::Continue
        } else {
            Step::Quit
        }
    }

    fn up(&mut self) {
        if self.row > 0 {
            self.row -= 1;
        } else if self.area > 0 {
            self.area -= 1;
            self.row = self.area_len().saturating_sub(1);
        }
    }

    fn down(&mut self) {
        if self.row + 1 < self.area_len() {
            self.row += 1;
        } else if self.area + 1 < self.draft.rubric.areas.len() {
            self.area += 1;
            self.row = 0;
        }
    }

    /// Moves to the first criterion of the next (or previous) area.
    fn next_area(&mut self, forward: bool) {
        let areas = self.draft.rubric.areas.len();
        if forward && self.area + 1 < areas {
            self.area += 1;
        } else if !forward && self.area > 0 {
            self.area -= 1;
        }
        self.row = 0;
    }

    fn area_len(&self) -> usize {
        self.draft
            .rubric
            .areas
            .get(self.area)
            .map_or(0, |a| a.criteria.len())
    }

    fn judge(&mut self, judgement: Judgement) {
        let Some((index, id)) = self.criterion().map(|c| (c.index, c.id.clone())) else {
            return;
        };
        self.draft.judge(index, judgement);
        self.changed(format!("{id}: {}", judgement.as_str().replace('_', " ")));
    }

    fn set_note(&mut self, note: &str) {
        let Some((index, id)) = self.criterion().map(|c| (c.index, c.id.clone())) else {
            return;
        };
        self.draft.set_note(index, note);
        self.changed(format!("{id}: note changed"));
    }

    fn add_finding(&mut self, kind: FindingKind, text: &str) {
        let Some(area) = self.draft.rubric.areas.get(self.area).map(|a| a.id.clone()) else {
            return;
        };
        if text.trim().is_empty() {
            self.status = "no finding added: it has no text".to_string();
            return;
        }
        self.draft.add_finding(kind, &area, text.trim());
        self.changed(format!("{} added to {area}", kind.label()));
    }

    /// Grades the draft again after a change.
    fn changed(&mut self, status: String) {
        self.sheet = self.draft.sheet();
        self.status = status;
    }

    /// The text a save writes: the file's text with the changes made, checked to read
    /// back as exactly what is on screen with every comment kept. Refused, saying why,
    /// when the file has problems or cannot be written that way.
    pub fn saved_text(&self, registry: &Registry) -> Result<String, Refusal> {
        let Some(source) = &self.source else {
            return Err(Refusal(format!(
                "{} has {} problem{}; fix them in an editor (`peel check {}` lists them) and open it again",
                self.draft.path,
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" },
                self.draft.path
            )));
        };
        let text = source.edited(&self.saved, &self.draft)?;
        let path = &*self.draft.path;
        let file = parse_evidence(path, &text, registry).map_err(|problems| {
            Refusal(format!(
                "the edited file would not read back ({}); nothing was written",
                problems
                    .0
                    .first()
                    .map_or(String::new(), |p| p.message.clone())
            ))
        })?;
        let back = Draft::of_file(&file, std::sync::Arc::clone(&self.draft.rubric));
        if !back.same_evidence(&self.draft) {
            return Err(Refusal(
                "the edited file would not read back as shown; nothing was written".to_string(),
            ));
        }
        if !source.keeps_comments(path, &text) {
            return Err(Refusal(
                "writing the change would lose a comment of the file; nothing was written"
                    .to_string(),
            ));
        }
        Ok(text)
    }

    /// The text on disk when the file was opened or last saved; `None` for a new file.
    pub fn on_disk(&self) -> Option<&str> {
        match self.new_file {
            true => None,
            false => self.source.as_ref().map(Source::original),
        }
    }

    /// Records that `text` (from [`App::saved_text`]) was written.
    pub fn saved(&mut self, text: &str) {
        let rubric = std::sync::Arc::clone(&self.draft.rubric);
        if let Ok(source) = Source::new(&self.draft.path, text, &rubric) {
            self.source = Some(source);
        }
        self.saved = self.draft.clone();
        self.new_file = false;
        self.status = format!("saved {}", self.draft.path);
    }
}
