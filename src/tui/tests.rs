//! Tests of `peel score` without a terminal: saves written into the file's own text,
//! keys turned into changes, and the screen drawn at 80×24 and 120×40.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::evidence::Judgement;
use crate::model::rubric::Registry;
use crate::read::evidence::parse_evidence;
use crate::tui::app::{App, Mode, Step};
use crate::tui::draft::Draft;
use crate::tui::open::{self, Wanted};
use crate::tui::view;

fn registry() -> Registry {
    Registry::new(Vec::new()).unwrap()
}

fn wanted(force: &str, cycle: &str) -> Wanted {
    Wanted {
        force: Some(force.to_string()),
        cycle: Some(cycle.to_string()),
        rubric: None,
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses each key of `keys`, typing characters as they come; `\n` is Enter and
/// `\x1b` is Esc.
fn press(app: &mut App, keys: &str) -> Step {
    let mut step = Step::Continue;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        step = app.key(key(code));
    }
    step
}

/// The file a save of `app` writes, read back by peel.
fn saved(app: &App, registry: &Registry) -> (String, Draft) {
    let text = app.saved_text(registry).expect("the save is written");
    let file = parse_evidence(&app.draft.path, &text, registry).expect("it reads back");
    let rubric = std::sync::Arc::clone(&app.draft.rubric);
    (text, Draft::of_file(&file, rubric))
}

/// The lines of `text` not in `before`, in order.
fn added_lines<'a>(before: &str, text: &'a str) -> Vec<&'a str> {
    let mut old: Vec<&str> = before.lines().collect();
    text.lines()
        .filter(|line| match old.iter().position(|o| o == line) {
            Some(at) => {
                old.remove(at);
                false
            }
            None => true,
        })
        .collect()
}

/// Entries laid out as people do: the note first, the judgement first, quoted in
/// single quotes, a comment between keys, a folded note, lists indented at column 0.
const ODD_LAYOUTS: &str = "\
force: 'Metropolitan Police Service'
cycle: \"2023-25\"
rubric: peel-2023-25
judgements:
- note: Started with the note.
  criterion: PC2
  judgement: partly
- judgement: 'demonstrated'
  # a comment between keys
  criterion: PC4
- criterion: RP1
  judgement: not_demonstrated
  note: >
    Calls went
    unanswered.
  source: 'call data'
findings:
- kind: cause_of_concern
  area: responding-to-the-public
  text: >-
    Too many calls
    are abandoned.
";

const HAND_WRITTEN: &str = "\
# Our notes on the Met, kept by hand.
force: Metropolitan Police Service
cycle: 2023-25
rubric: peel-2023-25
judgements:
  # the first area we looked at
  - criterion: IC1
    judgement: partly   # revisit after the file review
    note: Supervision was uneven.
    source: report §3.2
  - {criterion: IC2, judgement: demonstrated}
  - criterion: IC4
    judgement: \"not_demonstrated\"
    note: |
      Victims were not kept informed.
findings:
  - kind: area_for_improvement
    area: investigating-crime
    text: Supervise investigations better.   # from the debrief
moderation:
  - area: responding-to-the-public
    grade: adequate
    reason: Call data after fieldwork shows sustained improvement.
# end of file
";

fn hand_written(registry: &Registry) -> App {
    open::existing("met.yaml", HAND_WRITTEN, registry, &Wanted::default()).unwrap()
}

/// Moves the cursor to the criterion `id`.
fn select(app: &mut App, id: &str) {
    for (a, area) in app.draft.rubric.areas.iter().enumerate() {
        if let Some(r) = area.criteria.iter().position(|c| c.id == id) {
            app.area = a;
            app.row = r;
            return;
        }
    }
    panic!("no criterion {id}");
}

