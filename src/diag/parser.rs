//! The YAML parser's own sentences, said in plain words with a fix: someone who typed
//! a file by hand should never be left with "while parsing a flow mapping".

/// Each parser message (by how it starts) and what peel says instead.
const WORDS: &[(&str, &str)] = &[
    (
        "while parsing a flow mapping",
        "a `[` or `{` opens a YAML list or mapping that is not closed where YAML expects; if the bracket is part of the text, put the whole value in quotes",
    ),
    (
        "unexpected EOF while parsing a flow mapping",
        "a `{` opens a YAML mapping that is never closed; if the `{` is part of the text, put the whole value in quotes",
    ),
    (
        "unexpected EOF while parsing an implicit flow mapping",
        "a `{` or `[` opens a YAML collection that is never closed; if it is part of the text, put the whole value in quotes",
    ),
    (
        "while parsing a flow sequence",
        "a `[` opens a YAML list that is not closed where YAML expects; if the `[` is part of the text, put the whole value in quotes",
    ),
    (
        "unexpected EOF while parsing a flow sequence",
        "a `[` opens a YAML list that is never closed; if the `[` is part of the text, put the whole value in quotes",
    ),
    (
        "unclosed bracket",
        "a bracket opened here is never closed; close it, or put the whole value in quotes if it is part of the text",
    ),
    (
        "misplaced bracket",
        "a `]` or `}` here closes nothing; put the whole value in quotes if it is part of the text",
    ),
    (
        "mismatched bracket",
        "a bracket is closed by the wrong kind (`[` with `]`, `{` with `}`); put the whole value in quotes if the brackets are part of the text",
    ),
    (
        "unclosed quote",
        "a quote opened here is never closed: end the text with the same quote mark it starts with",
    ),
    (
        "invalid trailing content after",
        "text follows the closing quote: put the whole value inside the quotes",
    ),
    (
        "while parsing a quoted scalar",
        "a backslash inside double quotes starts an escape such as `\\n`: write `\\\\` for a backslash, or use single quotes",
    ),
    (
        "while scanning a quoted scalar",
        "a line starting `---` or `...` inside a quoted text ends the YAML document: indent that line",
    ),
    (
        "invalid indentation in multiline quoted scalar",
        "a quoted text that runs over several lines needs each further line indented more than its key",
    ),
    (
        "invalid indentation in flow construct",
        "a `[…]` or `{…}` that runs over several lines needs each further line indented more than its key",
    ),
    (
        "while parsing a block mapping",
        "YAML expected a new `key: value` line here: indent this line like the keys it belongs with, and put any text holding `: ` or ` #` in quotes",
    ),
    (
        "while parsing a block collection",
        "a list item must start with `- ` at the indentation of the items before it: indent it like them",
    ),
    (
        "while parsing a node",
        "a value is expected here, and a value cannot start with `,`, `]`, `}`, `|` or `>` as plain text: put the value in quotes",
    ),
    (
        "block sequence entries are not allowed",
        "a `- ` list item cannot follow a key's value on the same line: put each item on a line of its own, indented under its key",
    ),
    (
        "mapping values are not allowed",
        "YAML read a second `key:` on this line: put the value in quotes if the `: ` is part of the text",
    ),
    (
        "mapping keys are not allowed",
        "a `?` starts a YAML key here: put the value in quotes if the `?` is part of the text",
    ),
    (
        "simple key",
        "a key must be written on one line and end with `: `; put the value in quotes if the `:` is part of the text",
    ),
    (
        "':' must be followed",
        "a key's `:` needs a space after it (`key: value`); put the value in quotes if the `:` is part of the text",
    ),
    (
        "':' may not precede",
        "a `:` right before `[` or `{` is not allowed there: add a space after the `:`, or put the value in quotes",
    ),
    (
        "illegal placement of ':'",
        "a `:` here is not allowed: put the value in quotes if the `:` is part of the text",
    ),
    (
        "'-' must be followed",
        "a list item's `-` needs a space after it (`- item`); put the value in quotes if the `-` is part of the text",
    ),
    (
        "plain scalar cannot start with '-'",
        "a value cannot start with `-` followed by a bracket or comma: put the value in quotes",
    ),
    (
        "comments must be separated",
        "a `#` comment needs a space before it; put the value in quotes if the `#` is part of the text",
    ),
    (
        "comment intercepting the multiline text",
        "a `#` comment sits inside a text that runs over several lines: put the whole text in quotes",
    ),
    (
        "while scanning a block scalar",
        "a `|` or `>` text block needs only an optional digit, `+` or `-` after it on its line, and its text on the lines below",
    ),
    (
        "wrongly indented line in block scalar",
        "a line of a `|` or `>` text block is indented less than its first line: indent every line of the block alike",
    ),
    (
        "a block scalar content cannot start with a tab",
        "a `|` or `>` text block starts with a tab; YAML indents with spaces only: put spaces where the tab is",
    ),
    (
        "while scanning an anchor or alias",
        "a `&` or `*` at the start of a value starts a YAML anchor or alias: put the value in quotes",
    ),
    (
        "while parsing node, found unknown anchor",
        "a `*` at the start of a value refers to a YAML anchor that is not defined: put the value in quotes",
    ),
    (
        "while scanning a tag",
        "a `!` at the start of a value starts a YAML tag, which peel does not read: put the value in quotes",
    ),
    (
        "while scanning a verbatim tag",
        "a `!<` at the start of a value starts a YAML tag, which peel does not read: put the value in quotes",
    ),
    (
        "while parsing a tag",
        "a `!` at the start of a value starts a YAML tag, which peel does not read: put the value in quotes",
    ),
    (
        "the handle wasn't declared",
        "a `!` at the start of a value starts a YAML tag, which peel does not read: put the value in quotes",
    ),
    (
        "invalid global tag character",
        "a `!` at the start of a value starts a YAML tag, which peel does not read: put the value in quotes",
    ),
    (
        "while scanning a directive",
        "a line starting with `%` is a YAML directive: remove it, or indent it and put it in quotes if it is text",
    ),
    (
        "while scanning a YAML directive",
        "a line starting with `%` is a YAML directive: remove it, or indent it and put it in quotes if it is text",
    ),
    (
        "while scanning TAG",
        "a line starting with `%` is a YAML directive: remove it, or indent it and put it in quotes if it is text",
    ),
    (
        "while parsing a tag directive",
        "a line starting with `%` is a YAML directive: remove it, or indent it and put it in quotes if it is text",
    ),
    (
        "did not find expected <document start>",
        "text follows the end of the YAML document (a `...` or `---` line): remove it, or indent it",
    ),
    (
        "invalid content after document end marker",
        "text follows a `...` that ends the YAML document: remove it, or indent it",
    ),
    (
        "unexpected character",
        "a character YAML does not allow here: put the value in quotes",
    ),
    (
        "unexpected end of plain scalar",
        "a value ends where YAML does not allow: put the value in quotes",
    ),
];

