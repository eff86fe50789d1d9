//! Keyboard behaviour of an editable combobox with a listbox popup (ARIA 1.2 pattern),
//! shared by the device and destination searches.
//!
//! The input keeps focus; the highlighted option is `aria-activedescendant`.

/// The popup's state before a key press.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListState {
    /// Whether the listbox is shown.
    pub open: bool,
    /// Highlighted option, as a position in the list.
    pub active: Option<usize>,
    /// Number of options.
    pub len: usize,
}

/// What a key press does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Not the combobox's key: let the browser handle it.
    Ignore,
    /// Show the list and highlight this option (the browser default is prevented).
    Highlight(usize),
    /// Choose this option.
    Choose(usize),
    /// Hide the list.
    Close,
    /// Empty the input (Escape with the list already hidden).
    Clear,
}

/// The action for `key` (a `KeyboardEvent.key` value) in `state`.
///
/// Down/Up open the list and move with wrap-around (from nothing: first/last);
/// Enter chooses the highlighted option; Escape closes, then clears.
pub fn on_key(key: &str, state: ListState) -> KeyAction {
    let n = state.len;
    match key {
        "ArrowDown" | "ArrowUp" if n > 0 => {
            let down = key == "ArrowDown";
            let next = match (state.active.filter(|_| state.open), down) {
                (Some(i), true) => (i + 1) % n,
                (Some(i), false) => (i + n - 1) % n,
                (None, true) => 0,
                (None, false) => n - 1,
            };
            KeyAction::Highlight(next)
        }
        "Enter" => match state.active {
            Some(i) if state.open && i < n => KeyAction::Choose(i),
            _ => KeyAction::Ignore,
        },
        "Escape" if state.open => KeyAction::Close,
        "Escape" => KeyAction::Clear,
        _ => KeyAction::Ignore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(open: bool, active: Option<usize>, len: usize) -> ListState {
        ListState { open, active, len }
    }

    #[test]
    fn arrows_wrap_and_open() {
        assert_eq!(
            on_key("ArrowDown", st(false, None, 3)),
            KeyAction::Highlight(0)
        );
        assert_eq!(
            on_key("ArrowUp", st(false, None, 3)),
            KeyAction::Highlight(2)
        );
        assert_eq!(
            on_key("ArrowDown", st(true, Some(2), 3)),
            KeyAction::Highlight(0)
        );
        assert_eq!(
            on_key("ArrowUp", st(true, Some(0), 3)),
            KeyAction::Highlight(2)
        );
        // A stale highlight in a closed list starts over.
        assert_eq!(
            on_key("ArrowDown", st(false, Some(1), 3)),
            KeyAction::Highlight(0)
        );
        assert_eq!(on_key("ArrowDown", st(true, None, 0)), KeyAction::Ignore);
    }

    #[test]
    fn enter_escape_and_others() {
        assert_eq!(on_key("Enter", st(true, Some(1), 3)), KeyAction::Choose(1));
        assert_eq!(on_key("Enter", st(false, Some(1), 3)), KeyAction::Ignore);
        assert_eq!(on_key("Enter", st(true, Some(5), 3)), KeyAction::Ignore);
        assert_eq!(on_key("Escape", st(true, None, 3)), KeyAction::Close);
        assert_eq!(on_key("Escape", st(false, None, 3)), KeyAction::Clear);
        assert_eq!(on_key("a", st(true, None, 3)), KeyAction::Ignore);
        assert_eq!(on_key("Tab", st(true, Some(0), 3)), KeyAction::Ignore);
    }
}
