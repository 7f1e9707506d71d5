//! Deterministic corpus generator for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- -n 10000 [--seed S] [--objectives M] OUT
//! ```
//!
//! `--objectives M` adds a quality policy with ten commitments and M quality
//! objectives (declared 100 to a document) with 60 monthly results each in
//! CSV files: the leadership data of issue 19 at scale.
//!
//! Writes `OUT/book.toml` and `OUT/content/` (an existing `OUT/content/` is
//! replaced): a realistic ISO 9001 handbook of N documents that builds with
//! zero errors (`qmsbook build OUT --today 2026-11-22`). The same N and seed
//! always give byte-identical files.
//!
//! The generation logic is also used by `benches/pipeline.rs`
//! (`#[path]`-included), so keep it free of anything but `std`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The build date the corpus is designed for (`--today`).
pub const TODAY: &str = "2026-11-22";

/// The ISO 9001 catalog, to pick leaf clauses from.
const ISO9001: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/standards/iso9001-2015.yaml"
));

/// splitmix64: small, fast, and good enough for test data.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

/// Leaf clause ids of ISO 9001:2015, without 8.3 (excluded as not applicable).
pub fn leaf_clauses() -> Vec<String> {
    let ids: Vec<String> = ISO9001
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id:"))
        .map(|v| v.trim().trim_matches('\'').to_string())
        .collect();
    ids.iter()
        .filter(|id| {
            let prefix = format!("{id}.");
            !ids.iter().any(|o| o.starts_with(&prefix))
        })
        .filter(|id| !id.starts_with("8.3"))
        .cloned()
        .collect()
}

struct Kind {
    key: &'static str,
    label: &'static str,
    plural: &'static str,
    prefix: &'static str,
    folder: &'static str,
    /// Share of the handbook, in per mille.
    share: usize,
}

const KINDS: [Kind; 6] = [
    Kind {
        key: "manual",
        label: "Manual",
        plural: "Manuals",
        prefix: "QM-",
        folder: "manual",
        share: 5,
    },
    Kind {
        key: "policy",
        label: "Policy",
        plural: "Policies",
        prefix: "POL-",
        folder: "policies",
        share: 45,
    },
    Kind {
        key: "procedure",
        label: "Procedure",
        plural: "Procedures",
        prefix: "SOP-",
        folder: "procedures",
        share: 300,
    },
    Kind {
        key: "work-instruction",
        label: "Work instruction",
        plural: "Work instructions",
        prefix: "WI-",
        folder: "work-instructions",
        share: 350,
    },
    Kind {
        key: "form",
        label: "Form",
        plural: "Forms",
        prefix: "FRM-",
        folder: "forms",
        share: 200,
    },
    Kind {
        key: "record",
        label: "Record",
        plural: "Records",
        prefix: "REC-",
        folder: "records",
        share: 100,
    },
];

const AREAS: [&str; 12] = [
    "machining",
    "assembly",
    "inspection",
    "purchasing",
    "sales",
    "stores",
    "maintenance",
    "quality",
    "engineering",
    "logistics",
    "hr",
    "finishing",
];

const ROLES: [&str; 12] = [
    "Quality Manager",
    "Production Manager",
    "Operations Director",
    "Purchasing Manager",
    "Sales Manager",
    "Stores Supervisor",
    "Maintenance Lead",
    "Inspection Supervisor",
    "Engineering Manager",
    "Logistics Coordinator",
    "HR Manager",
    "Cell Leader",
];

const APPROVERS: [&str; 3] = [
    "Managing Director",
    "Operations Director",
    "Quality Manager",
];

const TOPICS: [&str; 40] = [
    "Calibration",
    "Inspection",
    "Deburring",
    "Packing",
    "Labelling",
    "Receiving",
    "Traceability",
    "Cleaning",
    "Set-up",
    "Changeover",
    "Verification",
    "Approval",
    "Segregation",
    "Storage",
    "Handling",
    "Training",
    "Review",
    "Release",
    "Measurement",
    "Sampling",
    "Quarantine",
    "Rework",
    "Maintenance",
    "Audit",
    "Evaluation",
    "Selection",
    "Preservation",
    "Identification",
    "Validation",
    "Monitoring",
    "Control",
    "Planning",
    "Dispatch",
    "Ordering",
    "Escalation",
    "Reporting",
    "Analysis",
    "Recording",
    "Assessment",
    "Briefing",
];

