//! A value with the byte range of the file it was read from, so checks far
//! from the parser can still point at it.

use std::ops::Range;

/// A value and the byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Byte range in the file.
    pub bytes: Range<usize>,
}
