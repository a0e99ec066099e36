//! Writing results: to standard output, or atomically to a file.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Writes `text` to `path` atomically (a temporary file beside it, then a rename), or
/// to standard output when `path` is `None`.
pub fn write(text: &str, path: Option<&Path>) -> anyhow::Result<()> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => Path::new("."),
            };
            let shown = path.display();
            let mut file = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("{shown}: cannot create a file in {}", dir.display()))?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.flush())
                .with_context(|| format!("{shown}: cannot write"))?;
            file.persist(path)
                .map_err(|e| e.error)
                .with_context(|| format!("{shown}: cannot replace the file"))?;
            Ok(())
        }
    }
}

/// Whether an error is a closed pipe (output piped into `head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
