//! A whole document through parsing, link resolution and rendering: the
//! document is built as a one-document handbook on disk, exactly as users do.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qmsbook::model::handbook::LoadOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let root = dir.path();
    if std::fs::create_dir_all(root.join("content")).is_err() {
        return;
    }
    let _ = std::fs::write(root.join("book.toml"), "[book]\ntitle = \"Fuzz\"\n");
    let _ = std::fs::write(root.join("content/a.md"), data);
    let _ = std::fs::write(
        root.join("content/b.md"),
        "---\nid: B-1\ntitle: B\ntype: procedure\nstatus: approved\n---\n## Scope {#scope}\n",
    );
    let loaded = qmsbook::pipeline::load::load(root, &LoadOptions::default());
    let _ = qmsbook::diagnostics::render_human(&loaded.diagnostics, false);
    if let Some(checked) = loaded.checked {
        for d in &checked.handbook.documents {
            let _ =
                qmsbook::render::render_body(d, "../", None, qmsbook::markdown::sanitize::RawHtml::Sanitize);
        }
    }
});