#[test]
fn a_new_file_saves_exactly_what_was_judged_and_keeps_the_template_comments() {
    let registry = registry();
    let mut app = open::new_file("new.yaml", &registry, &wanted("Test Police", "2023-25")).unwrap();
    assert!(app.new_file && !app.dirty());
    assert_eq!(press(&mut app, "d"), Step::Continue);
    select(&mut app, "PP2");
    press(&mut app, "n\nStop records lacked grounds.\n");
    press(&mut app, "fcToo many searches lack recorded grounds.\n");
    assert!(app.dirty());
    let (text, back) = saved(&app, &registry);
    assert!(back.same_evidence(&app.draft), "reads back as on screen");
    assert_eq!(back.judgement(0), Judgement::Demonstrated);
    let pp2 = app.draft.rubric.criterion("PP2").unwrap().1.index;
    assert_eq!(back.judgement(pp2), Judgement::NotDemonstrated);
    assert_eq!(back.note(pp2), Some("Stop records lacked grounds."));
    assert_eq!(back.findings.len(), 1);
    assert_eq!(
        &*back.findings[0].area,
        "police-powers-and-public-treatment"
    );
    let template = crate::report::template::evidence_template(
        &app.draft.rubric,
        "Test Police",
        "2023-25",
        &[],
    );
    for line in template.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(text.contains(line), "comment kept: {line}");
    }
    assert_eq!(
        added_lines(&template, &text),
        [
            "    judgement: demonstrated",
            "    judgement: not_demonstrated",
            "    note: \"Stop records lacked grounds.\"",
            "findings:",
            "  - kind: cause_of_concern",
            "    area: \"police-powers-and-public-treatment\"",
            "    text: \"Too many searches lack recorded grounds.\"",
        ]
    );
}

#[test]
fn a_save_changes_only_what_changed_in_a_hand_written_file() {
    let registry = registry();
    let mut app = hand_written(&registry);
    assert!(app.problems.is_empty(), "{:?}", app.problems);
    select(&mut app, "IC1");
    press(&mut app, "d");
    select(&mut app, "IC2");
    press(&mut app, "\nQuick arrests.\n");
    select(&mut app, "IC4");
    press(&mut app, "p\n\x08");
    // Replace the block-scalar note with a short one.
    app.key(key(KeyCode::Esc));
    let edit = |app: &mut App, text: &str| {
        app.key(key(KeyCode::Enter));
        for _ in 0..80 {
            app.key(key(KeyCode::Backspace));
        }
        press(app, text);
        app.key(key(KeyCode::Enter));
    };
    edit(&mut app, "Some victims were kept informed.");
    select(&mut app, "IC3");
    press(&mut app, "e");
    let (text, back) = saved(&app, &registry);
    assert!(back.same_evidence(&app.draft));
    // Every comment, the moderation and the finding survive, word for word.
    for line in HAND_WRITTEN
        .lines()
        .filter(|l| l.contains('#') || l.contains("reason"))
    {
        let kept = line.split("   #").next().unwrap();
        assert!(text.contains(kept), "kept: {line}\n{text}");
    }
    assert!(text.contains("    judgement: demonstrated   # revisit after the file review"));
    assert!(
        text.contains("  - {criterion: IC2, judgement: demonstrated, note: \"Quick arrests.\"}")
    );
    assert!(text.contains("    note: \"Some victims were kept informed.\"\n"));
    // IC3 had no entry: it goes after IC2's, in rubric order.
    let ic2 = text.find("criterion: IC2").unwrap();
    let ic3 = text.find("criterion: \"IC3\"").unwrap();
    let ic4 = text.find("criterion: IC4").unwrap();
    assert!(ic2 < ic3 && ic3 < ic4, "{text}");
    assert_eq!(
        back.judgement(app.draft.rubric.criterion("IC3").unwrap().1.index),
        Judgement::Exceeded
    );
}

#[test]
fn a_cleared_note_is_taken_out_with_its_line() {
    let registry = registry();
    let mut app = hand_written(&registry);
    select(&mut app, "IC1");
    app.key(key(KeyCode::Enter));
    app.key(KeyCode::Char('u').into());
    app.key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    app.key(key(KeyCode::Enter));
    let index = app.draft.rubric.criterion("IC1").unwrap().1.index;
    assert_eq!(app.draft.note(index), None);
    let (text, back) = saved(&app, &registry);
    assert!(!text.contains("Supervision was uneven"));
    assert!(
        text.contains("    source: report §3.2\n"),
        "the source stays"
    );
    assert_eq!(back.note(index), None);
}

