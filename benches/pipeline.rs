//! Stage micro-benchmarks (placeholder; filled in by the bench harness work).
use criterion::{Criterion, criterion_group, criterion_main};

fn stages(_c: &mut Criterion) {}

criterion_group!(benches, stages);
criterion_main!(benches);
