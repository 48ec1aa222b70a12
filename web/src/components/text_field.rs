//! A labelled text area bound to a signal: how the trust panels take pasted keys,
//! verifier keys and checkpoints.

use leptos::prelude::*;

/// A `<label>` and a `<textarea>` (its `id` and `data-testid` both `id`) editing `value`.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    rows: u32,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id.clone()>{label}</label>
        <textarea
            id=id.clone()
            data-testid=id
            rows=rows.to_string()
            spellcheck="false"
            prop:value=move || value.get()
            on:input=move |e| value.set(event_target_value(&e))
        ></textarea>
    }
}
