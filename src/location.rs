//! Where a value was written in a file: peel's own type, so that the model and the
//! diagnostics do not depend on one parser's types. A leaf: it imports nothing of peel's.

/// Where a value starts in a file (line and column from 1), and the bytes its text
/// takes where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    line: u32,
    column: u32,
    /// The value's text as a byte range, when the parser told it.
    bytes: Option<(u32, u32)>,
}

impl Location {
    /// A value whose place is not known.
    pub const UNKNOWN: Location = Location {
        line: 0,
        column: 0,
        bytes: None,
    };

    /// A place at `line` and `column` (both from 1), spanning `bytes` if known.
    pub fn new(line: usize, column: usize, bytes: Option<(usize, usize)>) -> Location {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Location {
            line: small(line),
            column: small(column),
            bytes: bytes.and_then(|(start, end)| {
                Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
            }),
        }
    }

    /// The line, from 1 (0 when unknown).
    pub fn line(&self) -> u64 {
        self.line.into()
    }

    /// The column in characters, from 1 (0 when unknown).
    pub fn column(&self) -> u64 {
        self.column.into()
    }

    /// The value's text as a range of bytes, when known.
    pub fn byte_range(&self) -> Option<(usize, usize)> {
        self.bytes
            .map(|(start, end)| (start as usize, end as usize))
    }
}

impl From<serde_saphyr::Location> for Location {
    fn from(location: serde_saphyr::Location) -> Location {
        if location == serde_saphyr::Location::UNKNOWN {
            return Location::UNKNOWN;
        }
        let span = location.span();
        let bytes = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(start, len)| {
                let start = usize::try_from(start).ok()?;
                Some((start, start.checked_add(usize::try_from(len).ok()?)?))
            });
        Location::new(
            usize::try_from(location.line()).unwrap_or(usize::MAX),
            usize::try_from(location.column()).unwrap_or(usize::MAX),
            bytes,
        )
    }
}