const OBJECTS: [&str; 40] = [
    "machined housings",
    "turned shafts",
    "titanium brackets",
    "aluminium panels",
    "surgical instrument parts",
    "bar stock",
    "cutting tools",
    "torque wrenches",
    "micrometers",
    "CMM programs",
    "customer drawings",
    "material certificates",
    "first articles",
    "sub-contract finishing",
    "anodised parts",
    "welded frames",
    "fasteners",
    "packaging materials",
    "returned goods",
    "nonconforming parts",
    "supplier approvals",
    "purchase orders",
    "work orders",
    "job travellers",
    "gauges",
    "coolant",
    "lifting equipment",
    "CNC programs",
    "inspection reports",
    "customer complaints",
    "corrective actions",
    "training records",
    "shift handovers",
    "calibration certificates",
    "process FMEAs",
    "control plans",
    "delivery notes",
    "export documents",
    "spare parts",
    "heat treatment",
];

const PLACES: [&str; 16] = [
    "in cell 1",
    "in cell 2",
    "in cell 3",
    "in the inspection room",
    "in goods-in",
    "in dispatch",
    "on the 5-axis line",
    "on the lathes",
    "in the clean room",
    "at Quayside Works",
    "at the Harbour Road site",
    "for aerospace customers",
    "for medical customers",
    "for export orders",
    "on night shift",
    "for prototypes",
];

const SUBJECTS: [&str; 14] = [
    "The cell leader",
    "The operator",
    "The inspector",
    "The Quality Manager",
    "The buyer",
    "The stores supervisor",
    "The setter",
    "The planner",
    "The maintenance technician",
    "The document owner",
    "The shift supervisor",
    "The engineer",
    "Each team member",
    "The auditor",
];

const VERBS: [&str; 20] = [
    "checks",
    "records",
    "verifies",
    "reviews",
    "signs off",
    "measures",
    "labels",
    "quarantines",
    "approves",
    "updates",
    "files",
    "compares",
    "reports",
    "confirms",
    "inspects",
    "photographs",
    "counts",
    "retains",
    "escalates",
    "closes",
];

const TIMINGS: [&str; 14] = [
    "before the first part is cut",
    "at the start of every shift",
    "within one working day",
    "before dispatch",
    "after every tool change",
    "once a week",
    "at each stage gate",
    "before the job is released",
    "when the batch is complete",
    "within 24 hours of receipt",
    "every 50 parts",
    "at the monthly review",
    "before the work order is closed",
    "on receipt",
];

const REASONS: [&str; 10] = [
    "so that the record shows who did what and when",
    "because the customer's drawing requires it",
    "to keep the batch traceable to its material certificate",
    "so that nonconforming parts never reach the customer",
    "which lets us prove the process stayed in control",
    "to meet the acceptance criteria on the control plan",
    "so that the next shift can pick up the job without questions",
    "because an auditor will ask for the evidence",
    "to catch drift long before a part goes out of tolerance",
    "so that our delivery promise stays realistic",
];

/// Sections a document may have: (id, heading). `purpose` and `scope` are always there.
const SECTIONS: [(&str, &str); 18] = [
    ("responsibilities", "Responsibilities"),
    ("definitions", "Definitions"),
    ("method", "Method"),
    ("inputs", "Inputs"),
    ("outputs", "Outputs"),
    ("records", "Records"),
    ("training", "Training"),
    ("safety", "Health and safety"),
    ("acceptance", "Acceptance criteria"),
    ("equipment", "Equipment"),
    ("nonconformity", "When something goes wrong"),
    ("monitoring", "Monitoring and measurement"),
    ("risks", "Risks and opportunities"),
    ("changes", "Changes to this document"),
    ("references", "Related documents"),
    ("escalation", "Escalation"),
    ("frequency", "Frequency"),
    ("communication", "Communication"),
];

/// What is decided about every document before any text is written.
pub struct Plan {
    pub id: String,
    kind: usize,
    pub title: String,
    pub rel_path: String,
    pub status: &'static str,
    /// Indexes into `SECTIONS`.
    sections: Vec<usize>,
    superseded_by: Option<usize>,
    supersedes: Vec<usize>,
    seed: u64,
}

