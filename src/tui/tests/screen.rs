//! Tests of what `peel score` draws: snapshots at 80×24 and 120×40, the problems,
//! help and quit boxes, a resize, no colour, and lines kept in sight as they are typed.

use super::*;

/// A test terminal of `width`×`height` with the session drawn on it.
fn drawn(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::draw(frame, app)).unwrap();
    terminal
}

/// The screen as text, a line per row.
fn screen(app: &App, width: u16, height: u16) -> String {
    let terminal = drawn(app, width, height);
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn judged_met(registry: &Registry) -> App {
    let mut app = hand_written(registry);
    select(&mut app, "IC1");
    app
}

#[test]
fn the_screen_at_80_by_24() {
    let registry = registry();
    let app = judged_met(&registry);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn the_screen_at_120_by_40() {
    let registry = registry();
    let mut app = judged_met(&registry);
    press(&mut app, "n");
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn the_screen_with_problems_help_and_a_question() {
    let registry = registry();
    let broken = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC99\n    judgement: partly\n";
    let mut app = open::existing("broken.yaml", broken, &registry, &Wanted::default()).unwrap();
    insta::assert_snapshot!("problems", screen(&app, 80, 24));
    press(&mut app, "?");
    insta::assert_snapshot!("help", screen(&app, 80, 24));
    press(&mut app, " ed q");
    assert_eq!(app.mode, Mode::ConfirmQuit);
    insta::assert_snapshot!("confirm", screen(&app, 80, 24));
}

#[test]
fn a_small_or_resized_terminal_is_drawn_to_fit() {
    let registry = registry();
    let app = judged_met(&registry);
    assert!(screen(&app, 40, 10).contains("needs at least 60×16"));
    let mut terminal = drawn(&app, 80, 24);
    terminal.backend_mut().resize(120, 40);
    terminal
        .resize(ratatui::layout::Rect::new(0, 0, 120, 40))
        .unwrap();
    let frame = terminal.draw(|frame| view::draw(frame, &app)).unwrap();
    assert_eq!(frame.area.width, 120);
}

#[test]
fn without_colour_nothing_is_coloured() {
    let registry = registry();
    let mut app = judged_met(&registry);
    app.color = false;
    let mut terminal = drawn(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|cell| cell.fg == ratatui::style::Color::Reset),
        "NO_COLOR"
    );
    app.color = true;
    terminal.draw(|frame| view::draw(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .any(|cell| cell.fg != ratatui::style::Color::Reset)
    );
}

#[test]
fn a_long_note_being_edited_stays_in_sight_with_its_cursor() {
    let registry = registry();
    let mut app = judged_met(&registry);
    app.key(key(KeyCode::Enter));
    press(
        &mut app,
        " Then the review found the backlog had grown again by the end of fieldwork.",
    );
    let mut terminal = drawn(&app, 80, 24);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("end of fieldwork."), "{shown}");
    let cursor = terminal.get_cursor_position().unwrap();
    let row: String = (0..80)
        .map(|x| {
            terminal.backend().buffer()[(x, cursor.y)]
                .symbol()
                .to_string()
        })
        .collect();
    assert!(
        row.contains("Note: ") && row.contains("fieldwork."),
        "{row}"
    );
    assert_eq!(
        terminal.backend().buffer()[(cursor.x - 1, cursor.y)].symbol(),
        ".",
        "the cursor follows the last character typed"
    );
}

#[test]
fn the_finding_choice_fits_80_columns() {
    let registry = registry();
    let mut app = judged_met(&registry);
    press(&mut app, "f");
    let shown = screen(&app, 80, 24);
    let line = shown.lines().nth(22).unwrap();
    assert_eq!(
        line,
        " Finding: c concern · a improvement · i innovative · p promising · Esc cancel"
    );
    assert!(line.contains("p promising"), "{line}");
}