#[test]
fn a_save_that_would_lose_what_the_inspector_wrote_is_refused() {
    let registry = registry();
    let flow = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\nfindings: [{kind: area_for_improvement, area: investigating-crime, text: T}]\n";
    let mut app = open::existing("flow.yaml", flow, &registry, &Wanted::default()).unwrap();
    press(&mut app, "facNew.\n");
    let refusal = app.saved_text(&registry).unwrap_err();
    assert!(refusal.0.contains("flow list"), "{}", refusal.0);
    // A comment inside the note being replaced would be lost: refused, not dropped.
    let commented = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly\n    note: # why\n      Uneven.\n";
    let mut app = open::existing("c.yaml", commented, &registry, &Wanted::default()).unwrap();
    select(&mut app, "IC1");
    press(&mut app, "\n!\n");
    let refusal = app.saved_text(&registry).unwrap_err();
    assert!(refusal.0.contains("comment"), "{}", refusal.0);
}

#[test]
fn a_file_with_problems_shows_them_and_what_it_could_read_and_is_not_saved() {
    let registry = registry();
    let broken = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly\n  - criterion: IC99\n    judgement: demonstrated\n  - criterion: IC2\n    judgement: demonstratd\n";
    let mut app = open::existing("broken.yaml", broken, &registry, &Wanted::default()).unwrap();
    assert_eq!(app.problems.len(), 2, "{:?}", app.problems);
    assert!(
        app.problems[0].starts_with("broken.yaml:7:"),
        "{:?}",
        app.problems
    );
    assert!(
        app.problems[1].contains("did you mean"),
        "{:?}",
        app.problems
    );
    let ic1 = app.draft.rubric.criterion("IC1").unwrap().1.index;
    assert_eq!(
        app.draft.judgement(ic1),
        Judgement::Partly,
        "what it could read"
    );
    select(&mut app, "IC3");
    press(&mut app, "d");
    assert!(app.dirty());
    let refusal = app.saved_text(&registry).unwrap_err();
    assert!(refusal.0.contains("2 problems"), "{}", refusal.0);
    // A file whose rubric cannot be told is not opened at all.
    let unknown = "force: Met\ncycle: 2023-25\nrubric: nope\n";
    let error = open::existing("u.yaml", unknown, &registry, &Wanted::default()).unwrap_err();
    assert!(error.contains("u.yaml:3:"), "{error}");
}

#[test]
fn a_new_file_needs_its_force_and_cycle_and_an_existing_one_must_agree() {
    let registry = registry();
    let error = open::new_file("n.yaml", &registry, &Wanted::default()).unwrap_err();
    assert!(error.contains("--force NAME --cycle CYCLE"), "{error}");
    let error = open::existing(
        "met.yaml",
        HAND_WRITTEN,
        &registry,
        &wanted("Kent Police", "2023-25"),
    )
    .unwrap_err();
    assert!(error.contains("not Kent Police"), "{error}");
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let registry = registry();
    let mut app = hand_written(&registry);
    assert_eq!(press(&mut app, "q"), Step::Quit, "nothing changed");
    press(&mut app, "e");
    assert_eq!(press(&mut app, "q"), Step::Continue);
    assert_eq!(app.mode, Mode::ConfirmQuit);
    assert_eq!(press(&mut app, "\x1b"), Step::Continue, "Esc stays");
    assert_eq!(app.mode, Mode::Browse);
    press(&mut app, "q");
    assert_eq!(press(&mut app, "y"), Step::SaveAndQuit);
    press(&mut app, "q");
    assert_eq!(press(&mut app, "n"), Step::Quit);
    assert_eq!(press(&mut app, "s"), Step::Save);
}