/// The whole corpus plan.
pub struct Corpus {
    pub docs: Vec<Plan>,
    leaves: Vec<String>,
    seed: u64,
    /// Write documents as real, untidy handbooks are: vague wording in about
    /// two paragraphs of three and overdue reviews, so `build` reports about
    /// six warnings a document (`--untidy`).
    pub untidy: bool,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Decides IDs, titles, paths, statuses, sections and supersession for `n` documents.
pub fn plan(n: usize, seed: u64) -> Corpus {
    let mut rng = Rng::new(seed ^ 0x5EED_0FC0_4B05);
    // How many of each kind (at least one manual), the rest to procedures.
    let mut counts: Vec<usize> = KINDS.iter().map(|k| n * k.share / 1000).collect();
    if n > 0 && counts[0] == 0 {
        counts[0] = 1;
    }
    let assigned: usize = counts.iter().sum();
    if assigned > n {
        counts[0] = counts[0].saturating_sub(assigned - n);
    } else {
        counts[2] += n - assigned;
    }
    let mut titles = HashSet::new();
    let mut docs = Vec::with_capacity(n);
    for (k, kind) in KINDS.iter().enumerate() {
        for number in 1..=counts[k] {
            let id = format!("{}{:05}", kind.prefix, number);
            let base = if k == 0 && number == 1 {
                "Quality manual".to_string()
            } else {
                format!(
                    "{} of {} {}",
                    rng.pick(&TOPICS),
                    rng.pick(&OBJECTS),
                    rng.pick(&PLACES)
                )
            };
            let mut title = base.clone();
            let mut extra = 2;
            while !titles.insert(title.to_lowercase()) {
                title = format!("{base} ({extra})");
                extra += 1;
            }
            let area = rng.pick(&AREAS);
            let rel_path = format!(
                "{}/{}/{}-{}.md",
                kind.folder,
                area,
                id.to_lowercase(),
                slug(&title)
            );
            let roll = rng.range(0, 99);
            let status = if k == 0 && number == 1 {
                "approved"
            } else if roll < 6 {
                "draft"
            } else if roll < 9 {
                "in-review"
            } else if roll < 15 {
                "obsolete"
            } else {
                "approved"
            };
            let mut pool: Vec<usize> = (0..SECTIONS.len()).collect();
            let mut sections = Vec::new();
            for _ in 0..rng.range(3, 6) {
                let at = rng.range(0, pool.len() - 1);
                sections.push(pool.swap_remove(at));
            }
            docs.push(Plan {
                id,
                kind: k,
                title,
                rel_path,
                status,
                sections,
                superseded_by: None,
                supersedes: Vec::new(),
                seed: rng.next_u64(),
            });
        }
    }
    // Each obsolete document is superseded by a later approved one of its kind.
    for i in 0..docs.len() {
        if docs[i].status != "obsolete" {
            continue;
        }
        let later: Vec<usize> = (i + 1..docs.len().min(i + 200))
            .filter(|&j| docs[j].kind == docs[i].kind && docs[j].status == "approved")
            .collect();
        if later.is_empty() {
            docs[i].status = "approved";
            continue;
        }
        let j = later[rng.range(0, later.len() - 1)];
        docs[i].superseded_by = Some(j);
        docs[j].supersedes.push(i);
    }
    Corpus {
        docs,
        leaves: leaf_clauses(),
        seed,
        untidy: false,
    }
}

fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

fn date(days_from_2020: usize) -> String {
    // Months of 28 days keep every date valid and the arithmetic trivial.
    let year = 2020 + days_from_2020 / 336;
    let month = days_from_2020 % 336 / 28 + 1;
    let day = days_from_2020 % 28 + 1;
    format!("{year}-{month:02}-{day:02}")
}

struct Writer<'a> {
    rng: Rng,
    out: String,
    words: usize,
    corpus: &'a Corpus,
    me: usize,
    /// Approved documents this one links to, in order.
    targets: Vec<usize>,
}

