//! Progress reporting: plain lines (logs, CI, pipes) or a live status line on a terminal.

use std::io::Write as _;
use std::time::Instant;

use super::{ChangeSummary, StackEvent};

/// Receives what a deploy or remove is doing. All methods have defaults that do nothing but
/// [`message`](Reporter::message) and [`stack_event`](Reporter::stack_event).
///
/// ```
/// use stackwright_cli::deploy::{Reporter, StackEvent};
/// struct Quiet(Vec<String>);
/// impl Reporter for Quiet {
///     fn message(&mut self, text: &str) { self.0.push(text.to_string()) }
///     fn stack_event(&mut self, event: &StackEvent) { self.0.push(event.to_string()) }
/// }
/// ```
pub trait Reporter {
    /// A step (creating the stack, uploading a file, no changes).
    fn message(&mut self, text: &str);
    /// A new stack event.
    fn stack_event(&mut self, event: &StackEvent);
    /// The change set's changes, before it is executed.
    fn change_set(&mut self, changes: &[ChangeSummary]) {
        self.message(&format!("Change set: {} change(s)", changes.len()));
        for c in changes {
            self.message(&format!("  {c}"));
        }
    }
    /// Polled while the stack is in progress: its status and how many resources settled.
    fn tick(&mut self, _status: &str, _settled: usize, _total: usize) {}
    /// The stack settled.
    fn done(&mut self) {}
}

/// One line per message and event on stderr: for logs and pipes.
///
/// ```
/// use stackwright_cli::deploy::{PlainReporter, Reporter};
/// PlainReporter.message("Uploading api.zip");
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct PlainReporter;

impl Reporter for PlainReporter {
    fn message(&mut self, text: &str) {
        eprintln!("{text}");
    }

    fn stack_event(&mut self, event: &StackEvent) {
        eprintln!("{} {event}", event.timestamp);
    }
}

/// Event lines on stderr under a live status line (`⠹ UPDATE_IN_PROGRESS 12/40 resources 34s`)
/// that is redrawn in place; failures stand out in red.
///
/// ```
/// use stackwright_cli::deploy::{Reporter, TerminalReporter};
/// let mut reporter = TerminalReporter::default();
/// reporter.tick("UPDATE_IN_PROGRESS", 3, 7);
/// reporter.done();
/// ```
#[derive(Debug)]
pub struct TerminalReporter {
    started: Instant,
    frame: usize,
    status_shown: bool,
}

impl Default for TerminalReporter {
    fn default() -> Self {
        TerminalReporter { started: Instant::now(), frame: 0, status_shown: false }
    }
}

impl TerminalReporter {
    fn clear_status(&mut self, err: &mut impl std::io::Write) {
        if self.status_shown {
            let _ = write!(err, "\r\x1b[2K");
            self.status_shown = false;
        }
    }
}

impl Reporter for TerminalReporter {
    fn message(&mut self, text: &str) {
        let mut err = std::io::stderr().lock();
        self.clear_status(&mut err);
        let _ = writeln!(err, "{text}");
    }

    fn stack_event(&mut self, event: &StackEvent) {
        let mut err = std::io::stderr().lock();
        self.clear_status(&mut err);
        let colour = if event.is_failure() {
            "\x1b[31m"
        } else if event.status.ends_with("_COMPLETE") {
            "\x1b[32m"
        } else {
            ""
        };
        let reset = if colour.is_empty() { "" } else { "\x1b[0m" };
        let _ = writeln!(err, "{colour}{event}{reset}");
    }

    fn tick(&mut self, status: &str, settled: usize, total: usize) {
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        let mut err = std::io::stderr().lock();
        self.clear_status(&mut err);
        let spinner = FRAMES[self.frame % FRAMES.len()];
        self.frame += 1;
        let secs = self.started.elapsed().as_secs();
        let _ = write!(err, "{spinner} {status} {}/{total} resources {secs}s", settled.min(total));
        let _ = err.flush();
        self.status_shown = true;
    }

    fn done(&mut self) {
        let mut err = std::io::stderr().lock();
        self.clear_status(&mut err);
    }
}

/// The terminal reporter when stderr is a terminal, else plain lines.
///
/// ```
/// let mut reporter = stackwright_cli::deploy::progress::for_stderr();
/// reporter.message("Deploying");
/// ```
pub fn for_stderr() -> Box<dyn Reporter> {
    use std::io::IsTerminal as _;
    if std::io::stderr().is_terminal() { Box::new(TerminalReporter::default()) } else { Box::new(PlainReporter) }
}