#[test]
fn the_grades_move_as_criteria_are_judged() {
    let registry = registry();
    let mut app = open::new_file("n.yaml", &registry, &wanted("Test Police", "2023-25")).unwrap();
    let grade = |app: &App, id: &str| {
        app.sheet
            .areas
            .iter()
            .find(|a| &*a.id == id)
            .and_then(|a| a.grade)
    };
    assert_eq!(grade(&app, "investigating-crime"), None, "nothing judged");
    select(&mut app, "IC1");
    let count = app
        .draft
        .rubric
        .area("investigating-crime")
        .unwrap()
        .criteria
        .len();
    press(&mut app, &"ej".repeat(count));
    assert_eq!(
        grade(&app, "investigating-crime"),
        Some(crate::model::grade::Grade::Outstanding)
    );
    select(&mut app, "IC1");
    press(&mut app, "facNot enough.\n");
    let capped = grade(&app, "investigating-crime").unwrap();
    assert!(
        capped < crate::model::grade::Grade::Outstanding,
        "{capped:?}"
    );
    // Moving: down past an area's last criterion enters the next; left goes back.
    let area = app.area;
    select(&mut app, "IC1");
    press(&mut app, &"j".repeat(count));
    assert_eq!((app.area, app.row), (area + 1, 0));
    press(&mut app, "h");
    assert_eq!((app.area, app.row), (area, 0));
    press(&mut app, "k");
    assert_eq!(app.area, area - 1);
}

/// Applies a saved text to `app` as the terminal's save does, checking it first.
fn save_in_place(app: &mut App, registry: &Registry) -> String {
    let (text, back) = saved(app, registry);
    assert!(
        back.same_evidence(&app.draft),
        "reads back as on screen:\n{text}"
    );
    app.saved(&text);
    assert!(!app.dirty());
    text
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Whatever is judged, noted and found, in a template or a hand-written file, a
    /// save reads back as exactly what was on screen and keeps every comment; and so
    /// does a second save on top of the first.
    #[test]
    fn every_save_reads_back_as_shown(
        base in 0usize..5,
        rounds in proptest::collection::vec(
            proptest::collection::vec(
                (0usize..80, 0usize..5, proptest::option::of("[ -~é#:'\"\\\\]{0,24}"), proptest::bool::ANY),
                1..12,
            ),
            1..3,
        ),
    ) {
        let registry = registry();
        let crlf = HAND_WRITTEN.replace('\n', "\r\n");
        let bare = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25  # no lists yet";
        let mut app = match base {
            0 => open::new_file("new.yaml", &registry, &wanted("Test Police", "2023-25")).unwrap(),
            1 => hand_written(&registry),
            2 => open::existing("crlf.yaml", &crlf, &registry, &Wanted::default()).unwrap(),
            3 => open::existing("odd.yaml", ODD_LAYOUTS, &registry, &Wanted::default()).unwrap(),
            _ => open::existing("bare.yaml", bare, &registry, &Wanted::default()).unwrap(),
        };
        let before = app.on_disk().map(str::to_string).unwrap_or_else(|| {
            crate::report::template::evidence_template(&app.draft.rubric, "Test Police", "2023-25", &[])
        });
        let count = app.draft.rubric.criterion_count();
        for round in rounds {
            for (criterion, judgement, note, finding) in round {
                let index = criterion % count;
                let judgement = [
                    Judgement::Exceeded,
                    Judgement::Demonstrated,
                    Judgement::Partly,
                    Judgement::NotDemonstrated,
                    Judgement::NotAssessed,
                ][judgement];
                app.draft.judge(index, judgement);
                if let Some(note) = &note {
                    app.draft.set_note(index, note);
                    if finding {
                        app.draft.add_finding(
                            crate::model::evidence::FindingKind::AreaForImprovement,
                            "investigating-crime",
                            note.trim(),
                        );
                    }
                }
            }
            let text = save_in_place(&mut app, &registry);
            let source = crate::tui::source::Source::new("x", &before, &app.draft.rubric).unwrap();
            proptest::prop_assert!(source.keeps_comments("x", &text), "comments kept:\n{}", text);
        }
    }
}

