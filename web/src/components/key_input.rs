//! A trust-file input: paste text or load a file, use or clear it, and the error of
//! the last attempt. The trust panel has one each for entry-signing keys, witness
//! keys, Bitcoin block headers and TSA root certificates; each reads the text by
//! core's rules (`crate::trust`).
//!
//! Test ids, from `id`: `{id}-text` (the text area), `{id}-apply`, `#{id}-file` (the
//! file picker), `{id}-clear` and `{id}-error`.

use leptos::ev;
use leptos::prelude::*;
use nexuscone_core::input::LocatedError;

use super::dom::read_text;
use super::error_text::ErrorText;
use super::text_field::TextField;

/// The input. `apply(source, text)` reads and uses the keys, or says why not;
/// `clear` forgets them. `children` shows what is trusted now.
#[component]
pub fn KeyInput(
    id: &'static str,
    /// What the input is, for the buttons: `keys`, `witness keys`, `headers`.
    noun: &'static str,
    label: &'static str,
    /// File types the picker offers first (its `accept`).
    #[prop(default = ".json,.txt")]
    accept: &'static str,
    #[prop(into)] apply: Callback<(String, String), Result<(), LocatedError>>,
    #[prop(into)] clear: Callback<()>,
    children: Children,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LocatedError>);
    let use_keys = move |source: String, content: String| {
        error.set(apply.run((source, content)).err());
    };
    let on_file = move |e: ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                match read_text(file).await {
                    Ok((name, content)) => use_keys(name, content),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
        input.set_value("");
    };
    let file_id = format!("{id}-file");
    view! {
        {children()}
        <TextField id=format!("{id}-text") label=label rows=3 value=text />
        <div class="buttons">
            <button
                type="button"
                data-testid=format!("{id}-apply")
                on:click=move |_| use_keys(format!("pasted {noun}"), text.get_untracked())
            >
                {format!("Use these {noun}")}
            </button>
            <label class="button" for=file_id.clone()>{format!("Load {noun} file…")}</label>
            <input id=file_id class="visually-hidden" type="file" accept=accept on:change=on_file />
            <button
                type="button"
                data-testid=format!("{id}-clear")
                on:click=move |_| {
                    error.set(None);
                    clear.run(());
                }
            >
                {format!("Clear {noun}")}
            </button>
        </div>
        {move || error.get().map(|e| view! { <ErrorText testid=format!("{id}-error") error=e /> })}
    }
}