/// What peel says for a message of the YAML parser; `None` when it is not one.
pub(super) fn plain_words(message: &str) -> Option<String> {
    // The longest matching start wins: "unexpected EOF while parsing a flow mapping"
    // over a shorter start of another message.
    let known = WORDS
        .iter()
        .filter(|(start, _)| message.starts_with(start))
        .max_by_key(|(start, _)| start.len())
        .map(|(_, words)| words.to_string());
    // A sentence of the parser's not in the table (a newer parser's, say) still gets
    // a fix, and its reason after the parser's "while …" preamble.
    known.or_else(|| {
        let raw = ["while scanning", "while parsing", "did not find expected"]
            .iter()
            .any(|start| message.starts_with(start));
        raw.then(|| {
            let reason = message.split_once(", ").map_or(message, |(_, reason)| reason);
            format!(
                "YAML cannot read this ({reason}): put the value in quotes if it is text holding `: `, ` #`, brackets, `&`, `*` or `!`"
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parser_sentence_that_starts_while_has_words() {
        for raw in [
            "while parsing a flow mapping, did not find expected ',' or '}'",
            "while parsing a flow sequence, expected ',' or ']'",
            "while parsing a block mapping, did not find expected key",
            "while parsing a block collection, did not find expected '-' indicator",
            "while parsing a node, did not find expected node content",
            "while parsing a quoted scalar, found unknown escape character",
            "while scanning a tag, did not find expected '!'",
            "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
            "while scanning a directive, could not find expected directive name",
            "while parsing node, found unknown anchor",
        ] {
            let words = plain_words(raw).unwrap_or_else(|| panic!("no words for {raw}"));
            assert!(!words.starts_with("while"), "{words}");
        }
        assert_eq!(plain_words("duplicate key `force`"), None);
        let unknown = plain_words("while scanning a thing, found a widget").unwrap();
        assert!(
            unknown.starts_with("YAML cannot read this (found a widget)"),
            "{unknown}"
        );
    }

    #[test]
    fn the_longest_start_is_chosen() {
        let words = plain_words("unexpected EOF while parsing a flow sequence").unwrap();
        assert!(words.contains("never closed"), "{words}");
    }
}