#[test]
fn a_new_file_takes_the_rubric_named_and_the_cycle_as_it_writes_it() {
    let registry = registry();
    let chosen = Wanted {
        rubric: Some("peel-2021-22".to_string()),
        ..wanted("Kent Police", "2021-22")
    };
    let app = open::new_file("k.yaml", &registry, &chosen).unwrap();
    assert_eq!(app.draft.rubric.id, "peel-2021-22");
    assert_eq!(app.draft.cycle, "2021/22");
    let error = open::new_file(
        "k.yaml",
        &registry,
        &Wanted {
            rubric: Some("peel-2099".to_string()),
            ..wanted("Kent Police", "2021-22")
        },
    )
    .unwrap_err();
    assert!(error.contains("peel-2099"), "{error}");
}

#[test]
fn a_comment_on_a_block_notes_first_line_is_never_lost() {
    let registry = registry();
    let text = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements:\n  - criterion: IC1\n    judgement: partly\n    note: |   # from the debrief\n      Uneven.\n";
    let mut app = open::existing("b.yaml", text, &registry, &Wanted::default()).unwrap();
    select(&mut app, "IC1");
    press(&mut app, "\n more\n");
    let refusal = app.saved_text(&registry).unwrap_err();
    assert!(refusal.0.contains("comment"), "{}", refusal.0);
    // The judgement alone is still written in place, the comment kept.
    let mut app = open::existing("b.yaml", text, &registry, &Wanted::default()).unwrap();
    select(&mut app, "IC1");
    press(&mut app, "d");
    let (saved, _) = saved(&app, &registry);
    assert_eq!(
        saved,
        text.replace("judgement: partly", "judgement: demonstrated")
    );
}

#[test]
fn a_list_written_as_null_becomes_a_list() {
    let registry = registry();
    let text = "force: Met\ncycle: 2023-25\nrubric: peel-2023-25\njudgements: ~\nfindings: null   # none yet\n";
    let mut app = open::existing("n.yaml", text, &registry, &Wanted::default()).unwrap();
    select(&mut app, "IC1");
    press(&mut app, "pfaSupervise.\n");
    let (saved, back) = saved(&app, &registry);
    assert!(back.same_evidence(&app.draft), "{saved}");
    assert!(
        saved.contains("judgements:\n  - criterion: \"IC1\"\n"),
        "{saved}"
    );
    assert!(
        saved.contains("findings:   # none yet\n  - kind: area_for_improvement\n"),
        "{saved}"
    );
}

#[test]
fn chords_are_not_judgements_and_the_note_editor_shows_what_is_saved() {
    let registry = registry();
    let mut app = hand_written(&registry);
    select(&mut app, "IC3");
    for c in ['n', 'd', 'e', 'p'] {
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    }
    assert!(!app.dirty(), "Ctrl and Alt chords change nothing");
    // IC4's note is a block scalar ending in a newline: the editor holds one line,
    // and Enter without an edit changes nothing.
    select(&mut app, "IC4");
    app.key(key(KeyCode::Enter));
    assert_eq!(
        app.mode,
        Mode::Note(crate::tui::app::LineEdit::new(
            "Victims were not kept informed."
        ))
    );
    app.key(key(KeyCode::Enter));
    assert!(!app.dirty());
    // Ctrl-C in the editor cancels the edit, it types no `c`.
    app.key(key(KeyCode::Enter));
    press(&mut app, " Late");
    app.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.mode, Mode::Browse);
    assert!(!app.dirty());
    app.key(key(KeyCode::Enter));
    press(&mut app, " Late.\n");
    let index = app.draft.rubric.criterion("IC4").unwrap().1.index;
    assert_eq!(
        app.draft.note(index),
        Some("Victims were not kept informed. Late.")
    );
}

mod screen;