impl Writer<'_> {
    fn sentence(&mut self) {
        let object = *self.rng.pick(&OBJECTS);
        let timing = *self.rng.pick(&TIMINGS);
        let (object, timing) = match self.rng.range(0, 9) {
            0 => (format!("**{object}**"), timing.to_string()),
            1 => (object.to_string(), format!("*{timing}*")),
            2 => (format!("`{}`", slug(object)), timing.to_string()),
            _ => (object.to_string(), timing.to_string()),
        };
        let s = format!(
            "{} {} the {object} {timing}, {}.",
            self.rng.pick(&SUBJECTS),
            self.rng.pick(&VERBS),
            self.rng.pick(&REASONS)
        );
        self.words += s.split_whitespace().count();
        self.out.push_str(&s);
    }

    fn paragraph(&mut self) {
        for i in 0..self.rng.range(2, 5) {
            if i > 0 {
                self.out.push(' ');
            }
            self.sentence();
        }
        if !self.targets.is_empty() && self.rng.chance(45) {
            self.out.push(' ');
            let t = self.targets.remove(0);
            self.link(t);
        }
        if self.corpus.untidy && self.rng.chance(65) {
            let phrase = *self.rng.pick(&VAGUE);
            let _ = write!(self.out, " Records are kept {phrase}.");
        }
        self.out.push_str("\n\n");
    }

    fn link(&mut self, t: usize) {
        let target = &self.corpus.docs[t];
        let anchor = || {
            let s = target.sections[0];
            SECTIONS[s].0
        };
        let link = match self.rng.range(0, 9) {
            0..=3 => format!("[[{}]]", target.id),
            4 => format!(
                "[[{}|the {} document]]",
                target.id,
                target.title.to_lowercase()
            ),
            5 | 6 => {
                let a = if self.rng.chance(50) {
                    anchor()
                } else {
                    "scope"
                };
                format!("[[{}#{}]]", target.id, a)
            }
            7 | 8 => format!(
                "[{}]({})",
                target.title.to_lowercase(),
                relative(&self.corpus.docs[self.me].rel_path, &target.rel_path)
            ),
            _ => format!(
                "[{}]({}#{})",
                SECTIONS[target.sections[0]].1.to_lowercase(),
                relative(&self.corpus.docs[self.me].rel_path, &target.rel_path),
                anchor()
            ),
        };
        let _ = write!(self.out, "See {link}.");
        self.words += 2;
    }

    fn list(&mut self, ordered: bool) {
        for i in 1..=self.rng.range(3, 6) {
            if ordered {
                let _ = write!(self.out, "{i}. ");
            } else {
                self.out.push_str("- ");
            }
            self.sentence();
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn table(&mut self) {
        self.out
            .push_str("| Step | Who | When | Record |\n|---|---|---|---|\n");
        for i in 1..=self.rng.range(3, 6) {
            let _ = writeln!(
                self.out,
                "| {i} | {} | {} | `{}-{:03}` |",
                self.rng.pick(&ROLES),
                self.rng.pick(&TIMINGS),
                KINDS[5].prefix.trim_end_matches('-'),
                self.rng.range(1, 999)
            );
            self.words += 12;
        }
        self.out.push('\n');
    }

    fn block(&mut self) {
        match self.rng.range(0, 9) {
            0 | 1 => self.list(false),
            2 => self.list(true),
            3 => self.table(),
            4 => {
                self.out.push_str("> [!NOTE]\n> ");
                self.sentence();
                self.out.push_str("\n\n");
            }
            _ => self.paragraph(),
        }
    }
}

/// The Markdown text of document `i`.
pub fn document(corpus: &Corpus, approved: &[usize], i: usize) -> String {
    let p = &corpus.docs[i];
    let kind = &KINDS[p.kind];
    let mut rng = Rng::new(p.seed);
    let owner = *rng.pick(&ROLES);
    let approver = *rng.pick(&APPROVERS);
    // 2025-01-01 .. 2026-10: in force on TODAY; obsolete ones earlier.
    let effective_day = if p.status == "obsolete" {
        rng.range(700, 1500)
    } else {
        rng.range(1700, 2250)
    };
    let effective = date(effective_day);
    let review_by = if corpus.untidy && rng.chance(25) {
        // Overdue on TODAY.
        date(effective_day + rng.range(30, 200))
    } else {
        date(effective_day + rng.range(700, 1000))
    };
    let revision = match rng.range(0, 2) {
        0 => rng.range(1, 9).to_string(),
        _ => ((b'A' + rng.range(0, 6) as u8) as char).to_string(),
    };
    let leaves = &corpus.leaves;
    let mut clauses = vec![leaves[i % leaves.len()].clone()];
    for _ in 0..rng.range(0, 3) {
        let c = rng.pick(leaves).clone();
        if !clauses.contains(&c) {
            clauses.push(c);
        }
    }

    // Link targets: approved documents only (drafts are unpublished, obsolete
    // ones draw warnings). The next approved document comes first, so no
    // approved document is an orphan.
    let mut targets = Vec::new();
    if approved.len() > 1 {
        let pos = approved.partition_point(|&a| a < i);
        let next = approved[(pos + usize::from(approved.get(pos) == Some(&i))) % approved.len()];
        if next != i {
            targets.push(next);
        }
        let want = rng.range(3, 8);
        let mut tries = 0;
        while targets.len() < want && tries < 50 {
            tries += 1;
            // Mostly neighbours (same area of the handbook), sometimes anywhere.
            let t = if rng.chance(70) {
                let lo = pos.saturating_sub(40);
                let hi = (pos + 40).min(approved.len() - 1);
                approved[rng.range(lo, hi)]
            } else {
                *rng.pick(approved)
            };
            if t != i && !targets.contains(&t) {
                targets.push(t);
            }
        }
    }

    let mut fm = String::new();
    let _ = writeln!(fm, "---\nid: {}\ntitle: \"{}\"", p.id, p.title);
    let _ = writeln!(fm, "type: {}\nowner: {owner}", kind.key);
    if p.status != "draft" {
        let _ = writeln!(fm, "approved_by: {approver}");
    }
    let _ = writeln!(fm, "revision: {revision}");
    if p.status != "draft" {
        let _ = writeln!(fm, "effective: {effective}\nreview_by: {review_by}");
    }
    let _ = writeln!(
        fm,
        "status: {}\nweight: {}",
        p.status,
        rng.range(1, 99) * 10
    );
    let quoted: Vec<String> = clauses.iter().map(|c| format!("\"{c}\"")).collect();
    let _ = writeln!(fm, "clauses: [{}]", quoted.join(", "));
    if let Some(s) = p.superseded_by {
        let _ = writeln!(fm, "superseded_by: {}", corpus.docs[s].id);
    }
    if !p.supersedes.is_empty() {
        let ids: Vec<&str> = p
            .supersedes
            .iter()
            .map(|&s| corpus.docs[s].id.as_str())
            .collect();
        let _ = writeln!(fm, "supersedes: [{}]", ids.join(", "));
    }
    fm.push_str("---\n\n");

    let target_words = rng.range(450, 880);
    let tagged_section = if rng.chance(30) {
        Some((rng.range(0, p.sections.len() - 1), rng.pick(leaves).clone()))
    } else {
        None
    };
    let mut w = Writer {
        rng,
        out: fm,
        words: 0,
        corpus,
        me: i,
        targets,
    };
    let _ = writeln!(w.out, "## Purpose {{#purpose}}\n");
    w.paragraph();
    let _ = writeln!(w.out, "## Scope {{#scope}}\n");
    w.paragraph();
    let per_section = target_words.saturating_sub(w.words) / p.sections.len().max(1);
    for (n, &s) in p.sections.iter().enumerate() {
        let (sid, heading) = SECTIONS[s];
        match &tagged_section {
            Some((at, clause)) if *at == n => {
                let _ = writeln!(w.out, "## {heading} {{#{sid} clauses={clause}}}\n");
            }
            _ => {
                let _ = writeln!(w.out, "## {heading} {{#{sid}}}\n");
            }
        }
        let goal = w.words + per_section;
        w.paragraph();
        let mut sub = 0;
        while w.words < goal {
            if w.rng.chance(15) {
                sub += 1;
                let _ = writeln!(w.out, "### Step {sub} {{#{sid}-{sub}}}\n");
                w.paragraph();
            } else {
                w.block();
            }
        }
    }
    // Links not placed yet go into a final list.
    if !w.targets.is_empty() {
        let _ = writeln!(w.out, "## See also {{#see-also}}\n");
        while !w.targets.is_empty() {
            let t = w.targets.remove(0);
            w.out.push_str("- ");
            w.link(t);
            w.out.push('\n');
        }
    }
    w.out
}

/// The `book.toml` of a generated handbook.
pub fn book_toml(corpus: &Corpus) -> String {
    let mut s = format!(
        "# Generated by `cargo run --example gen-corpus -- -n {} --seed {}`.\n\n\
         [book]\ntitle = \"Benchmark handbook ({} documents)\"\n\
         organization = \"Harbour Precision Ltd\"\n\
         description = \"A generated handbook for benchmarks.\"\n\
         language = \"en-GB\"\nsrc = \"content\"\n\n\
         [build]\nbuild-dir = \"book\"\ndrafts = false\n\n",
        corpus.docs.len(),
        corpus.seed,
        corpus.docs.len()
    );
    for (i, k) in KINDS.iter().enumerate() {
        let _ = write!(
            s,
            "[documents.types.{}]\nlabel = \"{}\"\nplural = \"{}\"\nprefix = \"{}\"\norder = {}\n\n",
            k.key,
            k.label,
            k.plural,
            k.prefix,
            (i + 1) * 10
        );
    }
    s.push_str(
        "[standards]\nin-scope = [\"iso9001-2015\"]\ndefault = \"iso9001-2015\"\n\n\
         [standards.iso9001-2015.not-applicable]\n\
         \"8.3\" = \"We build strictly to customer drawings; customers hold design authority.\"\n\n\
         [check]\n\
         # Small corpora cannot tag every required item of documented information.\n\
         missing-documented-information = \"allow\"\n\
         orphan-document = \"allow\"\n",
    );
    s
}

fn home(corpus: &Corpus) -> String {
    let mut s = String::from(
        "# Benchmark handbook\n\n## How to use this handbook {#how-to-use}\n\n\
         This handbook is generated for benchmarks. Start with the ",
    );
    if let Some(first) = corpus.docs.first() {
        let _ = write!(s, "[[{}]]", first.id);
    }
    s.push_str(", then browse the documents by type.\n");
    s
}

/// Writes the corpus into `out` (`book.toml` and `content/`).
pub fn generate(out: &Path, n: usize, seed: u64) -> io::Result<Corpus> {
    generate_with(out, plan(n, seed))
}

/// Writes the handbook `corpus` plans into `out`.
pub fn generate_with(out: &Path, corpus: Corpus) -> io::Result<Corpus> {
    let content = out.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    std::fs::create_dir_all(&content)?;
    std::fs::write(out.join("book.toml"), book_toml(&corpus))?;
    std::fs::write(content.join("index.md"), home(&corpus))?;
    let approved: Vec<usize> = (0..corpus.docs.len())
        .filter(|&i| corpus.docs[i].status == "approved")
        .collect();
    let mut dirs = HashSet::new();
    for (i, p) in corpus.docs.iter().enumerate() {
        let path = content.join(&p.rel_path);
        if let Some(dir) = path.parent()
            && dirs.insert(dir.to_path_buf())
        {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, document(&corpus, &approved, i))?;
    }
    Ok(corpus)
}

/// Phrases of `--untidy` documents that `vague-wording` reports.
const VAGUE: [&str; 6] = [
    "as appropriate",
    "where necessary",
    "if possible",
    "properly",
    "adequately",
    "where appropriate",
];

/// Objectives declared per objectives document.
const OBJECTIVES_PER_DOCUMENT: usize = 100;

/// The last day of month `m` (1–12) of year `y`.
fn month_end(y: usize, m: usize) -> String {
    let days = match m {
        2 if y % 4 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{y}-{m:02}-{days}")
}

/// Adds `content/leadership/`: a policy with ten commitments (POL-OBJ-00)
/// and `n` objectives, 100 per document (POL-OBJ-01 …), each with 60
/// monthly results ending 2026-10-31 in `objectives/obj-NNNN.csv`; the same
/// `n` and seed give the same files.
#[allow(dead_code)]
pub fn add_objectives(out: &Path, n: usize, seed: u64) -> io::Result<()> {
    if n == 0 {
        return Ok(());
    }
    let dir = out.join("content").join("leadership");
    std::fs::create_dir_all(dir.join("objectives"))?;
    let head = |id: &str, title: &str| {
        format!(
            "---\nid: {id}\ntitle: \"{title}\"\ntype: policy\nowner: Quality Manager\n\
             approved_by: Managing Director\nrevision: A\neffective: 2026-01-05\n\
             review_by: 2027-01-05\nstatus: approved\nclauses: [\"6.2.1\"]\n"
        )
    };
    let commitments = n.min(10);
    let mut policy = head("POL-OBJ-00", "Quality policy commitments");
    policy.push_str("commitments:\n");
    for c in 1..=commitments {
        let _ = writeln!(policy, "  - {{ id: C{c}, title: Commitment {c} }}");
    }
    policy.push_str("---\n\nThe commitments the quality objectives serve.\n");
    std::fs::write(dir.join("policy.md"), policy)?;
    let mut rng = Rng::new(seed ^ 0x0B1E_C71F);
    for (d, first) in (0..n).step_by(OBJECTIVES_PER_DOCUMENT).enumerate() {
        let id = format!("POL-OBJ-{:02}", d + 1);
        let mut doc = head(&id, &format!("Quality objectives, part {}", d + 1));
        doc.push_str("objectives:\n");
        for o in first..n.min(first + OBJECTIVES_PER_DOCUMENT) {
            let at_least = o % 2 == 0;
            let (target, direction, start, step): (f64, &str, f64, f64) = if at_least {
                (95.0, "at-least", 85.0 + rng.range(0, 60) as f64 / 10.0, 0.2)
            } else {
                (2.0, "at-most", 3.0 + rng.range(0, 30) as f64 / 10.0, -0.03)
            };
            let _ = write!(
                doc,
                "  - id: OBJ-{o:04}\n    title: Objective {o}\n    serves: [C{}]\n    \
                 measure: Measure {o}\n    unit: \"%\"\n    target: {{ value: {target}, direction: {direction} }}\n    \
                 baseline: \"{start:.1} %\"\n    owner: Quality Manager\n    due: 2026-12-31\n    \
                 frequency: monthly\n    data: objectives/obj-{o:04}.csv\n    \
                 actions: [Action plan {o}]\n    resources: Team time\n    evaluation: Monthly review\n",
                o % commitments + 1
            );
            let mut csv = String::from("date,value,note\n");
            for k in 0..60 {
                let (y, m) = (2021 + (10 + k) / 12, (10 + k) % 12 + 1);
                let noise = (rng.range(0, 20) as f64 - 10.0) / 10.0 * step.abs() * 5.0;
                let v = start + step * k as f64 + noise;
                let _ = writeln!(csv, "{},{v:.2},", month_end(y, m));
            }
            std::fs::write(dir.join("objectives").join(format!("obj-{o:04}.csv")), csv)?;
        }
        doc.push_str("---\n\nThe objectives and their plans.\n");
        std::fs::write(dir.join(format!("objectives-{:02}.md", d + 1)), doc)?;
    }
    Ok(())
}

#[allow(dead_code)]
fn main() {
    let mut n = 1000usize;
    let mut seed = 42u64;
    let mut objectives = 0usize;
    let mut untidy = false;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-n" => n = args.next().and_then(|v| v.parse().ok()).unwrap_or(n),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            "--objectives" => {
                objectives = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(objectives)
            }
            "--untidy" => untidy = true,
            "-h" | "--help" => {
                println!("usage: gen-corpus [-n N] [--seed S] [--objectives M] [--untidy] OUT");
                return;
            }
            _ => out = Some(a),
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen-corpus [-n N] [--seed S] [--objectives M] [--untidy] OUT");
        std::process::exit(2);
    };
    let mut corpus = plan(n, seed);
    corpus.untidy = untidy;
    match generate_with(Path::new(&out), corpus)
        .and_then(|c| add_objectives(Path::new(&out), objectives, seed).map(|()| c))
    {
        Ok(c) => println!(
            "wrote {} documents and {objectives} objectives to {out}",
            c.docs.len()
        ),
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            std::process::exit(1);
        }
    }
}
