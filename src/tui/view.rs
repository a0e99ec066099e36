//! Drawing `peel score`: the criteria and their judgements on the left, every area's
//! grade and why on the right, a status line and the keys below. Pure: draws the
//! session into a frame, whatever the backend.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::model::evidence::Judgement;
use crate::model::grade::Grade;
use crate::model::sheet::{AreaGrade, Status};
use crate::report::{reason_lines, short_reason};
use crate::tui::app::{App, FINDING_KEYS, LineEdit, Mode};

/// The smallest screen drawn; below it, a line asks for more room.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The keys, for the help line and `?`.
pub const KEYS: [(&str, &str); 12] = [
    ("↑/↓  k/j", "previous / next criterion"),
    ("←/→  h/l", "previous / next area"),
    ("e", "exceeded"),
    ("d", "demonstrated"),
    ("p", "partly"),
    ("n", "not demonstrated"),
    ("x", "not assessed"),
    ("Enter", "edit the note (Enter keeps it, Esc cancels)"),
    ("f", "add a finding to the area"),
    ("s", "save"),
    ("q", "quit (asks first when there are unsaved changes)"),
    ("?", "this help"),
];

/// Draws the session.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!(
            "peel score needs at least {}×{}; this terminal is {}×{}",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [title, body, status, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(8),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(title_line(app), title);
    let body = match app.problems.is_empty() {
        true => body,
        false => {
            let height = (app.problems.len() as u16 + 2).min(body.height / 3).max(3);
            let [problems, rest] =
                Layout::vertical([Constraint::Length(height), Constraint::Min(5)]).areas(body);
            draw_problems(frame, app, problems);
            rest
        }
    };
    // On a narrow screen the grades need the room more than the criteria's texts.
    let left_share = if body.width >= 100 { 58 } else { 52 };
    let [left, right] = Layout::horizontal([
        Constraint::Percentage(left_share),
        Constraint::Percentage(100 - left_share),
    ])
    .areas(body);
    let detail_height = (left.height / 3).clamp(5, 10);
    let [list, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_height)]).areas(left);
    draw_criteria(frame, app, list);
    draw_detail(frame, app, detail);
    let grades_height = (app.sheet.areas.len() as u16 + 2).min(right.height / 2);
    let [grades, why] =
        Layout::vertical([Constraint::Length(grades_height), Constraint::Min(3)]).areas(right);
    draw_grades(frame, app, grades);
    draw_why(frame, app, why);
    frame.render_widget(status_line(app), status);
    frame.render_widget(help_line(app), help);
    match &app.mode {
        Mode::Help => draw_help(frame, area),
        Mode::ConfirmQuit => draw_confirm(frame, area),
        _ => {}
    }
}

/// A style with `color` when colour is on.
fn colored(app: &App, color: Color) -> Style {
    match app.color {
        true => Style::default().fg(color),
        false => Style::default(),
    }
}

/// The colour of a grade.
fn grade_color(grade: Grade) -> Color {
    match grade {
        Grade::Inadequate => Color::Red,
        Grade::RequiresImprovement => Color::LightRed,
        Grade::Adequate => Color::Yellow,
        Grade::Good => Color::Green,
        Grade::Outstanding => Color::Cyan,
    }
}

/// The colour of a judgement.
fn judgement_color(judgement: Judgement) -> Color {
    match judgement {
        Judgement::Exceeded => Color::Cyan,
        Judgement::Demonstrated => Color::Green,
        Judgement::Partly => Color::Yellow,
        Judgement::NotDemonstrated => Color::Red,
        Judgement::NotAssessed => Color::DarkGray,
    }
}

/// A judgement as shown: "not assessed" as a dash.
fn judgement_word(judgement: Judgement) -> &'static str {
    match judgement {
        Judgement::NotAssessed => "·",
        Judgement::NotDemonstrated => "not demonstrated",
        other => other.as_str(),
    }
}

fn title_line(app: &App) -> Paragraph<'static> {
    let draft = &app.draft;
    let changed = match (app.dirty(), app.new_file) {
        (true, _) => " [modified]",
        (false, true) => " [new]",
        (false, false) => "",
    };
    let text = format!(
        " peel score · {} · {} · {} · {}{changed}",
        clean(&draft.force),
        clean(&draft.cycle),
        draft.rubric.id,
        clean(&draft.path)
    );
    Paragraph::new(text).style(Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED))
}

/// Text safe to draw: one line, no control characters.
fn clean(text: &str) -> String {
    crate::text::sanitise(text)
}

