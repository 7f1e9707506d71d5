//! End-to-end tests of `qmsbook build` (and `init` / `clean`): each test writes
//! a small handbook, runs the real binary, and checks the exit code, the
//! diagnostics (code and exact `file:line:column`) and the parsed HTML.
//!
//! - [`links`]: every link form, backlinks, broken links and anchors, and an
//!   offline checker that no page of a built site has a dead internal link;
//! - [`diagnostics`]: duplicate IDs, front matter, encodings and line endings,
//!   each problem reported at its exact place;
//! - [`output`]: the output folder (atomic, reproducible, reused on rebuilds),
//!   drafts, `init`, `clean` and options, and the sidebar navigation.

mod diagnostics;
mod links;
mod output;

// Fixtures shared by the submodules.

/// Three approved documents and a home page that link to each other in every way.
const LINKS: &str = r#"
    -- content/index.md --
    # Welcome

    Start with [[SOP-001]] or its [scope](procedures/a.md#scope).

    -- content/procedures/a.md --
    ---
    id: SOP-001
    title: Alpha
    type: procedure
    status: approved
    ---
    ## Scope

    What this covers. ![Flow](flow.png)

    ## Records {#records}

    Back to [the scope](#scope).

    -- content/procedures/flow.png --
    not really a PNG
    -- content/procedures/b.md --
    ---
    id: SOP-002
    title: Beta
    type: procedure
    status: approved
    ---
    ## Purpose

    1. [[SOP-001]]
    2. [[SOP-001|the alpha procedure]]
    3. [[SOP-001#records]]
    4. [alpha](a.md)
    5. [alpha records](a.md#records)
    6. [our aims](../policies/p.md#aims)
    7. [purpose](#purpose)
    8. [home](../index.md)

    -- content/policies/p.md --
    ---
    id: POL-001
    title: Quality policy
    type: policy
    status: approved
    ---
    ## Aims

    Follow [[SOP-001]].
"#;

/// Two approved procedures with a few sections and no links.
const TWO_DOCS: &str = r#"
    -- content/procedures/a.md --
    ---
    id: SOP-001
    title: Alpha
    type: procedure
    status: approved
    ---
    ## Scope

    ## Records
    -- content/procedures/b.md --
    ---
    id: SOP-002
    title: Beta
    type: procedure
    status: approved
    ---
    ## Purpose

"#;