fn draw_problems(frame: &mut Frame, app: &App, area: Rect) {
    let lines: Vec<Line> = app.problems.iter().map(|p| Line::from(clean(p))).collect();
    let title = format!(
        " {} problem{} (as `peel check` gives them): not saved until fixed ",
        app.problems.len(),
        if app.problems.len() == 1 { "" } else { "s" }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(colored(app, Color::Red));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn draw_criteria(frame: &mut Frame, app: &App, area: Rect) {
    let mut items = Vec::new();
    let mut selected = 0;
    // The marker, id, critical mark, judgement and note mark take 27 columns.
    let text_width = usize::from(area.width.saturating_sub(2)).saturating_sub(27);
    for (a, rubric_area) in app.draft.rubric.areas.iter().enumerate() {
        let optional = if rubric_area.optional {
            " (optional)"
        } else {
            ""
        };
        items.push(ListItem::new(Line::from(Span::styled(
            format!("{}{optional}", clean(&rubric_area.title)),
            Style::default().add_modifier(Modifier::BOLD),
        ))));
        for (r, criterion) in rubric_area.criteria.iter().enumerate() {
            if (a, r) == (app.area, app.row) {
                selected = items.len();
            }
            let judgement = app.draft.judgement(criterion.index);
            let noted = if app.draft.note(criterion.index).is_some() {
                "✎"
            } else {
                " "
            };
            let critical = if criterion.critical { "!" } else { " " };
            let line = Line::from(vec![
                Span::raw(format!(" {:<5}{critical}", criterion.id)),
                Span::styled(
                    format!("{:<17}", judgement_word(judgement)),
                    colored(app, judgement_color(judgement)),
                ),
                Span::raw(format!("{noted} ")),
                Span::styled(
                    truncate(&clean(&criterion.text), text_width),
                    colored(app, Color::DarkGray),
                ),
            ]);
            items.push(ListItem::new(line));
        }
    }
    let list = List::new(items)
        .block(Block::default().borders(Borders::ALL).title(" Criteria "))
        .highlight_style(Style::default().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▶");
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, area, &mut state);
}

/// `text` cut to `width` characters, with an ellipsis where cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let Some(criterion) = app.criterion() else {
        return;
    };
    let judged = app
        .draft
        .judged
        .get(criterion.index)
        .and_then(Option::as_ref);
    let critical = if criterion.critical {
        " · critical"
    } else {
        ""
    };
    let title = format!(" {} · weight {}{critical} ", criterion.id, criterion.weight);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    let editing = match &app.mode {
        Mode::Note(edit) => Some(edit),
        _ => None,
    };
    // The note being edited comes first, on one line that follows the cursor, so that
    // what is typed is always in sight; the criterion's text below it.
    let mut lines = Vec::new();
    if let Some(edit) = editing {
        let (shown, column) = edit_window(edit, usize::from(inner.width).saturating_sub(6));
        lines.push(Line::from(vec![
            Span::styled("Note: ", Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(shown),
        ]));
        frame.set_cursor_position(Position::new(inner.x + 6 + column as u16, inner.y));
    }
    lines.push(Line::from(clean(&criterion.text)));
    match editing {
        Some(_) => {}
        None => {
            if let Some(note) = judged.and_then(|j| j.note.as_deref()) {
                lines.push(Line::from(format!("Note: {}", clean(note))));
            } else {
                lines.push(Line::from(Span::styled(
                    "No note (Enter to write one)",
                    colored(app, Color::DarkGray),
                )));
            }
        }
    }
    if let Some(source) = judged.and_then(|j| j.source.as_deref()) {
        lines.push(Line::from(format!("Source: {}", clean(source))));
    }
    frame.render_widget(
        Paragraph::new(Text::from(lines))
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The part of an edited line that fits `width` columns around its cursor, and the
/// cursor's column in it.
fn edit_window(edit: &LineEdit, width: usize) -> (String, usize) {
    let chars: Vec<char> = clean(&edit.text).chars().collect();
    let width = width.max(2);
    let cursor = edit.cursor.min(chars.len());
    let start = (cursor + 1).saturating_sub(width);
    let shown: String = chars[start..].iter().take(width).collect();
    (shown, cursor - start)
}

/// A grade's label for a column of `width`.
fn grade_label(area: &AreaGrade, width: usize) -> String {
    match area.grade {
        Some(Grade::RequiresImprovement) if width < 20 => "Req. improvement".to_string(),
        Some(grade) => grade.label().to_string(),
        None if area.status == Some(Status::InsufficientEvidence) => "too few judged".to_string(),
        None => "not graded".to_string(),
    }
}

fn draw_grades(frame: &mut Frame, app: &App, area: Rect) {
    let selected = app.draft.rubric.areas.get(app.area).map(|a| a.id.as_str());
    let inner_width = usize::from(area.width.saturating_sub(2));
    let grade_width = if inner_width >= 44 { 20 } else { 16 };
    let title_width = inner_width.saturating_sub(grade_width + 1);
    let lines: Vec<Line> = app
        .sheet
        .areas
        .iter()
        .map(|graded| {
            let mut style = Style::default();
            if Some(&*graded.id) == selected {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let grade_style = match graded.grade {
                Some(grade) => colored(app, grade_color(grade)),
                None => colored(app, Color::DarkGray),
            };
            Line::from(vec![
                Span::styled(
                    format!(
                        "{:<title_width$} ",
                        truncate(&clean(&graded.title), title_width)
                    ),
                    style,
                ),
                Span::styled(
                    format!("{:<grade_width$}", grade_label(graded, grade_width)),
                    grade_style.patch(style),
                ),
            ])
        })
        .collect();
    let block = Block::default().borders(Borders::ALL).title(" Grades ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_why(frame: &mut Frame, app: &App, area: Rect) {
    let rubric_area = app.draft.rubric.areas.get(app.area);
    let graded = rubric_area.and_then(|r| app.sheet.areas.iter().find(|a| *a.id == *r.id));
    let (title, lines) = match (rubric_area, graded) {
        (Some(_), Some(graded)) => {
            let grade = match graded.grade {
                Some(grade) => grade.label(),
                None => "not graded",
            };
            let mut lines = vec![Line::from(Span::styled(
                format!("{}: {grade}", clean(&graded.title)),
                Style::default().add_modifier(Modifier::BOLD),
            ))];
            // The insufficient-evidence line says what the short reason would.
            if graded.status == Some(Status::Graded) {
                lines.push(Line::from(short_reason(graded)));
            }
            lines.extend(reason_lines(graded).into_iter().map(Line::from));
            (" Why ".to_string(), lines)
        }
        (Some(r), None) => (
            " Why ".to_string(),
            vec![
                Line::from(Span::styled(
                    clean(&r.title),
                    Style::default().add_modifier(Modifier::BOLD),
                )),
                Line::from(
                    "an optional area: left out of the grades until something in it is judged",
                ),
            ],
        ),
        _ => (" Why ".to_string(), Vec::new()),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn status_line(app: &App) -> Paragraph<'static> {
    let text = match &app.mode {
        Mode::FindingKind => {
            let area = app
                .draft
                .rubric
                .areas
                .get(app.area)
                .map_or(String::new(), |a| clean(&a.title));
            // The kinds' last words, so that the choice fits 80 columns.
            let kinds: Vec<String> = FINDING_KEYS
                .iter()
                .map(|(key, kind)| {
                    let label = kind.label();
                    let word = match label.split_once(" of ").or(label.split_once(" for ")) {
                        Some((_, rest)) => rest,
                        None => label.split(' ').next().unwrap_or(label),
                    };
                    format!("{key} {word}")
                })
                .collect();
            let choice = format!("{} · Esc cancel", kinds.join(" · "));
            // The area's name where there is room; the highlighted area says it anyway.
            let long = format!("Finding in {area}: {choice}");
            match long.chars().count() < 78 {
                true => long,
                false => format!("Finding: {choice}"),
            }
        }
        Mode::FindingText(kind, edit) => format!("New {}: {}", kind.label(), clean(&edit.text)),
        Mode::ConfirmQuit => {
            "Unsaved changes: y save and quit · n quit without saving · Esc stay".to_string()
        }
        _ => clean(&app.status),
    };
    Paragraph::new(format!(" {text}"))
}

fn help_line(app: &App) -> Paragraph<'static> {
    let text = match &app.mode {
        Mode::Note(_) | Mode::FindingText(..) => {
            " Enter keep · Esc cancel · ←/→ Home/End move · Backspace/Delete erase"
        }
        _ => " ↑↓←→ move · e d p n x judge · Enter note · f finding · s save · q quit · ? keys",
    };
    Paragraph::new(text).style(colored(app, Color::DarkGray))
}

/// A box of `width`×`height` in the middle of `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [_, middle, _] = Layout::new(
        Direction::Vertical,
        [
            Constraint::Fill(1),
            Constraint::Length(height.min(area.height)),
            Constraint::Fill(1),
        ],
    )
    .areas(area);
    let [_, centre, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(middle);
    centre
}

fn draw_help(frame: &mut Frame, area: Rect) {
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|(key, what)| Line::from(format!(" {key:<10} {what}")))
        .collect();
    let height = lines.len() as u16 + 2;
    let box_area = centred(area, 66, height);
    frame.render_widget(Clear, box_area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys (any key closes) ");
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

fn draw_confirm(frame: &mut Frame, area: Rect) {
    let box_area = centred(area, 44, 4);
    frame.render_widget(Clear, box_area);
    let lines = vec![
        Line::from(" There are unsaved changes."),
        Line::from(" y save and quit · n quit · Esc stay"),
    ];
    let block = Block::default().borders(Borders::ALL).title(" Quit? ");
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
